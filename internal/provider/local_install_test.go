package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// readmeExample returns the README's "## Example" HCL block, so the test runs what
// a newcomer copies.
func readmeExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Example\n\n```terraform\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README.md has no '## Example' terraform block")
	}
	return string(m[1])
}

// TestLocalBuildThroughMirror follows README's "Use your local build", option 1:
// `make install-local` into a mirror, a CLI config naming it, and a configuration
// with a backend and a version constraint (where dev_overrides make `terraform
// init` fail), running the README's example against the emulator: init, apply, an
// empty plan, destroy.
func TestLocalBuildThroughMirror(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatal("make is not on PATH; README's commands need it")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	env := exampleEnv(t)
	dir := t.TempDir()
	mirror := filepath.Join(dir, "mirror")
	host := "registry.terraform.io"
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		host = h // OpenTofu resolves rpcpool/triton on its own registry host
	}
	mk := exec.Command("make", "-C", filepath.Join("..", ".."), "--no-print-directory", "install-local", "LOCAL_MIRROR="+mirror, "LOCAL_HOST="+host)
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("make install-local: %v\n%s", err, out)
	}
	bin := filepath.Join(mirror, host, "rpcpool", "triton", "0.1.0", runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-triton_v0.1.0")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("install-local did not produce the mirror layout: %v", err)
	}
	rc := filepath.Join(dir, "terraformrc")
	rcBody := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %[1]q
    include = ["%[2]s/rpcpool/triton"]
  }
  direct {
    exclude = ["%[2]s/rpcpool/triton"]
  }
}
`, mirror, host)
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := `terraform {
  backend "local" {}
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}
` + readmeExample(t)
	if err := os.WriteFile(rc, []byte(rcBody), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = work
		cmd.Env = []string{
			"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1",
			"TF_IN_AUTOMATION=1", EnvBaseURL + "=" + env.url, EnvAPIToken + "=" + env.reseller,
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %v: %v", args, err)
		}
		return code, strings.ReplaceAll(string(out), env.reseller, "<api-token>")
	}
	for _, step := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		if code, out := run(step...); code != 0 {
			t.Fatalf("terraform %v: exit %d\n%s", step, code, out)
		}
	}
	if code, out := run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the plan after applying the README example is not empty (exit %d):\n%s", code, out)
	}
	if code, out := run("destroy", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("terraform destroy: exit %d\n%s", code, out)
	}
}

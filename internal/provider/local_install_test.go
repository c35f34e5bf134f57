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
	m := regexp.MustCompile("(?s)## Example\n.*?```terraform\n(.*?)```").FindSubmatch(b)
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
	// The README example carries its own required_providers block (~> 0.1).
	cfg := "terraform {\n  backend \"local\" {}\n}\n" + readmeExample(t)
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
	// README: after a change, rebuild with make install-local, delete
	// .terraform.lock.hcl and run terraform init. A changed build (simulated by
	// appending bytes to the binary, which still runs) has another checksum.
	readme := readText(t, filepath.Join("..", "..", "README.md"))
	if !strings.Contains(readme, "delete `.terraform.lock.hcl` and run `terraform init` again") || strings.Contains(readme, "or run `terraform init -upgrade`") {
		t.Fatal("README's rebuild advice changed; this test follows it literally, update both")
	}
	if out, err := exec.Command("make", "-C", filepath.Join("..", ".."), "--no-print-directory", "install-local", "LOCAL_MIRROR="+mirror, "LOCAL_HOST="+host).CombinedOutput(); err != nil {
		t.Fatalf("make install-local (rebuild): %v\n%s", err, out)
	}
	f, err := os.OpenFile(bin, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("a changed build")
	f.Close()
	if code, out := run("plan", "-input=false"); code == 0 {
		t.Fatalf("a rebuilt provider with the old lock file planned; the README's advice is then not needed:\n%s", out)
	}
	if err := os.Remove(filepath.Join(work, ".terraform.lock.hcl")); err != nil {
		t.Fatal(err)
	}
	if code, out := run("init", "-input=false"); code != 0 {
		t.Fatalf("terraform init after deleting the lock file: exit %d\n%s", code, out)
	}
	if code, out := run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan with the rebuilt provider (exit %d):\n%s", code, out)
	}
	if code, out := run("destroy", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("terraform destroy: exit %d\n%s", code, out)
	}
}

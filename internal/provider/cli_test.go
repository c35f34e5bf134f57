package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The CLI harness runs the real provider binary under the terraform CLI through a
// dev_overrides config, for what the in-process test framework cannot show: the
// provider's own TRACE log, and configurations its legacy state shim rejects
// (string for_each keys on imports).

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func providerBinaryDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "triton-provider-bin-") //nolint:usetesting // shared by every test in the package; TestMain removes it
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-triton"), "../..")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

type cli struct {
	t   *testing.T
	dir string
	env []string
}

// newCLI prepares a working directory holding config, with TRITON_* pointing at env.
func newCLI(t *testing.T, env *testEnv, config string, extraEnv ...string) *cli {
	t.Helper()
	bin := providerBinaryDir(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	writeDevOverrides(t, rc, bin)
	cfg := withRequiredProviders(config)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{
		"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TRITON_API_TOKEN=" + env.reseller, "TRITON_BASE_URL=" + env.url,
		"HOME=" + dir, "PATH=" + os.Getenv("PATH"),
	}
	return &cli{t: t, dir: dir, env: append(base, extraEnv...)}
}

// run executes terraform with args and returns its exit code and combined output.
func (c *cli) run(args ...string) (int, string) {
	c.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("running terraform %v: %v", args, err)
	}
	return code, out.String()
}

// mustRun fails the test unless terraform exits 0 (with -detailed-exitcode: no changes).
func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	code, out := c.run(args...)
	if code != 0 {
		c.t.Fatalf("terraform %v: exit %d, want 0\n%s", args, code, out)
	}
	return out
}

// writeDevOverrides writes a CLI configuration at rc whose dev_overrides point
// rpcpool/triton at the provider binary in dir, for both registries, so the same
// harness drives Terraform and OpenTofu.
func writeDevOverrides(t *testing.T, rc, dir string) {
	t.Helper()
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/rpcpool/triton\" = %[1]q\n    \"registry.opentofu.org/rpcpool/triton\" = %[1]q\n  }\n  direct {}\n}\n", dir)
	if err := os.WriteFile(rc, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeConfig replaces the working directory's configuration (the required_providers
// block newCLI adds is kept).
// withRequiredProviders puts one required_providers block for rpcpool/triton at
// the top of config, in place of the one the config (an example) may carry.
func withRequiredProviders(config string) string {
	return "terraform {\n  required_providers {\n    triton = { source = \"rpcpool/triton\" }\n  }\n}\n" + requiredProvidersBlock.ReplaceAllString(config, "")
}

func (c *cli) writeConfig(config string) {
	c.t.Helper()
	cfg := withRequiredProviders(config)
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

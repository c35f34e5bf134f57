package provider

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// oldRelease is a commit whose triton_token had no store_value (schema version 0).
const oldRelease = "acb7711"

// buildOldRelease builds the provider as it was at commit from this repository's
// history, into its own directory for dev_overrides.
func buildOldRelease(t *testing.T, commit string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	archive := exec.Command("sh", "-c", fmt.Sprintf("git -C %q archive %s | tar -x -C %q", root, commit, src))
	if out, err := archive.CombinedOutput(); err != nil {
		t.Fatalf("extracting commit %s (this test needs the repository's history: a full clone): %v\n%s", commit, err, out)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-triton"), ".")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building commit %s: %v\n%s", commit, err, out)
	}
	return bin
}

// useProviderBinary points the working directory's CLI configuration at dir.
func (c *cli) useProviderBinary(dir string) {
	c.t.Helper()
	writeDevOverrides(c.t, filepath.Join(c.dir, "terraformrc"), dir)
}

// TestCLI_StateFromAnOldReleasePlansNothing: tokens applied by a release without
// store_value plan nothing under this one, with and without a refresh (the
// schema version 1 upgrader records store_value = true).
func TestCLI_StateFromAnOldReleasePlansNothing(t *testing.T) {
	t.Parallel()
	old := buildOldRelease(t, oldRelease)
	env := newTestEnv(t, emulator.Options{})
	config := fmt.Sprintf(`
provider "triton" {}

resource "triton_token" "a" {
  subscription_uuid = %[1]q
  name              = "from-old-release"
  rate_tier         = "tier1"
}

resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "from-old-release"
  rate_tier         = "tier1"
}

output "value_set" {
  value = nonsensitive(triton_token.a.value != null && triton_token.a.value != "")
}
`, env.sub.UUID)
	c := newCLI(t, env, config)
	c.useProviderBinary(old)
	c.mustRun("apply", "-auto-approve", "-input=false")
	c.useProviderBinary(providerBinaryDir(t))
	for _, args := range [][]string{{"plan", "-refresh=false"}, {"plan"}} {
		code, out := c.run(append(args, "-detailed-exitcode", "-input=false")...)
		if code != 0 {
			t.Fatalf("terraform %s with this release on state from %s: exit %d, want 0 (empty plan)\n%s", strings.Join(args, " "), oldRelease, code, out)
		}
	}
	if out := c.mustRun("output", "-raw", "value_set"); out != "true" {
		t.Fatalf("the token's value after the upgrade: value_set = %q, want true", out)
	}
}

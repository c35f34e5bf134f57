package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestGuide_testingModules runs the "Testing modules" guide: `terraform test` on
// its module with its mock_provider defaults passes with no API and no key, and
// a bare `mock_provider "triton" {}` fails as the guide says it does.
func TestGuide_testingModules(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "..", "examples", "guides", "testing-modules")
	env := newTestEnv(t, emulator.Options{})
	// No key and an address nothing listens on: a test that reached the API fails.
	c := newCLI(t, env, "", "TRITON_API_TOKEN=", "TRITON_BASE_URL=http://127.0.0.1:9")
	module, err := os.ReadFile(filepath.Join(src, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile(filepath.Join(src, "tests", "token.tftest.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, body []byte) {
		p := filepath.Join(c.dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", module)
	write("tests/token.tftest.hcl", tests)
	if code, out := c.run("test"); code != 0 || !strings.Contains(out, "2 passed, 0 failed") {
		t.Fatalf("terraform test of the guide's module: exit %d\n%s", code, out)
	}
	bare := regexp.MustCompile(`(?s)\nmock_provider "triton" \{\n.*?\n\}\n`).ReplaceAll(tests, []byte("\nmock_provider \"triton\" {}\n"))
	if string(bare) == string(tests) {
		t.Fatal("could not replace the guide's mock_provider block")
	}
	write("tests/token.tftest.hcl", bare)
	code, out := c.run("test")
	if code == 0 || !strings.Contains(out, "supported_rate_tiers is empty list") {
		t.Fatalf("a bare mock_provider must fail as the guide says (empty supported_rate_tiers): exit %d\n%s", code, out)
	}
	// Without the [0] index, the random id is what fails: the uuid validator.
	write("main.tf", []byte(strings.Replace(string(module), "data.triton_subscription.this.supported_rate_tiers[0]", `"tier1"`, 1)))
	if code, out := c.run("test"); code == 0 || !strings.Contains(out, "Invalid UUID") {
		t.Fatalf("a bare mock_provider must fail on the mocked subscription id: exit %d\n%s", code, out)
	}
}

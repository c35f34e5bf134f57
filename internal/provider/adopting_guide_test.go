package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGuide_adopting executes the "Adopting existing tokens and endpoints" guide with
// its own files: list blocks, `terraform query -generate-config-out`, a plan that only
// imports, apply, then moving the adopted resources into a module with moved blocks
// (a plan with nothing to add, change or destroy), then an empty plan.
func TestGuide_adopting(t *testing.T) {
	requireQueryCLI(t)
	env := exampleEnv(t)
	guide := filepath.Join("..", "..", "examples", "guides", "adopting")
	read := func(rel string) string { t.Helper(); return readText(t, filepath.Join(guide, rel)) }
	c := newCLI(t, env, requiredProvidersBlock.ReplaceAllString(read("step1/main.tf"), ""))
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(c.dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("adopt.tfquery.hcl", read("step1/adopt.tfquery.hcl"))

	out := c.mustRun("query")
	for _, name := range []string{"legacy-backend", "backend", "legacy-web", "web"} {
		if !strings.Contains(out, name) {
			t.Fatalf("query output lacks %q:\n%s", name, out)
		}
	}
	c.mustRun("query", "-generate-config-out=generated.tf")
	gen := readText(t, filepath.Join(c.dir, "generated.tf"))
	// The guide's moved blocks name the generated resources by position: make sure
	// the positions are the ones it shows.
	for addr, name := range map[string]string{
		`resource "triton_token" "prod_0"`: `"legacy-backend"`, `resource "triton_token" "prod_1"`: `"backend"`,
		`resource "triton_endpoint" "prod_0"`: `"legacy-web"`, `resource "triton_endpoint" "prod_1"`: `"web"`,
	} {
		i := strings.Index(gen, addr)
		if i < 0 {
			t.Fatalf("generated.tf lacks %s:\n%s", addr, gen)
		}
		block := gen[i : i+strings.Index(gen[i:], "\n}")]
		if !regexp.MustCompile(`\n\s*name\s+= ` + regexp.QuoteMeta(name) + `\n`).MatchString(block) {
			t.Fatalf("generated.tf: %s is not %s, so the guide's moved blocks would be wrong:\n%s", addr, name, block)
		}
	}
	plan := c.mustRun("plan")
	if m := importedRE.FindStringSubmatch(plan); m == nil || m[1] != "4" || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("plan of generated.tf: %q, want 4 to import and nothing else\n%s", m, tail(plan, 60))
	}
	c.mustRun("apply", "-auto-approve")
	c.mustRun("plan", "-detailed-exitcode")

	// Step 2: into a module. generated.tf goes; the guide's files come in.
	if err := os.Remove(filepath.Join(c.dir, "generated.tf")); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"tokens.tf", "endpoints.tf", "moved.tf", "modules/rpc-access/main.tf"} {
		write(rel, read("step2/"+rel))
	}
	c.mustRun("get") // installs the local module; the provider comes from dev_overrides
	writes := len(env.emu.Events())
	plan = c.mustRun("plan")
	if !strings.Contains(plan, "0 to add, 0 to change, 0 to destroy") || strings.Count(plan, "has moved to") != 4 {
		t.Fatalf("plan after moving into the module: want 4 moves and nothing else\n%s", tail(plan, 60))
	}
	c.mustRun("apply", "-auto-approve")
	c.mustRun("plan", "-detailed-exitcode")
	if got := len(env.emu.Events()); got != writes {
		t.Fatalf("moving into a module wrote to the API: %v", env.emu.Events()[writes:])
	}
	state := c.mustRun("state", "list")
	if !strings.Contains(state, `module.prod_tokens.triton_token.this["backend"]`) || !strings.Contains(state, "triton_endpoint.web") {
		t.Fatalf("state after the move:\n%s", state)
	}
}

// readText returns a file's contents, failing the test when it cannot be read.
func readText(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExamples_listResources runs `terraform query` on every list resource example
// (docs/list-resources) against the examples' emulator.
func TestExamples_listResources(t *testing.T) {
	requireQueryCLI(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "list-resources", "*", "*.tfquery.hcl"))
	if err != nil || len(files) != 4 {
		t.Fatalf("list resource examples: %v %v, want 4", files, err)
	}
	want := map[string][]string{
		"triton_token": {"legacy-backend", "backend"}, "triton_endpoint": {"web"},
		"triton_subscription": {"prod-mainnet", "demo-mainnet"}, "triton_address_watch_list": {"collection J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w"},
	}
	for _, f := range files {
		kind := filepath.Base(filepath.Dir(f))
		t.Run(kind, func(t *testing.T) {
			env := exampleEnv(t)
			c := newCLI(t, env, "provider \"triton\" {}\n")
			if err := os.WriteFile(filepath.Join(c.dir, "example.tfquery.hcl"), []byte(readText(t, f)), 0o600); err != nil {
				t.Fatal(err)
			}
			out := c.mustRun("query")
			for _, name := range want[kind] {
				if !regexp.MustCompile(`list\.` + kind + `\.\S+\s+id=\S+\s+` + regexp.QuoteMeta(name) + `\n`).MatchString(out) {
					t.Errorf("query output lacks %s %q:\n%s", kind, name, out)
				}
			}
		})
	}
}

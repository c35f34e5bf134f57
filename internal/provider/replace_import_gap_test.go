package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestCLI_ImportFillsValueInTheSameApply: an import block and a consumer of value
// settle in one apply (the next plan is empty), with the token on page 2 of its
// list; with store_value = false no state ever holds the secret.
func TestCLI_ImportFillsValueInTheSameApply(t *testing.T) {
	t.Parallel()
	for _, store := range []bool{true, false} {
		t.Run(fmt.Sprintf("store_value=%v", store), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			seeded := env.emu.SeedTokens(env.sub.UUID, 5, "imported", true)
			target := seeded[3] // page 2 at page_size = 2
			storeLine := ""
			consumer := `resource "terraform_data" "consumer" {
  input = sha256(triton_token.t.value)
}`
			if !store {
				storeLine = "  store_value = false\n"
				consumer = ""
			}
			c := newCLI(t, env, fmt.Sprintf(`
provider "triton" {
  page_size = 2
}

import {
  to = triton_token.t
  id = "%[1]s/%[2]s"
}

resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[3]q
  rate_tier         = "developer"
%[4]s}

%[5]s
`, env.sub.UUID, target.UUID, target.Name, storeLine, consumer))
			c.mustRun("apply", "-auto-approve", "-input=false")
			// The state's value is the API's (the token on page 2), or absent.
			state := c.mustRun("show", "-json")
			if got := strings.Contains(state, target.Value); got != store {
				t.Fatalf("state holds the token's value: %v, want %v (store_value = %v)", got, store, store)
			}
			if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
				t.Fatalf("plan after the import apply: exit %d, want 0 (empty)\n%s", code, out)
			}
		})
	}
}

// TestCLI_SavedCreateBeforeDestroyPlanWarnsOnce: a rotation planned with
// create_before_destroy warns at plan time; applying the saved plan does not
// repeat a destroy warning for the old token (Terraform plans that destroy again
// during the apply).
func TestCLI_SavedCreateBeforeDestroyPlanWarnsOnce(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	render := func(gen string) string {
		return fmt.Sprintf(`
provider "triton" {}

resource "triton_token" "a" {
  subscription_uuid = %[1]q
  name              = "rotating"
  rate_tier         = "tier1"
  is_active         = true
  rotation_triggers = { generation = %[2]q }
  lifecycle {
    create_before_destroy = true
  }
}
`, env.sub.UUID, gen)
	}
	c := newCLI(t, env, render("1"))
	c.mustRun("apply", "-auto-approve", "-input=false")
	c.writeConfig(render("2"))
	plan := c.mustRun("plan", "-out=plan.out", "-input=false")
	if !strings.Contains(plan, "Replacement Will Deactivate Token") {
		t.Fatalf("the plan should warn that the old token is deactivated:\n%s", plan)
	}
	apply := c.mustRun("apply", "-input=false", "plan.out")
	for _, repeated := range []string{"Destroy Will Deactivate Token", "Token Already Inactive", "Replacement Will Deactivate Token"} {
		if strings.Contains(apply, repeated) {
			t.Errorf("the apply of a saved plan repeats %q:\n%s", repeated, apply)
		}
	}
}

// TestCLI_ReplacementsTerraformDoesNotTellTheProvider: -replace, taint and
// replace_triggered_by replace an active token, but Terraform's plan requests do
// not say so (the first looks like a no-op, the second like a create, and it drops
// warnings from the second), so the provider cannot warn. The token page and the
// rotation guide say which paths are silent; this test fails when Terraform starts
// telling (then warn) or when the docs stop saying it.
func TestCLI_ReplacementsTerraformDoesNotTellTheProvider(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"../../docs/resources/token.md", "../../docs/guides/rotating-tokens.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"-replace", "terraform taint", "replace_triggered_by"} {
			if !strings.Contains(string(b), path) {
				t.Errorf("%s does not name %q among the replacements the plan cannot warn about", doc, path)
			}
		}
	}
	for _, path := range []string{"replace", "taint", "replace_triggered_by"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			trigger := ""
			if path == "replace_triggered_by" {
				trigger = `  lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }
`
			}
			render := func(gen string) string {
				return fmt.Sprintf(`
provider "triton" {}

resource "terraform_data" "trigger" {
  input = %[2]q
}

resource "triton_token" "a" {
  subscription_uuid = %[1]q
  name              = "silently-replaced"
  rate_tier         = "tier1"
  is_active         = true
%[3]s}
`, env.sub.UUID, gen, trigger)
			}
			c := newCLI(t, env, render("1"))
			c.mustRun("apply", "-auto-approve", "-input=false")
			args := []string{"plan", "-input=false"}
			switch path {
			case "replace":
				args = append(args, "-replace=triton_token.a")
			case "taint":
				c.mustRun("taint", "triton_token.a")
			default:
				c.writeConfig(render("2"))
			}
			out := c.mustRun(args...)
			if !strings.Contains(out, "-/+ resource \"triton_token\" \"a\"") {
				t.Fatalf("expected a replacement of triton_token.a:\n%s", out)
			}
			if strings.Contains(out, "Replacement Will Deactivate Token") {
				t.Fatalf("Terraform now tells the provider about %s replacements: update the docs' list of silent paths", path)
			}
		})
	}
}

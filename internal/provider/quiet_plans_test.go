package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// Removing allowed_origins from the configuration stops managing them: the plan is
// empty, with is_active unset too (it used to show deactivation_reasons as
// "known after apply" on every plan, for ever). Importing an endpoint that has
// origins into a configuration that sets neither is quiet as well.
func TestEndpointStopManagingOriginsIsQuiet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	withOrigins := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "web"
  rate_tier         = "tier1"
  allowed_origins   = [{ value = "app.example.com" }]
}`, env.sub.UUID))
	without := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "web"
  rate_tier         = "tier1"
}`, env.sub.UUID))
	var id string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:            withOrigins,
			ConfigStateChecks: []statecheck.StateCheck{capture("triton_endpoint.e", &id)},
		}, {
			Config: without,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}, {
			// Import into the configuration with neither attribute: no change planned.
			Config:            without,
			ResourceName:      "triton_endpoint.e",
			ImportState:       true,
			ImportStateKind:   resource.ImportBlockWithID,
			ImportStateIdFunc: func(*terraform.State) (string, error) { return env.sub.UUID + "/" + id, nil },
		}},
	})
	if ep, _ := env.emu.Endpoint(id); len(ep.AllowedOrigins) != 2 { // the user origin and the system origin
		t.Fatalf("origins changed after they stopped being managed: %+v", ep.AllowedOrigins)
	}
}

// A token read with file() ends in a newline; it is trimmed instead of failing every
// request locally.
func TestAPITokenWhitespaceIsTrimmed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "triton" {
  base_url    = %q
  api_token   = "  %s\n"
  max_retries = 0
}
data "triton_subscription" "s" { id = %q }
`, env.url, env.reseller, env.sub.UUID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.triton_subscription.s", tfjsonpath.New("name"), knownvalue.StringExact("acme-mainnet")),
			},
		}},
	})
}

// Upper-case uuids: attributes are rejected at plan time showing the lower-case
// form; import ids are accepted in any case and stored lower-case.
func TestUpperCaseUUIDs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	tok := env.emu.CreateToken(env.sub.UUID, "backend", "tier1", false)
	upper := strings.ToUpper(env.sub.UUID)
	cfg := func(sub string) string {
		return env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %q
  name              = "backend"
  rate_tier         = "tier1"
}`, sub))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cfg(upper),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Upper-Case UUID.*` + regexp.QuoteMeta(env.sub.UUID)),
		}, {
			Config:             cfg(env.sub.UUID),
			ResourceName:       "triton_token.t",
			ImportState:        true,
			ImportStateId:      upper + "/" + strings.ToUpper(tok.UUID),
			ImportStatePersist: true,
		}, {
			Config: cfg(env.sub.UUID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("id"), knownvalue.StringExact(tok.UUID)),
				statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("subscription_uuid"), knownvalue.StringExact(env.sub.UUID)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// The same origin listed twice fails at plan time, before any request.
func TestDuplicateOriginFailsAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "web"
  rate_tier         = "tier1"
  allowed_origins = [
    { value = "app.example.com" },
    { value = "app.example.com", is_active = false },
  ]
}`, env.sub.UUID)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Duplicate Allowed Origin.*"app.example.com"`),
		}},
	})
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/endpoints"); n != 0 {
		t.Fatalf("%d creates sent", n)
	}
}

// A 403 on an endpoint update that does not touch rate_tier names the attribute
// that changed, without the garbled "the a role ... role" text.
func TestEndpointUpdate403NamesTheAttribute(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := func(name string) string {
		return env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = %q
  rate_tier         = "tier1"
}`, env.sub.UUID, name))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg("web"),
		}, {
			PreConfig:   func() { env.emu.InjectStatus("PUT /api/v1/endpoints/{uuid}", 403, 1) },
			Config:      cfg("web-renamed"),
			ExpectError: regexp.MustCompile("(?s)refused\\s+to\\s+update\\s+the\\s+endpoint's\\s+`name`.*because\\s+`name`\\s+changed"),
		}},
	})
}

// An account uuid the key cannot see says so, not "could not be reached".
func TestUnknownAccountSaysNotVisible(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.config(`data "triton_tokens" "x" { account_uuid = "` + emulator.NewUUID() + `" }`),
			ExpectError: regexp.MustCompile(`(?s)No\s+account\s+with\s+that\s+uuid\s+is\s+visible\s+to\s+this\s+API\s+token`),
		}},
	})
}

// A replacement that will deactivate the old object warns at plan time, like a
// destroy: for a rotation_triggers change and for a name change.
func TestReplacementWarnsAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	cfg := func(name, gen string) string {
		return fmt.Sprintf(`
provider "triton" {}
resource "triton_token" "t" {
  subscription_uuid = %q
  name              = %q
  rate_tier         = "tier1"
  rotation_triggers = { generation = %q }
}
`, env.sub.UUID, name, gen)
	}
	c := newCLI(t, env, cfg("backend", "1"))
	c.mustRun("apply", "-auto-approve", "-input=false")
	for _, next := range []struct{ name, gen, because string }{
		{"backend", "2", "`rotation_triggers`"},
		{"backend-2", "1", "`name`"},
	} {
		c.writeConfig(cfg(next.name, next.gen))
		out := c.mustRun("plan", "-input=false")
		if n := strings.Count(out, "Warning: Replacement Will Deactivate Token"); n != 1 {
			t.Fatalf("changing %s: %d replacement warnings, want 1:\n%s", next.because, n, out)
		}
		if !strings.Contains(out, "Changing "+next.because) {
			t.Fatalf("the warning does not name %s:\n%s", next.because, out)
		}
	}
	// With create_before_destroy the plan shows "+/-": the warning's advice is a
	// condition that then says nothing needs changing, never an order to add it.
	c.writeConfig(strings.Replace(cfg("backend", "3"), "rotation_triggers", "lifecycle {\n    create_before_destroy = true\n  }\n  rotation_triggers", 1))
	out := c.mustRun("plan", "-input=false")
	if !strings.Contains(out, "+/- create replacement and then destroy") || !regexp.MustCompile(`(?s)If\s+it\s+already\s+shows\s+"\+/-",\s+nothing\s+needs\s+changing`).MatchString(out) ||
		regexp.MustCompile(`(?i)\buse\s+lifecycle`).MatchString(out) {
		t.Fatalf("with create_before_destroy the warning must not tell the reviewer to add it:\n%s", out)
	}
	// No warning for an in-place change.
	c.writeConfig(strings.Replace(cfg("backend", "1"), `rate_tier         = "tier1"`, "rate_tier         = \"tier1\"\n  deactivation_reason = \"x\"", 1))
	if out := c.mustRun("plan", "-input=false"); strings.Contains(out, "Replacement Will") {
		t.Fatalf("an in-place update warned of a replacement:\n%s", out)
	}
}

// A failed activate after a create keeps the token in state and gives advice that
// works: remove is_active, untaint, and the next plan is empty with one token.
func TestFailedActivateAfterCreateAdviceWorks(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := func(extra string) string {
		return fmt.Sprintf(`
provider "triton" {
  api_token = %q
}
resource "triton_token" "t" {
  subscription_uuid = %q
  name              = "ci"
  rate_tier         = "tier1"
%s}
`, env.standard, env.sub.UUID, extra)
	}
	c := newCLI(t, env, cfg("  is_active = true\n"))
	code, out := c.run("apply", "-auto-approve", "-input=false")
	if code == 0 {
		t.Fatalf("apply with a standard key and is_active = true succeeded:\n%s", out)
	}
	for _, want := range []string{"Error Activating Token", "operator or reseller", "terraform untaint", "remove `is_active`"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Fatalf("the error lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "abandon") {
		t.Fatalf("the error suggests deletion_policy = \"abandon\", which cannot help a tainted object:\n%s", out)
	}
	// Follow the advice.
	c.writeConfig(cfg(""))
	c.mustRun("untaint", "triton_token.t")
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("after following the advice the plan is not empty (exit %d):\n%s", code, out)
	}
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 1 {
		t.Fatalf("%d tokens, want exactly 1", n)
	}
}

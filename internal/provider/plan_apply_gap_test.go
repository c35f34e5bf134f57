package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// The gap between a plan and its apply (issue 28): a saved plan applied later, or
// an apply with -refresh=false, while someone changes objects in the dashboard. An
// attribute left out of the configuration is never written, whatever the stale
// state says, and nothing fails with "Provider produced inconsistent result".
// These run under every CLI the suite runs (make test, test-terraform-new,
// test-opentofu).

// gapConfig is a token updated in place (its deactivation_reason), a token
// replaced by a rename, an endpoint and a subscription renamed in place, none with
// is_active or allowed_origins configured.
func gapConfig(env *testEnv, suffix string) string {
	return fmt.Sprintf(`
provider "triton" {}

resource "triton_token" "t" {
  subscription_uuid   = %[1]q
  name                = "gap-token"
  rate_tier           = "tier1"
  deactivation_reason = "reason-%[3]s"
}

resource "triton_token" "r" {
  subscription_uuid = %[1]q
  name              = "gap-renamed-%[3]s"
  rate_tier         = "tier1"
}

resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "gap-endpoint-%[3]s"
  rate_tier         = "tier1"
}

resource "triton_subscription" "s" {
  account_uuid      = %[2]q
  subscription_type = "mainnet-shared"
  name              = "gap-subscription-%[3]s"
}

output "ids" {
  value = {
    t = triton_token.t.id
    r = triton_token.r.id
    e = triton_endpoint.e.id
    s = triton_subscription.s.id
  }
}
`, env.sub.UUID, env.account.UUID, suffix)
}

type gapIDs struct{ T, R, E, S string }

func (c *cli) gapIDs() gapIDs {
	c.t.Helper()
	out := c.mustRun("output", "-json", "ids")
	var m map[string]string
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("output ids: %v\n%s", err, out)
	}
	return gapIDs{T: m["t"], R: m["r"], E: m["e"], S: m["s"]}
}

// gapRoutes are the writes an apply of gapConfig may send for is_active.
var gapRoutes = []string{
	"PUT /api/v1/tokens/{uuid}/activate", "PUT /api/v1/tokens/{uuid}/deactivate",
	"PUT /api/v1/endpoints/{uuid}/activate", "PUT /api/v1/endpoints/{uuid}/deactivate",
	"PUT /api/v1/subscriptions/{uuid}/activate", "PUT /api/v1/subscriptions/{uuid}/deactivate",
}

func TestCLI_UnmanagedValuesAreNeverWrittenAcrossThePlanApplyGap(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"saved-plan", "refresh-false"} {
		for _, change := range []string{"activated", "deactivated"} {
			t.Run(mode+"/"+change, func(t *testing.T) {
				t.Parallel()
				env := newTestEnv(t, emulator.Options{})
				c := newCLI(t, env, gapConfig(env, "a"))
				c.mustRun("apply", "-auto-approve", "-input=false")
				ids := c.gapIDs()
				// The token the rename replaces is active: its destroy must deactivate
				// it (with "activated" and -refresh=false, state still says inactive).
				env.emu.SetTokenActive(ids.R, true, "")
				if change == "deactivated" {
					// Start from active objects, recorded by a refresh.
					env.emu.SetTokenActive(ids.T, true, "")
					env.emu.SetEndpointActive(ids.E, true, "")
					env.emu.SetSubscriptionActive(ids.S, true, "")
					c.mustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
				}
				outOfBand := func() {
					active := change == "activated"
					env.emu.SetTokenActive(ids.T, active, "dashboard")
					env.emu.SetEndpointActive(ids.E, active, "dashboard")
					env.emu.SetSubscriptionActive(ids.S, active, "dashboard")
					env.emu.SetEndpointOrigins(ids.E, []emulator.Origin{{Value: "dashboard.example.com", IsActive: true}})
				}
				var out string
				switch mode {
				case "saved-plan":
					c.writeConfig(gapConfig(env, "b"))
					c.mustRun("plan", "-out=plan.out", "-input=false")
					outOfBand()
					env.emu.ResetCounts()
					_, out = c.run("apply", "-input=false", "plan.out")
				default:
					outOfBand()
					c.writeConfig(gapConfig(env, "b"))
					env.emu.ResetCounts()
					_, out = c.run("apply", "-refresh=false", "-auto-approve", "-input=false")
				}
				if !strings.Contains(out, "Apply complete!") || strings.Contains(out, "inconsistent") {
					t.Fatalf("apply after an out-of-band change did not complete cleanly:\n%s", out)
				}
				counts := env.emu.RequestCounts()
				for _, route := range gapRoutes {
					want := 0
					if route == "PUT /api/v1/tokens/{uuid}/deactivate" {
						want = 1 // the replaced token r, active at apply
					}
					if counts[route] != want {
						t.Errorf("%s sent %d times, want %d (is_active is not configured)", route, counts[route], want)
					}
				}
				wantActive := change == "activated"
				if tok, _ := env.emu.Token(ids.T); tok.IsActive != wantActive {
					t.Errorf("token t is_active = %v, want %v (as set out of band)", tok.IsActive, wantActive)
				}
				if old, _ := env.emu.Token(ids.R); old.IsActive {
					t.Errorf("the replaced token r is still active")
				}
				ep, _ := env.emu.Endpoint(ids.E)
				if ep.IsActive != wantActive {
					t.Errorf("endpoint is_active = %v, want %v (as set out of band)", ep.IsActive, wantActive)
				}
				if len(ep.AllowedOrigins) != 1 || ep.AllowedOrigins[0].Value != "dashboard.example.com" {
					t.Errorf("endpoint origins = %+v, want the one set out of band", ep.AllowedOrigins)
				}
				if ep.Name != "gap-endpoint-b" {
					t.Errorf("endpoint name = %q, want the rename applied", ep.Name)
				}
				sub, _ := env.emu.GetSubscription(ids.S)
				if sub.IsActive != wantActive || sub.Name != "gap-subscription-b" {
					t.Errorf("subscription = {is_active %v, name %q}, want {%v, gap-subscription-b}", sub.IsActive, sub.Name, wantActive)
				}
				// After a refresh the state agrees with the API: nothing left to do.
				if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
					t.Fatalf("plan after the apply: exit %d, want 0 (empty)\n%s", code, out)
				}
			})
		}
	}
}

// TestCLI_SavedDestroyPlanReChecksInactiveObjects: a destroy planned while the
// objects were inactive ("nothing to call"), applied after someone activated them,
// deactivates them: a credential the user believes revoked is revoked.
func TestCLI_SavedDestroyPlanReChecksInactiveObjects(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	c := newCLI(t, env, gapConfig(env, "a"))
	c.mustRun("apply", "-auto-approve", "-input=false")
	ids := c.gapIDs()
	out := c.mustRun("plan", "-destroy", "-out=destroy.out", "-input=false")
	if !strings.Contains(out, "Token Already Inactive") {
		t.Fatalf("the destroy plan of inactive tokens should say so:\n%s", out)
	}
	env.emu.SetTokenActive(ids.T, true, "")
	env.emu.SetEndpointActive(ids.E, true, "")
	env.emu.SetSubscriptionActive(ids.S, true, "")
	env.emu.ResetCounts()
	out = c.mustRun("apply", "-input=false", "destroy.out")
	if !strings.Contains(out, "4 destroyed") {
		t.Fatalf("destroy did not complete:\n%s", out)
	}
	if tok, _ := env.emu.Token(ids.T); tok.IsActive {
		t.Errorf("token activated after the destroy plan is still active after the destroy")
	}
	if tok, _ := env.emu.Token(ids.R); tok.IsActive {
		t.Errorf("token r should have stayed inactive")
	}
	if ep, _ := env.emu.Endpoint(ids.E); ep.IsActive {
		t.Errorf("endpoint activated after the destroy plan is still active after the destroy")
	}
	if sub, _ := env.emu.GetSubscription(ids.S); sub.IsActive {
		t.Errorf("subscription activated after the destroy plan is still active after the destroy")
	}
	counts := env.emu.RequestCounts()
	if n := counts["PUT /api/v1/tokens/{uuid}/deactivate"]; n != 1 {
		t.Errorf("token deactivations = %d, want 1 (only the one activated since the plan)", n)
	}
}

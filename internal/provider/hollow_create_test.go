package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestHollowCreatesReachState: every create commits and answers 201 with an empty
// body (a proxy eating bodies). 20 creates make exactly 20 tokens, all in state, and
// the next plan is empty (before, nothing reached state and the next apply minted
// 20 more secrets).
func TestHollowCreatesReachState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{HollowCreates: true})
	cfg := env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  count             = 20
  subscription_uuid = %q
  name              = "svc-${count.index}"
  rate_tier         = "tier1"
}`, env.sub.UUID))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
		}, {
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}},
	})
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 20 {
		t.Fatalf("%d tokens, want 20", n)
	}
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 20 {
		t.Fatalf("%d POSTs, want 20 (no create repeated)", n)
	}
}

package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestRateTierCheckedAtPlan: a rate_tier the subscription does not support fails
// the plan (so the pull request's plan, not the apply after the merge), the error
// lists the supported tiers, and no write reaches the API. It covers a new token,
// a new endpoint and an endpoint's in-place rate_tier change.
func TestRateTierCheckedAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	sub := env.emu.AddSubscription(env.account.UUID, "narrow", "mainnet-shared", "tier1", "tier2")
	token := func(tier string) string {
		return env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "t"
  rate_tier         = %[2]q
}`, sub.UUID, tier))
	}
	endpoint := func(tier string) string {
		return env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "e"
  rate_tier         = %[2]q
}`, sub.UUID, tier))
	}
	want := regexp.MustCompile(`(?s)Unsupported Rate Tier.*"narrow".*does\s+not\s+support\s+rate\s+tier\s+"tier3".*It\s+supports:\s+tier1,\s+tier2`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: token("tier3"), PlanOnly: true, ExpectError: want},
			{Config: endpoint("tier3"), PlanOnly: true, ExpectError: want},
			{Config: endpoint("tier1")},
			{Config: endpoint("tier3"), ExpectError: want},
			{Config: endpoint("tier2")},
		},
	})
	for _, route := range []string{"POST /api/v1/subscriptions/{uuid}/tokens", "POST /api/v1/subscriptions/{uuid}/endpoints", "PUT /api/v1/endpoints/{uuid}"} {
		want := map[string]int{"POST /api/v1/subscriptions/{uuid}/endpoints": 1, "PUT /api/v1/endpoints/{uuid}": 1}[route]
		if n := env.emu.RequestCount(route); n != want {
			t.Errorf("%s sent %d times, want %d (only the supported tiers reach the API)", route, n, want)
		}
	}
}

// TestRateTierCheckWrongKeyFailsThePlan: when the plan-time rate tier check is the
// plan's first call, a wrong api_token (401) or a key refused the list (403) fails
// the plan with the cause, not a debug line and a green plan. A list the server
// cannot answer (500s) leaves the check to the API, with a warning.
func TestRateTierCheckWrongKeyFailsThePlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	token := fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "t"
  rate_tier         = "tier1"
}`, env.sub.UUID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.providerBlock("not-a-key") + token,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error Checking the API Token.*HTTP 401.*TRITON_API_TOKEN`),
			},
			{
				PreConfig:   func() { env.emu.InjectStatus("GET /api/v1/subscriptions", 403, 100) },
				Config:      env.config(token),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error Checking the API Token.*HTTP 403`),
			},
		},
	})
	// Through the CLI, to see the warning: the plan passes and says why the
	// check was not made.
	env.emu.ClearFaults()
	env.emu.InjectStatus("GET /api/v1/subscriptions", 500, 1000)
	c := newCLI(t, env, token)
	code, out := c.run("plan", "-input=false")
	if code != 0 || !regexp.MustCompile(`(?s)Warning: Rate Tier Not Checked at Plan Time.*checks it at apply time`).MatchString(out) {
		t.Errorf("plan with an unreadable subscription list: exit %d, want 0 and a warning:\n%s", code, out)
	}
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 0 {
		t.Errorf("%d creates sent by plans", n)
	}
}

package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// subscriptionWithTimes renders a subscription with the given time attributes
// ("" leaves one out).
func subscriptionWithTimes(env *testEnv, starts, ends string) string {
	var b strings.Builder
	if starts != "" {
		fmt.Fprintf(&b, "  starts_at = %q\n", starts)
	}
	if ends != "" {
		fmt.Fprintf(&b, "  ends_at   = %q\n", ends)
	}
	return env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = "mainnet-shared"
  name              = "timed"
%s}
`, env.account.UUID, b.String()))
}

// TestSubscriptionTimesOnAnExistingObject: on a subscription whose times the API
// has as null, setting ends_at is a replacement (planned as one, applied without
// "inconsistent result", then quiet); the same instant in another offset is an
// in-place update that calls nothing; another instant is a replacement; removing
// ends_at plans nothing and keeps the reported value; a sub-second time fails at
// plan time with no request sent.
func TestSubscriptionTimesOnAnExistingObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	const addr = "triton_subscription.s"
	ends := tfjsonpath.New("ends_at")
	var first, second string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            subscriptionWithTimes(env, "", ""),
				ConfigStateChecks: []statecheck.StateCheck{capture(addr, &first), statecheck.ExpectKnownValue(addr, ends, knownvalue.Null())},
			},
			{
				Config: subscriptionWithTimes(env, "", "2028-01-01T00:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{capture(addr, &second), statecheck.ExpectKnownValue(addr, ends, knownvalue.StringExact("2028-01-01T00:00:00Z"))},
			},
			{
				PreConfig: func() {
					if first == second {
						t.Error("setting ends_at kept the subscription: the API cannot change times")
					}
					env.emu.ResetCounts()
				},
				Config: subscriptionWithTimes(env, "", "2028-01-01T09:00:00+09:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, ends, knownvalue.StringExact("2028-01-01T09:00:00+09:00"))},
			},
			{
				PreConfig: func() {
					for route, n := range env.emu.RequestCounts() {
						if !strings.HasPrefix(route, "GET ") && n > 0 {
							t.Errorf("a respelled ends_at sent %s %d times; it must call nothing", route, n)
						}
					}
				},
				Config: subscriptionWithTimes(env, "", "2029-06-01T00:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Unset: not managed. Nothing planned, the API's value kept.
				Config:            subscriptionWithTimes(env, "", ""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, ends, knownvalue.StringExact("2029-06-01T00:00:00Z"))},
			},
			{
				PreConfig:   func() { env.emu.ResetCounts() },
				Config:      subscriptionWithTimes(env, "2027-01-01T00:00:00.500Z", "2029-06-01T00:00:00.25Z"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Timestamp With Fractional Seconds.*keeps\s+whole\s+seconds.*Use\s+2027-01-01T00:00:00Z`),
			},
			{
				PreConfig: func() {
					if n := len(env.emu.RequestCounts()); n != 0 {
						t.Errorf("a sub-second time sent requests: %v", env.emu.RequestCounts())
					}
				},
				Config:           subscriptionWithTimes(env, "", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestSubscriptionImportedWithoutTimesIntoAConfigurationThatSetsThem: importing a
// subscription the API has without times into a configuration that sets ends_at
// plans an import and a replacement, and the apply converges.
func TestSubscriptionImportedWithoutTimesIntoAConfigurationThatSetsThem(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	existing := env.emu.AddSubscription(env.account.UUID, "timed", "mainnet-shared")
	const addr = "triton_subscription.s"
	cfg := subscriptionWithTimes(env, "", "2028-01-01T00:00:00Z") + `
variable "import_id" {
  type = string
}

import {
  to = triton_subscription.s
  id = var.import_id
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: config.Variables{"import_id": config.StringVariable(existing.UUID)},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact("2028-01-01T00:00:00Z"))},
		}},
	})
	if s, _ := env.emu.GetSubscription(existing.UUID); s.IsActive {
		t.Error("the replaced subscription is still active")
	}
}

// TestSubscriptionSettingATimeWarnsOfTheReplacementItPlans: through the CLI, the
// plan that sets ends_at where the API has none says "must be replaced" and
// warns once; it is not an in-place update with a replacement warning.
func TestSubscriptionSettingATimeWarnsOfTheReplacementItPlans(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	body := func(ends string) string {
		return fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = "mainnet-shared"
  name              = "timed"
%s}
`, env.account.UUID, ends)
	}
	c := newCLI(t, env, body(""))
	c.mustRun("apply", "-auto-approve", "-input=false")
	c.writeConfig(body(`  ends_at = "2028-01-01T00:00:00Z"` + "\n"))
	out := c.mustRun("plan", "-input=false")
	if !strings.Contains(out, "must be replaced") || !strings.Contains(out, "1 to add, 0 to change, 1 to destroy") ||
		strings.Count(out, "Warning: Replacement") != 1 || !strings.Contains(out, "Changing `ends_at` replaces") {
		t.Fatalf("setting ends_at where the API has none: want a planned replacement with its warning:\n%s", out)
	}
	c.mustRun("apply", "-auto-approve", "-input=false")
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the apply is not empty (exit %d):\n%s", code, out)
	}
}

// TestSubscriptionTimesInTheServersOwnSpelling: a server answering
// "2030-01-01 00:00:00 UTC" for a configured "2030-01-01T00:00:00Z" plans nothing
// (not a replacement of the subscription and everything in it); a time the
// provider cannot read at all fails the plan instead of replacing.
func TestSubscriptionTimesInTheServersOwnSpelling(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	const addr = "triton_subscription.s"
	var id string
	spell := func(v string) func() {
		return func() {
			subs, _ := env.emu.GetSubscription(id)
			if !env.emu.SetSubscriptionTimes(id, subs.StartsAt, &v) {
				t.Fatal("subscription not found")
			}
		}
	}
	cfg := subscriptionWithTimes(env, "", "2030-01-01T00:00:00Z")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{capture(addr, &id)}},
			{
				PreConfig:        spell("2030-01-01 00:00:00 UTC"),
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig:   spell("first of January 2030"),
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unreadable Time From the API.*"first of January 2030".*plans\s+no\s+replacement`),
			},
			{
				PreConfig:        spell("2030-01-01T00:00:00Z"),
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestTokenLookupByNameSurvivesRotation: a rotation leaves the old token listed,
// inactive, under the same name. A lookup by name with is_active = true keeps
// working and finds the new token; without the filter the error suggests it.
func TestTokenLookupByNameSurvivesRotation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := func(keeper string, filter bool) string {
		f := ""
		if filter {
			f = "is_active         = true"
		}
		return env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "backend"
  rate_tier         = "tier1"
  is_active         = true
  rotation_triggers = { key = %[2]q }
}

data "triton_token" "live" {
  subscription_uuid = %[1]q
  name              = triton_token.t.name
  %[3]s
  depends_on = [triton_token.t]
}
`, env.sub.UUID, keeper, f))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg("1", true),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.triton_token.live", tfjsonpath.New("id"), "triton_token.t", tfjsonpath.New("id"), compare.ValuesSame()),
			},
		}, {
			// Rotate: the old token stays listed, inactive, named "backend".
			Config: cfg("2", true),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.triton_token.live", tfjsonpath.New("id"), "triton_token.t", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.triton_token.live", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
			},
		}, {
			// Without the filter, the name is ambiguous and the error says how to fix it.
			Config:      cfg("2", false),
			ExpectError: regexp.MustCompile(`(?s)Ambiguous Token Name.*2 tokens have name\s+"backend".*Add\s+is_active\s+=\s+true`),
		}},
	})
}

// TestEndpointLookupIsActiveFilter: is_active picks between same-named endpoints,
// and a miss caused by the filter says so.
func TestEndpointLookupIsActiveFilter(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	live := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true)
	old := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", false)
	env.emu.CreateEndpoint(env.sub.UUID, "solo", "tier1", false)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "triton_endpoint" "on" {
  subscription_uuid = %[1]q
  name              = "web"
  is_active         = true
}
data "triton_endpoint" "off" {
  subscription_uuid = %[1]q
  name              = "web"
  is_active         = false
}
data "triton_endpoint" "any" {
  subscription_uuid = %[1]q
  name              = "solo"
}
`, env.sub.UUID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.triton_endpoint.on", tfjsonpath.New("id"), knownvalue.StringExact(live.UUID)),
				statecheck.ExpectKnownValue("data.triton_endpoint.off", tfjsonpath.New("id"), knownvalue.StringExact(old.UUID)),
				statecheck.ExpectKnownValue("data.triton_endpoint.any", tfjsonpath.New("is_active"), knownvalue.Bool(false)),
			},
		}, {
			Config: env.config(fmt.Sprintf(`
data "triton_endpoint" "x" {
  subscription_uuid = %[1]q
  name              = "solo"
  is_active         = true
}
`, env.sub.UUID)),
			ExpectError: regexp.MustCompile(`(?s)Endpoint Not Found.*No active endpoint with name\s+"solo".*1\s+endpoint\(s\)\s+with\s+name\s+"solo"\s+exist\s+with\s+is_active\s+=\s+false`),
		}},
	})
}

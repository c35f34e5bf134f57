package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestDestroyInactiveCallsNothing: a standard key cannot deactivate, yet it can
// destroy a token and an endpoint that are already inactive, because destroy then
// calls nothing. (Before, the deactivate call failed with 403.)
func TestDestroyInactiveCallsNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	ep := env.emu.CreateEndpoint(env.sub.UUID, "old-web", "tier1", false)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			// Created inactive (new objects start inactive) with is_active unmanaged.
			Config: env.providerBlock(env.standard) + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "standard-made"
  rate_tier         = "tier1"
}
`, env.sub.UUID),
		}, {
			Config: env.providerBlock(env.standard) + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "standard-made"
  rate_tier         = "tier1"
}
resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "old-web"
  rate_tier         = "tier1"
}
`, env.sub.UUID),
			ResourceName:       "triton_endpoint.e",
			ImportState:        true,
			ImportStateId:      env.sub.UUID + "/" + ep.UUID,
			ImportStatePersist: true,
		}},
		CheckDestroy: func(*terraform.State) error {
			for _, route := range []string{"PUT /api/v1/tokens/{uuid}/deactivate", "PUT /api/v1/endpoints/{uuid}/deactivate"} {
				if n := env.emu.RequestCount(route); n != 0 {
					return fmt.Errorf("destroy of inactive objects sent %d %s, want 0", n, route)
				}
			}
			if len(env.emu.Tokens(env.sub.UUID)) != 1 {
				return fmt.Errorf("the token must stay listed")
			}
			return nil
		},
	})
}

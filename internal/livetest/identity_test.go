//go:build live

package livetest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccToken_importByIdentity (Terraform 1.12+): the token's identity is
// {subscription_uuid, id}, and an import block with that identity adopts it into the
// same configuration as a no-op. The configuration sets no provider-only attribute
// (an import cannot know those), so it manages is_active = false: operator role.
func TestAccToken_importByIdentity(t *testing.T) {
	needRole(t, "operator")
	n := name()
	cfg := providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = %[3]q
  is_active         = false
}
`, live.subscription, n, live.rateTier)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity("triton_token.t", map[string]knownvalue.Check{
					"subscription_uuid": knownvalue.StringExact(live.subscription),
					"id":                knownvalue.StringRegexp(uuidRE),
				}),
				statecheck.ExpectIdentityValueMatchesState("triton_token.t", tfjsonpath.New("id")),
			},
		}, {
			Config:          cfg,
			ResourceName:    "triton_token.t",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionNoop),
			}},
		}},
	})
}

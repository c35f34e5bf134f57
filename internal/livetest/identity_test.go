//go:build live

package livetest

import (
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
// same configuration with nothing to change. Any role.
func TestAccToken_importByIdentity(t *testing.T) {
	n := name()
	cfg := tokenConfig(n, tokenManagement(false))
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

//go:build live

package livetest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccDataSources: a token made by the provider is found by the list and
// singular data sources, and the subscription is found by id and by name.
func TestAccDataSources(t *testing.T) {
	n := name()
	policy := `deletion_policy = "abandon"`
	if canToggle() {
		policy = `is_active = false`
	}
	cfg := providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = %[3]q
  %[4]s
}

data "triton_tokens" "by_name" {
  subscription_uuid = %[1]q
  name              = triton_token.t.name
}

data "triton_token" "by_name" {
  subscription_uuid = %[1]q
  name              = triton_token.t.name
}

data "triton_token" "by_id" {
  subscription_uuid = %[1]q
  id                = triton_token.t.id
  include_values    = true
}

data "triton_endpoints" "all" {
  subscription_uuid = %[1]q
}

data "triton_subscription" "by_id" {
  id = %[1]q
}

data "triton_subscription" "by_name" {
  name = data.triton_subscription.by_id.name
}

data "triton_subscriptions" "all" {}
`, live.subscription, n, live.rateTier, policy)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.triton_tokens.by_name", tfjsonpath.New("tokens"), knownvalue.ListSizeExact(1)),
				statecheck.CompareValuePairs("data.triton_tokens.by_name", tfjsonpath.New("tokens").AtSliceIndex(0).AtMapKey("id"), "triton_token.t", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.triton_token.by_name", tfjsonpath.New("id"), "triton_token.t", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.triton_token.by_id", tfjsonpath.New("value"), "triton_token.t", tfjsonpath.New("value"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.triton_token.by_id", tfjsonpath.New("auth_username"), "triton_token.t", tfjsonpath.New("auth_username"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.triton_endpoints.all", tfjsonpath.New("endpoints"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.triton_subscription.by_name", tfjsonpath.New("id"), knownvalue.StringExact(live.subscription)),
				statecheck.ExpectKnownValue("data.triton_subscription.by_id", tfjsonpath.New("supported_rate_tiers"), knownvalue.ListPartial(map[int]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.triton_subscriptions.all", tfjsonpath.New("subscriptions"), knownvalue.NotNull()),
			},
		}},
	})
}

// TestAccEphemeralToken reads a token's secret without writing it to state.
func TestAccEphemeralToken(t *testing.T) {
	n := name()
	policy := `deletion_policy = "abandon"`
	if canToggle() {
		policy = `is_active = false`
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"triton": providerFactories["triton"],
			"echo":   echoprovider.NewProviderServer(),
		},
		Steps: []resource.TestStep{{
			Config: providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = %[3]q
  %[4]s
}
`, live.subscription, n, live.rateTier, policy),
		}, {
			Config: providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = %[3]q
  %[4]s
}

ephemeral "triton_token" "e" {
  subscription_uuid = %[1]q
  id                = triton_token.t.id
}

provider "echo" {
  data = {
    auth_username = ephemeral.triton_token.e.auth_username
    has_value     = length(ephemeral.triton_token.e.value) > 0
  }
}

resource "echo" "out" {}
`, live.subscription, n, live.rateTier, policy),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("echo.out", tfjsonpath.New("data").AtMapKey("auth_username"), "triton_token.t", tfjsonpath.New("auth_username"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("echo.out", tfjsonpath.New("data").AtMapKey("has_value"), knownvalue.Bool(true)),
			},
		}},
	})
}

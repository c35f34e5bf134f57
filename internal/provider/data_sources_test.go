package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// listEnv seeds more tokens than one page holds, some inactive, plus a second
// subscription in the same account.
func listEnv(t *testing.T) (*testEnv, emulator.Subscription, []emulator.Token) {
	env := newTestEnv(t, emulator.Options{MaxPerPage: 10})
	toks := env.emu.SeedTokens(env.sub.UUID, 22, "svc", true)
	env.emu.SetTokenActive(toks[3].UUID, false, "")
	env.emu.SetTokenActive(toks[4].UUID, false, "")
	env.emu.CreateToken(env.sub.UUID, "special", "tier2", true)
	second := env.emu.AddSubscription(env.account.UUID, "acme-devnet", "developer")
	env.emu.SeedTokens(second.UUID, 3, "dev", true)
	return env, second, toks
}

func TestTokensDataSource(t *testing.T) {
	t.Parallel()
	env, second, toks := listEnv(t)
	const ds = "data.triton_tokens.all"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// 23 tokens over three server-capped pages, in API order, values hidden.
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" { subscription_uuid = %q }`, env.sub.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(23)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(toks[0].UUID), "name": knownvalue.StringExact("svc-0000"),
						"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"auth_username":     knownvalue.StringExact(toks[0].AuthUsername),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("values"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens").AtSliceIndex(22).AtMapKey("name"), knownvalue.StringExact("special")),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" {
  subscription_uuid = %q
  include_values    = true
}`, env.sub.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("values").AtMapKey(toks[5].UUID), knownvalue.StringExact(toks[5].Value)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("values"), knownvalue.MapSizeExact(23)),
					statecheck.ExpectSensitiveValue(ds, tfjsonpath.New("values")),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" {
  subscription_uuid = %q
  is_active         = false
}`, env.sub.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("svc-0003")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("svc-0004")}),
					})),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" {
  subscription_uuid = %q
  rate_tier         = "tier2"
  name              = "special"
}`, env.sub.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				// Account-wide: every subscription walked, each token carries its subscription.
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" { account_uuid = %q }`, env.account.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(26)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens").AtSliceIndex(0).AtMapKey("subscription_uuid"), knownvalue.StringExact(env.sub.UUID)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens").AtSliceIndex(25).AtMapKey("subscription_uuid"), knownvalue.StringExact(second.UUID)),
				},
			},
		},
	})
}

func TestTokensDataSource_exactlyOneScope(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "triton_tokens" "all" {}`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured.*subscription_uuid,account_uuid`),
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_tokens" "all" {
  subscription_uuid = %q
  account_uuid      = %q
}`, env.sub.UUID, env.account.UUID)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
		},
	})
}

func TestTokenDataSource(t *testing.T) {
	t.Parallel()
	env, _, toks := listEnv(t)
	dup := env.emu.CreateToken(env.sub.UUID, "svc-0007", "tier1", true)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`data "triton_token" "one" {
  subscription_uuid = %q
  name              = "svc-0012"
}`, env.sub.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_token.one", tfjsonpath.New("id"), knownvalue.StringExact(toks[12].UUID)),
					statecheck.ExpectKnownValue("data.triton_token.one", tfjsonpath.New("value"), knownvalue.Null()),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_token" "one" {
  subscription_uuid = %q
  id                = %q
  include_values    = true
}`, env.sub.UUID, toks[20].UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_token.one", tfjsonpath.New("name"), knownvalue.StringExact("svc-0020")),
					statecheck.ExpectKnownValue("data.triton_token.one", tfjsonpath.New("value"), uuidCheck),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_token" "one" {
  subscription_uuid = %q
  name              = "svc-0007"
}`, env.sub.UUID)),
				ExpectError: regexp.MustCompile(`(?s)Ambiguous Token Name.*2 tokens have name "svc-0007".*` + dup.UUID),
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_token" "one" {
  subscription_uuid = %q
  name              = "nope"
}`, env.sub.UUID)),
				ExpectError: regexp.MustCompile(`(?s)Token Not Found.*name "nope"`),
			},
		},
	})
}

func TestEndpointDataSources(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	a := env.emu.CreateEndpoint(env.sub.UUID, "alpha", "tier1", true, "a.example.com")
	env.emu.CreateEndpoint(env.sub.UUID, "beta", "tier2", false)
	env.emu.CreateEndpoint(env.sub.UUID, "beta", "tier2", true)
	second := env.emu.AddSubscription(env.account.UUID, "second", "developer")
	env.emu.CreateEndpoint(second.UUID, "gamma", "tier1", true)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "triton_endpoints" "sub" { subscription_uuid = %[1]q }
data "triton_endpoints" "acct" {
  account_uuid = %[2]q
  is_active    = true
}
data "triton_endpoint" "alpha" {
  subscription_uuid = %[1]q
  name              = "alpha"
}`, env.sub.UUID, env.account.UUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_endpoints.sub", tfjsonpath.New("endpoints"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.triton_endpoints.acct", tfjsonpath.New("endpoints"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.triton_endpoints.acct", tfjsonpath.New("endpoints").AtSliceIndex(2).AtMapKey("subscription_uuid"), knownvalue.StringExact(second.UUID)),
					statecheck.ExpectKnownValue("data.triton_endpoint.alpha", tfjsonpath.New("id"), knownvalue.StringExact(a.UUID)),
					statecheck.ExpectKnownValue("data.triton_endpoint.alpha", tfjsonpath.New("allowed_origins"), knownvalue.ListExact([]knownvalue.Check{origin("a.example.com", true)})),
					statecheck.ExpectKnownValue("data.triton_endpoint.alpha", tfjsonpath.New("system_origins"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(emulator.SystemOrigin)})),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`data "triton_endpoint" "b" {
  subscription_uuid = %q
  name              = "beta"
}`, env.sub.UUID)),
				ExpectError: regexp.MustCompile(`Ambiguous Endpoint Name`),
			},
		},
	})
}

func TestSubscriptionAndAccountDataSources(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 2})
	for i := 0; i < 4; i++ {
		env.emu.AddSubscription(env.account.UUID, fmt.Sprintf("extra-%d", i), "developer", "developer")
	}
	other := env.emu.AddAccount("hidden") // not in the key's scope
	env.emu.AddSubscription(other.UUID, "acme-mainnet", "mainnet-shared")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// A subscription found by name feeds a token in the same configuration.
				Config: env.config(`
data "triton_subscription" "main" { name = "acme-mainnet" }
data "triton_subscriptions" "dev" { subscription_type = "developer" }
data "triton_subscriptions" "all" {}
data "triton_accounts" "acme" { name = "acme" }

resource "triton_token" "t" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "by-name"
  rate_tier         = data.triton_subscription.main.supported_rate_tiers[0]
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("subscription_uuid"), knownvalue.StringExact(env.sub.UUID)),
					statecheck.ExpectKnownValue("data.triton_subscription.main", tfjsonpath.New("account_uuid"), knownvalue.StringExact(env.account.UUID)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.dev", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.all", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.dev", tfjsonpath.New("subscriptions").AtSliceIndex(3).AtMapKey("supported_rate_tiers"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("developer")})),
					statecheck.ExpectKnownValue("data.triton_accounts.acme", tfjsonpath.New("accounts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(env.account.UUID), "name": knownvalue.StringExact("acme"), "is_active": knownvalue.Bool(true)}),
					})),
				},
			},
			{
				Config:      env.config(`data "triton_subscription" "x" { name = "missing" }`),
				ExpectError: regexp.MustCompile(`(?s)Subscription Not Found.*name "missing"`),
			},
		},
	})
}

func TestRateTiersDataSource(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`data "triton_rate_tiers" "all" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_rate_tiers.all", tfjsonpath.New("names"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.StringExact("free"), 5: knownvalue.StringExact("developer"),
					})),
				},
			},
			{
				Config:      env.providerBlock(env.standard) + `data "triton_rate_tiers" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)Error Listing Rate Tiers.*may not list rate tiers.*reseller role`),
			},
		},
	})
}

func TestTokenEphemeralResource(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	tok := env.emu.CreateToken(env.sub.UUID, "eph", "tier1", true)
	secret := tok.Value
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"triton": testProviderFactories["triton"],
			"echo":   echoprovider.NewProviderServer(),
		},
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
ephemeral "triton_token" "t" {
  subscription_uuid = %q
  id                = %q
}

provider "echo" {
  data = {
    auth_username = ephemeral.triton_token.t.auth_username
    value_is_uuid = can(regex("^[0-9a-f-]{36}$", ephemeral.triton_token.t.value))
  }
}

resource "echo" "out" {}
`, env.sub.UUID, tok.UUID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.out", tfjsonpath.New("data").AtMapKey("auth_username"), knownvalue.StringExact(tok.AuthUsername)),
				statecheck.ExpectKnownValue("echo.out", tfjsonpath.New("data").AtMapKey("value_is_uuid"), knownvalue.Bool(true)),
				stateLacks{secret: &secret},
			},
		}},
	})
}

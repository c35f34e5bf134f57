package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestAccTokensDataSource_valuesMap: 1 000 tokens over 10 pages (fetched
// concurrently). `values` holds exactly the emulator's secrets by token id, is the
// only sensitive attribute, and is null without include_values; no element of
// `tokens` carries a secret.
func TestAccTokensDataSource_valuesMap(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 100})
	toks := env.emu.SeedTokens(env.sub.UUID, 1000, "bulk", true)
	want := make(map[string]knownvalue.Check, len(toks))
	for _, tok := range toks {
		want[tok.UUID] = knownvalue.StringExact(tok.Value)
	}
	const ds = "data.triton_tokens.all"
	cfg := func(include bool) string {
		return env.config(fmt.Sprintf(`data "triton_tokens" "all" {
  subscription_uuid = %q
  include_values    = %t
}`, env.sub.UUID, include))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("values"), knownvalue.MapExact(want)),
					statecheck.ExpectSensitiveValue(ds, tfjsonpath.New("values")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(1000)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens").AtSliceIndex(999), knownvalue.MapExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(toks[999].UUID), "subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"name": knownvalue.StringExact(toks[999].Name), "rate_tier": knownvalue.StringExact(toks[999].RateTier),
						"auth_username": knownvalue.StringExact(toks[999].AuthUsername), "is_active": knownvalue.Bool(true),
						"deactivation_reasons": knownvalue.ListSizeExact(0),
					})),
				},
			},
			{
				Config: cfg(false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("values"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(1000)),
				},
			},
		},
	})
}

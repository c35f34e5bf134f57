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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const tokenAddr = "triton_token.t"

// tokenConfig renders one token; extra is HCL placed inside the block.
func tokenConfig(sub, name, extra string) string {
	return fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = "tier1"
%[3]s
}
`, sub, name, extra)
}

func importID(address string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s not in state", address)
		}
		return rs.Primary.Attributes["subscription_uuid"] + "/" + rs.Primary.ID, nil
	}
}

func TestTokenResource_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameValue := statecheck.CompareValue(compare.ValuesSame())
	var id string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroy deactivates: the token is still listed, inactive, with the reason.
			tok, ok := env.emu.Token(id)
			if !ok || tok.IsActive {
				return fmt.Errorf("after destroy token %s: listed=%v active=%v, want listed and inactive", id, ok, tok.IsActive)
			}
			if n := len(tok.DeactivationReasons); n == 0 || tok.DeactivationReasons[n-1].Description != "rotated out" {
				return fmt.Errorf("destroy reason missing: %+v", tok.DeactivationReasons)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Created inactive by the API, then activated because is_active = true.
				Config: env.config(tokenConfig(env.sub.UUID, "web", `  is_active = true`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("id"), uuidCheck),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("value"), uuidCheck),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("auth_username"), knownvalue.StringRegexp(regexp.MustCompile(`^web-[0-9a-f]{4}$`))),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deletion_policy"), knownvalue.StringExact("deactivate")),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectSensitiveValue(tokenAddr, tfjsonpath.New("value")),
					sameID.AddStateValue(tokenAddr, tfjsonpath.New("id")),
					sameValue.AddStateValue(tokenAddr, tfjsonpath.New("value")),
					capture(tokenAddr, &id),
				},
			},
			{
				// Provider-only attributes take defaults. The first Read after an
				// import stores no value (it cannot see whether the configuration
				// says store_value = false); the next refresh fills it.
				ResourceName:            tokenAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"value"},
				ImportStateIdFunc:       importID(tokenAddr),
			},
			{
				// Deactivate in place: value and auth_username stay known, the history does not.
				Config: env.config(tokenConfig(env.sub.UUID, "web", `  is_active = false
  deactivation_reason = "paused"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(tokenAddr, tfjsonpath.New("deactivation_reasons")),
					plancheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("auth_username"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("value"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"description": knownvalue.StringExact("paused")}),
					})),
					sameID.AddStateValue(tokenAddr, tfjsonpath.New("id")),
					sameValue.AddStateValue(tokenAddr, tfjsonpath.New("value")),
				},
			},
			{
				// Changing only the reason is an update that calls nothing: the history stays known.
				Config: env.config(tokenConfig(env.sub.UUID, "web", `  is_active = false
  deactivation_reason = "rotated out"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListSizeExact(1)),
				}},
			},
			{
				// Re-activate in place; the history is kept.
				Config: env.config(tokenConfig(env.sub.UUID, "web", `  is_active = true
  deactivation_reason = "rotated out"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(tokenAddr, tfjsonpath.New("deactivation_reasons")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListSizeExact(1)),
					sameID.AddStateValue(tokenAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Removing is_active stops managing it: no change planned.
				Config: env.config(tokenConfig(env.sub.UUID, "web", `  deactivation_reason = "rotated out"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestTokenResource_drift(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(tokenConfig(env.sub.UUID, "drift", `  is_active = true`))
	var id, firstID string
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					capture(tokenAddr, &id),
					differ.AddStateValue(tokenAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Deactivated behind Terraform's back: the plan re-activates in place.
				PreConfig: func() {
					firstID = id
					env.emu.SetTokenActive(id, false, "support ticket")
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				// Renamed behind Terraform's back: tokens cannot be updated, so it is replaced.
				PreConfig: func() { env.emu.RenameToken(id, "renamed") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					capture(tokenAddr, &id),
				},
			},
			{
				// Vanished from the list: the plan creates it again.
				PreConfig: func() { env.emu.RemoveToken(id) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					differ.AddStateValue(tokenAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
	if tok, ok := env.emu.Token(firstID); !ok || tok.IsActive {
		t.Fatalf("the replaced token must be deactivated, not deleted: listed=%v active=%v", ok, tok.IsActive)
	}
}

func TestTokenResource_rotationCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	cfg := func(gen string) string {
		return env.config(tokenConfig(env.sub.UUID, "rotating", fmt.Sprintf(`  rotation_triggers = { generation = %q }
  lifecycle {
    create_before_destroy = true
  }`, gen)))
	}
	var oldID, newID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg("1"),
				ConfigStateChecks: []statecheck.StateCheck{capture(tokenAddr, &oldID)},
			},
			{
				// A new trigger value rotates: the new token exists before the old one is deactivated.
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{capture(tokenAddr, &newID)},
			},
			{
				// Same trigger: nothing to do.
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
	ev := env.emu.Events()
	created, deactivated := indexOf(ev, "create token "+newID), indexOf(ev, "deactivate token "+oldID)
	if newID == oldID || created < 0 || deactivated < 0 || created > deactivated {
		t.Fatalf("want create of %s before deactivate of %s, events: %v", newID, oldID, ev)
	}
}

func TestTokenResource_abandon(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	var id string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			tok, ok := env.emu.Token(id)
			if !ok || !tok.IsActive {
				return fmt.Errorf("abandoned token must stay active: listed=%v active=%v", ok, tok.IsActive)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.config(tokenConfig(env.sub.UUID, "kept", `  deletion_policy = "abandon"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				capture(tokenAddr, &id),
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
			},
		}},
	})
	if n := env.emu.RequestCount("PUT /api/v1/tokens/{uuid}/deactivate"); n != 0 {
		t.Fatalf("abandon made %d deactivate calls", n)
	}
}

func TestTokenResource_validation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cases := map[string]struct {
		cfg  string
		want string
	}{
		"malformed uuid":          {tokenConfig("not-a-uuid", "x", ""), `(?s)Invalid UUID.*subscription_uuid`},
		"empty name":              {tokenConfig(env.sub.UUID, "  ", ""), `(?s)Empty Value.*name must not be empty`},
		"unknown deletion_policy": {tokenConfig(env.sub.UUID, "x", `  deletion_policy = "delete"`), `(?s)deletion_policy.*"deactivate".*"abandon"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      env.config(tc.cfg),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func TestTokenResource_unknownRateTierNamesServerMessage(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	// The subscription claims "platinum", so the plan-time check lets it through and
	// the API's 422 is what the user sees.
	odd := env.emu.AddSubscription(env.account.UUID, "odd", "mainnet-shared", "platinum", "tier1")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "triton_token" "t" {
  subscription_uuid = "` + odd.UUID + `"
  name              = "x"
  rate_tier         = "platinum"
}`),
			ExpectError: regexp.MustCompile(`(?s)Error Creating Token.*HTTP 422.*"platinum" is not a rate tier`),
		}},
	})
	if n := len(env.emu.Tokens(odd.UUID)); n != 0 {
		t.Fatalf("created %d tokens", n)
	}
}

func TestTokenResource_importErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	for name, tc := range map[string]struct{ id, want string }{
		"no slash":      {"abc", `form <subscription_uuid>/<uuid>`},
		"bad sub":       {"x/" + emulator.NewUUID(), `subscription part "x"`},
		"missing token": {env.sub.UUID + "/" + emulator.NewUUID(), `is listed in subscription`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:        env.config(tokenConfig(env.sub.UUID, "x", "")),
					ResourceName:  tokenAddr,
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   regexp.MustCompile(regexp.QuoteMeta(tc.want)),
				}},
			})
		})
	}
}

func TestTokenResource_activateForbiddenNamesRole(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := func(extra string) string {
		return env.providerBlock(env.standard) + tokenConfig(env.sub.UUID, "std", `  deletion_policy = "abandon"
`+extra)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(`  is_active = true`),
				ExpectError: regexp.MustCompile(`(?s)Error Activating Token.*may not activate a token \(HTTP 403\).*operator or reseller role.*is_active`),
			},
			{
				// The token was saved to state before the failed activate: it is tracked
				// (tainted, so planned for replacement), not orphaned (planned as a create).
				Config:             cfg(""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 1 {
		t.Fatalf("tokens in emulator = %d, want 1", n)
	}
}

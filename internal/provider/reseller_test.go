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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const (
	testCollection = "J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w"
	testTree       = "7eFJyb5UDkXWDxNrWqxbdpf2zKdw6hX7RwCi9WFwGYHV"
)

// customerConfig is what a reseller declares for a new customer: a subscription,
// a token and an endpoint in it, and a watch list entry.
func customerConfig(env *testEnv, name, subType string) string {
	return env.config(fmt.Sprintf(`
resource "triton_subscription" "customer" {
  account_uuid        = %[1]q
  subscription_type   = %[3]q
  name                = %[2]q
  is_active           = true
  deactivation_reason = "offboarded"
}

resource "triton_token" "backend" {
  subscription_uuid   = triton_subscription.customer.id
  name                = "backend"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "offboarded"
}

resource "triton_endpoint" "web" {
  subscription_uuid   = triton_subscription.customer.id
  name                = "web"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "offboarded"
}

resource "triton_address_watch_list" "nft" {
  subscription_uuid = triton_subscription.customer.id
  variant           = "collection"
  encoded_value     = %[4]q
}
`, env.account.UUID, name, subType, testCollection))
}

func TestAccReseller_customerLifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var subID, wlID, firstSub string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// One apply: the subscription, a token and an endpoint in it, a watch list.
				Config: customerConfig(env, "customer-a", "mainnet-shared"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("triton_subscription.customer", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("triton_subscription.customer", tfjsonpath.New("supported_rate_tiers"), knownvalue.ListSizeExact(6)),
					statecheck.ExpectKnownValue("triton_address_watch_list.nft", tfjsonpath.New("id"), uuidCheck),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(st *terraform.State) error {
					subID = st.RootModule().Resources["triton_subscription.customer"].Primary.ID
					wlID = st.RootModule().Resources["triton_address_watch_list.nft"].Primary.ID
					s, ok := env.emu.GetSubscription(subID)
					if !ok || !s.IsActive || s.Name != "customer-a" {
						return fmt.Errorf("subscription in the API: %+v", s)
					}
					if n := len(env.emu.Tokens(subID)); n != 1 {
						return fmt.Errorf("%d tokens in the new subscription", n)
					}
					if wl := env.emu.WatchLists(subID); len(wl) != 1 || wl[0].EncodedValue != testCollection {
						return fmt.Errorf("watch lists: %+v", wl)
					}
					return nil
				},
			},
			{
				// The plan after is empty.
				Config:           customerConfig(env, "customer-a", "mainnet-shared"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A rename changes one resource, in place.
				Config: customerConfig(env, "customer-a-renamed", "mainnet-shared"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_subscription.customer", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("triton_token.backend", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("triton_endpoint.web", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("triton_address_watch_list.nft", plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue("triton_subscription.customer", tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != subID {
							return fmt.Errorf("id %s, want %s kept", v, subID)
						}
						return nil
					})),
				}},
				Check: func(*terraform.State) error {
					if s, _ := env.emu.GetSubscription(subID); s.Name != "customer-a-renamed" {
						return fmt.Errorf("API name %q", s.Name)
					}
					return nil
				},
			},
			{
				// Drift: the subscription deactivated and renamed behind Terraform's
				// back, the watch list entry deleted: one apply repairs all of it.
				PreConfig: func() {
					env.emu.SetSubscriptionActive(subID, false, "billing")
					env.emu.RenameSubscription(subID, "someone-else")
					env.emu.DeleteWatchList(wlID)
				},
				Config: customerConfig(env, "customer-a-renamed", "mainnet-shared"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("triton_subscription.customer", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("triton_address_watch_list.nft", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("triton_token.backend", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					s, _ := env.emu.GetSubscription(subID)
					if !s.IsActive || s.Name != "customer-a-renamed" {
						return fmt.Errorf("drift not repaired: %+v", s)
					}
					if n := len(env.emu.WatchLists(subID)); n != 1 {
						return fmt.Errorf("%d watch list entries after the repair, want 1", n)
					}
					return nil
				},
			},
			{
				// A type change replaces the subscription and, through subscription_uuid,
				// everything in it.
				PreConfig: func() { firstSub = subID },
				Config:    customerConfig(env, "customer-a-renamed", "mainnet-dedicated"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_subscription.customer", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("triton_token.backend", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("triton_address_watch_list.nft", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(st *terraform.State) error {
					subID = st.RootModule().Resources["triton_subscription.customer"].Primary.ID
					old, _ := env.emu.GetSubscription(firstSub)
					if old.IsActive || lastReason(old.DeactivationReasons) != "offboarded" {
						return fmt.Errorf("the replaced subscription must be deactivated with the reason: %+v", old)
					}
					if n := len(env.emu.WatchLists(firstSub)); n != 0 {
						return fmt.Errorf("the old subscription still has %d watch list entries", n)
					}
					return nil
				},
			},
		},
		// Destroy deletes the watch list entry and deactivates the rest, with the reason.
		CheckDestroy: func(*terraform.State) error {
			s, _ := env.emu.GetSubscription(subID)
			if s.IsActive || lastReason(s.DeactivationReasons) != "offboarded" {
				return fmt.Errorf("subscription after destroy: %+v", s)
			}
			toks := env.emu.Tokens(subID)
			if len(toks) != 1 {
				return fmt.Errorf("%d tokens in the subscription after destroy, want 1 (deactivated, not deleted)", len(toks))
			}
			for _, tok := range toks {
				if tok.IsActive || lastReason(tok.DeactivationReasons) != "offboarded" {
					return fmt.Errorf("token after destroy: %+v", tok)
				}
			}
			for _, ep := range env.emu.Endpoints(subID) {
				if ep.IsActive {
					return fmt.Errorf("endpoint after destroy: %+v", ep)
				}
			}
			if n := len(env.emu.WatchLists(subID)); n != 0 {
				return fmt.Errorf("%d watch list entries after destroy, want 0 (a real DELETE)", n)
			}
			return nil
		},
	})
}

// Bad variants and values fail at plan time, with no request sent.
func TestAccWatchList_planTimeValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cases := []struct{ variant, value, want string }{
		{"nft", testCollection, `(?s)variant.*"collection".*"tree"`},
		{"collection", "tooShort", `(?s)Invalid Solana Address.*8 characters`},
		{"collection", strings.Repeat("1", 45), `(?s)Invalid Solana Address.*45 characters`},
		{"tree", "0" + testTree[1:], `(?s)Invalid Solana Address.*'0' at position 1.*not base58`},
		{"tree", testTree[:20] + "O" + testTree[21:], `(?s)Invalid Solana Address.*'O' at position 21`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  subscription_uuid = %q
  variant           = %q
  encoded_value     = %q
}`, env.sub.UUID, c.variant, c.value)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = "mainnet-shared"
  name              = "x"
  starts_at         = "2027-01-01T00:00:00Z"
  ends_at           = "2026-12-31T23:59:59Z"
}`, env.account.UUID)),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Subscription Ends Before It Starts.*must be after starts_at`),
	}, resource.TestStep{
		Config: env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = "mainnet-shared"
  name              = "x"
  starts_at         = "tomorrow"
}`, env.account.UUID)),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Invalid Timestamp.*"tomorrow".*RFC 3339`),
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: steps})
	for route, n := range env.emu.RequestCounts() {
		if strings.HasPrefix(route, "POST") || strings.HasPrefix(route, "PUT") || strings.HasPrefix(route, "DELETE") {
			t.Errorf("%d %s requests for configurations that fail at plan time", n, route)
		}
	}
}

// An operator creating a subscription and a standard key creating a watch list
// each get an error naming the role the call needs.
func TestAccReseller_roleErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.providerBlock(env.operator) + fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = "mainnet-shared"
  name              = "by-operator"
}`, env.account.UUID),
				// A first create: nothing "changed", so no attribute is blamed.
				ExpectError: regexp.MustCompile(`(?s)Error Creating Subscription.*may\s+not\s+create\s+a\s+subscription\s+\(HTTP\s+403\):\s+this\s+call\s+needs\s+the\s+reseller\s+role\.\s+Use\s+an\s+API\s+token`),
			},
			{
				Config: env.providerBlock(env.standard) + fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  subscription_uuid = %q
  variant           = "collection"
  encoded_value     = %q
}`, env.sub.UUID, testCollection),
				ExpectError: regexp.MustCompile(`(?s)Error Creating Address Watch List.*needs\s+the\s+operator\s+or\s+reseller\s+role\.\s+Use\s+an\s+API\s+token`),
			},
			{
				Config:      env.providerBlock(env.standard) + `data "triton_subscription_types" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)Error Listing Subscription Types.*needs the reseller role`),
			},
			{
				// Listing subscriptions is allowed to every role.
				Config: env.providerBlock(env.standard) + `data "triton_subscriptions" "all" {}`,
			},
			{
				Config: env.config(`
resource "triton_subscription" "s" {
  account_uuid      = "00000000-0000-4000-8000-000000000000"
  subscription_type = "mainnet-shared"
  name              = "elsewhere"
}`),
				ExpectError: regexp.MustCompile(`(?s)found no account "00000000-0000-4000-8000-000000000000".*triton_accounts`),
			},
		},
	})
}

func TestAccReseller_dataSourcesAndImport(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	a := env.emu.AddWatchList(env.sub.UUID, "collection", testCollection)
	env.emu.AddWatchList(env.sub.UUID, "tree", testTree)
	cfg := env.config(fmt.Sprintf(`
data "triton_subscription_types" "all" {}

data "triton_address_watch_lists" "trees" {
  subscription_uuid = %[1]q
  variant           = "tree"
}

data "triton_address_watch_lists" "all" {
  subscription_uuid = %[1]q
}

resource "triton_address_watch_list" "a" {
  subscription_uuid = %[1]q
  variant           = "collection"
  encoded_value     = %[2]q
}

resource "triton_subscription" "s" {
  account_uuid      = %[3]q
  subscription_type = "mainnet-shared"
  name              = "acme-mainnet"
}
`, env.sub.UUID, testCollection, env.account.UUID))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`data "triton_subscription_types" "all" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_subscription_types.all", tfjsonpath.New("subscription_types"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("developer"), "pool_name": knownvalue.StringExact("developer-pool"),
							"endpoint_default_suffixes": knownvalue.ListExact([]knownvalue.Check{
								knownvalue.StringExact("devnet.rpcpool.com"), knownvalue.StringExact("testnet.rpcpool.com"),
							}),
						}),
					})),
				},
			},
			{
				// Existing objects are imported into the configuration: no change.
				Config: cfg + fmt.Sprintf(`
import {
  to = triton_address_watch_list.a
  id = "%[1]s/%[2]s"
}

import {
  to = triton_subscription.s
  id = %[3]q
}
`, env.sub.UUID, strings.ToUpper(a.UUID), strings.ToUpper(env.sub.UUID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_address_watch_list.a", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("triton_subscription.s", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("triton_address_watch_list.a", tfjsonpath.New("id"), knownvalue.StringExact(a.UUID)),
					statecheck.ExpectKnownValue("triton_subscription.s", tfjsonpath.New("id"), knownvalue.StringExact(env.sub.UUID)),
					statecheck.ExpectKnownValue("data.triton_address_watch_lists.trees", tfjsonpath.New("address_watch_lists"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"variant": knownvalue.StringExact("tree"), "encoded_value": knownvalue.StringExact(testTree)}),
					})),
					statecheck.ExpectKnownValue("data.triton_address_watch_lists.all", tfjsonpath.New("address_watch_lists"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:      "triton_subscription.s",
				ImportState:       true,
				ImportStateId:     env.sub.UUID,
				ImportStateVerify: true,
				Config:            cfg,
			},
			{
				ResourceName:  "triton_subscription.s",
				ImportState:   true,
				ImportStateId: env.sub.UUID + "/x",
				Config:        cfg,
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*subscription UUID`),
			},
			{
				ResourceName:  "triton_address_watch_list.a",
				ImportState:   true,
				ImportStateId: env.sub.UUID + "/" + emulator.NewUUID(),
				Config:        cfg,
				ExpectError:   regexp.MustCompile(`(?s)Error Importing Address Watch List.*No address watch list`),
			},
		},
	})
}

// A create whose answer is lost (an empty 201) is adopted, not repeated.
func TestAccReseller_hollowCreatesAdopted(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{HollowCreates: true})
	cfg := env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %[1]q
  subscription_type = "developer"
  name              = "hollow"
}

resource "triton_address_watch_list" "w" {
  subscription_uuid = %[2]q
  variant           = "tree"
  encoded_value     = %[3]q
}
`, env.account.UUID, env.sub.UUID, testTree))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_subscription.s", tfjsonpath.New("id"), uuidCheck),
				statecheck.ExpectKnownValue("triton_address_watch_list.w", tfjsonpath.New("id"), uuidCheck),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if n := len(env.emu.WatchLists(env.sub.UUID)); n != 1 {
					return fmt.Errorf("%d watch list entries, want 1", n)
				}
				return nil
			},
		}},
	})
	if n := env.emu.RequestCount("POST /api/v1/subscriptions"); n != 1 {
		t.Errorf("subscription POSTs = %d, want 1", n)
	}
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/address_watch_lists"); n != 1 {
		t.Errorf("watch list POSTs = %d, want 1", n)
	}
}

func lastReason(rs []emulator.DeactivationReason) string {
	if len(rs) == 0 {
		return ""
	}
	return rs[len(rs)-1].Description
}

// Declaring an entry that already exists fails with the import command for it.
func TestAccWatchList_existingEntryNamesImport(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	w := env.emu.AddWatchList(env.sub.UUID, "tree", testTree)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  subscription_uuid = %q
  variant           = "tree"
  encoded_value     = %q
}`, env.sub.UUID, testTree)),
			ExpectError: regexp.MustCompile(`(?s)Already Exists.*terraform import ADDRESS ` + env.sub.UUID + "/" + w.UUID),
		}},
	})
}

// A subscription replacement warns once, at plan time, that its tokens and endpoints
// go with it; a rename or a respelled time warns of nothing.
func TestSubscriptionReplacementWarnsAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := func(subType, starts string) string {
		return fmt.Sprintf(`
provider "triton" {}
resource "triton_subscription" "s" {
  account_uuid      = %q
  subscription_type = %q
  name              = "customer"
  starts_at         = %q
  is_active         = true
}
resource "triton_token" "t" {
  subscription_uuid = triton_subscription.s.id
  name              = "backend"
  rate_tier         = "tier1"
}
`, env.account.UUID, subType, starts)
	}
	c := newCLI(t, env, cfg("mainnet-shared", "2026-01-01T00:00:00Z"))
	c.mustRun("apply", "-auto-approve", "-input=false")
	for _, next := range []struct{ subType, starts, because string }{
		{"mainnet-dedicated", "2026-01-01T00:00:00Z", "`subscription_type`"},
		{"mainnet-shared", "2026-02-01T00:00:00Z", "`starts_at`"},
	} {
		c.writeConfig(cfg(next.subType, next.starts))
		out := c.mustRun("plan", "-input=false")
		if n := strings.Count(out, "Warning: Tokens And Endpoints Go With The Subscription"); n != 1 {
			t.Fatalf("changing %s: %d warnings about the subscription's contents, want 1:\n%s", next.because, n, out)
		}
		if n := strings.Count(out, "Warning: Replacement Will Deactivate Subscription"); n != 1 || !strings.Contains(out, "Changing "+next.because) {
			t.Fatalf("changing %s: want one replacement warning naming it:\n%s", next.because, out)
		}
		if !strings.Contains(out, "2 to add, 0 to change, 2 to destroy") {
			t.Fatalf("changing %s: the token must be replaced with the subscription:\n%s", next.because, out)
		}
	}
	// The same instant in another offset: an in-place update, no warning.
	c.writeConfig(cfg("mainnet-shared", "2026-01-01T09:00:00+09:00"))
	out := c.mustRun("plan", "-input=false")
	if strings.Contains(out, "Warning: Tokens And Endpoints") || strings.Contains(out, "Replacement Will") || !strings.Contains(out, "0 to add, 1 to change, 0 to destroy") {
		t.Fatalf("a respelled starts_at must be an in-place update without warnings:\n%s", out)
	}
}

// A watch list entry: apply, an empty re-plan, forget, import into the same
// configuration (no-op), an empty re-plan; and an entry deleted outside is recreated.
func TestConfigMatrix_watchList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var id string
	cfg := env.config(fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  subscription_uuid = %q
  variant           = "collection"
  encoded_value     = %q
}
`, env.sub.UUID, testCollection))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{capture("triton_address_watch_list.w", &id)},
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{Config: env.providerBlock(env.reseller) + "removed {\n  from = triton_address_watch_list.w\n  lifecycle {\n    destroy = false\n  }\n}\n"},
			{
				Config: cfg + `
variable "import_id" {
  type = string
}
import {
  to = triton_address_watch_list.w
  id = var.import_id
}
`,
				ConfigVariables: config.Variables{"import_id": lazyString(func() string { return env.scopedID(id) })},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("triton_address_watch_list.w", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	if n := len(env.emu.WatchLists(env.sub.UUID)); n != 0 {
		t.Fatalf("%d entries after destroy, want 0", n)
	}
}

// A bad watch-list page (the server serves page 1 for every page) must not remove a
// managed entry from state, nor plan to create it again: the refresh fails and says
// why; once the server behaves, the plan is empty again.
func TestAccWatchList_badPageIsNotGone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 2, WatchListMeta: true})
	cfg := env.config(fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  count             = 3
  subscription_uuid = %q
  variant           = "tree"
  encoded_value     = ["%s", "%s", "%s"][count.index]
}
`, env.sub.UUID, testTree, testCollection, strings.Repeat("2", 40)))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { env.emu.SetIgnorePage(true) },
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)never\s+added\s+up.*does\s+not\s+treat\s+the\s+object\s+as\s+gone.*reports\s+3`),
			},
			{
				PreConfig:        func() { env.emu.SetIgnorePage(false) },
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Incomplete subscription lists: the plural data source warns, the singular one
// says the list is incomplete instead of "not found".
func TestCLI_IncompleteSubscriptionList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 2, IgnorePage: true})
	for i := 0; i < 4; i++ {
		env.emu.AddSubscription(env.account.UUID, fmt.Sprintf("late-%d", i), "developer")
	}
	c := newCLI(t, env, `
provider "triton" {
  page_size = 2
}
data "triton_subscriptions" "all" {}
output "n" {
  value = length(data.triton_subscriptions.all.subscriptions)
}
`)
	out := c.mustRun("plan", "-input=false")
	if strings.Count(out, "Warning: Incomplete Subscription List") != 1 || !strings.Contains(out, "reports 5") {
		t.Fatalf("want one incomplete-list warning (the server reports 5):\n%s", out)
	}
	c.writeConfig(`
provider "triton" {
  page_size = 2
}
data "triton_subscription" "late" {
  name = "late-3"
}
`)
	code, out := c.run("plan", "-input=false")
	if code == 0 || !strings.Contains(out, "Subscription List Incomplete") || strings.Contains(out, "Subscription Not Found") {
		t.Fatalf("lookup beyond the bad page: exit %d, want the incomplete-list error:\n%s", code, out)
	}
}

// Two resources declaring the same entry: the second create's 422 says another
// resource in this configuration holds the entry, and does not suggest importing
// the entry the first just created.
func TestAccWatchList_declaredTwiceSaysSo(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "triton_address_watch_list" "a" {
  subscription_uuid = %[1]q
  variant           = "tree"
  encoded_value     = %[2]q
}
resource "triton_address_watch_list" "b" {
  subscription_uuid = %[1]q
  variant           = "tree"
  encoded_value     = %[2]q
}`, env.sub.UUID, testTree)),
			ExpectError: regexp.MustCompile(`(?s)Address Watch List Entry Declared Twice.*another\s+resource\s+in\s+this\s+configuration\s+holds\s+it.*Do\s+not\s+import`),
		}},
	})
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/address_watch_lists"); n != 2 {
		t.Errorf("%d creates sent, want 2 (one created, one refused)", n)
	}
}

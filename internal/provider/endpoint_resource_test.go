package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
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

const endpointAddr = "triton_endpoint.e"

func endpointConfig(sub, name, tier, body string) string {
	return fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = %[3]q
%[4]s
}
`, sub, name, tier, body)
}

func origin(value string, active bool) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"value": knownvalue.StringExact(value), "is_active": knownvalue.Bool(active),
	})
}

// systemOriginKept fails unless the emulator's endpoint still has the system origin.
func systemOriginKept(env *testEnv, id *string) func() error {
	return func() error {
		ep, ok := env.emu.Endpoint(*id)
		if !ok {
			return fmt.Errorf("endpoint %s missing", *id)
		}
		for _, o := range ep.AllowedOrigins {
			if o.Value == emulator.SystemOrigin {
				return nil
			}
		}
		return fmt.Errorf("system origin lost: %+v", ep.AllowedOrigins)
	}
}

type funcCheck func() error

func (f funcCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func TestEndpointResource_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameSlug := statecheck.CompareValue(compare.ValuesSame())
	var id string
	kept := funcCheck(systemOriginKept(env, &id))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			ep, ok := env.emu.Endpoint(id)
			if !ok || ep.IsActive {
				return fmt.Errorf("destroy must deactivate, not delete: listed=%v active=%v", ok, ep.IsActive)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Two origins, one disabled: the create enables both, an update disables one.
				Config: env.config(endpointConfig(env.sub.UUID, "web", "tier1", `  is_active = true
  allowed_origins = [
    { value = "app.example.com" },
    { value = "staging.example.com", is_active = false },
  ]`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("id"), uuidCheck),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetExact([]knownvalue.Check{
						origin("app.example.com", true), origin("staging.example.com", false),
					})),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("system_origins"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(emulator.SystemOrigin)})),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("values"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringRegexp(regexp.MustCompile(`^web-[0-9a-f]{4}\.mainnet\.rpcpool\.com$`)),
					})),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("value"), knownvalue.Null()),
					sameID.AddStateValue(endpointAddr, tfjsonpath.New("id")),
					sameSlug.AddStateValue(endpointAddr, tfjsonpath.New("slug")),
					capture(endpointAddr, &id),
					kept,
				},
			},
			{
				ResourceName:      endpointAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importID(endpointAddr),
			},
			{
				// Name, rate tier and one origin change in place; the id and hostnames stay.
				Config: env.config(endpointConfig(env.sub.UUID, "web-renamed", "tier2", `  is_active = true
  allowed_origins = [
    { value = "app.example.com" },
    { value = "staging.example.com", is_active = true },
  ]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("slug"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("values"), knownvalue.ListSizeExact(1)),
					plancheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("deactivation_reasons"), knownvalue.ListSizeExact(0)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-renamed")),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("rate_tier"), knownvalue.StringExact("tier2")),
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetExact([]knownvalue.Check{
						origin("app.example.com", true), origin("staging.example.com", true),
					})),
					sameID.AddStateValue(endpointAddr, tfjsonpath.New("id")),
					sameSlug.AddStateValue(endpointAddr, tfjsonpath.New("slug")),
					kept,
				},
			},
			{
				// Reordering a set is no change.
				Config: env.config(endpointConfig(env.sub.UUID, "web-renamed", "tier2", `  is_active = true
  allowed_origins = [
    { value = "staging.example.com" },
    { value = "app.example.com" },
  ]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Removing allowed_origins stops managing them: no change, origins stay.
				Config:           env.config(endpointConfig(env.sub.UUID, "web-renamed", "tier2", `  is_active = true`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetSizeExact(2)),
				},
			},
			{
				// [] clears every user origin; the system origin survives.
				Config: env.config(endpointConfig(env.sub.UUID, "web-renamed", "tier2", `  is_active = true
  allowed_origins = []`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetSizeExact(0)),
					sameID.AddStateValue(endpointAddr, tfjsonpath.New("id")),
					kept,
				},
			},
		},
	})
}

func TestEndpointResource_drift(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(endpointConfig(env.sub.UUID, "drift", "tier1", `  is_active = true
  allowed_origins = [{ value = "app.example.com" }]`))
	var id string
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	managed := statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetExact([]knownvalue.Check{origin("app.example.com", true)}))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{capture(endpointAddr, &id), differ.AddStateValue(endpointAddr, tfjsonpath.New("id"))},
			},
			{
				// An origin added behind Terraform's back is planned away in place.
				PreConfig: func() {
					env.emu.SetEndpointOrigins(id, []emulator.Origin{
						{Value: "app.example.com", IsActive: true}, {Value: "evil.example.com", IsActive: true}, {Value: emulator.SystemOrigin, IsActive: true},
					})
				},
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{managed, funcCheck(systemOriginKept(env, &id))},
			},
			{
				// An origin disabled behind Terraform's back is enabled again.
				PreConfig: func() {
					env.emu.SetEndpointOrigins(id, []emulator.Origin{{Value: "app.example.com"}, {Value: emulator.SystemOrigin, IsActive: true}})
				},
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{managed},
			},
			{
				// Deactivated behind Terraform's back: re-activated in place.
				PreConfig: func() { env.emu.SetEndpointActive(id, false, "abuse") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(endpointAddr, tfjsonpath.New("deactivation_reasons")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(endpointAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true))},
			},
			{
				// Vanished: created again.
				PreConfig:         func() { env.emu.RemoveEndpoint(id) },
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue(endpointAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestEndpointResource_roleErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	body := func(tierOrigins string) string { return `  deletion_policy = "abandon"` + "\n" + tierOrigins }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// Only resellers create endpoints.
				Config:      env.providerBlock(env.standard) + endpointConfig(env.sub.UUID, "std", "tier1", body("")),
				ExpectError: regexp.MustCompile(`(?s)Error Creating Endpoint.*may not create an endpoint \(HTTP 403\).*reseller role`),
			},
			{
				Config: env.config(endpointConfig(env.sub.UUID, "std", "tier1", body(`  allowed_origins = [{ value = "a.example.com" }]`))),
			},
			{
				// Only resellers change rate_tier.
				Config:      env.providerBlock(env.standard) + endpointConfig(env.sub.UUID, "std", "tier2", body(`  allowed_origins = [{ value = "a.example.com" }]`)),
				ExpectError: regexp.MustCompile(`(?s)Error Updating Endpoint.*HTTP 403.*reseller role.*rate_tier`),
			},
			{
				// The standard role holds at most one origin: the server's 422 names the argument.
				Config: env.providerBlock(env.standard) + endpointConfig(env.sub.UUID, "std", "tier1", body(`  allowed_origins = [
    { value = "a.example.com" },
    { value = "b.example.com" },
  ]`)),
				ExpectError: regexp.MustCompile(`(?s)Error Updating Endpoint.*HTTP 422.*at most one allowed origin.*allowed_origins`),
			},
			{
				// Only resellers activate endpoints.
				Config:      env.providerBlock(env.operator) + endpointConfig(env.sub.UUID, "std", "tier1", body(`  is_active = true`)),
				ExpectError: regexp.MustCompile(`(?s)Error Activating Endpoint.*HTTP 403.*reseller role.*is_active`),
			},
		},
	})
}

func TestEndpointResource_originValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	for name, tc := range map[string]struct{ value, want string }{
		// Only what is surely wrong: values the API can hold (schemes, ports,
		// underscores) are accepted (TestEndpointAcceptsEveryOriginTheAPIHolds).
		"leading_space":  {" app.example.com", `(?s)Allowed Origin With Spaces.*"app.example.com"`},
		"trailing_space": {"app.example.com\t", `(?s)Allowed Origin With Spaces`},
		"reserved":       {"__blocked.rpcpool.com", `managed by Triton`},
		"empty":          {"", `Empty Allowed Origin`},
		"blank":          {"   ", `Empty Allowed Origin`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      env.config(endpointConfig(env.sub.UUID, "v", "tier1", fmt.Sprintf(`  allowed_origins = [{ value = %q }]`, tc.value))),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := len(env.emu.Endpoints(env.sub.UUID)); n != 0 {
		t.Fatalf("endpoints created: %d", n)
	}
}

// A name change sends one PUT with the name only: no rate_tier (a non-reseller key
// can make it) and no allowed_origins (unchanged; see TestEndpointRenameSendsNoOrigins).
func TestEndpointResource_updateBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var mu sync.Mutex
	var puts []string
	env.emu.OnRequestBody(func(route string, body []byte) {
		if route == "PUT /api/v1/endpoints/{uuid}" {
			mu.Lock()
			puts = append(puts, string(body))
			mu.Unlock()
		}
	})
	origins := `  deletion_policy = "abandon"
  allowed_origins = [{ value = "a.example.com" }]`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: env.config(endpointConfig(env.sub.UUID, "before", "tier1", origins))},
			{
				PreConfig: func() { mu.Lock(); puts = nil; mu.Unlock() },
				Config:    env.providerBlock(env.operator) + endpointConfig(env.sub.UUID, "after", "tier1", origins),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(endpointAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
	mu.Lock()
	defer mu.Unlock()
	if len(puts) != 1 {
		t.Fatalf("%d PUTs, want 1: %v", len(puts), puts)
	}
	var body struct {
		Endpoint map[string]json.RawMessage `json:"endpoint"`
	}
	if err := json.Unmarshal([]byte(puts[0]), &body); err != nil {
		t.Fatal(err)
	}
	if _, ok := body.Endpoint["rate_tier"]; ok {
		t.Errorf("rate_tier sent although unchanged: %s", puts[0])
	}
	if !strings.Contains(string(body.Endpoint["name"]), "after") {
		t.Errorf("PUT body lacks the name: %s", puts[0])
	}
	if _, ok := body.Endpoint["allowed_origins"]; ok {
		t.Errorf("allowed_origins sent although unchanged: %s", puts[0])
	}
}

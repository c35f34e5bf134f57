package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// apiOriginShapes are origins a Triton API holds that are not bare DNS names.
var apiOriginShapes = []string{"https://app.example.com", "http://localhost:3000", "my_app.example.com", "*.example.com", "app.example.com:8443"}

// TestEndpointAcceptsEveryOriginTheAPIHolds: every shape of origin the API holds
// plans, applies, re-plans empty and imports; configuration generated from the
// API (the same values) therefore validates.
func TestEndpointAcceptsEveryOriginTheAPIHolds(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var items []string
	for _, o := range apiOriginShapes {
		items = append(items, fmt.Sprintf("    { value = %q },", o))
	}
	cfg := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "shapes"
  rate_tier         = "tier1"
  allowed_origins = [
%s
  ]
}`, env.sub.UUID, strings.Join(items, "\n")))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_endpoint.e", tfjsonpath.New("allowed_origins"), knownvalue.SetSizeExact(len(apiOriginShapes))),
			},
		}, {
			ResourceName:            "triton_endpoint.e",
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateIdFunc:       importID("triton_endpoint.e"),
			ImportStateVerifyIgnore: []string{"deletion_policy"},
		}},
	})
}

// TestEndpointOriginErrorsReportedTogether: a duplicate, an empty origin, one
// with surrounding spaces and a system origin are all reported by one plan, and
// no request is sent.
func TestEndpointOriginErrorsReportedTogether(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "web"
  rate_tier         = "tier1"
  allowed_origins = [
    { value = "app.example.com" },
    { value = "app.example.com", is_active = false },
    { value = "" },
    { value = " spaced.example.com" },
    { value = "__blocked.rpcpool.com" },
  ]
}`, env.sub.UUID))
	for _, want := range []string{
		`(?s)Duplicate Allowed Origin.*"app.example.com"`,
		`(?s)Empty Allowed Origin`,
		`(?s)Allowed Origin With Spaces.*Write\s+it\s+as\s+"spaced.example.com"`,
		`(?s)Reserved Origin.*__blocked.rpcpool.com`,
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(want)}},
		})
	}
	if n := len(env.emu.RequestCounts()); n != 0 {
		t.Errorf("a configuration that fails validation sent requests: %v", env.emu.RequestCounts())
	}
}

// TestEndpointRenameSendsNoOrigins: a standard key renames an endpoint with one
// configured origin on a server that counts the "__" system origin toward the
// standard role's one-origin limit. The PUT carries the name only, so it passes;
// a change of the origins sends them (and that server then refuses it, 422).
func TestEndpointRenameSendsNoOrigins(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{CountSystemOrigins: true})
	ep := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true, "app.example.com")
	var mu sync.Mutex
	var puts []map[string]any
	env.emu.OnRequestBody(func(route string, body []byte) {
		if route != "PUT /api/v1/endpoints/{uuid}" {
			return
		}
		var m struct {
			Endpoint map[string]any `json:"endpoint"`
		}
		_ = json.Unmarshal(body, &m)
		mu.Lock()
		puts = append(puts, m.Endpoint)
		mu.Unlock()
	})
	cfg := func(name, origin string) string {
		return env.providerBlock(env.standard) + fmt.Sprintf(`
import {
  to = triton_endpoint.e
  id = "%[1]s/%[2]s"
}

resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = %[3]q
  rate_tier         = "tier1"
  allowed_origins   = [{ value = %[4]q }]
  deletion_policy   = "abandon" # the standard role may not deactivate
}`, env.sub.UUID, ep.UUID, name, origin)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("web", "app.example.com")},
			{
				Config: cfg("web-renamed", "app.example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("triton_endpoint.e", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("triton_endpoint.e", tfjsonpath.New("name"), knownvalue.StringExact("web-renamed"))},
			},
			{
				Config:      cfg("web-renamed", "other.example.com"),
				ExpectError: regexp.MustCompile(`(?s)HTTP 422.*at most one allowed origin`),
			},
		},
	})
	mu.Lock()
	defer mu.Unlock()
	if len(puts) != 2 {
		t.Fatalf("%d endpoint PUTs, want 2 (the rename, then the origin change): %v", len(puts), puts)
	}
	if _, ok := puts[0]["allowed_origins"]; ok {
		t.Errorf("the rename sent allowed_origins: %v", puts[0])
	}
	if _, ok := puts[1]["allowed_origins"]; !ok {
		t.Errorf("the origin change did not send allowed_origins: %v", puts[1])
	}
}

// TestEndpointMalformedOriginsFromTheAPI: an answer listing one origin twice, or
// an empty one (a null item), reads as the origins it means: no "Duplicate Set
// Element" error no configuration could fix, and no drift.
func TestEndpointMalformedOriginsFromTheAPI(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	ep := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true, "app.example.com")
	env.emu.SetEndpointOrigins(ep.UUID, []emulator.Origin{
		{Value: "app.example.com", IsActive: true}, {Value: "app.example.com", IsActive: true}, {Value: ""}, {Value: emulator.SystemOrigin, IsActive: true},
	})
	cfg := env.config(fmt.Sprintf(`
import {
  to = triton_endpoint.e
  id = "%[1]s/%[2]s"
}

resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "web"
  rate_tier         = "tier1"
  allowed_origins   = [{ value = "app.example.com" }]
  deletion_policy   = "abandon"
}`, env.sub.UUID, ep.UUID))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_endpoint.e", tfjsonpath.New("allowed_origins"), knownvalue.SetSizeExact(1)),
			},
		}},
	})
}

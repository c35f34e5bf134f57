//go:build live

package livetest

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

func endpointConfig(name string, origins ...string) string {
	quoted := make([]string, len(origins))
	for i, o := range origins {
		quoted[i] = fmt.Sprintf("{ value = %q }", o)
	}
	return providerBlock + fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid   = %[1]q
  name                = %[2]q
  rate_tier           = %[3]q
  is_active           = true
  deactivation_reason = "tf-acc contract suite"
  allowed_origins     = [%[4]s]
}
`, live.subscription, name, live.rateTier, strings.Join(quoted, ", "))
}

// systemOrigins are the origins Triton manages (value beginning with "__").
func systemOrigins(ep tritonapi.Endpoint) []string {
	var out []string
	for _, o := range ep.AllowedOrigins {
		if strings.HasPrefix(o.Value, "__") {
			out = append(out, o.Value)
		}
	}
	sort.Strings(out)
	return out
}

// userOrigins are the other origins, sorted.
func userOrigins(ep tritonapi.Endpoint) []string {
	var out []string
	for _, o := range ep.AllowedOrigins {
		if !strings.HasPrefix(o.Value, "__") {
			out = append(out, o.Value)
		}
	}
	sort.Strings(out)
	return out
}

// TestAccEndpoint_lifecycle (reseller): create with origins, rename in place,
// replace the origin set while Triton's system origins stay, import, destroy
// deactivates.
func TestAccEndpoint_lifecycle(t *testing.T) {
	needRole(t, "reseller")
	n, renamed := name(), name()
	var id string
	var system []string
	check := func(wantName string, wantOrigins ...string) func(*terraform.State) error {
		return func(s *terraform.State) error {
			id = s.RootModule().Resources["triton_endpoint.e"].Primary.ID
			ep, err := findEndpoint(id)
			if err != nil {
				return err
			}
			if ep.Name != wantName || !ep.IsActive {
				return fmt.Errorf("API has name %q active %t, want %q active", ep.Name, ep.IsActive, wantName)
			}
			sort.Strings(wantOrigins)
			if got := userOrigins(ep); strings.Join(got, ",") != strings.Join(wantOrigins, ",") {
				return fmt.Errorf("API origins %v, want %v", got, wantOrigins)
			}
			if system == nil {
				system = append([]string{}, systemOrigins(ep)...)
			} else if got := systemOrigins(ep); strings.Join(got, ",") != strings.Join(system, ",") {
				return fmt.Errorf("system origins changed from %v to %v", system, got)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: endpointConfig(n, "a.tf-acc.example.com", "b.tf-acc.example.com"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_endpoint.e", tfjsonpath.New("allowed_origins"), knownvalue.SetSizeExact(2)),
				statecheck.ExpectKnownValue("triton_endpoint.e", tfjsonpath.New("slug"), knownvalue.NotNull()),
			},
			Check: check(n, "a.tf-acc.example.com", "b.tf-acc.example.com"),
		}, {
			Config: endpointConfig(renamed, "a.tf-acc.example.com", "c.tf-acc.example.com"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("triton_endpoint.e", plancheck.ResourceActionUpdate),
			}},
			Check: check(renamed, "a.tf-acc.example.com", "c.tf-acc.example.com"),
		}, {
			Config:   endpointConfig(renamed, "a.tf-acc.example.com", "c.tf-acc.example.com"),
			PlanOnly: true,
		}, {
			Config:                  endpointConfig(renamed, "a.tf-acc.example.com", "c.tf-acc.example.com"),
			ResourceName:            "triton_endpoint.e",
			ImportState:             true,
			ImportStateIdFunc:       func(*terraform.State) (string, error) { return live.subscription + "/" + id, nil },
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"deletion_policy", "deactivation_reason"},
		}},
		CheckDestroy: func(*terraform.State) error {
			ep, err := findEndpoint(id)
			if err != nil {
				return fmt.Errorf("after destroy the endpoint must stay listed: %w", err)
			}
			if ep.IsActive {
				return fmt.Errorf("destroy did not deactivate endpoint %s", id)
			}
			return nil
		},
	})
}

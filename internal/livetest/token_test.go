//go:build live

package livetest

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// tokenConfig renders a token. A standard key cannot activate or deactivate, so
// for it is_active stays unmanaged and destroy only forgets the token.
func tokenConfig(name, extra string) string {
	return providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid   = %[1]q
  name                = %[2]q
  rate_tier           = %[3]q
  deactivation_reason = "tf-acc contract suite"
%[4]s
}
`, live.subscription, name, live.rateTier, extra)
}

// activeCheck expects is_active = want where the key manages it; a standard key
// leaves it unmanaged, so it is only known (real servers may start tokens active).
func activeCheck(want bool) knownvalue.Check {
	if canToggle() {
		return knownvalue.Bool(want)
	}
	return knownvalue.NotNull()
}

// tokenManagement is the part of a token configuration that depends on the role.
func tokenManagement(active bool) string {
	if !canToggle() {
		return `  deletion_policy = "abandon" # a standard key cannot deactivate`
	}
	return fmt.Sprintf("  is_active = %t", active)
}

// TestAccToken_lifecycle: create, state matches the API, drift found by listing and
// repaired, import by id, destroy deactivates (operator/reseller) or forgets (standard).
func TestAccToken_lifecycle(t *testing.T) {
	n := name()
	var id string
	steps := []resource.TestStep{{
		Config: tokenConfig(n, tokenManagement(true)),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
			statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("name"), knownvalue.StringExact(n)),
			statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("value"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("auth_username"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue("triton_token.t", tfjsonpath.New("is_active"), activeCheck(true)),
		},
		Check: func(s *terraform.State) error {
			id = s.RootModule().Resources["triton_token.t"].Primary.ID
			tok, err := findToken(id)
			if err != nil {
				return err
			}
			if tok.Name != n || tok.RateTier != live.rateTier {
				return fmt.Errorf("API has name %q tier %q, want %q %q", tok.Name, tok.RateTier, n, live.rateTier)
			}
			if canToggle() && !tok.IsActive {
				return fmt.Errorf("API reports the token inactive after is_active = true")
			}
			return nil
		},
	}, {
		// Re-plan with no change: empty.
		Config:   tokenConfig(n, tokenManagement(true)),
		PlanOnly: true,
	}}
	if canToggle() {
		steps = append(steps, resource.TestStep{
			// Drift: the token is deactivated behind Terraform's back; the refresh
			// (a list walk) sees it and the apply activates it again.
			PreConfig: func() {
				if err := apiClient().DeactivateToken(context.Background(), id, "tf-acc drift"); err != nil {
					t.Fatalf("deactivating behind Terraform's back: %v", err)
				}
			},
			Config: tokenConfig(n, tokenManagement(true)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				tok, err := findToken(id)
				if err != nil {
					return err
				}
				if !tok.IsActive {
					return fmt.Errorf("drift not repaired: the token is still inactive")
				}
				return nil
			},
		}, resource.TestStep{
			// is_active = false deactivates in place with the configured reason.
			Config: tokenConfig(n, tokenManagement(false)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				tok, err := findToken(id)
				if err != nil {
					return err
				}
				if tok.IsActive {
					return fmt.Errorf("the token is still active after is_active = false")
				}
				return nil
			},
		})
	}
	final := tokenConfig(n, tokenManagement(false))
	steps = append(steps, resource.TestStep{
		// Import by <subscription_uuid>/<uuid>.
		Config:            final,
		ResourceName:      "triton_token.t",
		ImportState:       true,
		ImportStateIdFunc: func(*terraform.State) (string, error) { return live.subscription + "/" + id, nil },
		ImportStateVerify: true,
		// Import cannot know provider-only settings, and the first Read after an
		// import stores no value (it cannot see store_value; the next refresh fills it).
		ImportStateVerifyIgnore: []string{"deletion_policy", "deactivation_reason", "value"},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			tok, err := findToken(id)
			if err != nil {
				return fmt.Errorf("after destroy the token must stay listed (the API has no delete): %w", err)
			}
			if canToggle() && tok.IsActive {
				return fmt.Errorf("destroy did not deactivate the token")
			}
			return nil
		},
	})
}

// TestAccToken_destroyDeactivates: an active token destroyed with the default
// deletion_policy is deactivated with the configured reason.
func TestAccToken_destroyDeactivates(t *testing.T) {
	needRole(t, "operator")
	n := name()
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: tokenConfig(n, "  is_active = true"),
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources["triton_token.t"].Primary.ID
				return nil
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			tok, err := findToken(id)
			if err != nil {
				return err
			}
			if tok.IsActive {
				return fmt.Errorf("destroy did not deactivate %s", id)
			}
			for _, r := range tok.DeactivationReasons {
				if r.Description == "tf-acc contract suite" {
					return nil
				}
			}
			return fmt.Errorf("the configured deactivation_reason is not in the token's history")
		},
	})
}

// TestAccToken_createsNoDuplicates: several creates in one apply give exactly one
// token per name in the API, and a second apply creates nothing.
func TestAccToken_createsNoDuplicates(t *testing.T) {
	prefix := name()
	policy := `deletion_policy = "abandon"`
	if canToggle() {
		policy = `is_active = false`
	}
	cfg := providerBlock + fmt.Sprintf(`
resource "triton_token" "many" {
  count             = 4
  subscription_uuid = %[1]q
  name              = "%[2]s-${count.index}"
  rate_tier         = %[3]q
  %[4]s
}
`, live.subscription, prefix, live.rateTier, policy)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				toks, err := apiClient().ListTokens(context.Background(), live.subscription)
				if err != nil {
					return err
				}
				seen := map[string]int{}
				for _, tok := range toks {
					seen[tok.Name]++
				}
				for i := 0; i < 4; i++ {
					if got := seen[fmt.Sprintf("%s-%d", prefix, i)]; got != 1 {
						return fmt.Errorf("%s-%d is listed %d times, want 1", prefix, i, got)
					}
				}
				return nil
			},
		}, {
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}},
	})
}

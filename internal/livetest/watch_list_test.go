//go:build live

package livetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// randomAddress is a fresh base58 string of 44 characters, so runs never collide
// with an entry a previous run left (watch lists carry no name to sweep by).
func randomAddress(t *testing.T) string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	b := make([]byte, 44)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

func watchListFound(id string) (bool, error) {
	_, found, err := apiClient().FindWatchList(context.Background(), live.subscription, id)
	return found, err
}

// TestAccWatchList_lifecycle: create, read by list, empty re-plan, import by id,
// destroy deletes (the only object the API deletes). Operator or reseller role.
func TestAccWatchList_lifecycle(t *testing.T) {
	needRole(t, "operator")
	value := randomAddress(t)
	cfg := providerBlock + fmt.Sprintf(`
resource "triton_address_watch_list" "w" {
  subscription_uuid = %q
  variant           = "collection"
  encoded_value     = %q
}
`, live.subscription, value)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_address_watch_list.w", tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue("triton_address_watch_list.w", tfjsonpath.New("encoded_value"), knownvalue.StringExact(value)),
			},
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources["triton_address_watch_list.w"].Primary.ID
				if found, err := watchListFound(id); err != nil || !found {
					return fmt.Errorf("entry %s not listed by the API: %v", id, err)
				}
				return nil
			},
		}, {
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}, {
			Config:            cfg,
			ResourceName:      "triton_address_watch_list.w",
			ImportState:       true,
			ImportStateIdFunc: func(*terraform.State) (string, error) { return live.subscription + "/" + id, nil },
			ImportStateVerify: true,
		}},
		CheckDestroy: func(*terraform.State) error {
			found, err := watchListFound(id)
			if err != nil {
				return err
			}
			if found {
				return fmt.Errorf("entry %s still listed after destroy", id)
			}
			return nil
		},
	})
}

//go:build live

package livetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/rpcpool/terraform-provider-triton/internal/provider"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// roles in increasing order of rights.
var roles = []string{"standard", "operator", "reseller"}

// live is the target the suite runs against, read once from the environment.
var live struct {
	baseURL, token, subscription, role, rateTier string
}

// providerFactories builds a new provider for every Terraform command, as a real
// plugin process would, so no list cache outlives a command.
var providerFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"triton": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(provider.New("live")())()
	},
}

// TestMain refuses to run without its variables: a suite that passes by skipping
// everything proves nothing.
func TestMain(m *testing.M) {
	live.baseURL = os.Getenv("TRITON_BASE_URL")
	if live.baseURL == "" {
		live.baseURL = "https://customers.triton.one"
	}
	live.token = strings.TrimSpace(os.Getenv("TRITON_API_TOKEN"))
	live.subscription = strings.ToLower(strings.TrimSpace(os.Getenv("TRITON_TEST_SUBSCRIPTION_UUID")))
	live.role = os.Getenv("TRITON_TEST_ROLE")
	live.rateTier = os.Getenv("TRITON_TEST_RATE_TIER")
	var missing []string
	if live.token == "" {
		missing = append(missing, "TRITON_API_TOKEN (a management API key)")
	}
	if live.subscription == "" {
		missing = append(missing, "TRITON_TEST_SUBSCRIPTION_UUID (the subscription the suite creates its tf-acc- objects in)")
	}
	if !slices.Contains(roles, live.role) {
		missing = append(missing, fmt.Sprintf("TRITON_TEST_ROLE (the key's role: standard, operator or reseller; got %q)", live.role))
	}
	if len(missing) > 0 {
		fmt.Fprintln(os.Stderr, "testacc-live: cannot run the contract suite, missing or invalid:")
		for _, v := range missing {
			fmt.Fprintln(os.Stderr, "  -", v)
		}
		os.Exit(2)
	}
	// resource.Test skips every test without TF_ACC; this suite exists to run them.
	os.Setenv("TF_ACC", "1")
	os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Setenv("TRITON_BASE_URL", live.baseURL)
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "testacc-live: terraform is not on PATH and TF_ACC_TERRAFORM_PATH is unset")
			os.Exit(2)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", p)
	}
	if live.rateTier == "" {
		tier, err := firstSupportedTier()
		if err != nil {
			fmt.Fprintln(os.Stderr, "testacc-live:", err)
			os.Exit(2)
		}
		live.rateTier = tier
	}
	fmt.Fprintf(os.Stderr, "testacc-live: %s, role %s, subscription %s, rate tier %s\n", live.baseURL, live.role, live.subscription, live.rateTier)
	os.Exit(m.Run())
}

// firstSupportedTier picks a rate tier the test subscription supports.
func firstSupportedTier() (string, error) {
	c := apiClient()
	subs, err := c.ListSubscriptions(context.Background())
	if err != nil {
		return "", fmt.Errorf("listing subscriptions with TRITON_API_TOKEN: %w", err)
	}
	for _, s := range subs {
		if strings.EqualFold(s.UUID, live.subscription) {
			if len(s.SupportedRateTiers) == 0 {
				return "", fmt.Errorf("subscription %s supports no rate tier: set TRITON_TEST_RATE_TIER", live.subscription)
			}
			return s.SupportedRateTiers[0].Name, nil
		}
	}
	return "", fmt.Errorf("subscription %s is not visible to this key (check TRITON_TEST_SUBSCRIPTION_UUID)", live.subscription)
}

// apiClient is a fresh client (no list cache carried between checks) for reading
// what the provider did through the public API.
func apiClient() *tritonapi.Client {
	c, err := tritonapi.New(tritonapi.Options{
		BaseURL: live.baseURL, Token: live.token, UserAgent: "terraform-provider-triton-livetest",
		MaxRetries: 5, RetryWaitMin: 200 * time.Millisecond, RetryWaitMax: 5 * time.Second,
	})
	if err != nil {
		panic(err)
	}
	return c
}

// needRole skips a test whose calls the key's role may not make, saying which role it needs.
func needRole(t *testing.T, role string) {
	t.Helper()
	if slices.Index(roles, live.role) < slices.Index(roles, role) {
		t.Skipf("needs the %s role (or higher); TRITON_TEST_ROLE=%s", role, live.role)
	}
}

// canToggle reports whether the key may activate and deactivate tokens (operator or reseller).
func canToggle() bool {
	return slices.Index(roles, live.role) >= slices.Index(roles, "operator")
}

// name returns a fresh tf-acc- name; `make sweep` recognises the prefix.
func name() string {
	return "tf-acc-" + acctest.RandString(10)
}

// providerBlock configures the provider from the environment only, so no secret
// is ever written into a test configuration.
const providerBlock = `provider "triton" {}
`

// findToken reads a token through the API.
func findToken(uuid string) (tritonapi.Token, error) {
	tok, found, err := apiClient().FindToken(context.Background(), live.subscription, uuid)
	if err != nil {
		return tok, err
	}
	if !found {
		return tok, fmt.Errorf("token %s not listed in subscription %s", uuid, live.subscription)
	}
	return tok, nil
}

// findEndpoint reads an endpoint through the API.
func findEndpoint(uuid string) (tritonapi.Endpoint, error) {
	ep, found, err := apiClient().FindEndpoint(context.Background(), live.subscription, uuid)
	if err != nil {
		return ep, err
	}
	if !found {
		return ep, fmt.Errorf("endpoint %s not listed in subscription %s", uuid, live.subscription)
	}
	return ep, nil
}

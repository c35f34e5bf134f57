package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// testProviderFactories serves the provider in-process with fast retries.
// Each Terraform command gets a new provider, as a real plugin process would.
var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"triton": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(&tritonProvider{
			version: "test", retryWaitMin: 5 * time.Millisecond, retryWaitMax: 50 * time.Millisecond, throttleBudget: 2 * time.Second, resolveWindow: 3 * time.Second,
		})()
	},
}

func TestMain(m *testing.M) {
	// The tests run Terraform against the emulator every time: no credentials, no network.
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		fmt.Fprintln(os.Stderr, "terraform is not on PATH and TF_ACC_TERRAFORM_PATH is unset: the acceptance tests run Terraform against the emulator and cannot download it")
		os.Exit(1)
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// testEnv is one emulator on 127.0.0.1 with an account, a subscription and keys.
type testEnv struct {
	emu      *emulator.Emulator
	url      string
	account  emulator.Account
	sub      emulator.Subscription
	reseller string
	standard string
	operator string
}

func newTestEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	emu := emulator.New(opts)
	acct := emu.AddAccount("acme")
	env := &testEnv{emu: emu, account: acct, sub: emu.AddSubscription(acct.UUID, "acme-mainnet", "mainnet-shared")}
	env.reseller = emu.AddKey("", emulator.RoleReseller, acct.UUID)
	env.standard = emu.AddKey("", emulator.RoleStandard, acct.UUID)
	env.operator = emu.AddKey("", emulator.RoleOperator, acct.UUID)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	env.url = srv.URL
	return env
}

// providerBlock renders a provider block for this emulator with the given key.
func (e *testEnv) providerBlock(key string) string {
	return fmt.Sprintf(`
provider "triton" {
  base_url    = %[1]q
  api_token   = %[2]q
  max_retries = 3
}
`, e.url, key)
}

// config prefixes HCL with the reseller provider block.
func (e *testEnv) config(hcl string) string { return e.providerBlock(e.reseller) + hcl }

// uuidCheck matches a canonical UUID.
var uuidCheck = knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`))

func TestProviderValidateNeedsNoToken(t *testing.T) {
	t.Setenv("TRITON_API_TOKEN", "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			// A plan of a new token touches no API, so no token is needed yet.
			Config: `
resource "triton_token" "t" {
  subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  name              = "x"
  rate_tier         = "tier1"
}`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}

func TestProviderMissingTokenErrorsOnUse(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv("TRITON_API_TOKEN", "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "triton" {
  base_url = %[1]q
}
resource "triton_token" "t" {
  subscription_uuid = %[2]q
  name              = "x"
  rate_tier         = "tier1"
}`, env.url, env.sub.UUID),
			ExpectError: regexp.MustCompile(`(?s)Missing Triton API Token.*TRITON_API_TOKEN`),
		}},
	})
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 0 {
		t.Fatalf("tokens created: %d", n)
	}
}

func TestProviderRejectsCleartextBaseURL(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "triton" {
  base_url  = "http://customers.triton.one"
  api_token = "x"
}
resource "triton_token" "t" {
  subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  name              = "x"
  rate_tier         = "tier1"
}`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Triton Base URL.*clear text`),
		}},
	})
}

func TestProviderEnvConfiguration(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv("TRITON_API_TOKEN", env.reseller)
	t.Setenv("TRITON_BASE_URL", env.url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "from-env"
  rate_tier         = "tier1"
}`, env.sub.UUID),
		}},
	})
}

func TestProviderBadAPIToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.providerBlock("not-a-key") + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "x"
  rate_tier         = "tier1"
}`, env.sub.UUID),
			ExpectError: regexp.MustCompile(`(?s)HTTP 401.*api_token.*TRITON_API_TOKEN`),
		}},
	})
}

// The provider identifies itself and the Terraform version on every request.
func TestProviderUserAgent(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var mu sync.Mutex
	agents := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.Header.Get("User-Agent")] = true
		mu.Unlock()
		env.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	env.url = srv.URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    []resource.TestStep{{Config: env.config(fmt.Sprintf(`data "triton_tokens" "x" { subscription_uuid = %q }`, env.sub.UUID))}},
	})
	mu.Lock()
	defer mu.Unlock()
	ua := regexp.MustCompile(`^terraform-provider-triton/test \(\+terraform \d+\.\d+\.\d+[^)]*\)$`)
	if len(agents) == 0 {
		t.Fatal("no requests seen")
	}
	for a := range agents {
		if !ua.MatchString(a) {
			t.Errorf("User-Agent %q does not match %s", a, ua)
		}
	}
}

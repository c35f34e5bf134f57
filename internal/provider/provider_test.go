package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
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

// TestProviderValidateNeedsNoTokenButAPlanDoes: `terraform validate` needs no key.
// A plan that would create a token without any key fails (a pull request's plan
// in a pipeline without the secret must not pass), and so does one whose key the
// API refuses, even when the subscription is not known until apply.
func TestProviderValidateNeedsNoTokenButAPlanDoes(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	token := `
resource "triton_token" "t" {
  subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  name              = "x"
  rate_tier         = "tier1"
}`
	c := newCLI(t, env, "provider \"triton\" {}\n"+token, "TRITON_API_TOKEN=")
	if code, out := c.run("validate"); code != 0 {
		t.Fatalf("terraform validate without a key: exit %d\n%s", code, out)
	}
	code, out := c.run("plan", "-input=false")
	if code == 0 || !regexp.MustCompile(`(?s)Missing Triton API Token.*would\s+create\s+this\s+token`).MatchString(out) {
		t.Fatalf("a plan creating a token without a key: exit %d, want an error\n%s", code, out)
	}
	// A wrong key, a subscription_uuid unknown until apply: the check runs anyway.
	unknownSub := `
resource "terraform_data" "sub" {
  input = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
}
resource "triton_token" "t" {
  subscription_uuid = terraform_data.sub.output
  name              = "x"
  rate_tier         = "tier1"
}`
	w := newCLI(t, env, "provider \"triton\" {}\n"+unknownSub, "TRITON_API_TOKEN=tk_not_a_key_000000001")
	code, out = w.run("plan", "-input=false")
	if code == 0 || !regexp.MustCompile(`(?s)Error Checking the API Token.*HTTP 401.*TRITON_API_TOKEN`).MatchString(out) {
		t.Fatalf("a plan with a wrong key and an unknown subscription: exit %d, want a 401 error\n%s", code, out)
	}
	if strings.Contains(out, "tk_not_a_key_000000001") {
		t.Fatal("the wrong key is in the output")
	}
	if n := env.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 0 {
		t.Errorf("%d creates sent by plans", n)
	}
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

package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// Literal ids used by the import examples.
const (
	exampleSubscription = emulator.ExampleSubscription
	exampleToken        = emulator.ExampleToken
	exampleEndpoint     = emulator.ExampleEndpoint
	exampleWatchList    = emulator.ExampleWatchList
)

// exampleEnv is an emulator holding what the examples look up by name, seeded as
// cmd/triton-emulator seeds it (emulator.SeedExamples) in the account "acme".
func exampleEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestEnv(t, emulator.Options{})
	env.emu.SeedExamples(env.account.UUID)
	return env
}

var requiredProvidersBlock = regexp.MustCompile(`(?s)terraform \{\s*required_providers \{.*?\n\}\n`)

// exampleConfigs returns every example configuration to apply: each .tf file on
// its own, and each import-by-string-id.tf together with its resource.tf.
func exampleConfigs(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		cfg := string(b)
		if base := filepath.Base(p); base == "import-by-string-id.tf" || base == "import-by-identity.tf" {
			res, err := os.ReadFile(filepath.Join(filepath.Dir(p), "resource.tf"))
			if err != nil {
				return err
			}
			cfg = string(res) + "\n" + cfg
		}
		// The test framework supplies the provider itself.
		out[strings.TrimPrefix(p, root+"/")] = requiredProvidersBlock.ReplaceAllString(cfg, "")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cliOnlyExamples import with string for_each keys, which the test framework's
// legacy state shim cannot represent; they run under the real terraform CLI.
var cliOnlyExamples = map[string]bool{"guides/importing/main.tf": true}

// Examples that need a newer CLI than 1.11 (import blocks with identity: 1.12), and
// the adopting guide, which TestGuide_adopting runs step by step under 1.14+.
var minCLIExamples = map[string]string{
	"resources/triton_token/import-by-identity.tf":              "1.12.0",
	"resources/triton_endpoint/import-by-identity.tf":           "1.12.0",
	"resources/triton_subscription/import-by-identity.tf":       "1.12.0",
	"resources/triton_address_watch_list/import-by-identity.tf": "1.12.0",
	// Action blocks parse from Terraform 1.14 (OpenTofu 1.12 has none); the
	// invocation itself is run by TestCLI_DeactivateActions.
	"actions/triton_token_deactivate/action.tf":    "1.14.0",
	"actions/triton_endpoint_deactivate/action.tf": "1.14.0",
}

func ownTestExample(name string) bool {
	return strings.HasPrefix(name, "guides/adopting/") || strings.HasPrefix(name, "guides/testing-modules/")
}

// TestExamples applies every example (and the demo) against the emulator, so no
// example in the docs can rot. Credentials come from the environment, as the
// examples expect.
func TestExamples(t *testing.T) {
	configs := exampleConfigs(t, filepath.Join("..", "..", "examples"))
	names := make([]string, 0, len(configs))
	for n := range configs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) < 18 {
		t.Fatalf("found only %d example files", len(names))
	}
	for _, name := range names {
		if ownTestExample(name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if least, ok := minCLIExamples[name]; ok {
				bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
				if ver, raw := cliVersion(t, bin); ver.LessThan(version.Must(version.NewVersion(least))) || (least == "1.14.0" && strings.Contains(bin, "tofu")) {
					t.Skipf("needs Terraform %s+; the CLI under test is %s %s", least, bin, raw)
				}
			}
			env := exampleEnv(t)
			if name == "resources/triton_address_watch_list/resource.tf" {
				// Alone, the example creates the entry its import example adopts.
				env.emu.DeleteWatchList(exampleWatchList)
			}
			cfg := configs[name]
			if cliOnlyExamples[name] {
				t.Parallel()
				c := newCLI(t, env, cfg)
				c.mustRun("apply", "-auto-approve", "-input=false")
				c.mustRun("plan", "-detailed-exitcode", "-input=false")
				c.mustRun("destroy", "-auto-approve", "-input=false")
				return
			}
			if strings.Contains(cfg, `provider "triton"`) {
				// Examples with their own provider block take credentials from the environment.
				t.Setenv(EnvAPIToken, env.reseller)
				t.Setenv(EnvBaseURL, env.url)
			} else {
				t.Parallel()
				cfg = env.config(cfg)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg}},
			})
		})
	}
}

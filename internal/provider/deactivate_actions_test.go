package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestActionsProtocol: both actions are in the provider's schema with `id`
// (required) and `reason` (optional), and validation rejects a malformed uuid
// while accepting one in upper case (every CLI: this is the plugin protocol).
func TestActionsProtocol(t *testing.T) {
	t.Parallel()
	s, err := providerserver.NewProtocol6WithError(&tritonProvider{version: "test"})()
	if err != nil {
		t.Fatal(err)
	}
	as, ok := s.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server does not implement the action RPCs")
	}
	ctx := context.Background()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"triton_token_deactivate", "triton_endpoint_deactivate"} {
		sch, ok := schemas.ActionSchemas[name]
		if !ok {
			t.Fatalf("no action schema %s (have %v)", name, schemas.ActionSchemas)
		}
		attrs := map[string]*tfprotov6.SchemaAttribute{}
		for _, a := range sch.Schema.Block.Attributes {
			attrs[a.Name] = a
		}
		if a := attrs["id"]; a == nil || !a.Required {
			t.Fatalf("%s: id missing or not required", name)
		}
		if a := attrs["reason"]; a == nil || !a.Optional {
			t.Fatalf("%s: reason missing or not optional", name)
		}
		typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "reason": tftypes.String}}
		for _, tc := range []struct {
			id      string
			wantErr bool
		}{
			{"not-a-uuid", true},
			{"9B2C4A8E-5D1F-4C3B-A7E6-0F1D2C3B4A59", false},
			{"9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59", false},
		} {
			cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, tc.id), "reason": tftypes.NewValue(tftypes.String, nil),
			}))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := as.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: name, Config: &cfg})
			if err != nil {
				t.Fatal(err)
			}
			hasErr := false
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					hasErr = true
					if !strings.Contains(d.Detail, tc.id) {
						t.Errorf("%s %q: error does not name the value: %s", name, tc.id, d.Detail)
					}
				}
			}
			if hasErr != tc.wantErr {
				t.Errorf("%s id %q: error %t, want %t (%v)", name, tc.id, hasErr, tc.wantErr, resp.Diagnostics)
			}
		}
	}
}

// requireActionsCLI skips unless the CLI under test runs actions (Terraform
// 1.14+; OpenTofu 1.12 has none).
func requireActionsCLI(t *testing.T) {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	ver, raw := cliVersion(t, bin)
	if strings.Contains(bin, "tofu") || ver.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("actions need Terraform 1.14+ (`terraform apply -invoke`); the CLI under test is %s %s (OpenTofu has no actions)", bin, raw)
	}
}

// TestCLI_DeactivateActions invokes both actions with `terraform apply -invoke`
// against the emulator: an object made outside Terraform is deactivated with the
// reason and the output says so; invoked again it is left alone and says it was
// already inactive; an upper-case uuid works; a standard key gets an error naming
// the role; an unknown uuid is named with the scope searched; a token this
// configuration manages, deactivated by the action, is drift in the next plan.
func TestCLI_DeactivateActions(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	outside := env.emu.CreateToken(env.sub.UUID, "leaked", "tier1", true)
	ep := env.emu.CreateEndpoint(env.sub.UUID, "leaky-web", "tier1", true)
	cfgFor := func(kind, id, reason string) string {
		return fmt.Sprintf(`
provider "triton" {}
resource "triton_token" "managed" {
  subscription_uuid = %q
  name              = "managed"
  rate_tier         = "tier1"
  is_active         = true
}
action "triton_%s_deactivate" "now" {
  config {
    id     = %q
    reason = %q
  }
}
`, env.sub.UUID, kind, id, reason)
	}
	requireActionsCLI(t)
	c := newCLI(t, env, cfgFor("token", outside.UUID, "INC-42 leaked in a log"))
	c.mustRun("apply", "-auto-approve", "-input=false")
	invoke := func(kind string) (int, string) {
		return c.run("apply", "-auto-approve", "-input=false", "-invoke=action.triton_"+kind+"_deactivate.now")
	}

	out := c.mustRun("apply", "-auto-approve", "-input=false", "-invoke=action.triton_token_deactivate.now")
	got, _ := env.emu.Token(outside.UUID)
	if got.IsActive || len(got.DeactivationReasons) != 1 || got.DeactivationReasons[0].Description != "INC-42 leaked in a log" {
		t.Fatalf("token after the action: active=%t reasons=%v", got.IsActive, got.DeactivationReasons)
	}
	t.Logf("invoke output:\n%s", out)
	if !strings.Contains(out, "token leaked ("+outside.UUID+") deactivated") || !strings.Contains(out, "INC-42 leaked in a log") {
		t.Errorf("output does not say what was done:\n%s", out)
	}
	out = c.mustRun("apply", "-auto-approve", "-input=false", "-invoke=action.triton_token_deactivate.now")
	got, _ = env.emu.Token(outside.UUID)
	if len(got.DeactivationReasons) != 1 || !strings.Contains(out, "already inactive") {
		t.Errorf("second invoke: %d reasons, output:\n%s", len(got.DeactivationReasons), out)
	}

	// Upper case, on the managed token: deactivated, then drift in the next plan.
	var managed string
	for _, tok := range env.emu.Tokens(env.sub.UUID) {
		if tok.Name == "managed" {
			managed = tok.UUID
		}
	}
	c.writeConfig(cfgFor("token", strings.ToUpper(managed), "INC-43"))
	c.mustRun("apply", "-auto-approve", "-input=false", "-invoke=action.triton_token_deactivate.now")
	if tok, _ := env.emu.Token(managed); tok.IsActive {
		t.Fatal("upper-case uuid: the managed token is still active")
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 2 || !strings.Contains(out, "is_active") {
		t.Errorf("the next plan does not show the deactivation as drift (exit %d):\n%s", code, out)
	}

	// The endpoint action.
	c.writeConfig(cfgFor("endpoint", ep.UUID, "INC-44"))
	if code, out := invoke("endpoint"); code != 0 || !strings.Contains(out, "endpoint leaky-web ("+ep.UUID+") deactivated") {
		t.Fatalf("endpoint action exit %d:\n%s", code, out)
	}
	if e, _ := env.emu.Endpoint(ep.UUID); e.IsActive || len(e.DeactivationReasons) != 1 {
		t.Fatalf("endpoint after the action: %+v", e.IsActive)
	}

	// Unknown uuid: named, with the scope searched.
	const unknown = "00000000-0000-4000-8000-00000000beef"
	c.writeConfig(cfgFor("token", unknown, ""))
	if code, out := invoke("token"); code == 0 || !strings.Contains(out, unknown) || !strings.Contains(out, env.sub.UUID) {
		t.Errorf("unknown uuid: exit %d:\n%s", code, out)
	}

	// A standard key: the role error. (A fresh active token, so a call is needed.)
	fresh := env.emu.CreateToken(env.sub.UUID, "leaked-2", "tier1", true)
	std := newCLI(t, env, fmt.Sprintf(`
provider "triton" {}
action "triton_token_deactivate" "now" {
  config {
    id = %q
  }
}
`, fresh.UUID), "TRITON_API_TOKEN="+env.standard)
	code, out := std.run("apply", "-auto-approve", "-input=false", "-invoke=action.triton_token_deactivate.now")
	if code == 0 || !strings.Contains(out, "operator or reseller") {
		t.Errorf("standard key: exit %d, want an error naming the role:\n%s", code, out)
	}
	if tok, _ := env.emu.Token(fresh.UUID); !tok.IsActive {
		t.Error("the standard key's invoke deactivated the token")
	}
}

// "deactivate an endpoint", never "a endpoint".
func TestWithArticle(t *testing.T) {
	for noun, want := range map[string]string{"endpoint": "an endpoint", "token": "a token", "address watch list": "an address watch list"} {
		if got := withArticle(noun); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", noun, got, want)
		}
	}
}

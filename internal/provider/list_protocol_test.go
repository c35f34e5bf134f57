package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// These tests speak the plugin protocol directly (no Terraform binary), so they run
// on every CLI: the list resources and identity schemas that `terraform query`
// (1.14+) and identity import (1.12+) use.

type protoHarness struct {
	t       *testing.T
	srv     tfprotov6.ProviderServerWithListResource //nolint:staticcheck // plugin-go v0.31 serves ListResource only through this interface
	schemas *tfprotov6.GetProviderSchemaResponse
	idents  *tfprotov6.GetResourceIdentitySchemasResponse
}

// newProtoHarness configures a provider server for env with page_size 50.
func newProtoHarness(t *testing.T, env *testEnv, key string) *protoHarness {
	t.Helper()
	s, err := providerserver.NewProtocol6WithError(&tritonProvider{
		version: "test", retryWaitMin: 5 * time.Millisecond, retryWaitMax: 50 * time.Millisecond, throttleBudget: 2 * time.Second, resolveWindow: 3 * time.Second,
	})()
	if err != nil {
		t.Fatal(err)
	}
	srv, ok := s.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // as above
	if !ok {
		t.Fatal("the provider server does not implement ListResource")
	}
	ctx := context.Background()
	h := &protoHarness{t: t, srv: srv}
	if h.schemas, err = srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "GetProviderSchema", h.schemas.Diagnostics)
	if h.idents, err = srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{}); err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "GetResourceIdentitySchemas", h.idents.Diagnostics)
	cfg := h.dynamic(h.schemas.Provider.ValueType(), map[string]tftypes.Value{
		"base_url":  tftypes.NewValue(tftypes.String, env.url),
		"api_token": tftypes.NewValue(tftypes.String, key),
		"page_size": tftypes.NewValue(tftypes.Number, 50),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.15.9", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "ConfigureProvider", resp.Diagnostics)
	return h
}

func failOnDiags(t *testing.T, call string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", call, d.Summary, d.Detail)
		}
	}
}

// dynamic builds an object of type typ from attrs, every other attribute null.
func (h *protoHarness) dynamic(typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	h.t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		h.t.Fatalf("not an object type: %s", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name := range attrs {
		if _, ok := obj.AttributeTypes[name]; !ok {
			h.t.Fatalf("attribute %q is not in the schema", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

type listed struct {
	display  string
	identity map[string]string
	resource map[string]tftypes.Value // nil unless include_resource
	errors   []string
	warnings []string
}

func (h *protoHarness) list(typeName string, config map[string]tftypes.Value, include bool, limit int64) []listed {
	h.t.Helper()
	schema, ok := h.schemas.ListResourceSchemas[typeName]
	if !ok {
		h.t.Fatalf("no list resource schema for %s", typeName)
	}
	stream, err := h.srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: h.dynamic(schema.ValueType(), config), IncludeResource: include, Limit: limit,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []listed
	for r := range stream.Results {
		l := listed{display: r.DisplayName}
		for _, d := range r.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				l.errors = append(l.errors, d.Summary+": "+d.Detail)
			}
			if d.Severity == tfprotov6.DiagnosticSeverityWarning {
				l.warnings = append(l.warnings, d.Summary+": "+d.Detail)
			}
		}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.identity = h.decodeStrings(r.Identity.IdentityData, h.idents.IdentitySchemas[typeName].ValueType())
		}
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(h.schemas.ResourceSchemas[typeName].ValueType())
			if err != nil {
				h.t.Fatal(err)
			}
			if !v.IsNull() {
				l.resource = map[string]tftypes.Value{}
				if err := v.As(&l.resource); err != nil {
					h.t.Fatal(err)
				}
			}
		}
		out = append(out, l)
	}
	return out
}

func (h *protoHarness) decodeStrings(dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]string {
	h.t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]string{}
	for k, a := range attrs {
		var s *string
		if err := a.As(&s); err != nil {
			h.t.Fatal(err)
		}
		if s == nil {
			out[k] = "<null>"
			continue
		}
		out[k] = *s
	}
	return out
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func noErrors(t *testing.T, got []listed) {
	t.Helper()
	for _, l := range got {
		if len(l.errors) > 0 {
			t.Fatalf("list result carries errors: %v", l.errors)
		}
	}
}

func TestProtocol_IdentitySchemas(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	h := newProtoHarness(t, env, env.reseller)
	for _, typ := range []string{"triton_token", "triton_endpoint"} {
		s, ok := h.idents.IdentitySchemas[typ]
		if !ok {
			t.Fatalf("%s has no identity schema", typ)
		}
		got := map[string]bool{}
		for _, a := range s.IdentityAttributes {
			got[a.Name] = a.RequiredForImport
		}
		if len(got) != 2 || !got["subscription_uuid"] || !got["id"] {
			t.Errorf("%s identity = %v, want subscription_uuid and id, both required for import", typ, got)
		}
		if _, ok := h.schemas.ListResourceSchemas[typ]; !ok {
			t.Errorf("%s has no list resource schema", typ)
		}
	}
}

// seedForList makes two subscriptions of one account: A with 130 tokens over three
// pages of 50 (names, tiers and states mixed), B with 20.
func seedForList(t *testing.T) (*testEnv, emulator.Subscription) {
	t.Helper()
	env := newTestEnv(t, emulator.Options{})
	for i := range 130 {
		tier := "tier1"
		if i%3 == 0 {
			tier = "tier2"
		}
		env.emu.CreateToken(env.sub.UUID, fmt.Sprintf("svc-%03d", i%65), tier, i%2 == 0)
	}
	b := env.emu.AddSubscription(env.account.UUID, "acme-devnet", "developer")
	env.emu.SeedTokens(b.UUID, 20, "dev", true)
	return env, b
}

func TestProtocol_ListTokens(t *testing.T) {
	env, b := seedForList(t)
	h := newProtoHarness(t, env, env.reseller)

	env.emu.ResetCounts()
	got := h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, false, 1000)
	noErrors(t, got)
	want := env.emu.Tokens(env.sub.UUID)
	if len(got) != len(want) || len(got) != 130 {
		t.Fatalf("results = %d, want 130 (emulator holds %d)", len(got), len(want))
	}
	byID := map[string]emulator.Token{}
	for _, tok := range want {
		byID[tok.UUID] = tok
	}
	for _, l := range got {
		tok, ok := byID[l.identity["id"]]
		if !ok {
			t.Fatalf("identity %v is not a token of the subscription", l.identity)
		}
		if l.identity["subscription_uuid"] != env.sub.UUID {
			t.Fatalf("identity %v: subscription_uuid, want %s", l.identity, env.sub.UUID)
		}
		if l.display != tok.Name {
			t.Fatalf("display name %q, want the token's name %q", l.display, tok.Name)
		}
		if l.resource != nil {
			t.Fatal("resource object returned without include_resource")
		}
		delete(byID, tok.UUID)
	}
	if len(byID) != 0 {
		t.Fatalf("%d tokens never listed", len(byID))
	}
	if n := env.emu.RequestCount("GET /api/v1/tokens"); n != 3 {
		t.Errorf("token list calls = %d, want 3 (130 tokens at 50 per page)", n)
	}

	// The cached walk serves the next query in the same provider process: no call.
	env.emu.ResetCounts()
	got = h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "name": str("svc-007")}, false, 100)
	noErrors(t, got)
	if len(got) != 2 || got[0].display != "svc-007" || got[1].display != "svc-007" {
		t.Errorf("name filter: %d results %v, want the 2 tokens named svc-007", len(got), got)
	}
	if n := env.emu.RequestCount("GET /api/v1/tokens"); n != 0 {
		t.Errorf("second query made %d token list calls, want 0 (cached walk)", n)
	}
	got = h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "rate_tier": str("tier2")}, false, 1000)
	if len(got) != 44 {
		t.Errorf("rate_tier filter: %d results, want 44", len(got))
	}
	got = h.list("triton_token", map[string]tftypes.Value{
		"subscription_uuid": str(env.sub.UUID), "is_active": tftypes.NewValue(tftypes.Bool, false), "rate_tier": str("tier1"),
	}, false, 1000)
	if len(got) != 43 {
		t.Errorf("is_active = false and rate_tier = tier1: %d results, want 43", len(got))
	}

	// limit is honoured: 10 objects, then the warning that says the limit cut them.
	got = h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, false, 10)
	if len(got) != 11 || got[10].identity != nil || len(got[10].warnings) != 1 {
		t.Errorf("limit 10: %d results, want 10 and one warning", len(got))
	}

	// account_uuid walks every subscription of the account: the subscriptions list
	// once, then ⌈N/per⌉ token pages per subscription.
	h2 := newProtoHarness(t, env, env.reseller)
	env.emu.ResetCounts()
	got = h2.list("triton_token", map[string]tftypes.Value{"account_uuid": str(env.account.UUID)}, false, 1000)
	noErrors(t, got)
	if len(got) != 150 {
		t.Fatalf("account_uuid: %d results, want 150", len(got))
	}
	inB := 0
	for _, l := range got {
		if l.identity["subscription_uuid"] == b.UUID {
			inB++
		}
	}
	if inB != 20 {
		t.Errorf("account_uuid: %d results carry subscription %s, want 20", inB, b.UUID)
	}
	counts := env.emu.RequestCounts()
	if counts["GET /api/v1/tokens"] != 4 || counts["GET /api/v1/subscriptions"] != 1 {
		t.Errorf("account_uuid query: calls %v, want 4 token pages (3 + 1) and 1 subscriptions list", counts)
	}
}

// include_resource fills the object exactly as import and Read leave it, so the
// configuration Terraform generates from it plans only the import.
func TestProtocol_ListIncludeResource(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	tok := env.emu.CreateToken(env.sub.UUID, "api", "tier1", true)
	env.emu.SetTokenActive(tok.UUID, false, "rotated")
	ep := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true, "app.example.com", "__blocked.rpcpool.com")
	h := newProtoHarness(t, env, env.reseller)

	got := h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, true, 100)
	noErrors(t, got)
	if len(got) != 1 || got[0].resource == nil {
		t.Fatalf("want one token with its resource object, got %+v", got)
	}
	r := got[0].resource
	mustEqual := func(what string, v tftypes.Value, want tftypes.Value) {
		t.Helper()
		if !v.Equal(want) {
			t.Errorf("%s = %s, want %s", what, v, want)
		}
	}
	mustEqual("id", r["id"], str(tok.UUID))
	mustEqual("subscription_uuid", r["subscription_uuid"], str(env.sub.UUID))
	mustEqual("name", r["name"], str("api"))
	mustEqual("is_active", r["is_active"], tftypes.NewValue(tftypes.Bool, false))
	mustEqual("deletion_policy", r["deletion_policy"], str("deactivate"))
	// No secret in list results: `terraform query -json` prints resource objects
	// unmasked, and CI wrappers log that stream. Import and refresh fill it.
	mustEqual("value", r["value"], tftypes.NewValue(tftypes.String, nil))
	mustEqual("store_value", r["store_value"], tftypes.NewValue(tftypes.Bool, true))
	mustEqual("rotation_triggers", r["rotation_triggers"], tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil))
	mustEqual("deactivation_reason", r["deactivation_reason"], tftypes.NewValue(tftypes.String, nil))
	var reasons []tftypes.Value
	if err := r["deactivation_reasons"].As(&reasons); err != nil || len(reasons) != 1 {
		t.Errorf("deactivation_reasons = %s, want the one recorded reason", r["deactivation_reasons"])
	}

	got = h.list("triton_endpoint", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, true, 100)
	noErrors(t, got)
	if len(got) != 1 || got[0].resource == nil || got[0].display != "web" || got[0].identity["id"] != ep.UUID {
		t.Fatalf("want endpoint web with its resource object, got %+v", got)
	}
	r = got[0].resource
	mustEqual("deletion_policy", r["deletion_policy"], str("deactivate"))
	mustEqual("is_active", r["is_active"], tftypes.NewValue(tftypes.Bool, true))
	var origins []tftypes.Value
	if err := r["allowed_origins"].As(&origins); err != nil || len(origins) != 1 {
		t.Fatalf("allowed_origins = %s, want app.example.com only (system origins apart)", r["allowed_origins"])
	}
	if !strings.Contains(origins[0].String(), "app.example.com") {
		t.Errorf("allowed_origins = %s", r["allowed_origins"])
	}
	if !strings.Contains(r["system_origins"].String(), "__blocked.rpcpool.com") {
		t.Errorf("system_origins = %s", r["system_origins"])
	}
}

func TestProtocol_ListEndpointsFilters(t *testing.T) {
	env, b := seedForList(t)
	for i := range 12 {
		env.emu.CreateEndpoint(env.sub.UUID, fmt.Sprintf("ep-%d", i%4), []string{"tier1", "tier2"}[i%2], i < 6)
	}
	env.emu.CreateEndpoint(b.UUID, "dev-ep", "developer", true)
	h := newProtoHarness(t, env, env.reseller)
	env.emu.ResetCounts()
	cases := []struct {
		name   string
		config map[string]tftypes.Value
		want   int
	}{
		{"all", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, 12},
		{"name", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "name": str("ep-1")}, 3},
		{"rate_tier", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "rate_tier": str("tier2")}, 6},
		{"is_active", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "is_active": tftypes.NewValue(tftypes.Bool, true)}, 6},
		{"account", map[string]tftypes.Value{"account_uuid": str(env.account.UUID)}, 13},
	}
	for _, c := range cases {
		got := h.list("triton_endpoint", c.config, false, 100)
		noErrors(t, got)
		if len(got) != c.want {
			t.Errorf("%s: %d results, want %d", c.name, len(got), c.want)
		}
		for _, l := range got {
			if l.identity["id"] == "" || l.identity["subscription_uuid"] == "" || l.display == "" {
				t.Errorf("%s: result without identity or display name: %+v", c.name, l)
			}
		}
	}
	// Endpoints are not paginated: one call per subscription for the whole test.
	if n := env.emu.RequestCount("GET /api/v1/endpoints"); n != 2 {
		t.Errorf("endpoint list calls = %d, want 2 (one per subscription, cached)", n)
	}
}

func TestProtocol_ListConfigValidation(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	h := newProtoHarness(t, env, env.reseller)
	for _, c := range []struct {
		name   string
		config map[string]tftypes.Value
		want   string
	}{
		{"neither", map[string]tftypes.Value{}, "subscription_uuid"},
		{"both", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "account_uuid": str(env.account.UUID)}, "account_uuid"},
		{"bad uuid", map[string]tftypes.Value{"subscription_uuid": str("not-a-uuid")}, "UUID"},
	} {
		for _, typ := range []string{"triton_token", "triton_endpoint"} {
			resp, err := h.srv.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
				TypeName: typ, Config: h.dynamic(h.schemas.ListResourceSchemas[typ].ValueType(), c.config),
			})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					msgs = append(msgs, d.Summary+": "+d.Detail)
				}
			}
			if len(msgs) == 0 || !strings.Contains(strings.Join(msgs, "\n"), c.want) {
				t.Errorf("%s %s: diagnostics %q, want an error naming %q", typ, c.name, msgs, c.want)
			}
		}
	}
}

func TestProtocol_ListErrors(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	h := newProtoHarness(t, env, env.reseller)
	other := "0b5d1a8e-2f44-4c1b-9a7e-3d2c1b0a9f8e"
	got := h.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(other)}, false, 100)
	if len(got) != 1 || len(got[0].errors) == 0 || !strings.Contains(got[0].errors[0], other) {
		t.Fatalf("unknown subscription: %+v, want one error naming %s", got, other)
	}
	if strings.Contains(got[0].errors[0], `subscription: "`) || strings.Count(got[0].errors[0], "\n\nsubscription \""+other+"\"\n") != 1 {
		t.Errorf("the context line repeats or garbles the subscription:\n%s", got[0].errors[0])
	}
	got = h.list("triton_endpoint", map[string]tftypes.Value{"account_uuid": str(other)}, false, 100)
	if len(got) != 1 || len(got[0].errors) == 0 || !strings.Contains(got[0].errors[0], other) {
		t.Fatalf("unknown account: %+v, want one error naming %s", got, other)
	}
	// No API token: the error says how to give one, and the secret-free path is taken.
	t.Setenv("TRITON_API_TOKEN", "")
	h2 := newProtoHarness(t, env, "")
	got = h2.list("triton_token", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, false, 100)
	if len(got) != 1 || len(got[0].errors) == 0 || !strings.Contains(got[0].errors[0], "TRITON_API_TOKEN") {
		t.Fatalf("no token: %+v", got)
	}
}

func TestProtocol_ResellerListResources(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	other := env.emu.AddSubscription(env.account.UUID, "acme-devnet", "developer")
	env.emu.AddWatchList(env.sub.UUID, "tree", testTree)
	wl := env.emu.AddWatchList(env.sub.UUID, "collection", testCollection)
	env.emu.AddWatchList(other.UUID, "tree", testTree)
	h := newProtoHarness(t, env, env.reseller)
	for _, typ := range []string{"triton_subscription", "triton_address_watch_list"} {
		if _, ok := h.schemas.ListResourceSchemas[typ]; !ok {
			t.Fatalf("no list resource schema for %s", typ)
		}
	}
	if s := h.idents.IdentitySchemas["triton_subscription"]; s == nil || len(s.IdentityAttributes) != 1 || s.IdentityAttributes[0].Name != "id" || !s.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("triton_subscription identity schema: %+v", s)
	}
	if s := h.idents.IdentitySchemas["triton_address_watch_list"]; s == nil || len(s.IdentityAttributes) != 2 {
		t.Fatalf("triton_address_watch_list identity schema: %+v", s)
	}

	// Their configurations validate (no stray exactly-one-of from the token lists).
	for typ, cfg := range map[string]map[string]tftypes.Value{
		"triton_subscription":       {"account_uuid": str(env.account.UUID)},
		"triton_address_watch_list": {"subscription_uuid": str(env.sub.UUID)},
	} {
		resp, err := h.srv.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
			TypeName: typ, Config: h.dynamic(h.schemas.ListResourceSchemas[typ].ValueType(), cfg),
		})
		if err != nil {
			t.Fatal(err)
		}
		failOnDiags(t, "ValidateListResourceConfig "+typ, resp.Diagnostics)
	}
	got := h.list("triton_subscription", map[string]tftypes.Value{"account_uuid": str(env.account.UUID)}, true, 100)
	noErrors(t, got)
	if len(got) != 2 {
		t.Fatalf("subscriptions of the account: %d, want 2", len(got))
	}
	byName := map[string]listed{}
	for _, l := range got {
		byName[l.display] = l
	}
	dev, ok := byName["acme-devnet"]
	if !ok || dev.identity["id"] != other.UUID || len(dev.identity) != 1 {
		t.Fatalf("acme-devnet: %+v", dev)
	}
	if !dev.resource["deletion_policy"].Equal(str("deactivate")) || !dev.resource["subscription_type"].Equal(str("developer")) ||
		!dev.resource["deactivation_reason"].IsNull() {
		t.Fatalf("acme-devnet resource object: %v", dev.resource)
	}
	if got := h.list("triton_subscription", map[string]tftypes.Value{"subscription_type": str("developer")}, false, 100); len(got) != 1 {
		t.Fatalf("subscription_type filter: %d", len(got))
	}
	if got := h.list("triton_subscription", map[string]tftypes.Value{}, false, 1); len(got) != 2 || got[0].identity == nil || len(got[1].warnings) != 1 || !strings.Contains(got[1].warnings[0], "only the first 1") {
		t.Fatalf("limit 1: %d results, want 1 and the limit warning", len(got))
	}

	got = h.list("triton_address_watch_list", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID), "variant": str("collection")}, true, 100)
	noErrors(t, got)
	if len(got) != 1 || got[0].identity["id"] != wl.UUID || got[0].identity["subscription_uuid"] != env.sub.UUID ||
		got[0].display != "collection "+testCollection || !got[0].resource["encoded_value"].Equal(str(testCollection)) {
		t.Fatalf("watch list results: %+v", got)
	}
	if got := h.list("triton_address_watch_list", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, false, 100); len(got) != 2 {
		t.Fatalf("all watch lists of the subscription: %d, want 2", len(got))
	}
	// The standard role cannot list watch lists: the error names the role.
	std := newProtoHarness(t, env, env.standard)
	got = std.list("triton_address_watch_list", map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}, false, 100)
	if len(got) != 1 || len(got[0].errors) == 0 || !strings.Contains(got[0].errors[0], "operator or reseller") {
		t.Fatalf("standard key: %+v", got)
	}
}

// A list that never adds up (the server serves page 1 whatever is asked) is returned
// with a warning, never silently short.
func TestProtocol_ListIncompleteWarns(t *testing.T) {
	env := newTestEnv(t, emulator.Options{MaxPerPage: 7, IgnorePage: true})
	env.emu.SeedTokens(env.sub.UUID, 13, "t", true)
	h := newProtoHarness(t, env, env.reseller)
	stream, err := h.srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "triton_token", Limit: 100,
		Config: h.dynamic(h.schemas.ListResourceSchemas["triton_token"].ValueType(), map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	results := 0
	for r := range stream.Results {
		for _, d := range r.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityWarning {
				warnings = append(warnings, d.Summary+": "+d.Detail)
			}
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Fatalf("error: %s: %s", d.Summary, d.Detail)
			}
		}
		if r.Identity != nil {
			results++
		}
	}
	if results != 7 || len(warnings) != 1 || !strings.Contains(warnings[0], "Incomplete Token List") || !strings.Contains(warnings[0], "reports 13") {
		t.Fatalf("%d results, warnings %q: want the 7 seen and one warning that the server reports 13", results, warnings)
	}
}

// Entries the resource could not manage (a value that is not a base58 address)
// are left out of the results with a warning, so generated configuration stays valid.
func TestProtocol_WatchListUnmanageableEntryLeftOut(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	env.emu.AddWatchList(env.sub.UUID, "tree", "short0OIl")
	good := env.emu.AddWatchList(env.sub.UUID, "tree", testTree)
	h := newProtoHarness(t, env, env.reseller)
	stream, err := h.srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "triton_address_watch_list", Limit: 100, IncludeResource: true,
		Config: h.dynamic(h.schemas.ListResourceSchemas["triton_address_watch_list"].ValueType(), map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids, warnings []string
	for r := range stream.Results {
		for _, d := range r.Diagnostics {
			warnings = append(warnings, d.Summary+": "+d.Detail)
		}
		if r.Identity != nil {
			ids = append(ids, r.DisplayName)
		}
	}
	if len(ids) != 1 || ids[0] != "tree "+good.EncodedValue || len(warnings) != 1 || !strings.Contains(warnings[0], "short0OIl") {
		t.Fatalf("results %v, diagnostics %q: want only the valid entry and one warning naming the other", ids, warnings)
	}
}

// TestProtocol_ListLimitWarns: a list block whose limit cuts the results returns
// limit items and a warning with the total (before: 100 of 130, silently).
func TestProtocol_ListLimitWarns(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	env.emu.SeedTokens(env.sub.UUID, 130, "many", true)
	h := newProtoHarness(t, env, env.reseller)
	cfg := map[string]tftypes.Value{"subscription_uuid": str(env.sub.UUID)}
	count := func(got []listed) (items int, warnings []string) {
		for _, l := range got {
			if l.identity != nil {
				items++
			}
			warnings = append(warnings, l.warnings...)
		}
		return items, warnings
	}
	items, warnings := count(h.list("triton_token", cfg, false, 100))
	if items != 100 || len(warnings) != 1 || !strings.Contains(warnings[0], "130 tokens match") || !strings.Contains(warnings[0], "limit = 130") {
		t.Fatalf("limit 100 of 130: %d items, warnings %q; want 100 items and one warning naming 130", items, warnings)
	}
	items, warnings = count(h.list("triton_token", cfg, false, 200))
	if items != 130 || len(warnings) != 0 {
		t.Fatalf("limit 200 of 130: %d items, warnings %q; want 130 and none", items, warnings)
	}
	items, warnings = count(h.list("triton_token", cfg, false, 130))
	if items != 130 || len(warnings) != 0 {
		t.Fatalf("limit 130 of 130: %d items, warnings %q; want 130 and none", items, warnings)
	}
}

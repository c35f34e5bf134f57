package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// dataSourceBase holds the provider data every data source shares.
type dataSourceBase struct {
	data *providerData
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		d.data = pd
	}
}

var tokenObjectAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"subscription_uuid":    types.StringType,
	"name":                 types.StringType,
	"rate_tier":            types.StringType,
	"auth_username":        types.StringType,
	"is_active":            types.BoolType,
	"value":                types.StringType,
	"deactivation_reasons": types.ListType{ElemType: reasonObjectType},
}

// tokenListAttrTypes is an element of triton_tokens' `tokens`: no secret inside
// (the values go in the one top-level sensitive map `values`).
var tokenListAttrTypes = func() map[string]attr.Type {
	out := map[string]attr.Type{}
	for k, v := range tokenObjectAttrTypes {
		if k != "value" {
			out[k] = v
		}
	}
	return out
}()

// tokenListObject converts an API token for the `tokens` list (no value).
func tokenListObject(t tritonapi.Token, sub string) types.Object {
	return types.ObjectValueMust(tokenListAttrTypes, map[string]attr.Value{
		"id": types.StringValue(t.UUID), "subscription_uuid": types.StringValue(sub), "name": types.StringValue(t.Name),
		"rate_tier": types.StringValue(t.RateTier), "auth_username": types.StringValue(t.AuthUsername),
		"is_active": types.BoolValue(t.IsActive), "deactivation_reasons": reasonsFromAPI(t.DeactivationReasons),
	})
}

// tokenObject converts an API token; value stays null unless includeValue.
func tokenObject(t tritonapi.Token, sub string, includeValue bool) types.Object {
	value := types.StringNull()
	if includeValue {
		value = types.StringValue(t.Value)
	}
	return types.ObjectValueMust(tokenObjectAttrTypes, map[string]attr.Value{
		"id": types.StringValue(t.UUID), "subscription_uuid": types.StringValue(sub), "name": types.StringValue(t.Name),
		"rate_tier": types.StringValue(t.RateTier), "auth_username": types.StringValue(t.AuthUsername),
		"is_active": types.BoolValue(t.IsActive), "value": value, "deactivation_reasons": reasonsFromAPI(t.DeactivationReasons),
	})
}

var endpointObjectAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"subscription_uuid":    types.StringType,
	"name":                 types.StringType,
	"rate_tier":            types.StringType,
	"is_active":            types.BoolType,
	"allowed_origins":      types.ListType{ElemType: originObjectType},
	"system_origins":       types.ListType{ElemType: types.StringType},
	"slug":                 types.StringType,
	"values":               types.ListType{ElemType: types.StringType},
	"default_values":       types.ListType{ElemType: types.StringType},
	"value":                types.StringType,
	"value_override":       types.StringType,
	"deactivation_reasons": types.ListType{ElemType: reasonObjectType},
}

func endpointObject(e tritonapi.Endpoint, sub string) types.Object {
	var m endpointResourceModel
	endpointFromAPI(&m, e)
	origins := types.ListValueMust(originObjectType, m.AllowedOrigins.Elements())
	return types.ObjectValueMust(endpointObjectAttrTypes, map[string]attr.Value{
		"id": m.ID, "subscription_uuid": types.StringValue(sub), "name": m.Name, "rate_tier": m.RateTier,
		"is_active": m.IsActive, "allowed_origins": origins, "system_origins": m.SystemOrigins, "slug": m.Slug,
		"values": m.Values, "default_values": m.DefaultValues, "value": m.Value, "value_override": m.ValueOverride,
		"deactivation_reasons": m.DeactivationReasons,
	})
}

var subscriptionObjectAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"name":                 types.StringType,
	"account_uuid":         types.StringType,
	"subscription_type":    types.StringType,
	"starts_at":            types.StringType,
	"ends_at":              types.StringType,
	"is_active":            types.BoolType,
	"supported_rate_tiers": types.ListType{ElemType: types.StringType},
}

func subscriptionObject(s tritonapi.Subscription) types.Object {
	tiers := make([]string, 0, len(s.SupportedRateTiers))
	for _, t := range s.SupportedRateTiers {
		tiers = append(tiers, t.Name)
	}
	return types.ObjectValueMust(subscriptionObjectAttrTypes, map[string]attr.Value{
		"id": types.StringValue(s.UUID), "name": types.StringValue(s.Name), "account_uuid": types.StringValue(s.AccountUUID),
		"subscription_type": types.StringValue(s.SubscriptionType), "starts_at": types.StringPointerValue(s.StartsAt),
		"ends_at": types.StringPointerValue(s.EndsAt), "is_active": types.BoolValue(s.IsActive), "supported_rate_tiers": stringList(tiers),
	})
}

// Computed attribute sets, shared by list elements and singular data sources.

func reasonsDataAttr() dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{
		MarkdownDescription: "Deactivation history, oldest first.",
		Computed:            true,
		NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
			"description": dschema.StringAttribute{Computed: true, MarkdownDescription: "Reason given."},
			"created_at":  dschema.StringAttribute{Computed: true, MarkdownDescription: "When (RFC 3339, UTC)."},
		}},
	}
}

func computedString(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func computedStrings(desc string) dschema.ListAttribute {
	return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

// tokenDataAttributes are the singular triton_token data source's attributes.
func tokenDataAttributes() map[string]dschema.Attribute {
	attrs := tokenListAttributes()
	attrs["value"] = dschema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The secret value; null unless `include_values = true`."}
	return attrs
}

// tokenListAttributes are an element of triton_tokens' `tokens`. No attribute in
// it is sensitive: Terraform's cost of marking sensitive values nested in a list
// grows with the square of their number (5 000 tokens: minutes of plan), so the
// secrets go in one top-level sensitive map instead.
func tokenListAttributes() map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"id":                   computedString("Token UUID."),
		"subscription_uuid":    computedString("Subscription the token belongs to."),
		"name":                 computedString("Token name."),
		"rate_tier":            computedString("Rate tier name."),
		"auth_username":        computedString("Basic-auth user name for the load balancers."),
		"is_active":            dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the token is active."},
		"deactivation_reasons": reasonsDataAttr(),
	}
}

func endpointDataAttributes() map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"id":                computedString("Endpoint UUID."),
		"subscription_uuid": computedString("Subscription the endpoint belongs to."),
		"name":              computedString("Endpoint name."),
		"rate_tier":         computedString("Rate tier name."),
		"is_active":         dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the endpoint is active."},
		"allowed_origins": dschema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "User-managed allowed origins (system origins excluded).",
			NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
				"value":     computedString("Host name."),
				"is_active": dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the origin is enabled."},
			}},
		},
		"system_origins":       computedStrings("Origins managed by Triton (values beginning with `__`)."),
		"slug":                 computedString("Random part of the hostnames."),
		"values":               computedStrings("Hostnames clients call."),
		"default_values":       computedStrings("Hostnames from the subscription type's default suffixes."),
		"value":                computedString("Primary value, if any."),
		"value_override":       computedString("Override value, if any."),
		"deactivation_reasons": reasonsDataAttr(),
	}
}

func subscriptionDataAttributes() map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"id":                   computedString("Subscription UUID."),
		"name":                 computedString("Subscription name."),
		"account_uuid":         computedString("Account the subscription belongs to."),
		"subscription_type":    computedString("Subscription type, such as `mainnet-shared`."),
		"starts_at":            computedString("Start time, if any."),
		"ends_at":              computedString("End time, if any."),
		"is_active":            dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the subscription is active."},
		"supported_rate_tiers": computedStrings("Names of the rate tiers tokens and endpoints in it may use."),
	}
}

// setObjectAttributes writes every attribute of obj at the root of state.
func setObjectAttributes(ctx context.Context, state *tfsdk.State, obj types.Object) diag.Diagnostics {
	var diags diag.Diagnostics
	for k, v := range obj.Attributes() {
		diags.Append(state.SetAttribute(ctx, path.Root(k), v)...)
	}
	return diags
}

// accountNotVisibleError is an account_uuid the API token cannot see.
type accountNotVisibleError struct {
	uuid    string
	visible int
}

func (e *accountNotVisibleError) Error() string {
	return fmt.Sprintf("account %q is not among the %d accounts this API token can see", e.uuid, e.visible)
}

// scopedSubscriptions resolves exactly one of subscription_uuid / account_uuid to
// subscription uuids, walking the account's subscriptions for the latter.
func scopedSubscriptions(ctx context.Context, c *tritonapi.Client, sub, account types.String) ([]string, error) {
	if !sub.IsNull() {
		return []string{sub.ValueString()}, nil
	}
	accounts, err := c.ListAccounts(ctx)
	if err != nil {
		return nil, err
	}
	found := false
	for _, a := range accounts {
		found = found || a.UUID == account.ValueString()
	}
	if !found {
		return nil, &accountNotVisibleError{uuid: account.ValueString(), visible: len(accounts)}
	}
	subs, err := c.ListSubscriptions(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range subs {
		if s.AccountUUID == account.ValueString() {
			out = append(out, s.UUID)
		}
	}
	return out, nil
}

// scopeFilter holds the inputs the list data sources share.
type scopeFilter struct {
	SubscriptionUUID, AccountUUID, Name, RateTier types.String
	IsActive                                      types.Bool
}

// keeps reports whether an object passes the name / rate_tier / is_active filters.
func (f scopeFilter) keeps(name, tier string, active bool) bool {
	return matches(f.Name, name) && matches(f.RateTier, tier) && matchesBool(f.IsActive, active)
}

// listScoped walks every subscription in scope (one, or all of an account's) and
// converts the objects the filter keeps, in the API's order.
// incompleteWarning is the warning for a whole-list result built from a list that
// never added up to the server's total (rows kept moving between pages). kind is
// "token", "endpoint", "address watch list" (of subscription sub) or "subscription"
// (the credential's list of them; sub is ignored).
func incompleteWarning(c *tritonapi.Client, kind, sub string) (diag.Diagnostic, bool) {
	complete, unique, total := c.ListCompleteness(kind, sub)
	if complete {
		return nil, false
	}
	title := map[string]string{"token": "Token", "endpoint": "Endpoint", "address watch list": "Address Watch List", "subscription": "Subscription"}[kind]
	whose := fmt.Sprintf("The %ss of subscription %q", kind, sub)
	if kind == "subscription" {
		whose = "The subscriptions this API token can see"
	}
	return diag.NewWarningDiagnostic("Incomplete "+title+" List",
		fmt.Sprintf("%s never added up while they were listed: %d unique %ss were seen after several walks, "+
			"but the server reports %d (rows moved between pages, or the server pages wrongly). The result may lack some %ss; "+
			"run it again later before relying on it (for example before adopting with terraform query -generate-config-out).",
			whose, unique, kind, total, kind)), true
}

func listScoped[T any](ctx context.Context, c *tritonapi.Client, f scopeFilter, summary, kind string,
	list func(context.Context, string) ([]T, error), fields func(T) (name, tier string, active bool),
	convert func(T, string) attr.Value, diags *diag.Diagnostics,
) []attr.Value {
	subs, err := scopedSubscriptions(ctx, c, f.SubscriptionUUID, f.AccountUUID)
	if err != nil {
		diags.Append(apiErrorDiag(apiCall{Summary: summary, Object: "account", UUID: f.AccountUUID.ValueString()}, err))
		return nil
	}
	if w, ok := incompleteWarning(c, "subscription", ""); ok && !f.AccountUUID.IsNull() {
		diags.Append(w)
	}
	// The subscriptions are walked concurrently (each walk under the client's flow
	// control); results are assembled in subscription order.
	lists, errs := make([][]T, len(subs)), make([]error, len(subs))
	sem := make(chan struct{}, tritonapi.DefaultWalkConcurrency)
	var wg sync.WaitGroup
	for i, sub := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			lists[i], errs[i] = list(ctx, sub)
		}()
	}
	wg.Wait()
	out := []attr.Value{}
	for i, sub := range subs {
		objs, err := lists[i], errs[i]
		if err != nil {
			diags.Append(apiErrorDiag(apiCall{Summary: summary, Object: "subscription", UUID: sub, Subscription: sub}, err))
			return nil
		}
		if w, ok := incompleteWarning(c, kind, sub); ok {
			diags.Append(w)
		}
		for _, o := range objs {
			if f.keeps(fields(o)) {
				out = append(out, convert(o, sub))
			}
		}
	}
	return out
}

func matches(filter types.String, v string) bool { return filter.IsNull() || filter.ValueString() == v }

func matchesBool(filter types.Bool, v bool) bool { return filter.IsNull() || filter.ValueBool() == v }

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*subscriptionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*subscriptionDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*subscriptionDataSource)(nil)
)

// NewSubscriptionsDataSource returns the triton_subscriptions data source.
func NewSubscriptionsDataSource() datasource.DataSource { return &subscriptionsDataSource{} }

type subscriptionsDataSource struct{ dataSourceBase }

// subscriptionsDataSourceModel maps triton_subscriptions.
type subscriptionsDataSourceModel struct {
	AccountUUID      types.String `tfsdk:"account_uuid"`
	SubscriptionType types.String `tfsdk:"subscription_type"`
	Name             types.String `tfsdk:"name"`
	IsActive         types.Bool   `tfsdk:"is_active"`
	Subscriptions    types.List   `tfsdk:"subscriptions"`
}

func (d *subscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscriptions"
}

func (d *subscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the subscriptions the API token can see, walking every page.",
		Attributes: map[string]dschema.Attribute{
			"account_uuid":      dschema.StringAttribute{MarkdownDescription: "Only subscriptions of this account.", Optional: true, Validators: []validator.String{uuidString()}},
			"subscription_type": dschema.StringAttribute{MarkdownDescription: "Only subscriptions of this type, such as `mainnet-shared`.", Optional: true},
			"name":              dschema.StringAttribute{MarkdownDescription: "Only subscriptions with exactly this name.", Optional: true},
			"is_active": dschema.BoolAttribute{
				MarkdownDescription: "Only active (`true`) or inactive (`false`) subscriptions. A replaced subscription stays listed, inactive, under its name.",
				Optional:            true,
			},
			"subscriptions": dschema.ListNestedAttribute{
				MarkdownDescription: "Matching subscriptions, in the API's order.",
				Computed:            true,
				NestedObject:        dschema.NestedAttributeObject{Attributes: subscriptionDataAttributes()},
			},
		},
	}
}

func (d *subscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m subscriptionsDataSourceModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	subs, err := c.ListSubscriptions(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Listing Subscriptions", Object: "subscriptions"}, err))
		return
	}
	if w, ok := incompleteWarning(c, "subscription", ""); ok {
		resp.Diagnostics.Append(w)
	}
	out := []attr.Value{}
	for _, s := range subs {
		if matches(m.AccountUUID, s.AccountUUID) && matches(m.SubscriptionType, s.SubscriptionType) && matches(m.Name, s.Name) && matchesBool(m.IsActive, s.IsActive) {
			out = append(out, subscriptionObject(s))
		}
	}
	m.Subscriptions = types.ListValueMust(types.ObjectType{AttrTypes: subscriptionObjectAttrTypes}, out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// NewSubscriptionDataSource returns the triton_subscription data source.
func NewSubscriptionDataSource() datasource.DataSource { return &subscriptionDataSource{} }

type subscriptionDataSource struct{ dataSourceBase }

func (d *subscriptionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (d *subscriptionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := subscriptionDataAttributes()
	attrs["id"] = dschema.StringAttribute{
		MarkdownDescription: "Subscription UUID. Exactly one of `id` and `name`.",
		Optional:            true, Computed: true, Validators: []validator.String{uuidString()},
	}
	attrs["name"] = dschema.StringAttribute{
		MarkdownDescription: "Subscription name; more than one match is an error. Exactly one of `id` and `name`.",
		Optional:            true, Computed: true,
	}
	attrs["account_uuid"] = dschema.StringAttribute{
		MarkdownDescription: "Account the subscription belongs to. Set it to look the name up in one account only.",
		Optional:            true, Computed: true, Validators: []validator.String{uuidString()},
	}
	attrs["is_active"] = dschema.BoolAttribute{
		MarkdownDescription: "Whether the subscription is active. Set it to pick by state: a replacement leaves the old subscription listed, " +
			"inactive, under the same name, and `is_active = true` keeps a lookup by `name` working.",
		Optional: true, Computed: true,
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Looks up one subscription by `id` or `name`: the way a configuration finds its `subscription_uuid` without pasting UUIDs.",
		Attributes:          attrs,
	}
}

func (d *subscriptionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *subscriptionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id, name, account types.String
	var active types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("account_uuid"), &account)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_active"), &active)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	subs, err := c.ListSubscriptions(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Reading Subscription", Object: "subscriptions"}, err))
		return
	}
	var hits []tritonapi.Subscription
	filtered := 0
	for _, s := range subs {
		if (!id.IsNull() && strings.EqualFold(s.UUID, id.ValueString())) || (!name.IsNull() && s.Name == name.ValueString()) {
			if (!account.IsNull() && !strings.EqualFold(account.ValueString(), s.AccountUUID)) || !matchesBool(active, s.IsActive) {
				filtered++
				continue
			}
			hits = append(hits, s)
		}
	}
	switch {
	case len(hits) == 0 && filtered > 0:
		detail := fmt.Sprintf("No subscription with %s matches the filters (%s). %d subscription(s) with %s exist outside them: change or remove "+
			"the account_uuid / is_active filter.", describeLookup(id, name), describeFilters(account, active), filtered, describeLookup(id, name))
		if w, incomplete := incompleteWarning(c, "subscription", ""); incomplete {
			detail += " The subscription list is also incomplete, so a match may be on a page that was not read: " + w.Detail()
		}
		resp.Diagnostics.AddError("Subscription Not Found", detail)
		return
	case len(hits) == 0:
		if w, incomplete := incompleteWarning(c, "subscription", ""); incomplete {
			resp.Diagnostics.AddError("Subscription List Incomplete",
				fmt.Sprintf("No subscription with %s was seen, but the list is incomplete, so it may exist. %s", describeLookup(id, name), w.Detail()))
			return
		}
		resp.Diagnostics.AddError("Subscription Not Found",
			fmt.Sprintf("None of the %d subscriptions the API token can see has %s.", len(subs), describeLookup(id, name)))
		return
	case len(hits) > 1:
		found := make([]string, 0, len(hits))
		for _, h := range hits {
			found = append(found, fmt.Sprintf("%s (account %s, is_active = %t)", h.UUID, h.AccountUUID, h.IsActive))
		}
		var hints []string
		if active.IsNull() {
			hints = append(hints, "add is_active = true to pick the active one (a replacement leaves the old subscription listed, inactive, under the same name)")
		}
		if account.IsNull() {
			hints = append(hints, "add account_uuid to look in one account")
		}
		hints = append(hints, "or look it up by id")
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Ambiguous Subscription Name",
			fmt.Sprintf("%d subscriptions have %s: %s. Names are not unique in Triton: %s.", len(hits), describeLookup(id, name),
				strings.Join(found, "; "), strings.Join(hints, ", ")))
		return
	}
	resp.Diagnostics.Append(setObjectAttributes(ctx, &resp.State, subscriptionObject(hits[0]))...)
}

func describeLookup(id, name types.String) string {
	if !id.IsNull() {
		return fmt.Sprintf("id %q", id.ValueString())
	}
	return fmt.Sprintf("name %q", name.ValueString())
}

// describeFilters spells the optional filters of a subscription lookup.
func describeFilters(account types.String, active types.Bool) string {
	var parts []string
	if !account.IsNull() {
		parts = append(parts, fmt.Sprintf("account_uuid = %q", account.ValueString()))
	}
	if !active.IsNull() {
		parts = append(parts, fmt.Sprintf("is_active = %t", active.ValueBool()))
	}
	return strings.Join(parts, ", ")
}

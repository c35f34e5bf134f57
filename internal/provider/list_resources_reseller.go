package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ list.ListResourceWithConfigure = (*subscriptionListResource)(nil)
	_ list.ListResourceWithConfigure = (*watchListListResource)(nil)
)

// NewSubscriptionListResource returns the triton_subscription list resource.
func NewSubscriptionListResource() list.ListResource { return &subscriptionListResource{} }

// NewWatchListListResource returns the triton_address_watch_list list resource.
func NewWatchListListResource() list.ListResource { return &watchListListResource{} }

const listLimitNote = "\n\nTerraform's `list` block returns at most `limit` results, **100 unless you set it**: set `limit` above the number you expect. " +
	"When the limit cuts the results, the query warns with the number that match."

type subscriptionListResource struct{ listBase }

type subscriptionListModel struct {
	AccountUUID      types.String `tfsdk:"account_uuid"`
	SubscriptionType types.String `tfsdk:"subscription_type"`
	Name             types.String `tfsdk:"name"`
	IsActive         types.Bool   `tfsdk:"is_active"`
}

func (l *subscriptionListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (l *subscriptionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the subscriptions the API token can see, for `terraform query` (Terraform 1.14+). Each result carries " +
			"the identity (`id`) and the subscription's name as its display name." + listLimitNote,
		Attributes: map[string]listschema.Attribute{
			"account_uuid":      listschema.StringAttribute{MarkdownDescription: "Only subscriptions of this account.", Optional: true, Validators: []validator.String{uuidString()}},
			"subscription_type": listschema.StringAttribute{MarkdownDescription: "Only subscriptions of this type.", Optional: true},
			"name":              listschema.StringAttribute{MarkdownDescription: "Only subscriptions with exactly this name.", Optional: true},
			"is_active": listschema.BoolAttribute{
				MarkdownDescription: "Only active (`true`) or inactive (`false`) subscriptions. A replaced subscription stays listed, inactive, under its name.",
				Optional:            true,
			},
		},
	}
}

// subscriptionAsImported is the resource object Read leaves after an import.
func subscriptionAsImported(s tritonapi.Subscription) subscriptionResourceModel {
	m := subscriptionResourceModel{DeletionPolicy: types.StringValue(deletionDeactivate)}
	subscriptionFromAPI(&m, s)
	return m
}

func (l *subscriptionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m subscriptionListModel
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, &m)...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, c, diags := l.data.use(ctx)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		subs, err := c.ListSubscriptions(ctx)
		if err != nil {
			push(list.ListResult{Diagnostics: diag.Diagnostics{apiErrorDiag(apiCall{Summary: "Error Listing Subscriptions", Object: "subscriptions"}, err)}})
			return
		}
		if w, ok := incompleteWarning(c, "subscription", ""); ok && !push(list.ListResult{Diagnostics: diag.Diagnostics{w}}) {
			return
		}
		var sent, matched int64
		push = guardPush(push)
		defer func() { pushLimitWarning(push, "subscriptions", req.Limit, sent, matched) }()
		for _, s := range subs {
			if !matches(m.AccountUUID, s.AccountUUID) || !matches(m.SubscriptionType, s.SubscriptionType) || !matches(m.Name, s.Name) || !matchesBool(m.IsActive, s.IsActive) {
				continue
			}
			matched++
			if req.Limit > 0 && sent >= req.Limit {
				continue // counted for the warning, not sent
			}
			result := req.NewListResult(ctx)
			result.DisplayName = s.Name
			result.Diagnostics.Append(setIdentity(ctx, result.Identity, subscriptionIdentityModel{ID: types.StringValue(s.UUID)})...)
			if req.IncludeResource {
				obj := subscriptionAsImported(s)
				result.Diagnostics.Append(result.Resource.Set(ctx, &obj)...)
			}
			sent++
			if !push(result) {
				return
			}
		}
	}
}

type watchListListResource struct{ listBase }

// validWatchListEntry reports whether the resource's validators accept the entry.
func validWatchListEntry(w tritonapi.WatchList) bool {
	if w.Variant != "collection" && w.Variant != "tree" {
		return false
	}
	var resp validator.StringResponse
	solanaAddress().ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringValue(w.EncodedValue)}, &resp)
	return !resp.Diagnostics.HasError()
}

type watchListListModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	Variant          types.String `tfsdk:"variant"`
}

func (l *watchListListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_address_watch_list"
}

func (l *watchListListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the address watch list entries of a subscription, for `terraform query` (Terraform 1.14+). Each result " +
			"carries the identity (`subscription_uuid`, `id`) and `<variant> <encoded_value>` as its display name. Needs the operator or reseller role." + listLimitNote,
		Attributes: map[string]listschema.Attribute{
			"subscription_uuid": listschema.StringAttribute{MarkdownDescription: "The subscription whose entries to list.", Required: true, Validators: []validator.String{uuidString()}},
			"variant": listschema.StringAttribute{
				MarkdownDescription: "Only `\"collection\"` or only `\"tree\"` entries.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(watchListVariants()...)},
			},
		},
	}
}

func (l *watchListListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m watchListListModel
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, &m)...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, c, diags := l.data.use(ctx)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	sub := m.SubscriptionUUID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		entries, err := c.ListWatchLists(ctx, sub, m.Variant.ValueString())
		if err != nil {
			push(list.ListResult{Diagnostics: diag.Diagnostics{apiErrorDiag(apiCall{Summary: "Error Listing Address Watch Lists", Object: "address watch lists",
				Action: "list address watch lists", Role: watchListRole, Subscription: sub}, err)}})
			return
		}
		if w, ok := incompleteWarning(c, "address watch list", sub); ok && !push(list.ListResult{Diagnostics: diag.Diagnostics{w}}) {
			return
		}
		var sent, matched int64
		push = guardPush(push)
		defer func() { pushLimitWarning(push, "address watch list entries", req.Limit, sent, matched) }()
		for _, w := range entries {
			if req.Limit > 0 && sent >= req.Limit {
				if validWatchListEntry(w) {
					matched++
				}
				continue // counted for the warning, not sent
			}
			if !validWatchListEntry(w) {
				// Generated configuration for it would fail the resource's own
				// validation and block adopting everything else.
				warn := diag.NewWarningDiagnostic("Address Watch List Entry Left Out",
					fmt.Sprintf("Entry %s (variant %q, encoded_value %q) in subscription %q is not a collection or tree with a base58 address "+
						"of 32 to 44 characters, so triton_address_watch_list cannot manage it; it is left out of the results.", w.UUID, w.Variant, w.EncodedValue, sub))
				if !push(list.ListResult{Diagnostics: diag.Diagnostics{warn}}) {
					return
				}
				continue
			}
			result := req.NewListResult(ctx)
			result.DisplayName = w.Variant + " " + w.EncodedValue
			result.Diagnostics.Append(setScopedIdentity(ctx, result.Identity, types.StringValue(sub), types.StringValue(w.UUID))...)
			if req.IncludeResource {
				obj := watchListResourceModel{SubscriptionUUID: types.StringValue(sub)}
				watchListFromAPI(&obj, w)
				result.Diagnostics.Append(result.Resource.Set(ctx, &obj)...)
			}
			matched++
			sent++
			if !push(result) {
				return
			}
		}
	}
}

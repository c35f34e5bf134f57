package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// List resources answer `terraform query` (Terraform 1.14+): list blocks find
// existing tokens and endpoints, and `-generate-config-out` writes the resource and
// identity-based import blocks that adopt them. The walk is the one refresh uses:
// the cached, trusted list of each subscription.

var (
	_ list.ListResourceWithConfigure        = (*tokenListResource)(nil)
	_ list.ListResourceWithConfigValidators = (*tokenListResource)(nil)
	_ list.ListResourceWithConfigure        = (*endpointListResource)(nil)
	_ list.ListResourceWithConfigValidators = (*endpointListResource)(nil)
)

// NewTokenListResource returns the triton_token list resource.
func NewTokenListResource() list.ListResource { return &tokenListResource{} }

// NewEndpointListResource returns the triton_endpoint list resource.
func NewEndpointListResource() list.ListResource { return &endpointListResource{} }

type listBase struct{ data *providerData }

// Configure receives the provider's ListResourceData (a separate field from the
// data resources and data sources get).
func (l *listBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		l.data = pd
	}
}

// scopedListBase is listBase for the token and endpoint list blocks, whose
// configuration takes exactly one of subscription_uuid and account_uuid.
type scopedListBase struct{ listBase }

func (l *scopedListBase) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{
		listresourcevalidator.ExactlyOneOf(path.MatchRoot("subscription_uuid"), path.MatchRoot("account_uuid")),
	}
}

// listScopeModel is the configuration of the token and endpoint list blocks.
type listScopeModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	AccountUUID      types.String `tfsdk:"account_uuid"`
	Name             types.String `tfsdk:"name"`
	RateTier         types.String `tfsdk:"rate_tier"`
	IsActive         types.Bool   `tfsdk:"is_active"`
}

func (m listScopeModel) filter() scopeFilter { return scopeFilter(m) }

func listScopeSchema(objects string) listschema.Schema {
	return listschema.Schema{
		MarkdownDescription: "Finds existing " + objects + " for `terraform query` (Terraform 1.14+), to adopt them with " +
			"`terraform query -generate-config-out=generated.tf`. Each result carries the identity " +
			"(`subscription_uuid`, `id`) and the object's name as its display name.\n\n" +
			"Terraform's `list` block returns at most `limit` results, **100 unless you set it**: set `limit` above the " +
			"number of " + objects + " you expect. When the limit cuts the results, the query warns with the number that match " +
			"(`List Results Stopped At The Limit`).",
		Attributes: map[string]listschema.Attribute{
			"subscription_uuid": listschema.StringAttribute{
				MarkdownDescription: "List the " + objects + " of this subscription. Exactly one of `subscription_uuid` and `account_uuid`.",
				Optional:            true,
				Validators:          []validator.String{uuidString()},
			},
			"account_uuid": listschema.StringAttribute{
				MarkdownDescription: "List the " + objects + " of every subscription of this account. Exactly one of `subscription_uuid` and `account_uuid`.",
				Optional:            true,
				Validators:          []validator.String{uuidString()},
			},
			"name":      listschema.StringAttribute{MarkdownDescription: "Only " + objects + " with exactly this name.", Optional: true},
			"rate_tier": listschema.StringAttribute{MarkdownDescription: "Only " + objects + " with this rate tier.", Optional: true},
			"is_active": listschema.BoolAttribute{MarkdownDescription: "Only active (`true`) or inactive (`false`) " + objects + ".", Optional: true},
		},
	}
}

// streamScoped walks the subscriptions in scope and pushes one result per matching
// object, stopping at the limit or when Terraform stops reading.
func streamScoped[T any](ctx context.Context, pd *providerData, req list.ListRequest, stream *list.ListResultsStream, object string,
	listFn func(*tritonapi.Client) func(context.Context, string) ([]T, error),
	fields func(T) (name, tier string, active bool),
	fill func(ctx context.Context, o T, sub string, result *list.ListResult),
) {
	var m listScopeModel
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, &m)...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, c, diags := pd.use(ctx)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	f := m.filter()
	summary := "Error Listing " + map[string]string{"token": "Tokens", "endpoint": "Endpoints"}[object]
	stream.Results = func(push func(list.ListResult) bool) {
		subs, err := scopedSubscriptions(ctx, c, f.SubscriptionUUID, f.AccountUUID)
		if err != nil {
			push(list.ListResult{Diagnostics: diag.Diagnostics{apiErrorDiag(apiCall{Summary: summary, Object: "account", UUID: f.AccountUUID.ValueString()}, err)}})
			return
		}
		if w, ok := incompleteWarning(c, "subscription", ""); ok && !f.AccountUUID.IsNull() && !push(list.ListResult{Diagnostics: diag.Diagnostics{w}}) {
			return
		}
		var sent, matched int64
		push = guardPush(push)
		defer func() { pushLimitWarning(push, object+"s", req.Limit, sent, matched) }()
		for _, sub := range subs {
			objs, err := listFn(c)(ctx, sub)
			if err != nil {
				push(list.ListResult{Diagnostics: diag.Diagnostics{apiErrorDiag(apiCall{Summary: summary, Object: "subscription", UUID: sub, Subscription: sub}, err)}})
				return
			}
			if w, ok := incompleteWarning(c, object, sub); ok && !push(list.ListResult{Diagnostics: diag.Diagnostics{w}}) {
				return
			}
			for _, o := range objs {
				if !f.keeps(fields(o)) {
					continue
				}
				matched++
				if req.Limit > 0 && sent >= req.Limit {
					continue // counted for the warning, not sent
				}
				result := req.NewListResult(ctx)
				fill(ctx, o, sub, &result)
				sent++
				if !push(result) {
					return
				}
			}
		}
	}
}

type tokenListResource struct{ scopedListBase }

func (l *tokenListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (l *tokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listScopeSchema("tokens")
}

// tokenAsImported is the resource object Read leaves after an import: API fields,
// deletion_policy and store_value at their defaults, the other provider-only
// attributes null, and no secret (the first Read after an import stores none, and
// `terraform query -json` output must carry none). The configuration Terraform
// generates from it therefore plans nothing but the import.
func tokenAsImported(t tritonapi.Token, sub string) tokenResourceModel {
	m := tokenResourceModel{
		SubscriptionUUID: types.StringValue(sub), DeletionPolicy: types.StringValue(deletionDeactivate),
		RotationTriggers: types.MapNull(types.StringType), StoreValue: types.BoolValue(true),
	}
	tokenFromAPI(&m, t)
	m.Value = types.StringNull()
	return m
}

func (l *tokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	streamScoped(ctx, l.data, req, stream, "token",
		func(c *tritonapi.Client) func(context.Context, string) ([]tritonapi.Token, error) {
			return c.ListTokens
		},
		func(t tritonapi.Token) (string, string, bool) { return t.Name, t.RateTier, t.IsActive },
		func(ctx context.Context, t tritonapi.Token, sub string, result *list.ListResult) {
			result.DisplayName = t.Name
			result.Diagnostics.Append(setScopedIdentity(ctx, result.Identity, types.StringValue(sub), types.StringValue(t.UUID))...)
			if req.IncludeResource {
				m := tokenAsImported(t, sub)
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
		})
}

type endpointListResource struct{ scopedListBase }

func (l *endpointListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_endpoint"
}

func (l *endpointListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listScopeSchema("endpoints")
}

// endpointAsImported is the endpoint counterpart of tokenAsImported.
func endpointAsImported(e tritonapi.Endpoint, sub string) endpointResourceModel {
	m := endpointResourceModel{SubscriptionUUID: types.StringValue(sub), DeletionPolicy: types.StringValue(deletionDeactivate)}
	endpointFromAPI(&m, e)
	return m
}

func (l *endpointListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	streamScoped(ctx, l.data, req, stream, "endpoint",
		func(c *tritonapi.Client) func(context.Context, string) ([]tritonapi.Endpoint, error) {
			return c.ListEndpoints
		},
		func(e tritonapi.Endpoint) (string, string, bool) { return e.Name, e.RateTier, e.IsActive },
		func(ctx context.Context, e tritonapi.Endpoint, sub string, result *list.ListResult) {
			result.DisplayName = e.Name
			result.Diagnostics.Append(setScopedIdentity(ctx, result.Identity, types.StringValue(sub), types.StringValue(e.UUID))...)
			if req.IncludeResource {
				m := endpointAsImported(e, sub)
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
		})
}

// pushLimitWarning says so when a list block's limit cut the results: Terraform
// stops at `limit` (100 unless set) silently, so a team adopting 130 tokens would
// otherwise generate configuration for 100 and believe it had them all.
func pushLimitWarning(push func(list.ListResult) bool, objects string, limit, sent, matched int64) {
	if limit <= 0 || matched <= sent {
		return
	}
	push(list.ListResult{Diagnostics: diag.Diagnostics{diag.NewWarningDiagnostic("List Results Stopped At The Limit",
		fmt.Sprintf("%d %s match this list block; only the first %d are returned, because the block's limit is %d (Terraform's default is 100). "+
			"Set limit = %d or more in the list block to get them all.", matched, objects, sent, limit, matched))}})
}

// guardPush returns push that, once Terraform has stopped reading (push returned
// false), sends nothing more: a deferred warning must not resume the iteration.
func guardPush(push func(list.ListResult) bool) func(list.ListResult) bool {
	open := true
	return func(r list.ListResult) bool {
		if !open {
			return false
		}
		open = push(r)
		return open
	}
}

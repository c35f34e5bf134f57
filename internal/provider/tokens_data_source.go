package provider

import (
	"context"

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
	_ datasource.DataSourceWithConfigure        = (*tokensDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*tokensDataSource)(nil)
)

// NewTokensDataSource returns the triton_tokens data source.
func NewTokensDataSource() datasource.DataSource { return &tokensDataSource{} }

type tokensDataSource struct{ dataSourceBase }

// tokensDataSourceModel maps triton_tokens.
type tokensDataSourceModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	AccountUUID      types.String `tfsdk:"account_uuid"`
	Name             types.String `tfsdk:"name"`
	RateTier         types.String `tfsdk:"rate_tier"`
	IsActive         types.Bool   `tfsdk:"is_active"`
	IncludeValues    types.Bool   `tfsdk:"include_values"`
	Tokens           types.List   `tfsdk:"tokens"`
	Values           types.Map    `tfsdk:"values"`
}

func (d *tokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tokens"
}

// scopeAttributes are the exactly-one-of inputs of the list data sources.
func scopeAttributes() map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"subscription_uuid": dschema.StringAttribute{
			MarkdownDescription: "List the objects of this subscription. Exactly one of `subscription_uuid` and `account_uuid`.",
			Optional:            true,
			Validators:          []validator.String{uuidString()},
		},
		"account_uuid": dschema.StringAttribute{
			MarkdownDescription: "List the objects of every subscription of this account. Exactly one of `subscription_uuid` and `account_uuid`.",
			Optional:            true,
			Validators:          []validator.String{uuidString()},
		},
		"name":      dschema.StringAttribute{MarkdownDescription: "Only objects with exactly this name.", Optional: true},
		"rate_tier": dschema.StringAttribute{MarkdownDescription: "Only objects with this rate tier.", Optional: true},
		"is_active": dschema.BoolAttribute{MarkdownDescription: "Only active (`true`) or inactive (`false`) objects.", Optional: true},
	}
}

func (d *tokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := scopeAttributes()
	attrs["include_values"] = dschema.BoolAttribute{
		MarkdownDescription: "Fill `values` with each listed token's secret. Default `false` (`values` is null). When `true`, the secrets are written to Terraform state (marked sensitive).",
		Optional:            true,
	}
	attrs["tokens"] = dschema.ListNestedAttribute{
		MarkdownDescription: "Matching tokens, in the API's order.",
		Computed:            true,
		NestedObject:        dschema.NestedAttributeObject{Attributes: tokenListAttributes()},
	}
	attrs["values"] = dschema.MapAttribute{
		MarkdownDescription: "The listed tokens' secrets, by token id (`values[t.id]` for an element `t` of `tokens`); null unless " +
			"`include_values = true`. One sensitive attribute for the whole list: Terraform marks it once, whatever the number of tokens.",
		Computed:    true,
		Sensitive:   true,
		ElementType: types.StringType,
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the tokens of a subscription, or of every subscription of an account, walking every page.",
		Attributes:          attrs,
	}
}

func (d *tokensDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("subscription_uuid"), path.MatchRoot("account_uuid")),
	}
}

func (d *tokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m tokensDataSourceModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	include := m.IncludeValues.ValueBool()
	values := map[string]attr.Value{}
	out := listScoped(ctx, c, scopeFilter{m.SubscriptionUUID, m.AccountUUID, m.Name, m.RateTier, m.IsActive}, "Error Listing Tokens", "token",
		c.ListTokens,
		func(t tritonapi.Token) (string, string, bool) { return t.Name, t.RateTier, t.IsActive },
		func(t tritonapi.Token, sub string) attr.Value {
			if include {
				values[t.UUID] = types.StringValue(t.Value)
			}
			return tokenListObject(t, sub)
		},
		&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Tokens = types.ListValueMust(types.ObjectType{AttrTypes: tokenListAttrTypes}, out)
	m.Values = types.MapNull(types.StringType)
	if include {
		m.Values = types.MapValueMust(types.StringType, values)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

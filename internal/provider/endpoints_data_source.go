package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*endpointsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*endpointsDataSource)(nil)
)

// NewEndpointsDataSource returns the triton_endpoints data source.
func NewEndpointsDataSource() datasource.DataSource { return &endpointsDataSource{} }

type endpointsDataSource struct{ dataSourceBase }

// endpointsDataSourceModel maps triton_endpoints.
type endpointsDataSourceModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	AccountUUID      types.String `tfsdk:"account_uuid"`
	Name             types.String `tfsdk:"name"`
	RateTier         types.String `tfsdk:"rate_tier"`
	IsActive         types.Bool   `tfsdk:"is_active"`
	Endpoints        types.List   `tfsdk:"endpoints"`
}

func (d *endpointsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_endpoints"
}

func (d *endpointsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := scopeAttributes()
	attrs["endpoints"] = dschema.ListNestedAttribute{
		MarkdownDescription: "Matching endpoints, in the API's order.",
		Computed:            true,
		NestedObject:        dschema.NestedAttributeObject{Attributes: endpointDataAttributes()},
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the endpoints of a subscription, or of every subscription of an account.",
		Attributes:          attrs,
	}
}

func (d *endpointsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("subscription_uuid"), path.MatchRoot("account_uuid")),
	}
}

func (d *endpointsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m endpointsDataSourceModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	out := listScoped(ctx, c, scopeFilter{m.SubscriptionUUID, m.AccountUUID, m.Name, m.RateTier, m.IsActive}, "Error Listing Endpoints", "endpoint",
		c.ListEndpoints,
		func(e tritonapi.Endpoint) (string, string, bool) { return e.Name, e.RateTier, e.IsActive },
		func(e tritonapi.Endpoint, sub string) attr.Value { return endpointObject(e, sub) },
		&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Endpoints = types.ListValueMust(types.ObjectType{AttrTypes: endpointObjectAttrTypes}, out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

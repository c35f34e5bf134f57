package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ datasource.DataSourceWithConfigure        = (*endpointDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*endpointDataSource)(nil)
)

// NewEndpointDataSource returns the triton_endpoint data source.
func NewEndpointDataSource() datasource.DataSource { return &endpointDataSource{} }

type endpointDataSource struct{ dataSourceBase }

func (d *endpointDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_endpoint"
}

func (d *endpointDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := endpointDataAttributes()
	for k, v := range lookupAttributes("endpoint") {
		attrs[k] = v
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Looks up one endpoint of a subscription by `id` or `name`.",
		Attributes:          attrs,
	}
}

func (d *endpointDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *endpointDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var sub, id, name types.String
	var active types.Bool
	for p, dst := range map[string]*types.String{"subscription_uuid": &sub, "id": &id, "name": &name} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(p), dst)...)
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_active"), &active)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	eps, err := c.ListEndpoints(ctx, sub.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Reading Endpoint", Object: "subscription", UUID: sub.ValueString(), Subscription: sub.ValueString()}, err))
		return
	}
	ep, ok := findOne(eps, "endpoint", sub.ValueString(), lookup{id, name, active}, func(e tritonapi.Endpoint) (string, string, bool) { return e.UUID, e.Name, e.IsActive }, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(setObjectAttributes(ctx, &resp.State, endpointObject(ep, sub.ValueString()))...)
}

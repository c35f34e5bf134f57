package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*rateTiersDataSource)(nil)

// NewRateTiersDataSource returns the triton_rate_tiers data source.
func NewRateTiersDataSource() datasource.DataSource { return &rateTiersDataSource{} }

type rateTiersDataSource struct{ dataSourceBase }

// rateTiersDataSourceModel maps triton_rate_tiers.
type rateTiersDataSourceModel struct {
	Names types.List `tfsdk:"names"`
}

func (d *rateTiersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_rate_tiers"
}

func (d *rateTiersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the rate tier names the deployment knows. Needs the reseller role; other roles get an error that says so " +
			"(use `triton_subscription`'s `supported_rate_tiers` instead).",
		Attributes: map[string]dschema.Attribute{
			"names": computedStrings("Rate tier names, in the API's order."),
		},
	}
}

func (d *rateTiersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	tiers, err := c.ListRateTiers(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Listing Rate Tiers", Object: "rate tiers", Action: "list rate tiers", Role: "reseller"}, err))
		return
	}
	names := make([]string, 0, len(tiers))
	for _, t := range tiers {
		names = append(names, t.Name)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &rateTiersDataSourceModel{Names: stringList(names)})...)
}

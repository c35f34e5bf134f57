package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*accountsDataSource)(nil)

// NewAccountsDataSource returns the triton_accounts data source.
func NewAccountsDataSource() datasource.DataSource { return &accountsDataSource{} }

type accountsDataSource struct{ dataSourceBase }

// accountsDataSourceModel maps triton_accounts.
type accountsDataSourceModel struct {
	Name     types.String `tfsdk:"name"`
	Accounts types.List   `tfsdk:"accounts"`
}

var accountAttrTypes = map[string]attr.Type{"id": types.StringType, "name": types.StringType, "is_active": types.BoolType}

func (d *accountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_accounts"
}

func (d *accountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the billing accounts the API token can see, walking every page.",
		Attributes: map[string]dschema.Attribute{
			"name": dschema.StringAttribute{MarkdownDescription: "Only accounts with exactly this name.", Optional: true},
			"accounts": dschema.ListNestedAttribute{
				MarkdownDescription: "Matching accounts, in the API's order.",
				Computed:            true,
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"id":        computedString("Account UUID."),
					"name":      computedString("Account name."),
					"is_active": dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is active."},
				}},
			},
		},
	}
}

func (d *accountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m accountsDataSourceModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	accts, err := c.ListAccounts(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Listing Accounts", Object: "accounts"}, err))
		return
	}
	out := []attr.Value{}
	for _, a := range accts {
		if matches(m.Name, a.Name) {
			out = append(out, types.ObjectValueMust(accountAttrTypes, map[string]attr.Value{
				"id": types.StringValue(a.UUID), "name": types.StringValue(a.Name), "is_active": types.BoolValue(a.IsActive),
			}))
		}
	}
	m.Accounts = types.ListValueMust(types.ObjectType{AttrTypes: accountAttrTypes}, out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

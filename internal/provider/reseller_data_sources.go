package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ datasource.DataSourceWithConfigure = (*subscriptionTypesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*watchListsDataSource)(nil)
)

// NewSubscriptionTypesDataSource returns the triton_subscription_types data source.
func NewSubscriptionTypesDataSource() datasource.DataSource { return &subscriptionTypesDataSource{} }

type subscriptionTypesDataSource struct{ dataSourceBase }

var subscriptionTypeAttrTypes = map[string]attr.Type{
	"name":                      types.StringType,
	"pool_name":                 types.StringType,
	"endpoint_default_suffixes": types.ListType{ElemType: types.StringType},
}

func (d *subscriptionTypesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription_types"
}

func (d *subscriptionTypesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the subscription types a `triton_subscription` may use. Needs the **reseller** role; other roles get an error that says so.",
		Attributes: map[string]dschema.Attribute{
			"subscription_types": dschema.ListNestedAttribute{
				MarkdownDescription: "Subscription types, in the API's order.",
				Computed:            true,
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"name":                      computedString("Type name, the value of `triton_subscription.subscription_type`, such as `mainnet-shared`."),
					"pool_name":                 computedString("Node pool the type runs on."),
					"endpoint_default_suffixes": computedStrings("Host name suffixes new endpoints of this type get."),
				}},
			},
		},
	}
}

func (d *subscriptionTypesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	list, err := c.ListSubscriptionTypes(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Listing Subscription Types", Object: "subscription types",
			Action: "list subscription types", Role: "reseller"}, err))
		return
	}
	out := make([]attr.Value, 0, len(list))
	for _, st := range list {
		out = append(out, types.ObjectValueMust(subscriptionTypeAttrTypes, map[string]attr.Value{
			"name": types.StringValue(st.Name), "pool_name": types.StringValue(st.PoolName),
			"endpoint_default_suffixes": stringList(st.EndpointDefaultSuffixes),
		}))
	}
	val := types.ListValueMust(types.ObjectType{AttrTypes: subscriptionTypeAttrTypes}, out)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("subscription_types"), val)...)
}

// NewWatchListsDataSource returns the triton_address_watch_lists data source.
func NewWatchListsDataSource() datasource.DataSource { return &watchListsDataSource{} }

type watchListsDataSource struct{ dataSourceBase }

type watchListsDataSourceModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	Variant          types.String `tfsdk:"variant"`
	WatchLists       types.List   `tfsdk:"address_watch_lists"`
}

var watchListAttrTypes = map[string]attr.Type{
	"id":                types.StringType,
	"subscription_uuid": types.StringType,
	"variant":           types.StringType,
	"encoded_value":     types.StringType,
}

func watchListObject(w tritonapi.WatchList, sub string) types.Object {
	return types.ObjectValueMust(watchListAttrTypes, map[string]attr.Value{
		"id": types.StringValue(w.UUID), "subscription_uuid": types.StringValue(sub),
		"variant": types.StringValue(w.Variant), "encoded_value": types.StringValue(w.EncodedValue),
	})
}

func (d *watchListsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_address_watch_lists"
}

func (d *watchListsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Lists the address watch list entries of a subscription. Needs the **operator** or **reseller** role.",
		Attributes: map[string]dschema.Attribute{
			"subscription_uuid": dschema.StringAttribute{
				MarkdownDescription: "The subscription whose entries to list.",
				Required:            true,
				Validators:          []validator.String{uuidString()},
			},
			"variant": dschema.StringAttribute{
				MarkdownDescription: "Only `\"collection\"` or only `\"tree\"` entries.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(watchListVariants()...)},
			},
			"address_watch_lists": dschema.ListNestedAttribute{
				MarkdownDescription: "Matching entries, in the API's order.",
				Computed:            true,
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"id":                computedString("Entry UUID."),
					"subscription_uuid": computedString("Subscription the entry belongs to."),
					"variant":           computedString("`collection` or `tree`."),
					"encoded_value":     computedString("The collection or tree address (base58)."),
				}},
			},
		},
	}
}

func (d *watchListsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m watchListsDataSourceModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	sub := m.SubscriptionUUID.ValueString()
	list, err := c.ListWatchLists(ctx, sub, m.Variant.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Listing Address Watch Lists", Object: "address watch lists",
			Action: "list address watch lists", Role: watchListRole, Subscription: sub}, err))
		return
	}
	if w, ok := incompleteWarning(c, "address watch list", sub); ok {
		resp.Diagnostics.Append(w)
	}
	out := make([]attr.Value, 0, len(list))
	for _, w := range list {
		if matches(m.Variant, w.Variant) {
			out = append(out, watchListObject(w, sub))
		}
	}
	m.WatchLists = types.ListValueMust(types.ObjectType{AttrTypes: watchListAttrTypes}, out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

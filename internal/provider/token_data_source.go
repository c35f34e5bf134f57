package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = (*tokenDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*tokenDataSource)(nil)
)

// NewTokenDataSource returns the triton_token data source.
func NewTokenDataSource() datasource.DataSource { return &tokenDataSource{} }

type tokenDataSource struct{ dataSourceBase }

// lookupAttributes are the inputs of the singular token and endpoint data sources.
func lookupAttributes(object string) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"subscription_uuid": dschema.StringAttribute{
			MarkdownDescription: "Subscription to look in.",
			Required:            true,
			Validators:          []validator.String{uuidString()},
		},
		"id": dschema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("UUID of the %s. Exactly one of `id` and `name`.", object),
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{uuidString()},
		},
		"name": dschema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("Name of the %s; more than one match is an error. Exactly one of `id` and `name`.", object),
			Optional:            true,
			Computed:            true,
		},
	}
}

func (d *tokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (d *tokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := tokenDataAttributes()
	for k, v := range lookupAttributes("token") {
		attrs[k] = v
	}
	attrs["include_values"] = dschema.BoolAttribute{
		MarkdownDescription: "Return the secret `value`. Default `false`. When `true`, the value is written to Terraform state (marked sensitive); the `triton_token` ephemeral resource avoids that.",
		Optional:            true,
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "Looks up one token of a subscription by `id` or `name`.",
		Attributes:          attrs,
	}
}

func (d *tokenDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *tokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var sub, id, name types.String
	var include types.Bool
	for p, dst := range map[string]*types.String{"subscription_uuid": &sub, "id": &id, "name": &name} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(p), dst)...)
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_values"), &include)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, c, diags := d.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	toks, err := c.ListTokens(ctx, sub.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Reading Token", Object: "subscription", UUID: sub.ValueString(), Subscription: sub.ValueString()}, err))
		return
	}
	var hits []int
	for i, t := range toks {
		if (!id.IsNull() && t.UUID == id.ValueString()) || (!name.IsNull() && t.Name == name.ValueString()) {
			hits = append(hits, i)
		}
	}
	if msg := lookupProblem("token", sub.ValueString(), id, name, len(hits), func() []string {
		out := make([]string, 0, len(hits))
		for _, i := range hits {
			out = append(out, toks[i].UUID)
		}
		return out
	}); msg != "" {
		if len(hits) > 1 {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Ambiguous Token Name", msg)
		} else {
			resp.Diagnostics.AddError("Token Not Found", msg)
		}
		return
	}
	resp.Diagnostics.Append(setObjectAttributes(ctx, &resp.State, tokenObject(toks[hits[0]], sub.ValueString(), include.ValueBool()))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("include_values"), include)...)
}

// lookupProblem explains a singular lookup that found no object or more than one.
func lookupProblem(object, sub string, id, name types.String, n int, uuids func() []string) string {
	key := fmt.Sprintf("id %q", id.ValueString())
	if id.IsNull() {
		key = fmt.Sprintf("name %q", name.ValueString())
	}
	switch {
	case n == 0:
		return fmt.Sprintf("No %s with %s in subscription %q. The whole list was walked.", object, key, sub)
	case n > 1:
		return fmt.Sprintf("%d %ss have %s in subscription %q (%s); names are not unique in Triton. Look it up by id instead.",
			n, object, key, sub, strings.Join(uuids(), ", "))
	}
	return ""
}

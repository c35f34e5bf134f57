package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
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
		"is_active": dschema.BoolAttribute{
			MarkdownDescription: fmt.Sprintf("Only consider %[1]ss in this state; reported as read when unset. "+
				"A rotation leaves the old %[1]s listed, inactive, under the same name: `is_active = true` keeps a lookup by `name` "+
				"working after it.", object),
			Optional: true,
			Computed: true,
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
	var include, active types.Bool
	for p, dst := range map[string]*types.String{"subscription_uuid": &sub, "id": &id, "name": &name} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(p), dst)...)
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_values"), &include)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_active"), &active)...)
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
	tok, ok := findOne(toks, "token", sub.ValueString(), lookup{id, name, active}, func(t tritonapi.Token) (string, string, bool) { return t.UUID, t.Name, t.IsActive }, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(setObjectAttributes(ctx, &resp.State, tokenObject(tok, sub.ValueString(), include.ValueBool()))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("include_values"), include)...)
}

// lookup is what a singular data source was asked for: an id or a name, and
// optionally a state.
type lookup struct {
	id, name types.String
	active   types.Bool
}

// findOne picks the one object whose uuid is id or whose name is name (among those
// in the asked-for state, if any), adding an error that says which when there is
// none or (by name) more than one.
func findOne[T any](objects []T, object, sub string, q lookup, key func(T) (uuid, name string, active bool), diags *diag.Diagnostics) (T, bool) {
	var hits []T
	var uuids []string
	filtered := 0
	for _, o := range objects {
		u, n, a := key(o)
		if (!q.id.IsNull() && u == q.id.ValueString()) || (!q.name.IsNull() && n == q.name.ValueString()) {
			if !matchesBool(q.active, a) {
				filtered++
				continue
			}
			hits = append(hits, o)
			uuids = append(uuids, u)
		}
	}
	by := fmt.Sprintf("id %q", q.id.ValueString())
	if q.id.IsNull() {
		by = fmt.Sprintf("name %q", q.name.ValueString())
	}
	state := ""
	if !q.active.IsNull() {
		state = map[bool]string{true: "active ", false: "inactive "}[q.active.ValueBool()]
	}
	title := strings.ToUpper(object[:1]) + object[1:]
	switch len(hits) {
	case 1:
		return hits[0], true
	case 0:
		detail := fmt.Sprintf("No %s%s with %s in subscription %q. The whole list was walked.", state, object, by, sub)
		if filtered > 0 {
			detail += fmt.Sprintf(" %d %s(s) with %s exist with is_active = %t: change or remove the is_active filter.", filtered, object, by, !q.active.ValueBool())
		}
		diags.AddError(title+" Not Found", detail)
	default:
		hint := "Look it up by id instead."
		if q.active.IsNull() {
			hint = fmt.Sprintf("Add is_active = true to pick the active one (a rotation leaves the old %s listed, inactive, under the same name), or look it up by id.", object)
		}
		diags.AddAttributeError(path.Root("name"), "Ambiguous "+title+" Name",
			fmt.Sprintf("%d %s%ss have %s in subscription %q (%s); names are not unique in Triton. %s",
				len(hits), state, object, by, sub, strings.Join(uuids, ", "), hint))
	}
	var zero T
	return zero, false
}

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*tokenEphemeralResource)(nil)

// NewTokenEphemeralResource returns the triton_token ephemeral resource.
func NewTokenEphemeralResource() ephemeral.EphemeralResource { return &tokenEphemeralResource{} }

type tokenEphemeralResource struct {
	data *providerData
}

// tokenEphemeralModel maps the triton_token ephemeral resource.
type tokenEphemeralModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	RateTier         types.String `tfsdk:"rate_tier"`
	IsActive         types.Bool   `tfsdk:"is_active"`
	AuthUsername     types.String `tfsdk:"auth_username"`
	Value            types.String `tfsdk:"value"`
}

func (e *tokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (e *tokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = eschema.Schema{
		MarkdownDescription: "Reads a token's secret `value` and `auth_username` without writing them to plan or state (Terraform 1.10+). " +
			"Use it to feed a secret store or a write-only argument.",
		Attributes: map[string]eschema.Attribute{
			"subscription_uuid": eschema.StringAttribute{MarkdownDescription: "Subscription the token belongs to.", Required: true, Validators: []validator.String{uuidString()}},
			"id":                eschema.StringAttribute{MarkdownDescription: "Token UUID.", Required: true, Validators: []validator.String{uuidString()}},
			"name":              eschema.StringAttribute{MarkdownDescription: "Token name.", Computed: true},
			"rate_tier":         eschema.StringAttribute{MarkdownDescription: "Rate tier name.", Computed: true},
			"is_active":         eschema.BoolAttribute{MarkdownDescription: "Whether the token is active.", Computed: true},
			"auth_username":     eschema.StringAttribute{MarkdownDescription: "Basic-auth user name.", Computed: true},
			"value":             eschema.StringAttribute{MarkdownDescription: "The secret value.", Computed: true, Sensitive: true},
		},
	}
}

func (e *tokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		e.data = pd
	}
}

func (e *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m tokenEphemeralModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := e.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	tok, found, err := c.FindToken(ctx, m.SubscriptionUUID.ValueString(), m.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Reading Token", Object: "token", UUID: m.ID.ValueString(), Subscription: m.SubscriptionUUID.ValueString()}, err))
		return
	}
	if !found {
		resp.Diagnostics.AddError("Token Not Found", fmt.Sprintf("No token %q in subscription %q. The whole list was walked.", m.ID.ValueString(), m.SubscriptionUUID.ValueString()))
		return
	}
	m.Name, m.RateTier, m.IsActive = types.StringValue(tok.Name), types.StringValue(tok.RateTier), types.BoolValue(tok.IsActive)
	m.AuthUsername, m.Value = types.StringValue(tok.AuthUsername), types.StringValue(tok.Value)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

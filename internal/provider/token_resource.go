package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ resource.ResourceWithConfigure   = (*tokenResource)(nil)
	_ resource.ResourceWithImportState = (*tokenResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*tokenResource)(nil)
	_ resource.ResourceWithIdentity    = (*tokenResource)(nil)
)

// NewTokenResource returns the triton_token resource.
func NewTokenResource() resource.Resource { return &tokenResource{} }

type tokenResource struct{ resourceBase }

// tokenResourceModel maps triton_token.
type tokenResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	SubscriptionUUID    types.String `tfsdk:"subscription_uuid"`
	Name                types.String `tfsdk:"name"`
	RateTier            types.String `tfsdk:"rate_tier"`
	IsActive            types.Bool   `tfsdk:"is_active"`
	DeactivationReason  types.String `tfsdk:"deactivation_reason"`
	DeletionPolicy      types.String `tfsdk:"deletion_policy"`
	RotationTriggers    types.Map    `tfsdk:"rotation_triggers"`
	StoreValue          types.Bool   `tfsdk:"store_value"`
	Value               types.String `tfsdk:"value"`
	AuthUsername        types.String `tfsdk:"auth_username"`
	DeactivationReasons types.List   `tfsdk:"deactivation_reasons"`
}

func (r *tokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func deactivationReasonsSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "Deactivation history reported by the API, oldest first. Unknown in a plan when the configured `is_active` changes, " +
			"and in any in-place update when `is_active` is not configured (someone may flip it before the apply); otherwise kept from state. " +
			"An apply that restores a configured `is_active` someone changed after the plan stores the planned history; the next refresh reports the new entry.",
		Computed: true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "Reason given when the object was deactivated."},
			"created_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When it was deactivated (RFC 3339, UTC)."},
		}},
		PlanModifiers: []planmodifier.List{reasonsUnknownOnFlip{}},
	}
}

func deletionPolicySchema(object string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("What destroy does. `\"deactivate\"` (default) deactivates the %[1]s, since the API has no delete: it stays listed in Triton, inactive. `\"abandon\"` only removes it from Terraform state and leaves the %[1]s as it is.", object),
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(deletionDeactivate),
		Validators:          []validator.String{stringvalidator.OneOf(deletionDeactivate, deletionAbandon)},
	}
}

func (r *tokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: tokenSchemaVersion,
		MarkdownDescription: "An RPC access token in a Triton subscription. The API cannot update or delete tokens: changing " +
			"`name`, `rate_tier`, `subscription_uuid` or `rotation_triggers` creates a new token, and destroy deactivates it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Token UUID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subscription_uuid": schema.StringAttribute{
				MarkdownDescription: "UUID of the subscription the token belongs to. Changing it creates a new token.",
				Required:            true,
				Validators:          []validator.String{uuidString()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Token name. Not unique in Triton. Changing it creates a new token (the API has no token update).",
				Required:            true,
				Validators:          []validator.String{notBlank()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"rate_tier": schema.StringAttribute{
				MarkdownDescription: "Rate tier name, one of the subscription's `supported_rate_tiers`. Changing it creates a new token.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"is_active": schema.BoolAttribute{
				MarkdownDescription: "Whether the token is active. When set, the provider activates or deactivates the token until the API agrees " +
					"(needs the operator or reseller role). When unset, it is not managed: it reports what the API says, is never written " +
					"(whatever a saved plan or `-refresh=false` holds), and is `(known after apply)` in a plan that updates the token, since " +
					"someone may change it before the apply.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"deactivation_reason": schema.StringAttribute{
				MarkdownDescription: "Reason sent with every deactivate call (when `is_active` becomes false, and on destroy).",
				Optional:            true,
			},
			"deletion_policy": deletionPolicySchema("token"),
			"rotation_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary map of values that, when changed, creates a new token (a keeper). Feed it a value that changes " +
					"when the token should rotate; combine with `create_before_destroy` for rotation without downtime.",
				Optional:    true,
				ElementType: types.StringType,
				// Replace only when triggers recorded in state change: an import (or
				// adding triggers to an existing token) records them in place.
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(triggersChanged,
					"Changing a recorded value creates a new token; recording triggers for the first time (after an import) does not.",
					"Changing a recorded value creates a new token; recording triggers for the first time (after an import) does not.")},
			},
			"store_value": schema.BoolAttribute{
				MarkdownDescription: "Whether `value` is kept in state. Default `true`. With `false`, `value` stays null in state, in every plan " +
					"and in saved plan files (create, refresh, import and rotation alike); consumers read the secret at apply time with the " +
					"`triton_token` ephemeral resource, for example into a secret store's write-only argument. Changing it is an in-place update " +
					"that calls nothing (`true` to `false` removes the stored value; `false` to `true` fills it in the same apply).",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"value": schema.StringAttribute{
				MarkdownDescription: "The secret token value, stored in state (sensitive) unless `store_value = false` (then null). " +
					"The `triton_token` ephemeral resource reads it without state.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), valueFollowsStoreValue{}},
			},
			"auth_username": schema.StringAttribute{
				MarkdownDescription: "Basic-auth user name for the load balancers (the password is `value`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"deactivation_reasons": deactivationReasonsSchema(),
		},
	}
}

// triggersChanged replaces the token when rotation_triggers recorded in state
// change (or are removed), never when there were none: an imported token has none,
// and importing it into a configuration that sets them must not mint a new secret.
func triggersChanged(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// tokenFromAPI copies the API object into the model, leaving provider-only
// attributes (deletion_policy, deactivation_reason, rotation_triggers,
// store_value) alone. The secret goes in only when store_value is true.
func tokenFromAPI(m *tokenResourceModel, t tritonapi.Token) {
	m.ID = types.StringValue(t.UUID)
	m.Name = types.StringValue(t.Name)
	m.RateTier = types.StringValue(t.RateTier)
	m.IsActive = types.BoolValue(t.IsActive)
	m.Value = types.StringNull()
	if m.StoreValue.ValueBool() {
		m.Value = types.StringValue(t.Value)
	}
	m.AuthUsername = types.StringValue(t.AuthUsername)
	m.DeactivationReasons = reasonsFromAPI(t.DeactivationReasons)
}

func tokenCall(summary, action, role string, m *tokenResourceModel) apiCall {
	return apiCall{
		Summary: summary, Object: "token", Action: action, Role: role,
		UUID: m.ID.ValueString(), Subscription: m.SubscriptionUUID.ValueString(),
	}
}

// setTokenActive calls activate or deactivate.
func setTokenActive(ctx context.Context, c *tritonapi.Client, m *tokenResourceModel, active bool) error {
	if active {
		tflog.Debug(ctx, "activating token", map[string]any{"token_uuid": m.ID.ValueString()})
		return c.ActivateToken(ctx, m.ID.ValueString())
	}
	tflog.Debug(ctx, "deactivating token", map[string]any{"token_uuid": m.ID.ValueString()})
	return c.DeactivateToken(ctx, m.ID.ValueString(), m.DeactivationReason.ValueString())
}

func (r *tokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.data.markApplying()
	var plan tokenResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	want, managed, d := configuredActive(ctx, req.Config)
	if appendDiags(&resp.Diagnostics, d) {
		return
	}
	tok, err := c.CreateToken(ctx, plan.SubscriptionUUID.ValueString(), plan.Name.ValueString(), plan.RateTier.ValueString())
	if err != nil {
		call := tokenCall("Error Creating Token", "create a token", "", &plan)
		call.Attribute = "rate_tier"
		resp.Diagnostics.Append(apiErrorDiag(call, err))
		return
	}
	warnAdoptedOrphan(&resp.Diagnostics, c, "token", tok.UUID)
	// The token exists now: finish the job (activate, save state) even if the
	// operation is cancelled meanwhile, within a bounded grace period.
	ctx, cancel := tritonapi.Grace(ctx)
	defer cancel()
	ctx = maskSecrets(ctx, r.data.apiToken, tok.Value)
	state := plan
	tokenFromAPI(&state, tok)
	// NOTE: state is saved before activate/deactivate so a failed call leaves a
	// tracked token rather than an orphan.
	if appendDiags(&resp.Diagnostics, saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)) {
		return
	}
	if !managed || tok.IsActive == want {
		return
	}
	if err := setTokenActive(ctx, c, &state, want); err != nil {
		call := toggleCall(&state, want)
		call.Created = true
		resp.Diagnostics.Append(apiErrorDiag(call, err))
		return
	}
	r.refreshInto(ctx, c, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

func toggleCall(m *tokenResourceModel, active bool) apiCall {
	summary, action := "Error Activating Token", "activate a token"
	if !active {
		summary, action = "Error Deactivating Token", "deactivate a token"
	}
	call := tokenCall(summary, action, "operator or reseller", m)
	call.Attribute = "is_active"
	return call
}

// refreshInto re-reads the token from the (write-through) list cache.
func (r *tokenResource) refreshInto(ctx context.Context, c *tritonapi.Client, m *tokenResourceModel, diags interface{ AddError(string, string) }) {
	tok, found, err := c.FindToken(ctx, m.SubscriptionUUID.ValueString(), m.ID.ValueString())
	if err != nil {
		diags.AddError("Error Reading Token", apiErrorDetail(tokenCall("Error Reading Token", "list tokens", "", m), err))
		return
	}
	if found {
		tokenFromAPI(m, tok)
	}
}

func (r *tokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tokenResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	c.Claim(state.ID.ValueString()) // this instance holds it: no create in this process adopts it
	c.Tracked(state.ID.ValueString())
	c.RememberSecrets(state.Value.ValueString())
	// Just imported, store_value is null: it takes its default, so Read fills
	// value (the import's plan is then empty, and consumers get it at once). A
	// configuration with store_value = false plans value null and the apply that
	// records the import removes it: between the two, the secret is in the
	// imported state of that plan (and so in a saved plan file of it).
	if state.StoreValue.IsNull() {
		state.StoreValue = types.BoolValue(true)
	}
	tok, found, err := c.FindToken(ctx, state.SubscriptionUUID.ValueString(), state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(tokenCall("Error Reading Token", "list tokens", "", &state), err))
		return
	}
	if !found {
		tflog.Warn(ctx, "token no longer listed in its subscription; removing it from state", map[string]any{
			"token_uuid": state.ID.ValueString(), "subscription_uuid": state.SubscriptionUUID.ValueString(),
		})
		// The framework wants an identity after every Read, even one that removes
		// the object (prior identity is null under Terraform < 1.12).
		resp.Diagnostics.Append(setScopedIdentity(ctx, resp.Identity, state.SubscriptionUUID, state.ID)...)
		resp.State.RemoveResource(ctx)
		return
	}
	tokenFromAPI(&state, tok)
	if state.DeletionPolicy.IsNull() {
		state.DeletionPolicy = types.StringValue(deletionDeactivate)
	}
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

func (r *tokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.data.markApplying()
	var plan, state tokenResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) || appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	ctx = maskSecrets(ctx, r.data.apiToken, state.Value.ValueString())
	next := plan
	next.ID, next.Value, next.AuthUsername = state.ID, state.Value, state.AuthUsername
	if !plan.StoreValue.ValueBool() {
		next.Value = types.StringNull()
	}
	next.IsActive, next.DeactivationReasons = state.IsActive, state.DeactivationReasons
	want, managed, d := configuredActive(ctx, req.Config)
	if appendDiags(&resp.Diagnostics, d) {
		return
	}
	// The API's current value decides whether a call is needed: state may be older
	// than the plan (a saved plan, -refresh=false).
	r.refreshInto(ctx, c, &next, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if managed && want != next.IsActive.ValueBool() {
		if err := setTokenActive(ctx, c, &next, want); err != nil {
			resp.Diagnostics.Append(apiErrorDiag(toggleCall(&next, want), err))
			return
		}
		r.refreshInto(ctx, c, &next, &resp.Diagnostics)
	}
	if appendDiags(&resp.Diagnostics, saveScoped(ctx, &resp.State, resp.Identity, &next, next.SubscriptionUUID, next.ID)) {
		return
	}
	resp.Diagnostics.Append(settleToPlan(req.Plan, &resp.State)...)
}

func (r *tokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.data.markApplying()
	var state tokenResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	// One warning per object, given at plan time.
	if abandonOnDelete(state.DeletionPolicy) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	// Inactive at plan time: still inactive (or gone), nothing to call, so a
	// standard key (which can list) can destroy it.
	if alreadyInactive(state.IsActive) && !activeNow(ctx, &resp.Diagnostics, tokenCall("Error Reading Token", "list tokens", "", &state), func() (bool, bool, error) {
		tok, found, err := c.FindToken(ctx, state.SubscriptionUUID.ValueString(), state.ID.ValueString())
		return tok.IsActive, found, err
	}) {
		return
	}
	err := c.DeactivateToken(ctx, state.ID.ValueString(), state.DeactivationReason.ValueString())
	if err != nil && !tritonapi.IsNotFound(err) {
		call := tokenCall("Error Deactivating Token", "deactivate a token", "operator or reseller", &state)
		call.Destroy = true
		resp.Diagnostics.Append(apiErrorDiag(call, err))
	}
}

func (r *tokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	trackedAtPlan(ctx, r.data, req)
	checkCredentialsAtPlan(ctx, r.data, req, resp, "token")
	warnDestroyAtPlan(ctx, r.data, req, resp, "token")
	warnReplaceAtPlan(ctx, req, resp, "token", []string{"subscription_uuid", "name", "rate_tier"}, true)
	unknownWhenUpdated(ctx, req, resp, "is_active")
	checkRateTierAtPlan(ctx, r.data, req, resp)
}

func (r *tokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = scopedIdentitySchema("token")
}

func (r *tokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sub, id := importScoped(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		checkImportTarget(ctx, r.data, sub, id, "token", &resp.Diagnostics)
	}
}

// valueFollowsStoreValue plans value null when store_value is false, and unknown
// (filled by the apply) when store_value turns true on a token whose value is not
// stored.
type valueFollowsStoreValue struct{}

func (valueFollowsStoreValue) Description(context.Context) string {
	return "Null when store_value is false; filled by the apply when it turns true."
}
func (m valueFollowsStoreValue) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (valueFollowsStoreValue) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var store types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("store_value"), &store)...)
	switch {
	case store.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case !store.ValueBool():
		resp.PlanValue = types.StringNull()
	case !req.State.Raw.IsNull() && req.StateValue.IsNull():
		var prior types.Bool
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("store_value"), &prior)...)
		if !prior.IsNull() && !prior.ValueBool() {
			resp.PlanValue = types.StringUnknown() // false -> true: the apply fills it
		}
	}
}

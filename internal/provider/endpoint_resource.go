package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ resource.ResourceWithConfigure   = (*endpointResource)(nil)
	_ resource.ResourceWithImportState = (*endpointResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*endpointResource)(nil)
	_ resource.ResourceWithIdentity    = (*endpointResource)(nil)
)

// NewEndpointResource returns the triton_endpoint resource.
func NewEndpointResource() resource.Resource { return &endpointResource{} }

type endpointResource struct{ resourceBase }

// endpointResourceModel maps triton_endpoint.
type endpointResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	SubscriptionUUID    types.String `tfsdk:"subscription_uuid"`
	Name                types.String `tfsdk:"name"`
	RateTier            types.String `tfsdk:"rate_tier"`
	AllowedOrigins      types.Set    `tfsdk:"allowed_origins"`
	SystemOrigins       types.List   `tfsdk:"system_origins"`
	IsActive            types.Bool   `tfsdk:"is_active"`
	DeactivationReason  types.String `tfsdk:"deactivation_reason"`
	DeletionPolicy      types.String `tfsdk:"deletion_policy"`
	DeactivationReasons types.List   `tfsdk:"deactivation_reasons"`
	Slug                types.String `tfsdk:"slug"`
	Values              types.List   `tfsdk:"values"`
	DefaultValues       types.List   `tfsdk:"default_values"`
	Value               types.String `tfsdk:"value"`
	ValueOverride       types.String `tfsdk:"value_override"`
}

// originModel is one element of allowed_origins.
type originModel struct {
	Value    types.String `tfsdk:"value"`
	IsActive types.Bool   `tfsdk:"is_active"`
}

var originAttrTypes = map[string]attr.Type{"value": types.StringType, "is_active": types.BoolType}

var originObjectType = types.ObjectType{AttrTypes: originAttrTypes}

// isSystemOrigin reports origins Triton manages itself, such as __blocked.rpcpool.com.
func isSystemOrigin(v string) bool { return strings.HasPrefix(v, "__") }

func (r *endpointResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_endpoint"
}

func (r *endpointResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepList := []planmodifier.List{listplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An RPC endpoint in a Triton subscription: the hostnames clients call. Everything but " +
			"`subscription_uuid` is updated in place, so clients keep their hostnames. Destroy deactivates (the API has no delete).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "Endpoint UUID.", Computed: true, PlanModifiers: keep},
			"subscription_uuid": schema.StringAttribute{
				MarkdownDescription: "UUID of the subscription the endpoint belongs to. The only argument that forces a new endpoint.",
				Required:            true,
				Validators:          []validator.String{uuidString()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Endpoint name. Updated in place.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
			},
			"rate_tier": schema.StringAttribute{
				MarkdownDescription: "Rate tier name. Updated in place; changing it needs the reseller role.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
			},
			"allowed_origins": schema.SetNestedAttribute{
				MarkdownDescription: "Browser origins allowed to call the endpoint without a token. The whole set is sent when the configured origins " +
					"change (the API replaces the list); a change of `name` or `rate_tier` alone leaves origins out of the update. Leave unset to not manage origins; `[]` removes every origin except Triton's system origins. " +
					"The standard role may hold at most one origin. Unset, `(known after apply)` in a plan that updates the endpoint, since someone may change them before the apply.",
				Optional: true,
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"value": schema.StringAttribute{
						MarkdownDescription: "The origin as the API holds it: a host name (`app.example.com`, `*.example.com`, `my_app.example.com`) " +
							"or an origin with a scheme and port (`https://app.example.com`, `http://localhost:3000`). The provider checks only what is " +
							"surely wrong (empty, surrounding spaces, listed twice, a Triton `__` system origin) and leaves the rest to the API.",
						Required: true,
					},
					"is_active": schema.BoolAttribute{
						MarkdownDescription: "Whether the origin is enabled. Defaults to `true`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(true),
					},
				}},
				// Unset, the origins are not managed and anyone may change them between
				// plan and apply: ModifyPlan leaves them unknown in a plan that updates the
				// endpoint (unknownWhenUpdated), and the update stores what the API reports.
				Validators:    []validator.Set{allowedOriginsCheck()},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"system_origins": schema.ListAttribute{
				MarkdownDescription: "Origins managed by Triton (values beginning with `__`, such as `__blocked.rpcpool.com`). Kept on every update, never part of `allowed_origins`.",
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       keepList,
			},
			"is_active": schema.BoolAttribute{
				MarkdownDescription: "Whether the endpoint is active. When set, the provider activates or deactivates it (reseller role). When unset, it is not managed: " +
					"it reports what the API says, is never written (whatever a saved plan or `-refresh=false` holds), and is `(known after apply)` in a plan " +
					"that updates the endpoint, since someone may change it before the apply.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"deactivation_reason": schema.StringAttribute{
				MarkdownDescription: "Reason sent with every deactivate call (when `is_active` becomes false, and on destroy).",
				Optional:            true,
			},
			"deletion_policy":      deletionPolicySchema("endpoint"),
			"deactivation_reasons": deactivationReasonsSchema(),
			"slug":                 schema.StringAttribute{MarkdownDescription: "Random part of the endpoint's hostnames.", Computed: true, PlanModifiers: keep},
			"values": schema.ListAttribute{
				MarkdownDescription: "The host names clients call (no scheme, no path), one per the subscription type's default suffix, such as `<slug>.mainnet.rpcpool.com`. Pass one to `provider::triton::rpc_url` or `ws_url`. Empty only if Triton assigned the endpoint no host name.", Computed: true, ElementType: types.StringType, PlanModifiers: keepList,
			},
			"default_values": schema.ListAttribute{
				MarkdownDescription: "The host names Triton derives from the slug and the subscription type's default suffixes; `values` equals this unless Triton set an override.", Computed: true, ElementType: types.StringType, PlanModifiers: keepList,
			},
			"value":          schema.StringAttribute{MarkdownDescription: "A host name Triton assigned to this endpoint, when it has one; usually null. Undocumented by the API: prefer `values`.", Computed: true, PlanModifiers: keep},
			"value_override": schema.StringAttribute{MarkdownDescription: "A host name that replaces the default ones, set by Triton support on request; usually null.", Computed: true, PlanModifiers: keep},
		},
	}
}

func stringList(in []string) types.List {
	elems := make([]attr.Value, 0, len(in))
	for _, s := range in {
		elems = append(elems, types.StringValue(s))
	}
	return types.ListValueMust(types.StringType, elems)
}

// endpointFromAPI copies the API object into the model. User origins go to
// allowed_origins, Triton's own to system_origins.
func endpointFromAPI(m *endpointResourceModel, e tritonapi.Endpoint) {
	m.ID = types.StringValue(e.UUID)
	m.Name = types.StringValue(e.Name)
	m.RateTier = types.StringValue(e.RateTier)
	m.IsActive = types.BoolValue(e.IsActive)
	m.Slug = types.StringValue(e.Slug)
	m.Values = stringList(e.Values)
	m.DefaultValues = stringList(e.DefaultValues)
	m.Value = types.StringPointerValue(e.Value)
	m.ValueOverride = types.StringPointerValue(e.ValueOverride)
	m.DeactivationReasons = reasonsFromAPI(e.DeactivationReasons)
	origins := make([]attr.Value, 0, len(e.AllowedOrigins))
	system := []string{}
	seen := map[tritonapi.Origin]bool{}
	for _, o := range e.AllowedOrigins {
		if isSystemOrigin(o.Value) {
			system = append(system, o.Value)
			continue
		}
		// An answer listing the same origin twice (or an empty one, from a null
		// item) would make an invalid set, an error no configuration can fix:
		// keep one of each, none empty.
		key := tritonapi.Origin{Value: o.Value, IsActive: o.IsActive}
		if o.Value == "" || seen[key] {
			continue
		}
		seen[key] = true
		origins = append(origins, types.ObjectValueMust(originAttrTypes, map[string]attr.Value{
			"value": types.StringValue(o.Value), "is_active": types.BoolValue(o.IsActive),
		}))
	}
	m.AllowedOrigins = types.SetValueMust(originObjectType, origins)
	m.SystemOrigins = stringList(system)
}

// originsFromModel reads the configured origins, sorted by value for stable requests.
func originsFromModel(ctx context.Context, set types.Set) ([]originModel, error) {
	var out []originModel
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	if d := set.ElementsAs(ctx, &out, false); d.HasError() {
		return nil, fmt.Errorf("reading allowed_origins: %v", d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value.ValueString() < out[j].Value.ValueString() })
	return out, nil
}

// originsBody builds the full-replacement list: the configured origins plus the
// system origins the endpoint currently has, with their current state.
func originsBody(user []originModel, current []tritonapi.Origin) []tritonapi.OriginInput {
	out := make([]tritonapi.OriginInput, 0, len(user)+1)
	for _, o := range user {
		active := o.IsActive.IsNull() || o.IsActive.IsUnknown() || o.IsActive.ValueBool()
		out = append(out, tritonapi.OriginInput{Value: o.Value.ValueString(), IsActive: &active})
	}
	for _, o := range current {
		if isSystemOrigin(o.Value) {
			active := o.IsActive
			out = append(out, tritonapi.OriginInput{Value: o.Value, IsActive: &active})
		}
	}
	return out
}

func endpointCall(summary, action, role, attribute string, m *endpointResourceModel) apiCall {
	return apiCall{
		Summary: summary, Object: "endpoint", Action: action, Role: role, Attribute: attribute,
		UUID: m.ID.ValueString(), Subscription: m.SubscriptionUUID.ValueString(),
	}
}

// attributeFrom422 names the argument a validation error is about.
func attributeFrom422(err error, fallback string) string {
	msg := err.Error()
	for _, a := range []string{"allowed_origins", "rate_tier", "subscription_type", "account_uuid", "starts_at", "ends_at", "variant", "encoded_value", "name"} {
		if strings.Contains(msg, a+" ") {
			return a
		}
	}
	return fallback
}

func endpointToggleCall(m *endpointResourceModel, active bool) apiCall {
	if active {
		return endpointCall("Error Activating Endpoint", "activate an endpoint", "reseller", "is_active", m)
	}
	return endpointCall("Error Deactivating Endpoint", "deactivate an endpoint", "reseller", "is_active", m)
}

func setEndpointActive(ctx context.Context, c *tritonapi.Client, m *endpointResourceModel, active bool) error {
	tflog.Debug(ctx, "setting endpoint is_active", map[string]any{"endpoint_uuid": m.ID.ValueString(), "is_active": active})
	if active {
		return c.ActivateEndpoint(ctx, m.ID.ValueString())
	}
	return c.DeactivateEndpoint(ctx, m.ID.ValueString(), m.DeactivationReason.ValueString())
}

func (r *endpointResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.data.markApplying()
	var plan endpointResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	user, err := originsFromModel(ctx, plan.AllowedOrigins)
	if err != nil {
		resp.Diagnostics.AddError("Error Creating Endpoint", err.Error())
		return
	}
	in := tritonapi.EndpointCreate{Name: plan.Name.ValueString(), RateTier: plan.RateTier.ValueString()}
	needsOriginUpdate := false
	for _, o := range user {
		// The create call enables every origin; disabled ones are switched off by an update below.
		in.AllowedOrigins = append(in.AllowedOrigins, tritonapi.OriginInput{Value: o.Value.ValueString()})
		if !o.IsActive.IsNull() && !o.IsActive.IsUnknown() && !o.IsActive.ValueBool() {
			needsOriginUpdate = true
		}
	}
	ep, err := c.CreateEndpoint(ctx, plan.SubscriptionUUID.ValueString(), in)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(endpointCall("Error Creating Endpoint", "create an endpoint", "reseller", attributeFrom422(err, ""), &plan), err))
		return
	}
	warnAdoptedOrphan(&resp.Diagnostics, c, "endpoint", ep.UUID)
	// The endpoint exists now: finish the job even if the operation is cancelled
	// meanwhile, within a bounded grace period.
	ctx, cancel := tritonapi.Grace(ctx)
	defer cancel()
	state := plan
	endpointFromAPI(&state, ep)
	// NOTE: state is saved before any follow-up call so a failure leaves a tracked endpoint.
	if appendDiags(&resp.Diagnostics, saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)) {
		return
	}
	if needsOriginUpdate {
		body := originsBody(user, ep.AllowedOrigins)
		ep, err = c.UpdateEndpoint(ctx, plan.SubscriptionUUID.ValueString(), ep.UUID, tritonapi.EndpointUpdate{AllowedOrigins: &body})
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiag(endpointCall("Error Updating Endpoint Origins", "update an endpoint", "", attributeFrom422(err, "allowed_origins"), &state), err))
			return
		}
		endpointFromAPI(&state, ep)
		if appendDiags(&resp.Diagnostics, saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)) {
			return
		}
	}
	if want, managed, d := configuredActive(ctx, req.Config); appendDiags(&resp.Diagnostics, d) {
		return
	} else if managed && want != ep.IsActive {
		if err := setEndpointActive(ctx, c, &state, want); err != nil {
			call := endpointToggleCall(&state, want)
			call.Created = true
			resp.Diagnostics.Append(apiErrorDiag(call, err))
			return
		}
		r.refreshInto(ctx, c, &state, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

func (r *endpointResource) refreshInto(ctx context.Context, c *tritonapi.Client, m *endpointResourceModel, diags interface{ AddError(string, string) }) {
	ep, found, err := c.FindEndpoint(ctx, m.SubscriptionUUID.ValueString(), m.ID.ValueString())
	if err != nil {
		diags.AddError("Error Reading Endpoint", apiErrorDetail(endpointCall("Error Reading Endpoint", "list endpoints", "", "", m), err))
		return
	}
	if found {
		endpointFromAPI(m, ep)
	}
}

func (r *endpointResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state endpointResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	c.Claim(state.ID.ValueString()) // this instance holds it: no create in this process adopts it
	c.Tracked(state.ID.ValueString())
	ep, found, err := c.FindEndpoint(ctx, state.SubscriptionUUID.ValueString(), state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(endpointCall("Error Reading Endpoint", "list endpoints", "", "", &state), err))
		return
	}
	if !found {
		tflog.Warn(ctx, "endpoint no longer listed in its subscription; removing it from state", map[string]any{
			"endpoint_uuid": state.ID.ValueString(), "subscription_uuid": state.SubscriptionUUID.ValueString(),
		})
		// The framework wants an identity after every Read, even one that removes
		// the object (prior identity is null under Terraform < 1.12).
		resp.Diagnostics.Append(setScopedIdentity(ctx, resp.Identity, state.SubscriptionUUID, state.ID)...)
		resp.State.RemoveResource(ctx)
		return
	}
	endpointFromAPI(&state, ep)
	if state.DeletionPolicy.IsNull() {
		state.DeletionPolicy = types.StringValue(deletionDeactivate)
	}
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

func (r *endpointResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.data.markApplying()
	var plan, state endpointResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) || appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	var configOrigins types.Set
	if appendDiags(&resp.Diagnostics, req.Config.GetAttribute(ctx, path.Root("allowed_origins"), &configOrigins)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	next := state
	next.DeactivationReason, next.DeletionPolicy = plan.DeactivationReason, plan.DeletionPolicy
	sub := state.SubscriptionUUID.ValueString()

	// One PUT carries the name, the rate tier only when it changed (it needs the
	// reseller role) and the whole origin list only when the configured origins
	// changed: a rename re-sending unchanged origins (system origins included)
	// is refused by servers that count those toward the standard role's limit.
	name := plan.Name.ValueString()
	upd := tritonapi.EndpointUpdate{Name: &name}
	changed := !plan.Name.Equal(state.Name)
	attribute := "name"
	if !plan.RateTier.Equal(state.RateTier) {
		tier := plan.RateTier.ValueString()
		upd.RateTier, changed, attribute = &tier, true, "rate_tier"
	}
	managedOrigins := !configOrigins.IsNull()
	originsChanged := managedOrigins && !plan.AllowedOrigins.Equal(state.AllowedOrigins)
	changed = changed || originsChanged
	if originsChanged {
		user, err := originsFromModel(ctx, plan.AllowedOrigins)
		if err != nil {
			resp.Diagnostics.AddError("Error Updating Endpoint", err.Error())
			return
		}
		current, found, err := c.FindEndpoint(ctx, sub, state.ID.ValueString())
		if err != nil || !found {
			if err == nil {
				err = fmt.Errorf("endpoint %s is no longer listed in subscription %s", state.ID.ValueString(), sub)
			}
			resp.Diagnostics.Append(apiErrorDiag(endpointCall("Error Updating Endpoint", "list endpoints", "", "", &state), err))
			return
		}
		body := originsBody(user, current.AllowedOrigins)
		upd.AllowedOrigins = &body
		if upd.RateTier == nil {
			attribute = "allowed_origins"
		}
	}
	want, managed, d := configuredActive(ctx, req.Config)
	if appendDiags(&resp.Diagnostics, d) {
		return
	}
	if changed {
		ep, err := c.UpdateEndpoint(ctx, sub, state.ID.ValueString(), upd)
		if err != nil {
			role, action := "", "update the endpoint's `"+attribute+"`"
			if upd.RateTier != nil {
				role, action = "reseller", "change an endpoint's rate_tier"
			}
			call := endpointCall("Error Updating Endpoint", action, role, attributeFrom422(err, attribute), &state)
			resp.Diagnostics.Append(apiErrorDiag(call, err))
			return
		}
		endpointFromAPI(&next, ep)
	} else {
		// Nothing to PUT (deletion_policy or deactivation_reason only): read the
		// endpoint as it is now, since state may be older than the plan.
		r.refreshInto(ctx, c, &next, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	next.DeactivationReason, next.DeletionPolicy = plan.DeactivationReason, plan.DeletionPolicy
	if managed && want != next.IsActive.ValueBool() {
		if err := setEndpointActive(ctx, c, &next, want); err != nil {
			resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &next, next.SubscriptionUUID, next.ID)...)
			resp.Diagnostics.Append(apiErrorDiag(endpointToggleCall(&next, want), err))
			return
		}
		r.refreshInto(ctx, c, &next, &resp.Diagnostics)
	}
	if appendDiags(&resp.Diagnostics, saveScoped(ctx, &resp.State, resp.Identity, &next, next.SubscriptionUUID, next.ID)) {
		return
	}
	resp.Diagnostics.Append(settleToPlan(req.Plan, &resp.State)...)
}

func (r *endpointResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.data.markApplying()
	var state endpointResourceModel
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
	if alreadyInactive(state.IsActive) && !activeNow(ctx, &resp.Diagnostics, endpointCall("Error Reading Endpoint", "list endpoints", "", "", &state), func() (bool, bool, error) {
		ep, found, err := c.FindEndpoint(ctx, state.SubscriptionUUID.ValueString(), state.ID.ValueString())
		return ep.IsActive, found, err
	}) {
		return
	}
	err := c.DeactivateEndpoint(ctx, state.ID.ValueString(), state.DeactivationReason.ValueString())
	if err != nil && !tritonapi.IsNotFound(err) {
		call := endpointCall("Error Deactivating Endpoint", "deactivate an endpoint", "reseller", "", &state)
		call.Destroy = true
		resp.Diagnostics.Append(apiErrorDiag(call, err))
	}
}

func (r *endpointResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	trackedAtPlan(ctx, r.data, req)
	checkCredentialsAtPlan(ctx, r.data, req, resp, "endpoint")
	warnDestroyAtPlan(ctx, r.data, req, resp, "endpoint")
	warnReplaceAtPlan(ctx, req, resp, "endpoint", []string{"subscription_uuid"}, false)
	unknownWhenUpdated(ctx, req, resp, "is_active", "allowed_origins")
	checkRateTierAtPlan(ctx, r.data, req, resp)
}

func (r *endpointResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = scopedIdentitySchema("endpoint")
}

func (r *endpointResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sub, id := importScoped(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		checkImportTarget(ctx, r.data, sub, id, "endpoint", &resp.Diagnostics)
	}
}

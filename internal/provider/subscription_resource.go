package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ resource.ResourceWithConfigure   = (*subscriptionResource)(nil)
	_ resource.ResourceWithImportState = (*subscriptionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*subscriptionResource)(nil)
	_ resource.ResourceWithIdentity    = (*subscriptionResource)(nil)

	_ resource.ResourceWithValidateConfig = (*subscriptionResource)(nil)
)

// NewSubscriptionResource returns the triton_subscription resource.
func NewSubscriptionResource() resource.Resource { return &subscriptionResource{} }

type subscriptionResource struct{ resourceBase }

// subscriptionResourceModel maps triton_subscription.
type subscriptionResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	AccountUUID         types.String `tfsdk:"account_uuid"`
	SubscriptionType    types.String `tfsdk:"subscription_type"`
	Name                types.String `tfsdk:"name"`
	StartsAt            types.String `tfsdk:"starts_at"`
	EndsAt              types.String `tfsdk:"ends_at"`
	IsActive            types.Bool   `tfsdk:"is_active"`
	DeactivationReason  types.String `tfsdk:"deactivation_reason"`
	DeletionPolicy      types.String `tfsdk:"deletion_policy"`
	DeactivationReasons types.List   `tfsdk:"deactivation_reasons"`
	SupportedRateTiers  types.List   `tfsdk:"supported_rate_tiers"`
}

// subscriptionIdentityModel is the identity of a subscription: its uuid alone.
type subscriptionIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *subscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (r *subscriptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "UUID of the subscription."},
	}}
}

// timestampAttr is starts_at / ends_at: optional, kept from state when left out of
// the configuration (null means "now" / "never" to the API, which may then report
// the actual time), and a replacement only when a configured value changes.
func timestampAttr(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{rfc3339()},
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			stringplanmodifier.RequiresReplaceIf(otherInstant,
				"Changing the configured time creates a new subscription; the same time spelled differently (another offset) does not.",
				"Changing the configured time creates a new subscription; the same time spelled differently (another offset) does not."),
		},
	}
}

func (r *subscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Triton subscription: the container of tokens and endpoints, billed to an account. Creating, activating " +
			"and deactivating subscriptions needs the **reseller** role; any role may rename one (`name` is the only field updated in place). " +
			"The API has no delete: destroy deactivates the subscription, which stays listed, inactive; `deletion_policy = \"abandon\"` only forgets it.\n\n" +
			"Changing `account_uuid` or `subscription_type`, or setting `starts_at` / `ends_at` to another instant than the API has, replaces the subscription, and with it every " +
			"token and endpoint whose `subscription_uuid` comes from it (new secrets, new host names): the plan warns before that happens. " +
			"The same time written with another UTC offset (or lower-case `t`/`z`) is not a replacement. The API answers in UTC, so after an " +
			"import a time configured in another spelling is recorded once by an in-place update that calls nothing.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Subscription UUID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_uuid": schema.StringAttribute{
				MarkdownDescription: "UUID of the account the subscription is billed to. Changing it creates a new subscription.",
				Required:            true,
				Validators:          []validator.String{uuidString()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"subscription_type": schema.StringAttribute{
				MarkdownDescription: "A subscription type name from `triton_subscription_types`, such as `mainnet-shared`. Changing it creates a new subscription.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Subscription name, updated in place (the only field the API updates). Not unique in Triton.",
				Required:            true,
				Validators:          []validator.String{notBlank()},
			},
			"starts_at": timestampAttr("When the subscription starts (RFC 3339, whole seconds). Left unset, it is not managed: a new subscription " +
				"starts now, and the value the API reports is kept and shown. Setting it, or changing it to another instant, creates a new subscription " +
				"(the API cannot change times); removing it from the configuration changes nothing."),
			"ends_at": timestampAttr("When the subscription ends (RFC 3339, whole seconds). Left unset, it is not managed: a new subscription never " +
				"ends, and the value the API reports is kept and shown. Setting it, or changing it to another instant, creates a new subscription " +
				"(the API cannot change times); removing it from the configuration changes nothing, and does not make the subscription open-ended."),
			"is_active": schema.BoolAttribute{
				MarkdownDescription: "Whether the subscription is active. When set, the provider activates or deactivates it until the API agrees " +
					"(reseller role). When unset, it is not managed: it reports what the API says, is never written (whatever a saved plan or " +
					"`-refresh=false` holds), and is `(known after apply)` in a plan that updates the subscription, since someone may change it " +
					"before the apply. New subscriptions start inactive.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"deactivation_reason": schema.StringAttribute{
				MarkdownDescription: "Reason sent with every deactivate call (when `is_active` becomes false, and on destroy).",
				Optional:            true,
			},
			"deletion_policy":      deletionPolicySchema("subscription"),
			"deactivation_reasons": deactivationReasonsSchema(),
			"supported_rate_tiers": schema.ListAttribute{
				MarkdownDescription: "Names of the rate tiers tokens and endpoints in this subscription may use.",
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// otherInstant replaces the subscription when a configured time changes, but not
// when it names the same instant in another spelling (the API answers in UTC, so an
// import into a configuration with "+09:00" only records the spelling, in place).
//
// Unset is not managed (the API's value is kept), so it never replaces. Setting a
// time where the API has none (state null: "now" / "never") is a change of
// instant: the API cannot update times, so it is a replacement, planned as one.
func otherInstant(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	switch {
	case req.ConfigValue.IsNull():
		resp.RequiresReplace = false
	case req.PlanValue.IsUnknown() || req.StateValue.IsNull():
		resp.RequiresReplace = true
	default:
		if _, err := parseAPITime(req.StateValue.ValueString()); err != nil {
			resp.RequiresReplace = false // unreadable: ModifyPlan fails the plan instead
			return
		}
		resp.RequiresReplace = !sameInstant(req.PlanValue.ValueString(), req.StateValue.ValueString())
	}
}

// knownTime is the configured time as sent to the API (upper-case "T" and "Z"), nil
// when unset (unknown: left to the API).
func knownTime(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	up := strings.ToUpper(v.ValueString())
	return &up
}

// parseRFC3339 parses an RFC 3339 time, accepting the lower-case "t" and "z" the
// RFC allows (Go's parser wants upper case).
func parseRFC3339(v string) (time.Time, error) {
	return time.Parse(time.RFC3339, strings.ToUpper(v))
}

// apiTimeLayouts are the spellings of a time a server may answer besides RFC 3339
// (Rails and Postgres defaults among them).
var apiTimeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// parseAPITime parses a time as configured (RFC 3339) or as a server may spell it;
// a time without a zone is UTC.
func parseAPITime(v string) (time.Time, error) {
	if t, err := parseRFC3339(v); err == nil {
		return t, nil
	}
	var first error
	for _, layout := range apiTimeLayouts {
		t, err := time.Parse(layout, strings.TrimSpace(v))
		if err == nil {
			return t, nil
		}
		if first == nil {
			first = err
		}
	}
	return time.Time{}, first
}

// sameInstant reports whether two times (RFC 3339, or a server's spelling) name
// the same instant.
func sameInstant(a, b string) bool {
	ta, err1 := parseAPITime(a)
	tb, err2 := parseAPITime(b)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// timestampFromAPI keeps the configured spelling of a time the API reports in
// another form (2026-01-01T09:00:00+09:00 vs 2026-01-01T00:00:00Z), so plans stay
// quiet; a time in a server's own spelling ("2030-01-01 00:00:00 UTC") is stored
// as RFC 3339 in UTC, so it compares with a configured value.
func timestampFromAPI(prior types.String, api *string) types.String {
	if api == nil {
		return types.StringNull()
	}
	if !prior.IsNull() && !prior.IsUnknown() && sameInstant(prior.ValueString(), *api) {
		return prior
	}
	if _, err := parseRFC3339(*api); err != nil {
		if t, err := parseAPITime(*api); err == nil {
			return types.StringValue(t.UTC().Format(time.RFC3339))
		}
	}
	return types.StringValue(*api)
}

// subscriptionFromAPI copies the API object into the model, leaving provider-only
// attributes alone.
func subscriptionFromAPI(m *subscriptionResourceModel, s tritonapi.Subscription) {
	m.ID = types.StringValue(s.UUID)
	m.AccountUUID = types.StringValue(s.AccountUUID)
	m.SubscriptionType = types.StringValue(s.SubscriptionType)
	m.Name = types.StringValue(s.Name)
	m.StartsAt = timestampFromAPI(m.StartsAt, s.StartsAt)
	m.EndsAt = timestampFromAPI(m.EndsAt, s.EndsAt)
	m.IsActive = types.BoolValue(s.IsActive)
	m.DeactivationReasons = reasonsFromAPI(s.DeactivationReasons)
	tiers := make([]string, 0, len(s.SupportedRateTiers))
	for _, t := range s.SupportedRateTiers {
		tiers = append(tiers, t.Name)
	}
	m.SupportedRateTiers = stringList(tiers)
}

func subscriptionCall(summary, action, role string, m *subscriptionResourceModel) apiCall {
	id := m.ID.ValueString()
	return apiCall{Summary: summary, Object: "subscription", Action: action, Role: role, UUID: id, Subscription: id}
}

func subscriptionToggleCall(m *subscriptionResourceModel, active bool) apiCall {
	summary, action := "Error Activating Subscription", "activate a subscription"
	if !active {
		summary, action = "Error Deactivating Subscription", "deactivate a subscription"
	}
	call := subscriptionCall(summary, action, "reseller", m)
	call.Attribute = "is_active"
	return call
}

func setSubscriptionActive(ctx context.Context, c *tritonapi.Client, m *subscriptionResourceModel, active bool) error {
	if active {
		return c.ActivateSubscription(ctx, m.ID.ValueString())
	}
	return c.DeactivateSubscription(ctx, m.ID.ValueString(), m.DeactivationReason.ValueString())
}

// saveSubscription writes the state and the identity {id}.
func saveSubscription(ctx context.Context, st *tfsdk.State, ident *tfsdk.ResourceIdentity, m *subscriptionResourceModel) diag.Diagnostics {
	return saveWithIdentity(ctx, st, ident, m, subscriptionIdentityModel{ID: m.ID})
}

func (r *subscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.data.markApplying()
	var plan subscriptionResourceModel
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
	in := tritonapi.SubscriptionCreate{
		AccountUUID: plan.AccountUUID.ValueString(), SubscriptionType: plan.SubscriptionType.ValueString(), Name: plan.Name.ValueString(),
		StartsAt: knownTime(plan.StartsAt), EndsAt: knownTime(plan.EndsAt),
	}
	sub, err := c.CreateSubscription(ctx, in)
	if tritonapi.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("account_uuid"), "Error Creating Subscription", fmt.Sprintf(
			"The Triton API found no account %q (HTTP 404): it does not exist, or the API token cannot see it. "+
				"Check `account_uuid`; the `triton_accounts` data source lists the accounts this token can see.\n\nOriginal error: %v", in.AccountUUID, err))
		return
	}
	if err != nil {
		call := subscriptionCall("Error Creating Subscription", "create a subscription", "reseller", &plan)
		call.Subscription = ""
		if tritonapi.IsUnprocessable(err) {
			call.Attribute = attributeFrom422(err, "subscription_type")
		}
		resp.Diagnostics.Append(apiErrorDiag(call, err))
		return
	}
	warnAdoptedOrphan(&resp.Diagnostics, c, "subscription", sub.UUID)
	ctx, cancel := tritonapi.Grace(ctx)
	defer cancel()
	state := plan
	subscriptionFromAPI(&state, sub)
	if appendDiags(&resp.Diagnostics, saveSubscription(ctx, &resp.State, resp.Identity, &state)) {
		return
	}
	if !managed || sub.IsActive == want {
		return
	}
	if err := setSubscriptionActive(ctx, c, &state, want); err != nil {
		call := subscriptionToggleCall(&state, want)
		call.Created = true
		resp.Diagnostics.Append(apiErrorDiag(call, err))
		return
	}
	r.refreshInto(ctx, c, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(saveSubscription(ctx, &resp.State, resp.Identity, &state)...)
}

func (r *subscriptionResource) refreshInto(ctx context.Context, c *tritonapi.Client, m *subscriptionResourceModel, diags *diag.Diagnostics) {
	sub, found, err := c.FindSubscription(ctx, m.ID.ValueString())
	if err != nil {
		diags.Append(apiErrorDiag(subscriptionCall("Error Reading Subscription", "list subscriptions", "", m), err))
		return
	}
	if found {
		subscriptionFromAPI(m, sub)
	}
}

func (r *subscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state subscriptionResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	c.Claim(state.ID.ValueString()) // this instance holds it: no create in this process adopts it
	c.Tracked(state.ID.ValueString())
	sub, found, err := c.FindSubscription(ctx, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(subscriptionCall("Error Reading Subscription", "list subscriptions", "", &state), err))
		return
	}
	if !found {
		tflog.Warn(ctx, "subscription no longer listed; removing it from state", map[string]any{"subscription_uuid": state.ID.ValueString()})
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, subscriptionIdentityModel{ID: state.ID})...)
		resp.State.RemoveResource(ctx)
		return
	}
	subscriptionFromAPI(&state, sub)
	if state.DeletionPolicy.IsNull() {
		state.DeletionPolicy = types.StringValue(deletionDeactivate)
	}
	resp.Diagnostics.Append(saveSubscription(ctx, &resp.State, resp.Identity, &state)...)
}

func (r *subscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.data.markApplying()
	var plan, state subscriptionResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) || appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	next := plan
	next.ID, next.IsActive, next.DeactivationReasons, next.SupportedRateTiers = state.ID, state.IsActive, state.DeactivationReasons, state.SupportedRateTiers
	// starts_at / ends_at reach Update only respelled (another offset, same instant):
	// record the configured spelling; unset keeps what the API reported.
	for _, p := range []struct {
		planned, prior types.String
		dst            *types.String
	}{
		{plan.StartsAt, state.StartsAt, &next.StartsAt}, {plan.EndsAt, state.EndsAt, &next.EndsAt},
	} {
		if p.planned.IsNull() || p.planned.IsUnknown() {
			*p.dst = p.prior
		}
	}
	want, managed, d := configuredActive(ctx, req.Config)
	if appendDiags(&resp.Diagnostics, d) {
		return
	}
	if !plan.Name.Equal(state.Name) {
		sub, err := c.RenameSubscription(ctx, state.ID.ValueString(), plan.Name.ValueString())
		if err != nil {
			call := subscriptionCall("Error Renaming Subscription", "rename a subscription", "", &state)
			call.Attribute = "name"
			resp.Diagnostics.Append(apiErrorDiag(call, err))
			return
		}
		subscriptionFromAPI(&next, sub)
	} else {
		// State may be older than the plan: decide on the API's current is_active.
		r.refreshInto(ctx, c, &next, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if managed && want != next.IsActive.ValueBool() {
		if err := setSubscriptionActive(ctx, c, &next, want); err != nil {
			resp.Diagnostics.Append(saveSubscription(ctx, &resp.State, resp.Identity, &next)...)
			resp.Diagnostics.Append(apiErrorDiag(subscriptionToggleCall(&next, want), err))
			return
		}
		r.refreshInto(ctx, c, &next, &resp.Diagnostics)
	}
	if appendDiags(&resp.Diagnostics, saveSubscription(ctx, &resp.State, resp.Identity, &next)) {
		return
	}
	resp.Diagnostics.Append(settleToPlan(req.Plan, &resp.State)...)
}

func (r *subscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.data.markApplying()
	var state subscriptionResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	if abandonOnDelete(state.DeletionPolicy) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	if alreadyInactive(state.IsActive) && !activeNow(ctx, &resp.Diagnostics, subscriptionCall("Error Reading Subscription", "list subscriptions", "", &state), func() (bool, bool, error) {
		sub, found, err := c.FindSubscription(ctx, state.ID.ValueString())
		return sub.IsActive, found, err
	}) {
		return
	}
	err := c.DeactivateSubscription(ctx, state.ID.ValueString(), state.DeactivationReason.ValueString())
	if err != nil && !tritonapi.IsNotFound(err) {
		call := subscriptionCall("Error Deactivating Subscription", "deactivate a subscription", "reseller", &state)
		call.Destroy = true
		resp.Diagnostics.Append(apiErrorDiag(call, err))
	}
}

func (r *subscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	trackedAtPlan(ctx, r.data, req)
	checkCredentialsAtPlan(ctx, r.data, req, resp, "subscription")
	warnDestroyAtPlan(ctx, r.data, req, resp, "subscription")
	unknownWhenUpdated(ctx, req, resp, "is_active")
	changed := replacedBecause(ctx, req, resp, []string{"account_uuid", "subscription_type"}, false)
	if !req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		for _, a := range []string{"starts_at", "ends_at"} {
			var prior, planned types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(a), &prior)...)
			resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(a), &planned)...)
			if !prior.IsNull() && !planned.IsUnknown() && !planned.Equal(prior) {
				if _, err := parseAPITime(prior.ValueString()); err != nil {
					resp.Diagnostics.AddAttributeError(path.Root(a), "Unreadable Time From the API",
						fmt.Sprintf("The Triton API reports %s as %q, which the provider cannot read as a time, so it cannot tell whether the "+
							"configured %q is the same instant. It plans no replacement (which would replace every token and endpoint in the "+
							"subscription): remove %s from the configuration to leave it unmanaged, or report the server's format.",
							a, prior.ValueString(), planned.ValueString(), a))
					continue
				}
			}
			if planned.IsUnknown() || (!planned.Equal(prior) && !sameInstant(planned.ValueString(), prior.ValueString())) {
				changed = append(changed, "`"+a+"`")
			}
		}
	}
	if len(changed) == 0 || resp.Diagnostics.HasError() {
		return
	}
	warnReplacement(ctx, req, resp, "subscription", changed)
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.AddWarning("Tokens And Endpoints Go With The Subscription",
		fmt.Sprintf("Changing %s replaces subscription %s. Every token, endpoint and address watch list entry in it stays in the old "+
			"subscription: resources that take their subscription_uuid from this one are replaced too (new tokens, new secrets; new "+
			"endpoints, new host names; watch list entries deleted and added again), and clients using the old ones stop working when "+
			"the old subscription is deactivated.", strings.Join(changed, ", "), id.ValueString()))
}

// ValidateConfig rejects an ends_at that is not after starts_at at plan time:
// fixing it later would replace the subscription and everything in it.
func (r *subscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var starts, ends types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("starts_at"), &starts)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("ends_at"), &ends)...)
	if resp.Diagnostics.HasError() || starts.IsNull() || starts.IsUnknown() || ends.IsNull() || ends.IsUnknown() {
		return
	}
	s, err1 := parseRFC3339(starts.ValueString())
	e, err2 := parseRFC3339(ends.ValueString())
	if err1 != nil || err2 != nil || e.After(s) {
		return // malformed times are reported by the attribute validators
	}
	resp.Diagnostics.AddAttributeError(path.Root("ends_at"), "Subscription Ends Before It Starts",
		fmt.Sprintf("ends_at (%s) must be after starts_at (%s). Changing either later replaces the subscription, with every token and "+
			"endpoint in it, so fix it before the first apply.", ends.ValueString(), starts.ValueString()))
}

func (r *subscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.ToLower(strings.TrimSpace(req.ID))
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		var m subscriptionIdentityModel
		if appendDiags(&resp.Diagnostics, req.Identity.Get(ctx, &m)) {
			return
		}
		id = strings.ToLower(strings.TrimSpace(m.ID.ValueString()))
	}
	if !isUUID(id) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("%q is not a subscription UUID. Import a triton_subscription by its uuid alone.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_policy"), deletionDeactivate)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, subscriptionIdentityModel{ID: types.StringValue(id)})...)
	if r.data != nil && r.data.client != nil {
		r.data.client.Imported(id) // taken into a state: never adopted from the create ledger
	}
	if resp.Diagnostics.HasError() || r.data == nil || r.data.client == nil {
		return
	}
	_, found, err := r.data.client.FindSubscription(maskSecrets(ctx, r.data.apiToken), id)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Importing Subscription", Object: "subscription", UUID: id, Subscription: id}, err))
	case !found:
		resp.Diagnostics.AddError("Error Importing Subscription", fmt.Sprintf("No subscription %q is listed for this API token (the whole list was walked). "+
			"Check the uuid, and that the API token belongs to the subscription's account.", id))
	}
}

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// Values of deletion_policy.
const (
	deletionDeactivate = "deactivate"
	deletionAbandon    = "abandon"
)

// reasonAttrTypes is the object type of one deactivation_reasons element.
var reasonAttrTypes = map[string]attr.Type{
	"description": types.StringType,
	"created_at":  types.StringType,
}

var reasonObjectType = types.ObjectType{AttrTypes: reasonAttrTypes}

// reasonsFromAPI converts the API's history into a list value.
func reasonsFromAPI(in []tritonapi.DeactivationReason) types.List {
	elems := make([]attr.Value, 0, len(in))
	for _, r := range in {
		elems = append(elems, types.ObjectValueMust(reasonAttrTypes, map[string]attr.Value{
			"description": types.StringValue(r.Description),
			"created_at":  types.StringValue(r.CreatedAt),
		}))
	}
	return types.ListValueMust(reasonObjectType, elems)
}

// reasonsUnknownOnFlip keeps deactivation_reasons known from state, except when
// the configured is_active differs from the prior state: then the API may append
// to the history. Whether it flips is decided from the configuration, never from
// the plan (DESIGN behaviour 8). When is_active is not configured, an update leaves
// the history unknown through unknownWhenUpdated, at resource level.
type reasonsUnknownOnFlip struct{}

func (reasonsUnknownOnFlip) Description(context.Context) string {
	return "Uses the prior value unless the configured is_active differs from the prior state."
}
func (m reasonsUnknownOnFlip) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (reasonsUnknownOnFlip) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var configured, prior types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_active"), &configured)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("is_active"), &prior)...)
	if resp.Diagnostics.HasError() || configured.IsUnknown() {
		return
	}
	if configured.IsNull() || configured.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}

// unknownWhenUpdated leaves unknown, in a plan that updates the object in place,
// the attributes others may change between plan and apply that this configuration
// does not manage: each of attrs whose configuration is null (and
// deactivation_reasons with an unmanaged is_active). The update then stores what
// the API reports, so an apply long after its plan (a saved plan, -refresh=false)
// never fails with "inconsistent result" and never writes them. A plan that
// changes nothing stays empty: the attribute plan modifiers have put back every
// value from state by now, so plan and state are equal.
func unknownWhenUpdated(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, attrs ...string) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() || resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	for _, a := range attrs {
		var v attr.Value
		p := path.Root(a)
		if appendDiags(&resp.Diagnostics, req.Config.GetAttribute(ctx, p, &v)) || !v.IsNull() {
			continue
		}
		markUnknown(ctx, resp, p)
		if a == "is_active" {
			markUnknown(ctx, resp, path.Root("deactivation_reasons"))
		}
	}
}

// markUnknown sets the planned value at p to unknown, of whatever type it has.
func markUnknown(ctx context.Context, resp *resource.ModifyPlanResponse, p path.Path) {
	var planned attr.Value
	if appendDiags(&resp.Diagnostics, resp.Plan.GetAttribute(ctx, p, &planned)) {
		return
	}
	typ := planned.Type(ctx)
	unknown, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), tftypes.UnknownValue))
	if err != nil {
		resp.Diagnostics.AddAttributeError(p, "Error Planning", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, p, unknown)...)
}

// configuredActive reads is_active from the configuration: whether it is managed,
// and the value wanted. Never from a plan: a planned value may be one the
// framework copied from state for an attribute nobody configured.
func configuredActive(ctx context.Context, cfg tfsdk.Config) (want, managed bool, diags diag.Diagnostics) {
	var v types.Bool
	diags = cfg.GetAttribute(ctx, path.Root("is_active"), &v)
	if v.IsNull() || v.IsUnknown() {
		return false, false, diags
	}
	return v.ValueBool(), true, diags
}

// activeNow re-reads, for a destroy the plan made while the object was inactive,
// whether it is active now (someone may have activated it since: a saved destroy
// plan). find is the kind's list lookup; readCall names the list call in an error.
// It reports whether the destroy must still deactivate; a lookup that fails is an
// error, never a skipped deactivate.
func activeNow(ctx context.Context, diags *diag.Diagnostics, readCall apiCall, find func() (active, found bool, err error)) bool {
	active, found, err := find()
	if err != nil {
		readCall.Destroy = true
		diags.Append(apiErrorDiag(readCall, err))
		return false
	}
	if found && active {
		tflog.Info(ctx, readCall.Object+" was inactive when the destroy was planned and is active now: deactivating it", map[string]any{"uuid": readCall.UUID})
	}
	return found && active
}

// settleToPlan makes an update's result what the plan promised: every top-level
// attribute the plan knows in full is stored as planned (Terraform checks the
// result against it), and only what the plan left unknown is stored as the API
// reports it. A value another writer changed between plan and apply is then
// stored as planned, not failed with "inconsistent result", and the next refresh
// reports it; values others may change are unknown in the plan exactly when the
// object is updated and the configuration does not set them, so those are stored
// as the API reports them.
func settleToPlan(plan tfsdk.Plan, st *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	var planned, result map[string]tftypes.Value
	if err := plan.Raw.As(&planned); err != nil {
		diags.AddError("Error Reading Plan", err.Error())
		return diags
	}
	if err := st.Raw.As(&result); err != nil {
		diags.AddError("Error Reading State", err.Error())
		return diags
	}
	for name, v := range planned {
		if v.IsFullyKnown() {
			result[name] = v
		}
	}
	st.Raw = tftypes.NewValue(st.Raw.Type(), result)
	return diags
}

// applying reports whether this provider instance has served a Create, Update or
// Delete: it serves an apply walk.
func (pd *providerData) applying() bool {
	return pd != nil && pd.applied != nil && pd.applied.Load()
}

// markApplying records that this provider instance serves an apply walk.
func (pd *providerData) markApplying() {
	if pd != nil && pd.applied != nil {
		pd.applied.Store(true)
	}
}

// resourceBase holds the provider data both resources share.
type resourceBase struct {
	data *providerData
}

func (r *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.data = pd
	}
}

// importScoped imports a token or endpoint by "<subscription_uuid>/<uuid>" or by
// identity; Read fills the rest. deletion_policy takes its default so the first
// plan is empty. It returns the target, empty when the input was invalid.
func importScoped(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) (sub, id string) {
	sub, id, diags := scopedImportTarget(ctx, req)
	if appendDiags(&resp.Diagnostics, diags) {
		return "", ""
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("subscription_uuid"), sub)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_policy"), deletionDeactivate)...)
	resp.Diagnostics.Append(setScopedIdentity(ctx, resp.Identity, types.StringValue(sub), types.StringValue(id))...)
	return sub, id
}

// warnDestroyAtPlan tells, in the plan, what destroying the object will do. This is
// the one destroy warning per object: apply does not repeat it. (Terraform plans a
// create_before_destroy replacement's destroy of the old object again during the
// apply, after the new object's create: pd.applied is set then, and the plan's
// replacement warning has already said it.)
func warnDestroyAtPlan(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, object string) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() || pd.applying() {
		return
	}
	var id, policy types.String
	var active types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("deletion_policy"), &policy)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("is_active"), &active)...)
	if resp.Diagnostics.HasError() {
		return
	}
	title := strings.ToUpper(object[:1]) + object[1:]
	switch {
	case policy.ValueString() == deletionAbandon:
		resp.Diagnostics.AddWarning(title+" Will Be Abandoned",
			fmt.Sprintf("deletion_policy is \"abandon\": %s %s will only be removed from Terraform state; it stays as it is in Triton.", object, id.ValueString()))
	case alreadyInactive(active):
		resp.Diagnostics.AddWarning(title+" Already Inactive",
			fmt.Sprintf("%s %s is inactive: destroying it removes it from Terraform state and deactivates nothing. The apply reads it "+
				"again first: if someone activated it since this plan, the apply deactivates it. The Triton API has no delete, so it stays "+
				"listed in Triton, inactive.", title, id.ValueString()))
	default:
		resp.Diagnostics.AddWarning("Destroy Will Deactivate "+title, destroyWarning(object, id.ValueString()))
	}
}

// alreadyInactive reports whether the refreshed state says the object is inactive,
// in which case destroy has nothing to ask of the API.
func alreadyInactive(active types.Bool) bool {
	return !active.IsNull() && !active.IsUnknown() && !active.ValueBool()
}

// abandonOnDelete reports whether deletion_policy is "abandon" (the plan has
// already warned that the object is only forgotten).
func abandonOnDelete(policy types.String) bool {
	return policy.ValueString() == deletionAbandon
}

func destroyWarning(object, id string) string {
	return fmt.Sprintf("The Triton API has no delete: destroying %[1]s %[2]s deactivates it. It stays listed in Triton, inactive, "+
		"and is removed from Terraform state. Set deletion_policy = \"abandon\" to leave the %[1]s untouched instead.", object, id)
}

func appendDiags(dst *diag.Diagnostics, src diag.Diagnostics) bool {
	dst.Append(src...)
	return dst.HasError()
}

// trackedAtPlan tells the create ledger that state holds the object a plan sees
// prior state for (refreshed or not, targeted or not), so no later create adopts it
// as an interrupted run's orphan.
func trackedAtPlan(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest) {
	if pd == nil || pd.client == nil || req.State.Raw.IsNull() {
		return
	}
	var id types.String
	if d := req.State.GetAttribute(ctx, path.Root("id"), &id); d.HasError() || id.IsNull() || id.IsUnknown() {
		return
	}
	pd.client.Tracked(id.ValueString())
}

// adoptedOrphanSummary is the warning's summary (the provider docs quote it).
const adoptedOrphanSummary = "Adopted the %s an interrupted apply left out of state"

// warnAdoptedOrphan says so when a create took over the object an interrupted
// earlier apply in this working directory created and never wrote to state.
func warnAdoptedOrphan(diags *diag.Diagnostics, c *tritonapi.Client, kind, uuid string) {
	if !c.AdoptedFromInterruptedRun(uuid) {
		return
	}
	diags.AddWarning(fmt.Sprintf(adoptedOrphanSummary, kind), fmt.Sprintf(
		"An earlier apply in this working directory created %s %s and was interrupted before Terraform wrote it to state "+
			"(a second SIGTERM, as GNU timeout sends, or a killed Terraform, ends Terraform at once). This apply took it over "+
			"instead of creating a second one: nothing else is needed.", kind, uuid))
}

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
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

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
// is_active flips: then the API may append to the history. Whether it flips is
// decided from the configuration (NOTE: not the plan, where is_active can still be
// unknown when the framework marks every computed attribute unknown, as it does
// when Terraform proposes null for an unset allowed_origins).
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
	if reasonsStayKnown(configured, prior) {
		resp.PlanValue = req.StateValue
	}
}

// reasonsStayKnown reports whether an update leaves the deactivation history as it
// is: is_active unmanaged (null in the configuration) or configured to its prior value.
func reasonsStayKnown(configured, prior types.Bool) bool {
	return configured.IsNull() || configured.Equal(prior)
}

// desiredActive returns the configured is_active and whether it is managed.
func desiredActive(v basetypes.BoolValue) (bool, bool) {
	if v.IsNull() || v.IsUnknown() {
		return false, false
	}
	return v.ValueBool(), true
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
// the one destroy warning per object: apply does not repeat it.
func warnDestroyAtPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, object string) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
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
			fmt.Sprintf("%s %s is already inactive: destroying it only removes it from Terraform state, with no API call. "+
				"The Triton API has no delete, so it stays listed in Triton, inactive.", title, id.ValueString()))
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

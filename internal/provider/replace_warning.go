package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// warnReplaceAtPlan warns, in the plan, that a replacement will deactivate the old
// object, as a destroy does (DESIGN behaviour 4). ModifyPlan does not see what the
// attribute-level RequiresReplace modifiers decided, so it compares state with plan
// itself: a change (an unknown value counts as one) in any of forcing, or in
// rotation_triggers recorded in state, means a replacement.
func warnReplaceAtPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, object string, forcing []string, triggers bool) {
	changed := replacedBecause(ctx, req, resp, forcing, triggers)
	if len(changed) == 0 {
		return
	}
	warnReplacement(ctx, req, resp, object, changed)
}

// replacedBecause lists (as `name`) the forcing attributes whose planned value
// differs from state; nil when the plan is a create, a destroy, or changes none.
func replacedBecause(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, forcing []string, triggers bool) []string {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return nil
	}
	var changed []string
	for _, a := range forcing {
		var prior, planned types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(a), &prior)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(a), &planned)...)
		if resp.Diagnostics.HasError() {
			return nil
		}
		if planned.IsUnknown() || !planned.Equal(prior) {
			changed = append(changed, "`"+a+"`")
		}
	}
	if triggers {
		var prior, planned types.Map
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("rotation_triggers"), &prior)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("rotation_triggers"), &planned)...)
		if resp.Diagnostics.HasError() {
			return nil
		}
		if !prior.IsNull() && (planned.IsUnknown() || !planned.Equal(prior)) {
			changed = append(changed, "`rotation_triggers`")
		}
	}
	return changed
}

// warnReplacement gives the one replacement warning for object, by deletion policy.
func warnReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, object string, changed []string) {
	var id, policy types.String
	var active types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("deletion_policy"), &policy)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("is_active"), &active)...)
	if resp.Diagnostics.HasError() {
		return
	}
	title := strings.ToUpper(object[:1]) + object[1:]
	because := strings.Join(changed, ", ")
	switch {
	case policy.ValueString() == deletionAbandon:
		resp.Diagnostics.AddWarning("Replacement Will Abandon "+title,
			fmt.Sprintf("Changing %s replaces %s %s. deletion_policy is \"abandon\": the old %s is only removed from Terraform state and stays as it is in Triton.", because, object, id.ValueString(), object))
	case alreadyInactive(active):
		resp.Diagnostics.AddWarning("Replacement Of Inactive "+title,
			fmt.Sprintf("Changing %s replaces %s %s. The old %s is already inactive, so no API call is made for it; it stays listed in Triton.", because, object, id.ValueString(), object))
	default:
		resp.Diagnostics.AddWarning("Replacement Will Deactivate "+title,
			fmt.Sprintf("Changing %s replaces %s %s: a new %s is created and the old one is deactivated (the Triton API has no delete; "+
				"it stays listed, inactive). If the plan shows this resource as \"-/+\" (destroy, then create), clients of the old %s fail "+
				"until they use the new one; lifecycle { create_before_destroy = true } makes it \"+/-\" (the new one first). If it already "+
				"shows \"+/-\", nothing needs changing. deletion_policy = \"abandon\" leaves the old one as it is.",
				because, object, id.ValueString(), object, object))
	}
}

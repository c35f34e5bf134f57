package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
// is_active flips in the plan: then the API may append to the history.
type reasonsUnknownOnFlip struct{}

func (reasonsUnknownOnFlip) Description(context.Context) string {
	return "Uses the prior value unless is_active changes."
}
func (m reasonsUnknownOnFlip) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (reasonsUnknownOnFlip) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var planned, prior types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("is_active"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("is_active"), &prior)...)
	if resp.Diagnostics.HasError() || planned.IsUnknown() {
		return
	}
	if planned.IsNull() || planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}

// desiredActive returns the configured is_active and whether it is managed.
func desiredActive(v basetypes.BoolValue) (bool, bool) {
	if v.IsNull() || v.IsUnknown() {
		return false, false
	}
	return v.ValueBool(), true
}

func appendDiags(dst *diag.Diagnostics, src diag.Diagnostics) bool {
	dst.Append(src...)
	return dst.HasError()
}

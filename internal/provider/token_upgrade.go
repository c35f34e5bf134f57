package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.ResourceWithUpgradeState = (*tokenResource)(nil)

// tokenSchemaVersion is the triton_token schema version. Version 1 added
// store_value (default true); state written before it has no store_value.
const tokenSchemaVersion = 1

// UpgradeState records store_value = true in state from releases before it
// existed, so a plan with -refresh=false after an upgrade is empty (before, it
// showed "+ store_value = true" on every token until one apply).
func (r *tokenResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
			upgradeAddingDefault(ctx, req, resp, "store_value", types.BoolValue(true))
		}},
	}
}

// upgradeAddingDefault reads a prior state that lacks attribute (or holds it
// null) into the current schema and records the attribute's default there.
func upgradeAddingDefault(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse, attribute string, def types.Bool) {
	if req.RawState == nil {
		resp.Diagnostics.AddError("Error Upgrading State", "The prior state is missing: nothing to upgrade.")
		return
	}
	typ := resp.State.Schema.Type().TerraformType(ctx)
	raw, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		resp.Diagnostics.AddError("Error Upgrading State", "The prior state could not be read with the current schema: "+err.Error())
		return
	}
	resp.State.Raw = raw
	var current types.Bool
	if appendDiags(&resp.Diagnostics, resp.State.GetAttribute(ctx, path.Root(attribute), &current)) || !current.IsNull() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attribute), def)...)
}

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12+): tokens and endpoints are identified by the
// pair the API needs to find them, {subscription_uuid, id}. Both are required for
// import, so `import { identity = { ... } }` works as well as the string ID.

var (
	pathID           = path.Root("id")
	pathSubscription = path.Root("subscription_uuid")
)

// scopedIdentityModel maps the identity of an object that lives in a subscription.
type scopedIdentityModel struct {
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	ID               types.String `tfsdk:"id"`
}

func scopedIdentitySchema(object string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"subscription_uuid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "UUID of the subscription the " + object + " belongs to.",
			},
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "UUID of the " + object + ".",
			},
		},
	}
}

// setIdentity records a resource's identity (a scopedIdentityModel, or a
// subscriptionIdentityModel). Terraform versions before 1.12 send no identity, and
// then there is nothing to set.
func setIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, v any) diag.Diagnostics {
	if ident == nil {
		return nil
	}
	return ident.Set(ctx, v)
}

// setScopedIdentity records the identity of an object that lives in a subscription.
func setScopedIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, sub, id types.String) diag.Diagnostics {
	return setIdentity(ctx, ident, scopedIdentityModel{SubscriptionUUID: sub, ID: id})
}

// scopedImportTarget returns the subscription and object uuids to import, from the
// string ID (`terraform import`, `import { id = ... }`) or from the identity
// (`import { identity = { ... } }`), lower-cased and checked.
func scopedImportTarget(ctx context.Context, req resource.ImportStateRequest) (sub, id string, diags diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		sub, id, err := parseImportID(req.ID)
		if err != nil {
			diags.AddError("Invalid Import ID", err.Error())
		}
		return sub, id, diags
	}
	var m scopedIdentityModel
	if diags.Append(req.Identity.Get(ctx, &m)...); diags.HasError() {
		return "", "", diags
	}
	sub = strings.ToLower(strings.TrimSpace(m.SubscriptionUUID.ValueString()))
	id = strings.ToLower(strings.TrimSpace(m.ID.ValueString()))
	for _, p := range []struct{ attr, v string }{{"subscription_uuid", sub}, {"id", id}} {
		if !isUUID(p.v) {
			diags.AddAttributeError(path.Root(p.attr), "Invalid Import Identity",
				fmt.Sprintf("identity.%s = %q is not a UUID. The identity is { subscription_uuid = \"<uuid>\", id = \"<uuid>\" }.", p.attr, p.v))
		}
	}
	return sub, id, diags
}

// saveWithIdentity writes the state and the identity that goes with it. Every
// Create, Read and Update ends here: Terraform 1.12+ rejects a Read or an apply that
// leaves the identity unset ("Missing Resource Identity After Read"), and state
// written by a provider version without identity gains it on the first refresh.
func saveWithIdentity(ctx context.Context, st *tfsdk.State, ident *tfsdk.ResourceIdentity, model, identity any) diag.Diagnostics {
	diags := st.Set(ctx, model)
	if diags.HasError() {
		return diags
	}
	diags.Append(setIdentity(ctx, ident, identity)...)
	return diags
}

// saveScoped is saveWithIdentity for an object in a subscription.
func saveScoped(ctx context.Context, st *tfsdk.State, ident *tfsdk.ResourceIdentity, model any, sub, id types.String) diag.Diagnostics {
	return saveWithIdentity(ctx, st, ident, model, scopedIdentityModel{SubscriptionUUID: sub, ID: id})
}

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// checkImportTarget looks the imported uuid up before Read does (the walk is cached,
// so Read costs nothing more) to replace Terraform's generic "Cannot import
// non-existent remote object" with what is actually wrong: the subscription is not
// visible, the uuid is the other kind of object, or it is simply not listed.
func checkImportTarget(ctx context.Context, pd *providerData, sub, id, kind string, diags *diag.Diagnostics) {
	if sub == "" || pd == nil || pd.client == nil {
		return // bad input is reported by importScoped; no client: Read reports it
	}
	ctx = maskSecrets(ctx, pd.apiToken)
	c := pd.client
	c.Imported(id) // taken into a state: never adopted from the create ledger
	summary := "Error Importing " + map[string]string{"token": "Token", "endpoint": "Endpoint", "address watch list": "Address Watch List"}[kind]
	found, lerr := importLookup(ctx, c, kind, sub, id)
	if lerr != nil {
		if tritonapi.IsNotFound(lerr) {
			diags.AddError(summary, fmt.Sprintf("The Triton API says subscription %q was not found (HTTP 404): it does not exist or belongs to an account this API token cannot see. "+
				"Check the subscription part of the import ID (<subscription_uuid>/<uuid>) or identity.subscription_uuid.\n\nOriginal error: %v", sub, lerr))
			return
		}
		diags.Append(apiErrorDiag(apiCall{Summary: summary, Object: kind, UUID: id, Subscription: sub}, lerr))
		return
	}
	if found {
		return
	}
	other := map[string]string{"token": "endpoint", "endpoint": "token"}[kind]
	if other == "" {
		diags.AddError(summary, fmt.Sprintf("No %s %q is listed in subscription %q. Check the import ID (<subscription_uuid>/<uuid>) or identity.", kind, id, sub))
		return
	}
	if isOther, oerr := importLookup(ctx, c, other, sub, id); oerr == nil && isOther {
		article := map[string]string{"endpoint": "an", "token": "a"}
		diags.AddError(summary, fmt.Sprintf("%q in subscription %q is %s %s, not %s %s. Import it into a triton_%s resource instead:\n\n"+
			"  terraform import triton_%s.NAME %s/%s", id, sub, article[other], other, article[kind], kind, other, other, sub, id))
		return
	}
	diags.AddError(summary, fmt.Sprintf("No %s %q is listed in subscription %q (the whole list was walked). Check the import ID (<subscription_uuid>/<uuid>) or identity; "+
		"the uuid may belong to another subscription.", kind, id, sub))
}

func importLookup(ctx context.Context, c *tritonapi.Client, kind, sub, id string) (bool, error) {
	if kind == "address watch list" {
		_, found, err := c.FindWatchList(ctx, sub, id)
		return found, err
	}
	if kind == "token" {
		_, found, err := c.FindToken(ctx, sub, id)
		return found, err
	}
	_, found, err := c.FindEndpoint(ctx, sub, id)
	return found, err
}

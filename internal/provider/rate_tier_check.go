package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// checkRateTierAtPlan rejects, at plan time, a rate_tier the subscription does not
// support, listing the ones it does, so a pull request's plan fails rather than the
// apply after the merge. It checks only when the object is created or its
// rate_tier changes, and only when it can know: with both values known, a
// configured client, and the subscription in the (cached) subscription list. Any
// doubt (subscription not visible, list not readable in time) leaves it to the
// API, with a warning when the list could not be read. A 401 or 403 is an error:
// the key is wrong, and the plan must not pass as if it were not.
func checkRateTierAtPlan(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || pd == nil || pd.client == nil || resp.Diagnostics.HasError() {
		return // HasError: the credential check (checkCredentialsAtPlan) already failed the plan
	}
	var sub, tier types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("subscription_uuid"), &sub)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("rate_tier"), &tier)...)
	if resp.Diagnostics.HasError() || sub.IsUnknown() || sub.IsNull() || tier.IsUnknown() || tier.IsNull() {
		return
	}
	if !req.State.Raw.IsNull() {
		var prior types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("rate_tier"), &prior)...)
		if resp.Diagnostics.HasError() || prior.Equal(tier) {
			return
		}
	}
	ctx = maskSecrets(ctx, pd.apiToken)
	subs, err := listSubscriptionsAtPlan(ctx, pd)
	if err != nil {
		if keyRefused(err) {
			resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Checking Rate Tier", Object: "subscription", Action: "list subscriptions"}, err))
			return
		}
		tflog.Debug(ctx, "rate_tier not checked at plan time: subscriptions not readable", map[string]any{"error": err.Error()})
		resp.Diagnostics.AddAttributeWarning(path.Root("rate_tier"), "Rate Tier Not Checked at Plan Time",
			"The provider could not read the subscription list to check that subscription "+sub.ValueString()+" supports rate tier "+
				strconv.Quote(tier.ValueString())+", so the API checks it at apply time instead. The cause: "+err.Error())
		return
	}
	for _, s := range subs {
		if !strings.EqualFold(s.UUID, sub.ValueString()) || len(s.SupportedRateTiers) == 0 {
			continue
		}
		names := make([]string, 0, len(s.SupportedRateTiers))
		for _, t := range s.SupportedRateTiers {
			names = append(names, t.Name)
		}
		if slices.Contains(names, tier.ValueString()) {
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("rate_tier"), "Unsupported Rate Tier",
			fmt.Sprintf("Subscription %q (%s) does not support rate tier %q. It supports: %s.",
				s.Name, s.UUID, tier.ValueString(), strings.Join(names, ", ")))
		return
	}
}

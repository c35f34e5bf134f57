package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// planCheckBudget bounds each plan-time look at the subscription list (the key
// check, the rate tier check): a server that keeps throttling must not hold the
// plan for the whole throttle budget for a best-effort check.
const planCheckBudget = 20 * time.Second

// listSubscriptionsAtPlan reads the (cached) subscription list for a plan-time
// check, within planCheckBudget.
func listSubscriptionsAtPlan(ctx context.Context, pd *providerData) ([]tritonapi.Subscription, error) {
	ctx = maskSecrets(ctx, pd.apiToken)
	ctx, cancel := context.WithTimeout(ctx, planCheckBudget)
	defer cancel()
	return pd.client.ListSubscriptions(ctx)
}

// keyRefused reports a 401 or 403: the key is wrong or may not make the call.
func keyRefused(err error) bool {
	var ae *tritonapi.APIError
	return errors.As(err, &ae) && (ae.StatusCode == 401 || ae.StatusCode == 403)
}

// checkCredentialsAtPlan fails a plan that would change an object when its apply
// cannot succeed for want of a working key: no api_token at all (a pull request's
// plan in a pipeline without the secret must not go green), or, for a create, a
// key the API refuses (401/403). The check lists the subscriptions once per
// process (cached, shared with the rate tier check), whatever else the plan knows;
// a list that cannot be read for other reasons is left to the apply. Unchanged
// objects are not checked, so a plan with nothing to do needs no key beyond its
// refresh, and `terraform validate` needs none.
func checkCredentialsAtPlan(ctx context.Context, pd *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, object string) {
	if pd == nil || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	action := "change this " + object
	switch {
	case req.State.Raw.IsNull():
		action = "create this " + object
	case req.Plan.Raw.IsNull():
		action = "destroy this " + object
	}
	if pd.client == nil {
		if pd.problemSummary == "Missing Triton API Token" {
			resp.Diagnostics.AddError(pd.problemSummary, pd.problem+" This plan would "+action+", and its apply would fail without one.")
		}
		return
	}
	if !req.State.Raw.IsNull() {
		return // its refresh already used the key
	}
	if _, err := listSubscriptionsAtPlan(ctx, pd); keyRefused(err) {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: "Error Checking the API Token", Object: "subscription", Action: "list subscriptions"}, err))
	}
}

package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// apiCall names one API call for diagnostics: what was attempted on which object.
type apiCall struct {
	// Summary is the Title Case diagnostic summary, such as "Error Creating Token".
	Summary string
	// Object is "token" or "endpoint" (or "subscription", "rate tiers").
	Object string
	// Action is the verb phrase for role errors, such as "activate a token".
	Action string
	// Role is the role the call needs, empty when any role may make it.
	Role string
	// Attribute is the argument that led to the call, if any.
	Attribute string
	// UUID and Subscription identify the object.
	UUID, Subscription string
	// Destroy is set for destroy, where abandoning is the way out of a 403.
	Destroy bool
	// Created is set when the object was created by this apply and a follow-up call
	// (activate or deactivate) failed: it is in state, but tainted.
	Created bool
}

// apiErrorDiag turns a client error into one diagnostic whose detail names the cause
// and the fix, with the original error last.
func apiErrorDiag(call apiCall, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(call.Summary, apiErrorDetail(call, err))
}

func apiErrorDetail(call apiCall, err error) string {
	var b strings.Builder
	var ae *tritonapi.APIError
	isAPI := errors.As(err, &ae)
	switch {
	case errors.As(err, new(*tritonapi.AmbiguousAdoptionError)):
		fmt.Fprintf(&b, "The %s create was sent, but its answer was lost, and the API now lists more than one %s it could be (the candidates, "+
			"with what tells them apart and their import ids, are in the original error below). The provider adopts an object only when it "+
			"is certain it is its own, so it adopted none and sent no second create. Two pipelines creating the same name in the same "+
			"subscription at the same moment cannot be told apart by any client of this API: names unique per workspace avoid it.", call.Object, call.Object)
	case errors.As(err, new(*tritonapi.UnresolvedCreateError)):
		fmt.Fprintf(&b, "The %s create was sent, but its answer was lost and the %s did not show up in the API's lists in time. It may exist "+
			"all the same. No second create was sent, so applying again without checking could make a second one: look for it first and "+
			"import it if it is there (the original error below says how).", call.Object, call.Object)
	case errors.Is(err, context.Canceled):
		b.WriteString("The operation was interrupted (Ctrl-C, or a signal from the CI runner) before this call completed. " +
			"Anything already created was saved to state; run the apply again to finish the job.")
	case errors.As(err, new(*tritonapi.ThrottledError)):
		b.WriteString("The Triton API kept rate-limiting this key (HTTP 429) until the operation's deadline. The provider slows every request " +
			"in this process down as the server asks (Retry-After) and retries for as long as the deadline allows. Try again later, or lower " +
			"`-parallelism` and the number of pipelines that share this key.")
	case isAPI && ae.StatusCode == 401:
		b.WriteString("The Triton API rejected the API token (HTTP 401). Check the provider's `api_token` argument or the " + EnvAPIToken + " environment variable: it must be a valid management API token.")
	case isAPI && ae.StatusCode == 403:
		if call.Role != "" {
			fmt.Fprintf(&b, "The API token's role may not %s (HTTP 403): this call needs the %s role.", call.Action, call.Role)
			if call.Attribute != "" {
				fmt.Fprintf(&b, " It was made because `%s` changed.", call.Attribute)
			}
			b.WriteString(" Use an API token with that role, or ask Triton support to grant it.")
		} else {
			fmt.Fprintf(&b, "The Triton API refused to %s (HTTP 403). The API documents this call for every role, so the API token "+
				"probably cannot reach this object's account; check that it is the right token for this subscription.", call.Action)
			if call.Attribute != "" {
				fmt.Fprintf(&b, " The call was made because `%s` changed.", call.Attribute)
			}
		}
		if call.Destroy {
			b.WriteString(" To remove the resource from Terraform state without calling the API, set `deletion_policy = \"abandon\"` and apply before destroying.")
		}
	case isAPI && ae.StatusCode == 404 && (call.UUID == "" || call.UUID == call.Subscription):
		fmt.Fprintf(&b, "The Triton API found no subscription %q (HTTP 404). Either it does not exist, or it belongs to an account the API token cannot see.", call.Subscription)
	case isAPI && ae.StatusCode == 404:
		fmt.Fprintf(&b, "The Triton API found no %s %q in subscription %q (HTTP 404). Either it does not exist, or it is outside the API token's accounts.", call.Object, call.UUID, call.Subscription)
	case isAPI && ae.StatusCode == 422:
		msgs := strings.Join(ae.Messages, "; ")
		if msgs == "" {
			msgs = strings.TrimSpace(ae.Body)
		}
		fmt.Fprintf(&b, "The Triton API rejected the %s (HTTP 422): %s.", call.Object, msgs)
		if call.Attribute != "" && (len(ae.Messages) == 0 || strings.Contains(msgs, call.Attribute)) {
			fmt.Fprintf(&b, " Check `%s`.", call.Attribute)
		}
	case isAPI && ae.StatusCode == 429:
		b.WriteString("The Triton API answered 429 Too Many Requests. Try again later, or lower `-parallelism`.")
	case isAPI:
		fmt.Fprintf(&b, "The Triton API answered HTTP %d.", ae.StatusCode)
	case errors.As(err, new(*tritonapi.RedirectError)):
		b.WriteString("The server answered with a redirect. The provider never follows redirects, so the API token is not sent to another " +
			"address. Set the provider's `base_url` argument or the " + EnvBaseURL + " environment variable to the origin that serves the API.")
	case errors.As(err, new(*tritonapi.TransportError)) && strings.Contains(err.Error(), `invalid header field value for "Authorization"`):
		b.WriteString("The API token contains a character an HTTP header cannot carry (a newline or another control character inside it, " +
			"as when two lines of a file or of a command's output were read into it), so no request was sent. Check the provider's " +
			"`api_token` argument or the " + EnvAPIToken + " environment variable: it must be the key alone, on one line.")
	case errors.As(err, new(*tritonapi.TransportError)):
		b.WriteString("Could not connect to the Triton API (no HTTP answer). Check the provider's `base_url` argument or the " + EnvBaseURL +
			" environment variable (default " + tritonapi.DefaultBaseURL + "), and that the host is reachable from here.")
	case errors.As(err, new(*tritonapi.IncompleteListError)):
		if ie := new(tritonapi.IncompleteListError); errors.As(err, &ie) && ie.Total < 0 {
			b.WriteString("The object was not in the list, but the server sent the list without a total count, so the walk cannot be " +
				"checked (rows may have moved between pages). The provider does not treat the object as gone and leaves it in state. " +
				"A proxy that trims response bodies, or a server paging without counts, is the usual cause.")
			break
		}
		b.WriteString("The object was not in the list, but the list itself never added up to the total the server reports (rows kept " +
			"moving between pages, or the server pages wrongly), so the provider does not treat the object as gone and leaves it in state. " +
			"Try again later; if it persists, the server's pagination is at fault.")
	case errors.As(err, new(*accountNotVisibleError)):
		b.WriteString("No account with that uuid is visible to this API token: it does not exist, or the token's role and accounts do not include it. " +
			"The triton_accounts data source lists the accounts the token can see.")
	default:
		b.WriteString("The call to the Triton API failed.")
	}
	if call.Created {
		fmt.Fprintf(&b, "\n\nThe %[1]s %[2]s was created and is saved in Terraform state, but Terraform marks it tainted because this "+
			"apply failed, so applying again as it is would replace it (a second %[1]s). To keep it, either use an API token with the "+
			"needed role, or remove `is_active` from the configuration (the %[1]s then stays as the API made it); then run "+
			"`terraform untaint <resource address>` and apply.", call.Object, call.UUID)
	}
	var where []string
	if call.UUID != "" && call.UUID != call.Subscription {
		where = append(where, fmt.Sprintf("%s %q", call.Object, call.UUID))
	}
	if call.Subscription != "" {
		where = append(where, fmt.Sprintf("subscription %q", call.Subscription))
	}
	if len(where) > 0 {
		b.WriteString("\n\n" + strings.Join(where, ", "))
	}
	b.WriteString("\n\nOriginal error: " + err.Error())
	return b.String()
}

package tritonapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// APIError is a non-2xx answer from the API.
type APIError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Method and Path name the request (path below /api/v1, without the query).
	Method, Path string
	// Messages are the messages parsed from a Rails-style body, if any.
	Messages []string
	// Body is the raw response body.
	Body string
}

func (e *APIError) Error() string {
	detail := strings.Join(e.Messages, "; ")
	if detail == "" {
		detail = strings.TrimSpace(e.Body)
		if len(detail) > 512 {
			detail = detail[:512] + "…"
		}
	}
	if detail == "" {
		detail = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.StatusCode, detail)
}

// newAPIError parses the body forms Rails APIs use: {"error":"…"}, {"errors":["…"]},
// {"errors":{"field":["…"]}} and {"message":"…"}. Anything else stays in Body.
func newAPIError(method, path string, status int, body []byte) *APIError {
	return &APIError{StatusCode: status, Method: method, Path: path, Messages: parseMessages(body), Body: string(body)}
}

func parseMessages(body []byte) []string {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil
	}
	var out []string
	for _, key := range []string{"error", "message"} {
		var s string
		if raw, ok := env[key]; ok && json.Unmarshal(raw, &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	raw, ok := env["errors"]
	if !ok {
		return out
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return append(out, list...)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var msgs []string
			var one string
			switch {
			case json.Unmarshal(fields[k], &msgs) == nil:
				for _, m := range msgs {
					out = append(out, k+" "+m)
				}
			case json.Unmarshal(fields[k], &one) == nil:
				out = append(out, k+" "+one)
			}
		}
		return out
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		out = append(out, s)
	}
	return out
}

func statusIs(err error, status int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == status
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool { return statusIs(err, http.StatusNotFound) }

// IsForbidden reports a 403 (the key's role does not allow the call).
func IsForbidden(err error) bool { return statusIs(err, http.StatusForbidden) }

// IsUnauthorized reports a 401 (missing or invalid token).
func IsUnauthorized(err error) bool { return statusIs(err, http.StatusUnauthorized) }

// IsUnprocessable reports a 422 (validation failed).
func IsUnprocessable(err error) bool { return statusIs(err, http.StatusUnprocessableEntity) }

// IsRateLimited reports a 429 that survived every retry.
func IsRateLimited(err error) bool { return statusIs(err, http.StatusTooManyRequests) }

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode
	}
	return 0
}

// IncompleteListError is a lookup that missed in a list whose walks never added up
// to the server's total_count: the object may exist, so it is not called gone.
type IncompleteListError struct {
	Kind, Subscription, UUID string
	Unique, Total            int
}

func (e *IncompleteListError) Error() string {
	if e.Total < 0 {
		return fmt.Sprintf("%s %s was not seen in subscription %s, but the server answered the list without a total count (%d unique %ss seen), "+
			"so the walk cannot be checked: rows may have moved between pages. Not treating the %s as gone; try again, or fix the server or proxy that drops meta.total_count",
			e.Kind, e.UUID, e.Subscription, e.Unique, e.Kind, e.Kind)
	}
	return fmt.Sprintf("%s %s was not seen in subscription %s, but the list did not add up after %d walks (%d unique %ss, the server reports %d): "+
		"rows moved between pages while it was walked. Not treating the %s as gone; try again", e.Kind, e.UUID, e.Subscription, maxWalks, e.Unique, e.Kind, e.Total, e.Kind)
}

// HollowAnswerError is a 2xx whose body carries no usable object (empty, HTML from a
// proxy, an unwrapped object). For a create, the 2xx means the object exists.
type HollowAnswerError struct {
	Method, Path string
	Status       int
	Reason       string
}

func (e *HollowAnswerError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with %s", e.Method, e.Path, e.Status, e.Reason)
}

// AmbiguousAdoptionError is a create whose outcome was unknown, after which the
// objects with the name and rate tier sent that appeared cannot be told apart:
// adopting one would be a guess. Nothing was adopted and no second create was sent.
type AmbiguousAdoptionError struct {
	Kind, Name, Tier, Subscription string
	UUIDs                          []string
	Candidates                     []string // each uuid with what tells them apart and its import id
	Why                            string
	Cause                          error
}

func (e *AmbiguousAdoptionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the %s create's answer was lost (%v), and %d %ss named %q (%s) that this create cannot tell apart are now listed: %s. ",
		e.Kind, e.Cause, len(e.UUIDs), e.Kind, e.Name, e.Tier, strings.Join(e.Candidates, "; "))
	if e.Why != "" {
		b.WriteString(strings.ToUpper(e.Why[:1]) + e.Why[1:] + ". ")
	}
	fmt.Fprintf(&b, "Nothing was adopted and no second create was sent. Import the one this resource should manage "+
		"(terraform import <this resource's address> <import id>, or an import block with that id); if another configuration manages the others, leave them alone. "+
		"Names unique per workspace avoid this.")
	return b.String()
}

func (e *AmbiguousAdoptionError) Unwrap() error { return e.Cause }

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// isUUID reports whether s is a canonical 8-4-4-4-12 hex UUID.
func isUUID(s string) bool { return uuidRE.MatchString(s) }

type uuidValidator struct{}

// uuidString validates that a string is a UUID.
func uuidString() validator.String { return uuidValidator{} }

func (uuidValidator) Description(context.Context) string { return "value must be a UUID" }
func (v uuidValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uuidValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	if !isUUID(v) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("%s must be a UUID such as 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59, got %q.", req.Path, v))
		return
	}
	// The API's uuids are lower-case and it compares them exactly: reject upper case
	// here, showing the form to use, rather than send it and fail there.
	if lower := strings.ToLower(v); lower != v {
		resp.Diagnostics.AddAttributeError(req.Path, "Upper-Case UUID",
			fmt.Sprintf("%s must be written in lower case, as the Triton API reports it: use %q instead of %q.", req.Path, lower, v))
	}
}

type notBlankValidator struct{}

// notBlank validates that a string has a non-whitespace character.
func notBlank() validator.String { return notBlankValidator{} }

func (notBlankValidator) Description(context.Context) string {
	return "value must not be empty or only whitespace"
}
func (v notBlankValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty Value", fmt.Sprintf("%s must not be empty or only whitespace.", req.Path))
	}
}

// parseImportID splits "<subscription_uuid>/<object_uuid>", checking both halves.
func parseImportID(id string) (sub, obj string, err error) {
	parts := strings.Split(id, "/")
	if len(parts) != 2 {
		return "", "", fmt.Errorf("import ID %q must have the form <subscription_uuid>/<uuid>", id)
	}
	// Any case is accepted and stored lower-case, as the API reports uuids.
	sub, obj = strings.ToLower(strings.TrimSpace(parts[0])), strings.ToLower(strings.TrimSpace(parts[1]))
	if !isUUID(sub) {
		return "", "", fmt.Errorf("import ID %q: subscription part %q is not a UUID; the form is <subscription_uuid>/<uuid>", id, sub)
	}
	if !isUUID(obj) {
		return "", "", fmt.Errorf("import ID %q: object part %q is not a UUID; the form is <subscription_uuid>/<uuid>", id, obj)
	}
	return sub, obj, nil
}

type originsValidator struct{}

// allowedOriginsCheck checks allowed_origins as a whole and reports every problem
// in one plan: an empty value, surrounding spaces, a Triton "__" system origin,
// and a value listed twice (an origin is identified by its value, and the API
// would answer 422 at apply time). Anything else the API can hold is accepted
// (host names with underscores, origins with a scheme and port), so that
// configuration generated from what the API holds always validates.
func allowedOriginsCheck() validator.Set { return originsValidator{} }

func (originsValidator) Description(context.Context) string {
	return "each origin is non-empty, without surrounding spaces, not a system origin, and listed once"
}
func (v originsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (originsValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for _, el := range req.ConfigValue.Elements() {
		obj, ok := el.(basetypes.ObjectValue)
		if !ok || obj.IsUnknown() {
			continue
		}
		sv, ok := obj.Attributes()["value"].(basetypes.StringValue)
		if !ok || sv.IsUnknown() || sv.IsNull() {
			continue
		}
		v := sv.ValueString()
		switch {
		case strings.TrimSpace(v) == "":
			resp.Diagnostics.AddAttributeError(req.Path, "Empty Allowed Origin",
				fmt.Sprintf("An origin in %s is empty. Give a host name such as app.example.com, or remove the entry.", req.Path))
			continue
		case strings.TrimSpace(v) != v:
			resp.Diagnostics.AddAttributeError(req.Path, "Allowed Origin With Spaces",
				fmt.Sprintf("The origin %q in %s begins or ends with white space, which the API would strip (and the next plan would show a "+
					"change for ever). Write it as %q.", v, req.Path, strings.TrimSpace(v)))
		case isSystemOrigin(v):
			resp.Diagnostics.AddAttributeError(req.Path, "Reserved Origin",
				fmt.Sprintf("%q begins with \"__\": such origins are managed by Triton, kept on every update and reported in system_origins. "+
					"Remove it from %s.", v, req.Path))
		}
		if seen[v] {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Allowed Origin",
				fmt.Sprintf("The origin %q is listed more than once in %s. An origin is identified by its value: list it once, with the is_active you want.", v, req.Path))
		}
		seen[v] = true
	}
}

type rfc3339Validator struct{}

// rfc3339 accepts an RFC 3339 timestamp such as 2026-01-01T00:00:00Z.
func rfc3339() validator.String { return rfc3339Validator{} }

func (rfc3339Validator) Description(context.Context) string {
	return "value must be an RFC 3339 timestamp in whole seconds, such as 2026-01-01T00:00:00Z"
}
func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	t, err := parseRFC3339(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp. Use the form 2026-01-01T00:00:00Z (UTC) or 2026-01-01T09:00:00+09:00.", req.ConfigValue.ValueString()))
		return
	}
	// The API keeps whole seconds: a fraction would come back without it, the
	// apply would fail as an inconsistent result and the next plan replace the
	// subscription. ".000" names a whole second and is fine.
	if t.Nanosecond() != 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Timestamp With Fractional Seconds",
			fmt.Sprintf("%q has a fraction of a second; the Triton API keeps whole seconds. Use %s.",
				req.ConfigValue.ValueString(), t.Truncate(time.Second).Format(time.RFC3339)))
	}
}

// base58Alphabet is Bitcoin's (and Solana's): no 0, O, I or l.
const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

type solanaAddressValidator struct{}

// solanaAddress accepts a base58 Solana address of 32 to 44 characters.
func solanaAddress() validator.String { return solanaAddressValidator{} }

func (solanaAddressValidator) Description(context.Context) string {
	return "value must be a base58 Solana address, 32 to 44 characters"
}
func (v solanaAddressValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (solanaAddressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	if n := len(v); n < 32 || n > 44 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Solana Address",
			fmt.Sprintf("%q is %d characters long; a base58 Solana address (a collection mint or Merkle tree) has 32 to 44.", v, n))
		return
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune(base58Alphabet, r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Solana Address",
			fmt.Sprintf("%q has %q at position %d, which is not base58 (base58 has no 0, O, I, l or punctuation).", v, r, i+1))
	}
}

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

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

type uniqueOriginsValidator struct{}

// uniqueOriginValues rejects the same origin value listed twice (for example once
// enabled and once disabled): an origin is identified by its value, and the API
// would answer 422 at apply time.
func uniqueOriginValues() validator.Set { return uniqueOriginsValidator{} }

func (uniqueOriginsValidator) Description(context.Context) string {
	return "each origin value may appear once"
}
func (v uniqueOriginsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueOriginsValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for _, el := range req.ConfigValue.Elements() {
		obj, ok := el.(basetypes.ObjectValue)
		if !ok || obj.IsUnknown() {
			continue
		}
		v, ok := obj.Attributes()["value"].(basetypes.StringValue)
		if !ok || v.IsUnknown() || v.IsNull() {
			continue
		}
		key := strings.ToLower(v.ValueString())
		if seen[key] {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Allowed Origin",
				fmt.Sprintf("The origin %q is listed more than once in %s. An origin is identified by its value: list it once, with the is_active you want.", v.ValueString(), req.Path))
			continue
		}
		seen[key] = true
	}
}

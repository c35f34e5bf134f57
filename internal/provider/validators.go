package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	if v := req.ConfigValue.ValueString(); !isUUID(v) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("%s must be a UUID such as 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59, got %q.", req.Path, v))
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
	sub, obj = strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	if !isUUID(sub) {
		return "", "", fmt.Errorf("import ID %q: subscription part %q is not a UUID; the form is <subscription_uuid>/<uuid>", id, sub)
	}
	if !isUUID(obj) {
		return "", "", fmt.Errorf("import ID %q: object part %q is not a UUID; the form is <subscription_uuid>/<uuid>", id, obj)
	}
	return sub, obj, nil
}

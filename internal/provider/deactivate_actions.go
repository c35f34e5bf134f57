package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// Break-glass revocation (Terraform 1.14+): `terraform apply
// -invoke=action.triton_token_deactivate.NAME` deactivates one token (or endpoint)
// the key can see, managed by any configuration or by none, without touching state.

var (
	_ action.ActionWithConfigure = (*deactivateAction)(nil)
)

// NewTokenDeactivateAction returns the triton_token_deactivate action.
func NewTokenDeactivateAction() action.Action { return &deactivateAction{kind: "token"} }

// NewEndpointDeactivateAction returns the triton_endpoint_deactivate action.
func NewEndpointDeactivateAction() action.Action { return &deactivateAction{kind: "endpoint"} }

type deactivateAction struct {
	kind string // "token" or "endpoint"
	data *providerData
}

type deactivateModel struct {
	ID     types.String `tfsdk:"id"`
	Reason types.String `tfsdk:"reason"`
}

func (a *deactivateAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.kind + "_deactivate"
}

func (a *deactivateAction) role() string {
	if a.kind == "token" {
		return "operator or reseller"
	}
	return "reseller"
}

func (a *deactivateAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = aschema.Schema{
		MarkdownDescription: fmt.Sprintf("Deactivates one %[1]s now, for incident response (a leaked secret), without editing configuration or "+
			"touching state (Terraform 1.14+). Works on any %[1]s the API key can see, managed by this configuration, another one or none. "+
			"The %[1]s is found by walking the key's subscriptions (one list walk per subscription the key can see, fetched concurrently). "+
			"If the %[1]s is already inactive, it is left as it is. Needs the %[2]s role.", a.kind, a.role()),
		Attributes: map[string]aschema.Attribute{
			"id": aschema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("UUID of the %s to deactivate, in any case (it is compared in lower case).", a.kind),
				Required:            true,
				Validators:          []validator.String{anyCaseUUID{}},
			},
			"reason": aschema.StringAttribute{
				MarkdownDescription: "Reason recorded with the deactivation (`deactivation_reason`), such as an incident reference.",
				Optional:            true,
			},
		},
	}
}

func (a *deactivateAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		a.data = pd
	}
}

// scopedObject is what the action needs of a token or endpoint.
type scopedObject struct {
	sub, name string
	active    bool
}

func (a *deactivateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m deactivateModel
	if appendDiags(&resp.Diagnostics, req.Config.Get(ctx, &m)) {
		return
	}
	ctx, c, diags := a.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	id := strings.ToLower(m.ID.ValueString())
	reason := m.Reason.ValueString()
	progress := func(format string, args ...any) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		}
	}
	summary := fmt.Sprintf("Error Deactivating %s", strings.ToUpper(a.kind[:1])+a.kind[1:])
	subs, err := c.ListSubscriptions(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: summary, Object: "subscription", Action: "list subscriptions"}, err))
		return
	}
	progress("looking for %s %s in the %d subscriptions this key can see", a.kind, id, len(subs))
	obj, found, err := a.find(ctx, c, subs, id)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{Summary: summary, Object: a.kind, Action: "list " + a.kind + "s", UUID: id}, err))
		return
	}
	if !found {
		resp.Diagnostics.AddAttributeError(pathID, fmt.Sprintf("%s Not Found", strings.ToUpper(a.kind[:1])+a.kind[1:]),
			fmt.Sprintf("No %s %q is listed in any of the %d subscriptions this API key can see (searched: %s). Check the uuid, and that the key "+
				"belongs to the account that owns the %s.", a.kind, id, len(subs), subscriptionNames(subs), a.kind))
		return
	}
	if !obj.active {
		progress("%s %s (%s) is already inactive: left as it is, no reason added", a.kind, obj.name, id)
		return
	}
	if a.kind == "token" {
		err = c.DeactivateToken(ctx, id, reason)
	} else {
		err = c.DeactivateEndpoint(ctx, id, reason)
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(apiCall{
			Summary: summary, Object: a.kind, Action: "deactivate " + withArticle(a.kind), Role: a.role(), UUID: id, Subscription: obj.sub,
		}, err))
		return
	}
	if reason == "" {
		progress("%s %s (%s) deactivated in subscription %s", a.kind, obj.name, id, obj.sub)
		return
	}
	progress("%s %s (%s) deactivated in subscription %s: %s", a.kind, obj.name, id, obj.sub, reason)
}

// find walks the subscriptions concurrently for the object.
func (a *deactivateAction) find(ctx context.Context, c *tritonapi.Client, subs []tritonapi.Subscription, id string) (scopedObject, bool, error) {
	var mu sync.Mutex
	var hit *scopedObject
	var firstErr error
	sem := make(chan struct{}, tritonapi.DefaultWalkConcurrency)
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var o scopedObject
			var ok bool
			var err error
			if a.kind == "token" {
				var t tritonapi.Token
				t, ok, err = c.FindToken(ctx, s.UUID, id)
				o = scopedObject{sub: s.UUID, name: t.Name, active: t.IsActive}
			} else {
				var e tritonapi.Endpoint
				e, ok, err = c.FindEndpoint(ctx, s.UUID, id)
				o = scopedObject{sub: s.UUID, name: e.Name, active: e.IsActive}
			}
			mu.Lock()
			defer mu.Unlock()
			switch {
			case ok:
				hit = &o
			case err != nil && firstErr == nil:
				firstErr = err
			}
		}()
	}
	wg.Wait()
	if hit != nil {
		return *hit, true, nil
	}
	return scopedObject{}, false, firstErr
}

func subscriptionNames(subs []tritonapi.Subscription) string {
	if len(subs) == 0 {
		return "none"
	}
	names := make([]string, 0, len(subs))
	for i, s := range subs {
		if i == 10 {
			names = append(names, fmt.Sprintf("and %d more", len(subs)-10))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", s.Name, s.UUID))
	}
	return strings.Join(names, ", ")
}

// anyCaseUUID accepts a uuid in any case (the action lower-cases it).
type anyCaseUUID struct{}

func (anyCaseUUID) Description(context.Context) string { return "value must be a UUID (any case)" }
func (v anyCaseUUID) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (anyCaseUUID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if v := req.ConfigValue.ValueString(); !isUUID(v) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("%s must be a UUID such as 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59, got %q.", req.Path, v))
	}
}

// withArticle prefixes a noun with "a" or "an" ("an endpoint", "a token").
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

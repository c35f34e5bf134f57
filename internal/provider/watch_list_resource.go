package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ resource.ResourceWithConfigure   = (*watchListResource)(nil)
	_ resource.ResourceWithImportState = (*watchListResource)(nil)
	_ resource.ResourceWithIdentity    = (*watchListResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*watchListResource)(nil)
)

// NewWatchListResource returns the triton_address_watch_list resource.
func NewWatchListResource() resource.Resource { return &watchListResource{} }

type watchListResource struct{ resourceBase }

// watchListResourceModel maps triton_address_watch_list.
type watchListResourceModel struct {
	ID               types.String `tfsdk:"id"`
	SubscriptionUUID types.String `tfsdk:"subscription_uuid"`
	Variant          types.String `tfsdk:"variant"`
	EncodedValue     types.String `tfsdk:"encoded_value"`
}

const watchListRole = "operator or reseller"

func (r *watchListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_address_watch_list"
}

// ModifyPlan fails a plan whose apply would have no working key.
func (r *watchListResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	trackedAtPlan(ctx, r.data, req)
	checkCredentialsAtPlan(ctx, r.data, req, resp, "address watch list entry")
}

func (r *watchListResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = scopedIdentitySchema("address watch list")
}

func watchListVariants() []string { return []string{"collection", "tree"} }

func (r *watchListResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An address watch list entry: an NFT collection or a Merkle tree whose addresses Triton protects for a " +
			"subscription. Needs the **operator** or **reseller** role. The only object the API deletes: destroy removes it. " +
			"Every argument forces a new entry.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Watch list entry UUID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subscription_uuid": schema.StringAttribute{
				MarkdownDescription: "UUID of the subscription the entry belongs to.",
				Required:            true,
				Validators:          []validator.String{uuidString()},
				PlanModifiers:       replace,
			},
			"variant": schema.StringAttribute{
				MarkdownDescription: "`\"collection\"` (an NFT collection mint) or `\"tree\"` (a Merkle tree).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(watchListVariants()...)},
				PlanModifiers:       replace,
			},
			"encoded_value": schema.StringAttribute{
				MarkdownDescription: "The collection or tree address: base58, 32 to 44 characters.",
				Required:            true,
				Validators:          []validator.String{solanaAddress()},
				PlanModifiers:       replace,
			},
		},
	}
}

func watchListFromAPI(m *watchListResourceModel, w tritonapi.WatchList) {
	m.ID = types.StringValue(w.UUID)
	m.Variant = types.StringValue(w.Variant)
	m.EncodedValue = types.StringValue(w.EncodedValue)
}

func watchListCall(summary, action string, m *watchListResourceModel) apiCall {
	return apiCall{Summary: summary, Object: "address watch list", Action: action, Role: watchListRole,
		UUID: m.ID.ValueString(), Subscription: m.SubscriptionUUID.ValueString()}
}

func (r *watchListResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.data.markApplying()
	var plan watchListResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	w, err := c.CreateWatchList(ctx, plan.SubscriptionUUID.ValueString(), plan.Variant.ValueString(), plan.EncodedValue.ValueString())
	if err != nil {
		if tritonapi.IsUnprocessable(err) {
			if existing, ok := findWatchListEntry(ctx, c, plan); ok {
				sub := plan.SubscriptionUUID.ValueString()
				if c.Claimed(existing.UUID) {
					resp.Diagnostics.AddError("Address Watch List Entry Declared Twice", fmt.Sprintf(
						"Subscription %q already has the %s entry %q (uuid %s), and another resource in this configuration holds it: it "+
							"created that entry in this run. Two resources declare the same entry; remove one of them (or give "+
							"them different subscription_uuid, variant or encoded_value). Do not import it: it is managed already.",
						sub, existing.Variant, existing.EncodedValue, existing.UUID))
					return
				}
				resp.Diagnostics.AddError("Address Watch List Entry Already Exists", fmt.Sprintf(
					"Subscription %q already has the %s entry %q (uuid %s), and the API refuses duplicates (HTTP 422). If another "+
						"resource in this configuration (or another configuration) declares the same entry, it may hold it: remove one "+
						"of the declarations. Otherwise import it instead of creating it:\n\n"+
						"  terraform import ADDRESS %s/%s\n\nor add an import block with id = \"%s/%s\".",
					sub, existing.Variant, existing.EncodedValue, existing.UUID, sub, existing.UUID, sub, existing.UUID))
				return
			}
		}
		call := watchListCall("Error Creating Address Watch List", "add to an address watch list", &plan)
		if tritonapi.IsUnprocessable(err) {
			call.Attribute = attributeFrom422(err, "encoded_value")
		}
		resp.Diagnostics.Append(apiErrorDiag(call, err))
		return
	}
	warnAdoptedOrphan(&resp.Diagnostics, c, "address watch list entry", w.UUID)
	state := plan
	watchListFromAPI(&state, w)
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

// findWatchListEntry looks for an existing entry with the planned variant and value.
func findWatchListEntry(ctx context.Context, c *tritonapi.Client, plan watchListResourceModel) (tritonapi.WatchList, bool) {
	list, err := c.ListWatchLists(ctx, plan.SubscriptionUUID.ValueString(), plan.Variant.ValueString())
	if err != nil {
		return tritonapi.WatchList{}, false
	}
	for _, w := range list {
		if w.EncodedValue == plan.EncodedValue.ValueString() {
			return w, true
		}
	}
	return tritonapi.WatchList{}, false
}

func (r *watchListResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state watchListResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	c.Claim(state.ID.ValueString()) // this instance holds it: no create in this process adopts it
	c.Tracked(state.ID.ValueString())
	w, found, err := c.FindWatchList(ctx, state.SubscriptionUUID.ValueString(), state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(watchListCall("Error Reading Address Watch List", "list address watch lists", &state), err))
		return
	}
	if !found {
		tflog.Warn(ctx, "address watch list entry no longer listed; removing it from state", map[string]any{
			"watch_list_uuid": state.ID.ValueString(), "subscription_uuid": state.SubscriptionUUID.ValueString(),
		})
		resp.Diagnostics.Append(setScopedIdentity(ctx, resp.Identity, state.SubscriptionUUID, state.ID)...)
		resp.State.RemoveResource(ctx)
		return
	}
	watchListFromAPI(&state, w)
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &state, state.SubscriptionUUID, state.ID)...)
}

// Update is never called with a change (every argument forces a new entry); it
// keeps state and identity as planned.
func (r *watchListResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan watchListResourceModel
	if appendDiags(&resp.Diagnostics, req.Plan.Get(ctx, &plan)) {
		return
	}
	resp.Diagnostics.Append(saveScoped(ctx, &resp.State, resp.Identity, &plan, plan.SubscriptionUUID, plan.ID)...)
}

func (r *watchListResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.data.markApplying()
	var state watchListResourceModel
	if appendDiags(&resp.Diagnostics, req.State.Get(ctx, &state)) {
		return
	}
	ctx, c, diags := r.data.use(ctx)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	if err := c.DeleteWatchList(ctx, state.ID.ValueString()); err != nil && !tritonapi.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiag(watchListCall("Error Deleting Address Watch List", "delete an address watch list entry", &state), err))
	}
}

func (r *watchListResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sub, id, diags := scopedImportTarget(ctx, req)
	if appendDiags(&resp.Diagnostics, diags) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathSubscription, sub)...)
	resp.Diagnostics.Append(setScopedIdentity(ctx, resp.Identity, types.StringValue(sub), types.StringValue(id))...)
	if resp.Diagnostics.HasError() {
		return
	}
	checkImportTarget(ctx, r.data, sub, id, "address watch list", &resp.Diagnostics)
}

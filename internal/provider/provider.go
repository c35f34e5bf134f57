// Package provider is the Terraform glue for the Triton One account API: schemas,
// models, CRUD and diagnostics. Everything else lives in internal/tritonapi.
package provider

import (
	"context"
	"fmt"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

var (
	_ provider.Provider                       = (*tritonProvider)(nil)
	_ provider.ProviderWithFunctions          = (*tritonProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*tritonProvider)(nil)
	_ provider.ProviderWithListResources      = (*tritonProvider)(nil)
	_ provider.ProviderWithActions            = (*tritonProvider)(nil)
)

// Environment variables read when the provider block leaves an argument unset.
const (
	EnvAPIToken = "TRITON_API_TOKEN"
	EnvBaseURL  = "TRITON_BASE_URL"
)

// tritonProvider is the provider implementation. The retry waits and HTTP client
// are only changed by tests, to keep retries fast.
type tritonProvider struct {
	version      string
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	// throttleBudget and resolveWindow shorten the client's 429 budget and the
	// window a lost create is looked for in (tests only; zero: the defaults).
	throttleBudget time.Duration
	resolveWindow  time.Duration
	httpClient     *http.Client

	mu      sync.Mutex
	clients map[string]*tritonapi.Client // keyed by base URL + credential

	// applied is set by the first Create, Update or Delete this provider instance
	// serves: from then on it serves an apply walk (Terraform starts the provider
	// anew for each walk). A create_before_destroy replacement plans the deposed
	// object's destroy during the apply, after the new object's create; the plan
	// already warned about it, so that destroy plan does not warn again.
	applied atomic.Bool
}

// tritonProviderModel maps the provider block.
type tritonProviderModel struct {
	APIToken   types.String `tfsdk:"api_token"`
	BaseURL    types.String `tfsdk:"base_url"`
	MaxRetries types.Int64  `tfsdk:"max_retries"`
	PageSize   types.Int64  `tfsdk:"page_size"`
}

// New returns the provider factory used by main and by tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &tritonProvider{version: version}
	}
}

func (p *tritonProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "triton"
	resp.Version = p.version
}

func (p *tritonProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage Triton One RPC tokens and endpoints through the Triton account management API.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				MarkdownDescription: "Triton account management API token, sent raw in the `Authorization` header. " +
					"Defaults to the `" + EnvAPIToken + "` environment variable. Only required once a resource or data source talks to the API.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "API origin. Defaults to the `" + EnvBaseURL + "` environment variable, then `" + tritonapi.DefaultBaseURL + "`. " +
					"Must use `https://` unless the host is `localhost` or a loopback address (such as the bundled emulator).",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a 503 or a connection that could not be made, and a read after a " +
					"500, 502, 504, timeout or reset. Defaults to `5`. A 503 while the same call goes through for other requests (a server shedding load) " +
					"does not count, up to ten times `max_retries` retries in all. A 429 is not counted: it is waited out as the server asks (`Retry-After`), " +
					"for as long as the operation may take. A create whose answer is lost (502, 504, timeout) is never sent again: the provider " +
					"looks for it in the lists instead.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: "Page size (`per`) requested on paginated lists. The server may use a smaller one; every page is walked. Defaults to `100`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 1000)},
			},
		},
	}
}

// providerData is what Configure hands to every resource and data source: one
// client, or the reason there is none (reported only when something uses it).
type providerData struct {
	client   *tritonapi.Client
	apiToken string
	// applied is the provider instance's: see tritonProvider.applied.
	applied *atomic.Bool
	// problemSummary and problem explain why there is no client.
	problemSummary, problem string
}

func (p *tritonProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg tritonProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	pd := &providerData{applied: &p.applied}
	defer func() {
		resp.ResourceData = pd
		resp.DataSourceData = pd
		resp.EphemeralResourceData = pd
		resp.ListResourceData = pd
		resp.ActionData = pd
	}()

	token := os.Getenv(EnvAPIToken)
	switch {
	case cfg.APIToken.IsUnknown():
		pd.problemSummary = "Unknown Triton API Token"
		pd.problem = "The provider's `api_token` is not known until apply. Use a value known at plan time, or set the " + EnvAPIToken + " environment variable."
		return
	case !cfg.APIToken.IsNull():
		token = cfg.APIToken.ValueString()
	}
	// A token read with file() ends in a newline, which is not a valid header value:
	// trim surrounding whitespace rather than fail every request locally.
	token = strings.TrimSpace(token)
	pd.apiToken = token
	ctx = maskSecrets(ctx, token)
	if token == "" {
		pd.problemSummary = "Missing Triton API Token"
		pd.problem = "No Triton API token is configured. Set the provider's `api_token` argument or the " + EnvAPIToken + " environment variable."
		return
	}

	baseURL := os.Getenv(EnvBaseURL)
	if cfg.BaseURL.IsUnknown() {
		pd.problemSummary = "Unknown Triton Base URL"
		pd.problem = "The provider's `base_url` is not known until apply. Use a value known at plan time, or set the " + EnvBaseURL + " environment variable."
		return
	}
	if !cfg.BaseURL.IsNull() {
		baseURL = cfg.BaseURL.ValueString()
	}
	if baseURL == "" {
		baseURL = tritonapi.DefaultBaseURL
	}
	if _, err := tritonapi.ParseBaseURL(baseURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Triton Base URL", err.Error())
		return
	}
	retries := int64(tritonapi.DefaultMaxRetries)
	if !cfg.MaxRetries.IsNull() && !cfg.MaxRetries.IsUnknown() {
		retries = cfg.MaxRetries.ValueInt64()
	}
	pageSize := int64(tritonapi.DefaultPageSize)
	if !cfg.PageSize.IsNull() && !cfg.PageSize.IsUnknown() {
		pageSize = cfg.PageSize.ValueInt64()
	}

	key := fmt.Sprintf("%s\x00%s\x00%d\x00%d", baseURL, token, retries, pageSize)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[key]; ok {
		pd.client = c
		return
	}
	c, err := tritonapi.New(tritonapi.Options{
		BaseURL:      baseURL,
		Token:        token,
		HTTPClient:   p.httpClient,
		UserAgent:    fmt.Sprintf("terraform-provider-triton/%s (+terraform %s)", p.version, req.TerraformVersion),
		Logger:       tflogLogger{},
		MaxRetries:   int(retries),
		PageSize:     int(pageSize),
		RetryWaitMin: p.retryWaitMin,
		RetryWaitMax: p.retryWaitMax,

		ThrottleBudget: p.throttleBudget,
		ResolveWindow:  p.resolveWindow,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Triton Base URL", err.Error())
		return
	}
	if p.clients == nil {
		p.clients = map[string]*tritonapi.Client{}
	}
	p.clients[key] = c
	pd.client = c
	tflog.Debug(ctx, "configured Triton API client", map[string]any{"base_url": baseURL, "max_retries": retries, "page_size": pageSize})
}

func (p *tritonProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewEndpointResource,
		NewTokenResource,
		NewSubscriptionResource,
		NewWatchListResource,
	}
}

func (p *tritonProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccountsDataSource,
		NewEndpointDataSource,
		NewEndpointsDataSource,
		NewRateTiersDataSource,
		NewSubscriptionDataSource,
		NewSubscriptionsDataSource,
		NewTokenDataSource,
		NewTokensDataSource,
		NewSubscriptionTypesDataSource,
		NewWatchListsDataSource,
	}
}

func (p *tritonProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewTokenEphemeralResource,
	}
}

// Actions are invoked with `terraform apply -invoke=action.TYPE.NAME` (Terraform 1.14+).
func (p *tritonProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{NewTokenDeactivateAction, NewEndpointDeactivateAction}
}

// ListResources are the list blocks of `terraform query` (Terraform 1.14+).
func (p *tritonProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewTokenListResource, NewEndpointListResource, NewSubscriptionListResource, NewWatchListListResource}
}

func (p *tritonProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewBasicAuthURLFunction,
		NewRPCURLFunction,
		NewWSURLFunction,
	}
}

// use returns the client for a CRUD call, with secrets masked in ctx, or an error
// diagnostic naming what is missing.
func (pd *providerData) use(ctx context.Context) (context.Context, *tritonapi.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if pd == nil {
		diags.AddError("Triton Provider Not Configured",
			"The provider was not configured before this call. This is a bug in the provider or Terraform; please report it.")
		return ctx, nil, diags
	}
	ctx = maskSecrets(ctx, pd.apiToken)
	if pd.client == nil {
		diags.AddError(pd.problemSummary, pd.problem)
		return ctx, nil, diags
	}
	return ctx, pd.client, diags
}

// providerDataFrom converts the data Configure produced, reporting a wrong type as a bug.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var (
	_ function.Function = (*urlFunction)(nil)
)

// urlFunction implements rpc_url, ws_url and basic_auth_url: pure string building.
type urlFunction struct {
	name, summary, description string
	params                     []function.Parameter
	build                      func(args []string) string
}

// NewRPCURLFunction returns provider::triton::rpc_url.
func NewRPCURLFunction() function.Function {
	return &urlFunction{
		name: "rpc_url", summary: "HTTPS JSON-RPC URL with the token in the path",
		description: "Returns `https://<host>/<token>`. Pass a sensitive token (such as `triton_token.x.value`) so the result stays sensitive.",
		params:      []function.Parameter{hostParam(), tokenParam()},
		build:       func(a []string) string { return "https://" + a[0] + "/" + a[1] },
	}
}

// NewWSURLFunction returns provider::triton::ws_url.
func NewWSURLFunction() function.Function {
	return &urlFunction{
		name: "ws_url", summary: "WebSocket URL with the token in the path",
		description: "Returns `wss://<host>/<token>`. Pass a sensitive token so the result stays sensitive.",
		params:      []function.Parameter{hostParam(), tokenParam()},
		build:       func(a []string) string { return "wss://" + a[0] + "/" + a[1] },
	}
}

// NewBasicAuthURLFunction returns provider::triton::basic_auth_url.
func NewBasicAuthURLFunction() function.Function {
	return &urlFunction{
		name: "basic_auth_url", summary: "HTTPS URL with basic-auth credentials",
		description: "Returns `https://<username>:<token>@<host>`, for the load balancers' basic auth (username = `auth_username`, password = token `value`). " +
			"Pass a sensitive token so the result stays sensitive.",
		params: []function.Parameter{
			hostParam(),
			function.StringParameter{Name: "username", MarkdownDescription: "The token's `auth_username`."},
			tokenParam(),
		},
		build: func(a []string) string { return "https://" + a[1] + ":" + a[2] + "@" + a[0] },
	}
}

func hostParam() function.Parameter {
	return function.StringParameter{Name: "host", MarkdownDescription: "Endpoint host name, such as an element of `triton_endpoint.x.values`; no scheme, no path."}
}

func tokenParam() function.Parameter {
	return function.StringParameter{Name: "token", MarkdownDescription: "Token value. Use a sensitive value so the result stays sensitive."}
}

func (f *urlFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *urlFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             f.summary,
		MarkdownDescription: f.description,
		Parameters:          f.params,
		Return:              function.StringReturn{},
	}
}

func (f *urlFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	args := make([]string, len(f.params))
	ptrs := make([]any, len(f.params))
	for i := range args {
		ptrs[i] = &args[i]
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, ptrs...))
	if resp.Error != nil {
		return
	}
	for i, p := range f.params {
		if err := checkURLPart(p.GetName(), args[i]); err != "" {
			resp.Error = function.NewArgumentFuncError(int64(i), err)
			return
		}
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, f.build(args)))
}

// checkURLPart validates one argument; the message never contains the token.
func checkURLPart(name, v string) string {
	if strings.TrimSpace(v) == "" {
		return fmt.Sprintf("%s must not be empty", name)
	}
	switch name {
	case "host":
		if strings.Contains(v, "://") {
			return fmt.Sprintf("host %q must be a bare host name without a scheme, such as example.mainnet.rpcpool.com", v)
		}
		if strings.ContainsAny(v, "/?#@ ") {
			return fmt.Sprintf("host %q must be a bare host name without a path, query or credentials", v)
		}
	case "token":
		if strings.ContainsAny(v, "/?#@: ") {
			return "token contains a character that cannot appear in a URL path (/, ?, #, @, : or space)"
		}
	case "username":
		if strings.ContainsAny(v, "/?#@: ") {
			return fmt.Sprintf("username %q contains a character that cannot appear in URL credentials", v)
		}
	}
	return ""
}

package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretFieldKeys are log field keys whose values are always masked.
var secretFieldKeys = []string{"api_token", "value", "token_value", "Authorization", "authorization"}

// maskSecrets masks the API token and secret field keys in every log written with ctx.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	var nonEmpty []string
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	if len(nonEmpty) > 0 {
		ctx = tflog.MaskLogStrings(ctx, nonEmpty...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, nonEmpty...)
	}
	return ctx
}

// tflogLogger adapts tritonapi.Logger onto tflog.
type tflogLogger struct{}

// tflogMu serialises the client's log calls: the client logs from several
// goroutines sharing one context (concurrent page fetches), and tflog's masking
// writes to the context's field map in place ("concurrent map writes" otherwise,
// found by the 5 000-token data source bench).
var tflogMu sync.Mutex

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflogMu.Lock()
	defer tflogMu.Unlock()
	tflog.Debug(ctx, msg, fields)
}

package provider

import (
	"context"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestClientLoggerIsConcurrencySafe: the client logs from concurrent page fetches
// that share one context carrying masks; tflog's masking writes to that context's
// field map, which crashed the provider with "concurrent map writes" (a 5 000-token
// data source). Run many logging goroutines on one masked context.
func TestClientLoggerIsConcurrencySafe(t *testing.T) {
	t.Parallel()
	ctx := tflogtest.RootLogger(context.Background(), &discard{})
	ctx = maskSecrets(ctx, "tk_secret_key_value", "token-secret-value")
	ctx = tflog.SetField(ctx, "tf_resource_type", "triton_tokens") // the framework sets fields like this on every request
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				tflogLogger{}.Debug(ctx, "Triton API request", map[string]any{"method": "GET", "path": "/tokens", "status": 200, "n": i})
			}
		}()
	}
	wg.Wait()
}

type discard struct{}

func (*discard) Write(p []byte) (int, error) { return len(p), nil }

package tritonapi_test

import (
	"context"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

func benchEnv(b *testing.B, n int) (string, string, []emulator.Token, string) {
	b.Helper()
	emu := emulator.New(emulator.Options{MaxPerPage: 100})
	a := emu.AddAccount("bench")
	sub := emu.AddSubscription(a.UUID, "bench", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, a.UUID)
	toks := emu.SeedTokens(sub.UUID, n, "t", true)
	srv := httptest.NewServer(emu)
	b.Cleanup(srv.Close)
	return srv.URL, key, toks, sub.UUID
}

// BenchmarkListTokensWalk measures one full walk of 1000 tokens (10 pages) by a fresh client.
func BenchmarkListTokensWalk(b *testing.B) {
	url, key, _, sub := benchEnv(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		c, _ := tritonapi.New(tritonapi.Options{BaseURL: url, Token: key})
		if _, err := c.ListTokens(context.Background(), sub); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindTokenCached measures one read served from the cache.
func BenchmarkFindTokenCached(b *testing.B) {
	url, key, toks, sub := benchEnv(b, 1000)
	c, _ := tritonapi.New(tritonapi.Options{BaseURL: url, Token: key})
	ctx := context.Background()
	if _, err := c.ListTokens(ctx, sub); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, found, err := c.FindToken(ctx, sub, toks[i%len(toks)].UUID); err != nil || !found {
			b.Fatal(found, err)
		}
		i++
	}
}

// BenchmarkCacheMemory10000 reports the heap a cached list of 10 000 tokens keeps alive.
func BenchmarkCacheMemory10000(b *testing.B) {
	url, key, _, sub := benchEnv(b, 10000)
	var kept float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c, _ := tritonapi.New(tritonapi.Options{BaseURL: url, Token: key})
		if _, _, err := c.FindToken(context.Background(), sub, "x"); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = float64(after.HeapAlloc) - float64(before.HeapAlloc)
		runtime.KeepAlive(c)
	}
	b.ReportMetric(kept/(1<<20), "MiB-cached")
}

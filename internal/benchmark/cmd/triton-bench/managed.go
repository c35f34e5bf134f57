package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const managedHeading = "\n## Refreshing plan of managed tokens: size, latency and page size sweep\n"

// managedResult is one refreshing plan (and its -refresh=false twin) of n
// managed tokens at one latency and page size.
type managedResult struct {
	n, per            int
	latency           time.Duration
	listCalls, peak   int
	plan, noRefresh   time.Duration
	importApplyTotalS float64
}

// measureManagedSweep imports n seeded tokens into one configuration once, then
// for each page size and latency times a refreshing plan and a -refresh=false
// plan, counting token list calls and peak requests in flight for the first.
// The page size is the provider's page_size (not stored in state), so one import
// serves every row.
func measureManagedSweep(tf, rc, work string, n int, pers []int, lats []time.Duration, runs int) []managedResult {
	b := startBenchEmulator(rc, emulator.Options{MaxPerPage: 100, NewObjectsActive: true})
	defer b.close()
	emu, sub := b.emu, b.sub
	toks := emu.SeedTokens(sub.UUID, n, "m", true)
	dir := filepath.Join(work, fmt.Sprintf("managed-%d", n))
	locals := tokenLocals(toks)
	body := func(per int) string {
		return fmt.Sprintf("provider \"triton\" {\n  page_size = %d\n}\n", per) + locals + importedTokens(sub.UUID)
	}
	writeBenchConfig(dir, body(100))
	start := time.Now()
	run(tf, dir, b.env, "apply", "-auto-approve", "-input=false", "-no-color")
	importTotal := time.Since(start).Seconds()
	var out []managedResult
	for _, lat := range lats {
		emu.SetLatency(lat)
		for _, per := range pers {
			writeBenchConfig(dir, body(per))
			r := managedResult{n: n, per: per, latency: lat, importApplyTotalS: importTotal}
			var plans, noRefresh []time.Duration
			for i := 0; i < runs; i++ {
				emu.ResetCounts()
				emu.ResetPeak()
				plans = append(plans, run(tf, dir, b.env, "plan", "-input=false", "-no-color", "-detailed-exitcode"))
				r.listCalls = emu.RequestCount("GET /api/v1/tokens")
				r.peak = emu.PeakInFlight()
				noRefresh = append(noRefresh, run(tf, dir, b.env, "plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode"))
			}
			r.plan, r.noRefresh = median(plans), median(noRefresh)
			out = append(out, r)
		}
	}
	emu.SetLatency(0)
	return out
}

func renderManaged(ms []managedResult) string {
	if len(ms) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(managedHeading)
	b.WriteString("\n`terraform plan` (refreshing) of N imported `triton_token` resources in one subscription, and the same plan with " +
		"`-refresh=false`, whose time is Terraform's own work (no API calls). Every resource's Read is served by one cached, trusted walk " +
		"of the subscription: ⌈N/page size⌉ list calls per plan, pages after the first fetched up to 8 at a time. t(N)/t(N/5) compares " +
		"with the row of a fifth of the tokens (same latency and page size): a linear cost gives about 5, a quadratic one 25. " +
		"Target: plan / no-refresh no worse than the 1.5× measured before concurrent walks. Median of the timed runs.\n\n")
	b.WriteString("| N | page size | latency | list calls | peak in flight | plan s | plan -refresh=false s | plan / no-refresh | t(N)/t(N/5) |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, m := range ms {
		ratio := ""
		for _, o := range ms {
			if o.n*5 == m.n && o.per == m.per && o.latency == m.latency {
				ratio = fmt.Sprintf("%.1f", m.plan.Seconds()/o.plan.Seconds())
			}
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %d | %d | %.2f | %.2f | %.2f× | %s |\n", m.n, m.per, m.latency, m.listCalls, m.peak,
			m.plan.Seconds(), m.noRefresh.Seconds(), m.plan.Seconds()/m.noRefresh.Seconds(), ratio)
	}
	return b.String()
}

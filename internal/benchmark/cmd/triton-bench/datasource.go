package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const dataHeading = "\n## triton_tokens data source: size and latency sweep\n"

// dataResult is one plan whose only work is one triton_tokens data source.
type dataResult struct {
	n, per    int
	latency   time.Duration
	listCalls int
	peak      int
	plan      time.Duration
}

// measureDataSource times `terraform plan` of one `data "triton_tokens"` with
// include_values = true over a subscription of n tokens, pages of per.
func measureDataSource(tf, rc, work string, n, per int, latency time.Duration, runs int) dataResult {
	b := startBenchEmulator(rc, emulator.Options{MaxPerPage: per})
	defer b.close()
	emu, sub := b.emu, b.sub
	emu.SeedTokens(sub.UUID, n, "t", true)
	dir := filepath.Join(work, fmt.Sprintf("data-%d-%d-%s", n, per, latency))
	writeBenchConfig(dir, fmt.Sprintf(`provider "triton" {
  page_size = %d
}
data "triton_tokens" "all" {
  subscription_uuid = %q
  include_values    = true
}
output "count" {
  value = length(data.triton_tokens.all.tokens)
}
`, per, sub.UUID))
	emu.SetLatency(latency)
	var times []time.Duration
	res := dataResult{n: n, per: per, latency: latency}
	for i := 0; i < runs; i++ {
		emu.ResetCounts()
		emu.ResetPeak()
		times = append(times, run(tf, dir, b.env, "plan", "-input=false", "-no-color"))
		res.listCalls = emu.RequestCount("GET /api/v1/tokens")
		res.peak = emu.PeakInFlight()
	}
	res.plan = median(times)
	return res
}

func renderData(ds []dataResult) string {
	if len(ds) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(dataHeading)
	b.WriteString("\n`terraform plan` whose only work is one `data \"triton_tokens\"` with `include_values = true` over one subscription. " +
		"Pages after the first are fetched up to 8 at a time. t(N)/t(N/5) compares with the row of a fifth of the tokens (same latency and page size): " +
		"a linear cost gives about 5, a quadratic one 25. The latency's cost is the plan's time minus its 0 ms twin's; the walk bound it should stay under is " +
		"(1 + ⌈(P−1)/8⌉) × latency + 0.5 s for P pages. Median of the timed runs.\n\n")
	b.WriteString("| N | page size | latency | list calls | peak in flight | plan s | t(N)/t(N/5) | latency cost s | walk bound s | within |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, d := range ds {
		ratio := ""
		for _, o := range ds {
			if o.n*5 == d.n && o.per == d.per && o.latency == d.latency {
				ratio = fmt.Sprintf("%.1f", d.plan.Seconds()/o.plan.Seconds())
			}
		}
		pages := (d.n + d.per - 1) / d.per
		bound := time.Duration(1+(pages-1+7)/8)*d.latency + 500*time.Millisecond
		cost, within := "", ""
		for _, o := range ds {
			if o.n == d.n && o.per == d.per && o.latency == 0 && d.latency > 0 {
				c := d.plan - o.plan
				cost = fmt.Sprintf("%.2f", c.Seconds())
				within = map[bool]string{true: "yes", false: "no"}[c <= bound]
			}
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %d | %d | %.2f | %s | %s | %.2f | %s |\n", d.n, d.per, d.latency, d.listCalls, d.peak, d.plan.Seconds(), ratio, cost, bound.Seconds(), within)
	}
	return b.String()
}

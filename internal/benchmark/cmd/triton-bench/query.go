package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const queryHeading = "\n## terraform query\n"

// queryResult is one `terraform query` measurement.
type queryResult struct {
	n, per          int
	latency         time.Duration
	listCalls, peak int
	query, generate time.Duration
	generatedTokens int
	peakRSSKiB      int
}

// measureQuery seeds n tokens over two subscriptions of one account, then times
// `terraform query` on a list block by account_uuid (limit n) and
// `terraform query -generate-config-out`, counting the emulator's list calls for
// one query, at the given page size and latency. -generate-config-out is timed
// only at latency 0 (its extra cost is Terraform's, not the walk's). Needs
// Terraform 1.14+ (tf).
func measureQuery(tf, rc, work string, n, per int, latency time.Duration, runs int) queryResult {
	emu := emulator.New(emulator.Options{MaxPerPage: 100})
	acct := emu.AddAccount("bench")
	a := emu.AddSubscription(acct.UUID, "bench-a", "mainnet-shared")
	b := emu.AddSubscription(acct.UUID, "bench-b", "mainnet-shared")
	emu.SeedTokens(a.UUID, n-n/2, "qa", true)
	emu.SeedTokens(b.UUID, n/2, "qb", true)
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	dir := filepath.Join(work, fmt.Sprintf("query-%d-%d-%s", n, per, latency))
	writeBenchConfig(dir, fmt.Sprintf("provider \"triton\" {\n  page_size = %d\n}\n", per))
	must(os.WriteFile(filepath.Join(dir, "all.tfquery.hcl"), []byte(fmt.Sprintf(`list "triton_token" "all" {
  provider = triton
  limit    = %d
  config {
    account_uuid = %q
  }
}
`, n, acct.UUID)), 0o644))
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TRITON_API_TOKEN="+key, "TRITON_BASE_URL=http://"+ln.Addr().String())

	r := queryResult{n: n, per: per, latency: latency}
	emu.SetLatency(latency)
	var qs, gs []time.Duration
	gen := filepath.Join(dir, "generated.tf")
	for i := 0; i < runs; i++ {
		// NOTE: the generated file must not stay in the directory: the next query
		// would load its N resources and N import blocks as configuration.
		_ = os.Remove(gen)
		emu.ResetCounts()
		emu.ResetPeak()
		stop := watchRSS()
		qs = append(qs, run(tf, dir, env, "query", "-no-color"))
		r.peakRSSKiB = max(r.peakRSSKiB, stop())
		r.listCalls = emu.RequestCount("GET /api/v1/tokens") + emu.RequestCount("GET /api/v1/subscriptions") + emu.RequestCount("GET /api/v1/accounts")
		r.peak = emu.PeakInFlight()
		if latency > 0 {
			continue
		}
		gs = append(gs, run(tf, dir, env, "query", "-no-color", "-generate-config-out=generated.tf"))
		body, err := os.ReadFile(gen)
		must(err)
		r.generatedTokens = strings.Count(string(body), `resource "triton_token"`)
		if r.generatedTokens != n {
			log.Fatalf("query -generate-config-out wrote %d resources, want %d", r.generatedTokens, n)
		}
	}
	_ = os.Remove(gen)
	r.query, r.generate = median(qs), median(gs)
	return r
}

func renderQuery(qs []queryResult, tf string) string {
	if len(qs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(queryHeading)
	fmt.Fprintf(&b, "\n`terraform query` (%s) on one `list \"triton_token\"` block by `account_uuid`, the tokens split over two subscriptions "+
		"(walked concurrently, pages after the first up to 8 at a time); at latency 0 also the same with `-generate-config-out`. List calls "+
		"are for one query: the accounts and subscriptions lists once each, then ⌈N/2/page size⌉ token pages per subscription. "+
		"t(N)/t(N/5) compares with the row of a fifth of the tokens (same latency and page size): a linear cost gives about 5, a "+
		"quadratic one 25. Median of the timed runs.\n\n", tf)
	b.WriteString("| N tokens | page size | latency | list calls | peak in flight | query s | t(N)/t(N/5) | query -generate-config-out s | resources generated | provider peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, q := range qs {
		ratio := ""
		for _, o := range qs {
			if o.n*5 == q.n && o.per == q.per && o.latency == q.latency {
				ratio = fmt.Sprintf("%.1f", q.query.Seconds()/o.query.Seconds())
			}
		}
		gen, count := "", ""
		if q.generate > 0 {
			gen, count = fmt.Sprintf("%.2f", q.generate.Seconds()), fmt.Sprint(q.generatedTokens)
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %d | %d | %.2f | %s | %s | %s | %d |\n", q.n, q.per, q.latency, q.listCalls, q.peak, q.query.Seconds(), ratio, gen, count, q.peakRSSKiB/1024)
	}
	return b.String()
}

// replaceSection swaps the section that starts at heading (up to the next "\n## ")
// for body, or appends body when the section is absent.
func replaceSection(text, heading, body string) string {
	i := strings.Index(text, heading)
	if i < 0 {
		return strings.TrimRight(text, "\n") + "\n" + body
	}
	rest := text[i+len(heading):]
	end := len(text)
	if j := strings.Index(rest, "\n## "); j >= 0 {
		end = i + len(heading) + j
	}
	return text[:i] + body + text[end:]
}

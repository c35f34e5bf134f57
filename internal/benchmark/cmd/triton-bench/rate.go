package main

import (
	"fmt"
	"log"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const rateHeading = "\n## Many pipelines behind one rate limit\n"

// rateResult is one run of P pipelines × M creates against a rate-limited emulator.
type rateResult struct {
	pipelines, m, rps int
	wall              time.Duration
	requests, the429s int
	failed, dups      int
}

// measureRateLimited runs P `terraform apply -parallelism=10` processes at once,
// each creating m tokens, against one emulator that answers 429 (Retry-After: 1)
// beyond rps requests per second. The floor is the requests the server answered
// 2xx divided by rps.
func measureRateLimited(tf, rc, work string, p, m, rps int) rateResult {
	b := startBenchEmulator(rc, emulator.Options{MaxPerPage: 100})
	defer b.close()
	emu, sub := b.emu, b.sub
	emu.SetRateLimit(rps)
	res := rateResult{pipelines: p, m: m, rps: rps}
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := time.Now()
	for i := 0; i < p; i++ {
		dir := filepath.Join(work, fmt.Sprintf("rate-%d-%d", i, time.Now().UnixNano()))
		writeBenchConfig(dir, fmt.Sprintf(`provider "triton" {}
resource "triton_token" "t" {
  count             = %d
  subscription_uuid = %q
  name              = "p%d-${count.index}"
  rate_tier         = "developer"
}
`, m, sub.UUID, i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(tf, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
			cmd.Dir, cmd.Env = dir, b.env
			if out, err := cmd.CombinedOutput(); err != nil {
				mu.Lock()
				res.failed++
				mu.Unlock()
				log.Printf("pipeline %d failed: %v\n%s", i, err, tail(string(out), 20))
			}
		}()
	}
	wg.Wait()
	res.wall = time.Since(start)
	for _, c := range emu.RequestCounts() {
		res.requests += c
	}
	res.the429s = emu.Throttled()
	seen := map[string]int{}
	for _, t := range emu.Tokens(sub.UUID) {
		seen[t.Name]++
	}
	for _, n := range seen {
		if n > 1 {
			res.dups += n - 1
		}
	}
	return res
}

func renderRate(rs []rateResult) string {
	if len(rs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(rateHeading)
	b.WriteString("\nP `terraform apply -parallelism=10` processes at once, each creating M tokens in one subscription, against an emulator " +
		"that answers 429 (`Retry-After: 1`) beyond R requests per second. The floor is the requests answered without a 429 divided by R " +
		"(the server's own limit); 429s per successful request show how hard the clients pushed.\n\n")
	b.WriteString("| P × M | R req/s | wall s | requests (2xx+4xx+5xx) | 429s | floor s | wall / floor | 429s per successful request | failed applies | duplicates |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		ok := r.requests - r.the429s
		floor := float64(ok) / float64(r.rps)
		fmt.Fprintf(&b, "| %d × %d | %d | %.1f | %d | %d | %.1f | %.2f× | %.2f | %d | %d |\n",
			r.pipelines, r.m, r.rps, r.wall.Seconds(), r.requests, r.the429s, floor, r.wall.Seconds()/floor, float64(r.the429s)/float64(ok), r.failed, r.dups)
	}
	return b.String()
}

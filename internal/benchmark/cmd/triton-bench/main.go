// Command triton-bench measures what a refreshing plan costs with this provider:
// it builds the provider, serves the emulator with N seeded tokens, imports them
// with import blocks, then times `terraform plan`, `terraform plan -refresh=false`
// and a plan of N terraform_data resources, counting the emulator's list calls and
// the provider's peak RSS. `make bench` runs it and writes BENCHMARKS.md.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

type result struct {
	n, cached        int
	latency          time.Duration
	listCalls        int
	naive            int
	plan, noRefresh  time.Duration
	data             time.Duration
	peakRSSKiB       int
	applyImportTotal time.Duration
}

func main() {
	sizes := flag.String("n", "100,1000", "comma-separated token counts")
	latencies := flag.String("latency", "0ms,20ms", "comma-separated emulator latencies")
	runs := flag.Int("runs", 3, "timed runs per measurement (median reported)")
	bigCache := flag.Int("cache-n", 10000, "tokens in the subscription for the RSS-of-the-cache run (0 to skip)")
	out := flag.String("out", "BENCHMARKS.md", "markdown file to write")
	sdkLogs := flag.Bool("sdk-logs-row", true, "also measure the largest N at 0 ms with the SDK's log encoding on (TF_LOG_PATH set)")
	plans := flag.Bool("plans", true, "run the plan benchmarks (false: only the apply case, appended to the existing -out file)")
	applyM := flag.Int("apply-m", 60, "active tokens created by the apply-under-latency case (0 to skip)")
	applyLat := flag.String("apply-latency", "0ms,100ms", "comma-separated emulator latencies for the apply case")
	applyRuns := flag.Int("apply-runs", 3, "timed runs per apply measurement (median reported)")
	queryN := flag.String("query-n", "1000,5000,10000", "comma-separated token counts for the terraform query sweep (empty to skip)")
	queryPer := flag.String("query-per", "50,100", "comma-separated page sizes for the terraform query sweep")
	queryLat := flag.String("query-latency", "0ms,100ms", "comma-separated latencies for the terraform query sweep")
	managedN := flag.String("managed-n", "1000,5000", "comma-separated managed token counts for the refreshing plan sweep (empty to skip)")
	managedPer := flag.String("managed-per", "50,100", "comma-separated page sizes for the refreshing plan sweep")
	managedLat := flag.String("managed-latency", "0ms,100ms", "comma-separated latencies for the refreshing plan sweep")
	managedRuns := flag.Int("managed-runs", 1, "timed runs per refreshing plan measurement (median reported)")
	queryTF := flag.String("query-terraform", "", "Terraform 1.14+ binary for the terraform query case (empty: skip it)")
	queryRuns := flag.Int("query-runs", 3, "timed runs per query measurement (median reported)")
	dataN := flag.String("data-n", "1000,2000,5000,10000", "comma-separated token counts for the triton_tokens data source sweep (empty to skip)")
	dataPer := flag.String("data-per", "50,100", "comma-separated page sizes for the data source sweep")
	dataLat := flag.String("data-latency", "0ms,100ms", "comma-separated latencies for the data source sweep")
	dataRuns := flag.Int("data-runs", 1, "timed runs per data source measurement (median reported)")
	rateP := flag.Int("rate-p", 4, "pipelines in the rate-limited case (0 to skip)")
	rateM := flag.Int("rate-m", 25, "creates per pipeline in the rate-limited case")
	rateRPS := flag.Int("rate-rps", 5, "the emulator's requests per second in the rate-limited case")
	flag.Parse()

	tf, err := exec.LookPath("terraform")
	if err != nil {
		log.Fatal("terraform is not on PATH")
	}
	work, err := os.MkdirTemp("", "triton-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-triton"), ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("building provider: %v", err)
	}
	rc := filepath.Join(work, "terraformrc")
	must(os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/rpcpool/triton\" = %q\n  }\n  direct {}\n}\n", bin)), 0o600))

	var applies []applyResult
	if *applyM > 0 {
		for _, ls := range strings.Split(*applyLat, ",") {
			lat, err := time.ParseDuration(strings.TrimSpace(ls))
			must(err)
			a := measureApply(tf, rc, work, *applyM, lat, *applyRuns)
			applies = append(applies, a)
			log.Printf("apply M=%d latency=%s: %.2fs (median of %d)", a.m, lat, a.apply.Seconds(), *applyRuns)
		}
	}
	applySection := renderApply(applies)
	var rates []rateResult
	if *rateP > 0 {
		r := measureRateLimited(tf, rc, work, *rateP, *rateM, *rateRPS)
		rates = append(rates, r)
		log.Printf("rate-limited %d × %d at %d/s: %.1fs, %d requests, %d 429s, %d failed, %d duplicates", r.pipelines, r.m, r.rps, r.wall.Seconds(), r.requests, r.the429s, r.failed, r.dups)
	}
	applySection += renderRate(rates)
	var datas []dataResult
	if *dataN != "" {
		for _, ls := range strings.Split(*dataLat, ",") {
			lat, err := time.ParseDuration(strings.TrimSpace(ls))
			must(err)
			for _, ps := range strings.Split(*dataPer, ",") {
				per, err := strconv.Atoi(strings.TrimSpace(ps))
				must(err)
				for _, ns := range strings.Split(*dataN, ",") {
					n, err := strconv.Atoi(strings.TrimSpace(ns))
					must(err)
					d := measureDataSource(tf, rc, work, n, per, lat, *dataRuns)
					datas = append(datas, d)
					log.Printf("data source N=%d per=%d latency=%s: list=%d peak=%d plan=%.2fs", n, per, lat, d.listCalls, d.peak, d.plan.Seconds())
				}
			}
		}
	}
	applySection += renderData(datas)
	var manageds []managedResult
	if *managedN != "" {
		var lats []time.Duration
		for _, ls := range strings.Split(*managedLat, ",") {
			lat, err := time.ParseDuration(strings.TrimSpace(ls))
			must(err)
			lats = append(lats, lat)
		}
		pers := ints(*managedPer)
		for _, n := range ints(*managedN) {
			for _, m := range measureManagedSweep(tf, rc, work, n, pers, lats, *managedRuns) {
				manageds = append(manageds, m)
				log.Printf("managed N=%d per=%d latency=%s: list=%d peak=%d plan=%.2fs no-refresh=%.2fs", m.n, m.per, m.latency, m.listCalls, m.peak, m.plan.Seconds(), m.noRefresh.Seconds())
			}
		}
	}
	applySection += renderManaged(manageds)
	var queries []queryResult
	if *queryTF != "" && *queryN != "" {
		for _, ls := range strings.Split(*queryLat, ",") {
			lat, err := time.ParseDuration(strings.TrimSpace(ls))
			must(err)
			for _, per := range ints(*queryPer) {
				for _, n := range ints(*queryN) {
					q := measureQuery(*queryTF, rc, work, n, per, lat, *queryRuns)
					queries = append(queries, q)
					log.Printf("query N=%d per=%d latency=%s: list=%d peak=%d query=%.2fs generate=%.2fs rss=%dMiB", n, per, lat, q.listCalls, q.peak, q.query.Seconds(), q.generate.Seconds(), q.peakRSSKiB/1024)
				}
			}
		}
	} else {
		log.Print("terraform query case skipped: pass -query-terraform with a Terraform 1.14+ binary")
	}
	querySection := renderQuery(queries, *queryTF)
	if !*plans {
		old, _ := os.ReadFile(*out)
		text := string(old)
		if applySection != "" {
			text = replaceSection(text, applyHeading, applySection)
		}
		if querySection != "" {
			text = replaceSection(text, queryHeading, querySection)
		}
		fmt.Print(applySection + querySection)
		must(os.WriteFile(*out, []byte(text), 0o644))
		return
	}

	var results []result
	for _, ls := range strings.Split(*latencies, ",") {
		lat, err := time.ParseDuration(strings.TrimSpace(ls))
		must(err)
		for _, ns := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(ns))
			must(err)
			r := measure(tf, rc, work, n, n, lat, *runs, nil)
			results = append(results, r)
			log.Printf("N=%d latency=%s list=%d plan=%.2fs no-refresh=%.2fs data=%.2fs rss=%dMiB",
				n, lat, r.listCalls, r.plan.Seconds(), r.noRefresh.Seconds(), r.data.Seconds(), r.peakRSSKiB/1024)
		}
	}
	var cacheRun *result
	if *bigCache > 0 {
		r := measure(tf, rc, work, 1, *bigCache, 0, 1, nil)
		cacheRun = &r
		log.Printf("cache run: %d tokens listed, list=%d rss=%dMiB", *bigCache, r.listCalls, r.peakRSSKiB/1024)
	}
	var logsRun *result
	if *sdkLogs && len(results) > 0 {
		largest := 0
		for _, r := range results {
			largest = max(largest, r.n)
		}
		// Any TF_LOG* variable keeps the SDK's trace encoding on (see main.go).
		r := measure(tf, rc, work, largest, largest, 0, *runs, []string{"TF_LOG_PATH=" + os.DevNull})
		logsRun = &r
		log.Printf("with SDK log encoding: N=%d plan=%.2fs no-refresh=%.2fs", r.n, r.plan.Seconds(), r.noRefresh.Seconds())
	}
	report := render(results, cacheRun, logsRun, tf) + applySection + querySection
	fmt.Print(report)
	must(os.WriteFile(*out, []byte(report), 0o644))
}

// measure imports `managed` of `total` seeded tokens, then times the plans.
func measure(tf, rc, work string, managed, total int, latency time.Duration, runs int, extraEnv []string) result {
	emu := emulator.New(emulator.Options{MaxPerPage: 100, NewObjectsActive: true})
	acct := emu.AddAccount("bench")
	sub := emu.AddSubscription(acct.UUID, "bench", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	toks := emu.SeedTokens(sub.UUID, total, "tok", true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	dir := filepath.Join(work, fmt.Sprintf("n%d-t%d-%s-%d", managed, total, latency, len(extraEnv)))
	dataDir := dir + "-data"
	must(os.MkdirAll(dir, 0o755))
	must(os.MkdirAll(dataDir, 0o755))
	locals := tokenLocals(toks[:managed])
	writeBenchConfig(dir, "provider \"triton\" {}\n"+locals+importedTokens(sub.UUID))
	must(os.WriteFile(filepath.Join(dataDir, "main.tf"), []byte(locals+`
resource "terraform_data" "t" {
  for_each = local.tokens
  input    = each.value
}
`), 0o644))
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TRITON_API_TOKEN="+key, "TRITON_BASE_URL=http://"+ln.Addr().String())
	env = append(env, extraEnv...)

	r := result{n: managed, cached: total, latency: latency}
	emu.SetLatency(latency)
	start := time.Now()
	run(tf, dir, env, "apply", "-auto-approve", "-input=false", "-no-color")
	r.applyImportTotal = time.Since(start)

	// Refreshing plan: count list calls and watch the provider's RSS.
	var planTimes, noRefreshTimes, dataTimes []time.Duration
	for i := 0; i < runs; i++ {
		emu.ResetCounts()
		stop := watchRSS()
		planTimes = append(planTimes, run(tf, dir, env, "plan", "-input=false", "-no-color", "-detailed-exitcode"))
		if rss := stop(); rss > r.peakRSSKiB {
			r.peakRSSKiB = rss
		}
		r.listCalls = emu.RequestCount("GET /api/v1/tokens")
		noRefreshTimes = append(noRefreshTimes, run(tf, dir, env, "plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode"))
	}
	if managed > 1 {
		run(tf, dataDir, env, "init", "-input=false", "-no-color")
		run(tf, dataDir, env, "apply", "-auto-approve", "-input=false", "-no-color")
		for i := 0; i < runs; i++ {
			dataTimes = append(dataTimes, run(tf, dataDir, env, "plan", "-input=false", "-no-color", "-detailed-exitcode"))
		}
	}
	per := 100
	pages := (total + per - 1) / per
	r.naive = managed * pages
	r.plan, r.noRefresh, r.data = median(planTimes), median(noRefreshTimes), median(dataTimes)
	return r
}

func run(tf, dir string, env []string, args ...string) time.Duration {
	cmd := exec.Command(tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		log.Fatalf("terraform %v in %s: %v\n%s", args, dir, err, tail(out.String(), 4000))
	}
	return d
}

// watchRSS polls /proc for terraform-provider-triton processes and returns a stop
// function reporting the highest VmHWM (peak RSS, KiB) seen.
func watchRSS() func() int {
	var mu sync.Mutex
	peak := 0
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			for _, kib := range providerHWMs() {
				mu.Lock()
				if kib > peak {
					peak = kib
				}
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int {
		close(done)
		wg.Wait()
		return peak
	}
}

func providerHWMs() []int {
	var out []int
	procs, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(strings.TrimSpace(string(b)), "terraform-provi") {
			continue
		}
		status, err := os.ReadFile(filepath.Join(filepath.Dir(p), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				f := strings.Fields(line)
				if len(f) >= 2 {
					if v, err := strconv.Atoi(f[1]); err == nil {
						out = append(out, v)
					}
				}
			}
		}
	}
	return out
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a.Seconds()/b.Seconds())
}

func render(results []result, cacheRun, logsRun *result, tf string) string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\nGenerated by `make bench` (`internal/benchmark/cmd/triton-bench`). Each plan refreshes every\n")
	b.WriteString("imported token; the emulator caps pages at 100 and the provider asks for `per=100`. Times are\n")
	b.WriteString("medians of the timed runs; RSS is the provider process's VmHWM.\n\n")
	fmt.Fprintf(&b, "Machine: %s\n\n", machine(tf))
	b.WriteString("| N | latency | list calls | naive N×⌈N/per⌉ | plan s | plan -refresh=false s | terraform_data plan s | plan / no-refresh | plan / terraform_data | provider peak RSS |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %s | %d | %d | %.2f | %.2f | %.2f | %s | %s | %.1f MiB |\n",
			r.n, r.latency, r.listCalls, r.naive, r.plan.Seconds(), r.noRefresh.Seconds(), r.data.Seconds(),
			ratio(r.plan, r.noRefresh), ratio(r.plan, r.data), float64(r.peakRSSKiB)/1024)
	}
	if logsRun != nil {
		fmt.Fprintf(&b, "\nWith the SDK's trace-log encoding on (any `TF_LOG*` variable set; without one the provider turns it off, "+
			"since Terraform discards provider logs then): N = %d, 0 ms: plan %.2f s, plan -refresh=false %.2f s, ratio %s, terraform_data ratio %s.\n",
			logsRun.n, logsRun.plan.Seconds(), logsRun.noRefresh.Seconds(), ratio(logsRun.plan, logsRun.noRefresh), ratio(logsRun.plan, logsRun.data))
	}
	if cacheRun != nil {
		fmt.Fprintf(&b, "\nCache memory: one token managed in a subscription holding %d tokens, so a plan walks and caches all of them: "+
			"%d list calls, plan %.2f s, provider peak RSS %.1f MiB.\n", cacheRun.cached, cacheRun.listCalls, cacheRun.plan.Seconds(), float64(cacheRun.peakRSSKiB)/1024)
	}
	return b.String()
}

func machine(tf string) string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])
		if len(f) >= 2 {
			if kib, err := strconv.Atoi(f[1]); err == nil {
				mem = fmt.Sprintf(", %.0f GiB RAM", float64(kib)/1024/1024)
			}
		}
	}
	ver, _ := exec.Command(tf, "version").Output()
	tfv := strings.SplitN(string(ver), "\n", 2)[0]
	return fmt.Sprintf("%s, %d cores%s, %s/%s, %s, %s, %s", cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version(), tfv, time.Now().UTC().Format("2006-01-02"))
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// ints parses a comma-separated list of integers.
func ints(list string) []int {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		must(err)
		out = append(out, n)
	}
	return out
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

const applyHeading = "\n## Apply under latency\n"

// applyResult is one apply-under-latency measurement.
type applyResult struct {
	m       int
	latency time.Duration
	apply   time.Duration
}

// measureApply times `terraform apply -parallelism=10` creating m active tokens (a
// create and an activate each) against a fresh emulator with the given latency per
// request; the median of runs.
func measureApply(tf, rc, work string, m int, latency time.Duration, runs int) applyResult {
	var times []time.Duration
	for i := 0; i < runs; i++ {
		b := startBenchEmulator(rc, emulator.Options{MaxPerPage: 100})
		dir := filepath.Join(work, fmt.Sprintf("apply-%d-%s-%d", m, latency, i))
		writeBenchConfig(dir, fmt.Sprintf(`provider "triton" {}
resource "triton_token" "t" {
  count             = %d
  subscription_uuid = %q
  name              = "apply-${count.index}"
  rate_tier         = "developer"
  is_active         = true
}
`, m, b.sub.UUID))
		b.emu.SetLatency(latency)
		times = append(times, run(tf, dir, b.env, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10"))
		if n := len(b.emu.Tokens(b.sub.UUID)); n != m {
			log.Fatalf("apply made %d tokens, want %d", n, m)
		}
		b.close()
	}
	return applyResult{m: m, latency: latency, apply: median(times)}
}

// renderApply writes the apply section: each figure and the target for the slowest
// latency against the 0 ms twin: ⌈M/10⌉ × 3 × latency + 1 s more at most.
func renderApply(as []applyResult) string {
	if len(as) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(applyHeading)
	fmt.Fprintf(&b, "\n`terraform apply -parallelism=10` creating M = %d active tokens (a create and an activate each) in an empty subscription; "+
		"the emulator adds the latency to every request. Median of the timed runs.\n\n", as[0].m)
	b.WriteString("| M | latency | apply s | target s | met |\n|---|---|---|---|---|\n")
	var base time.Duration = -1
	for _, a := range as {
		if a.latency == 0 {
			base = a.apply
		}
	}
	for _, a := range as {
		target, met := "", ""
		if base >= 0 && a.latency > 0 {
			t := base + time.Duration((a.m+9)/10*3)*a.latency + time.Second
			target = fmt.Sprintf("%.2f", t.Seconds())
			met = map[bool]string{true: "yes", false: "no"}[a.apply <= t]
		}
		fmt.Fprintf(&b, "| %d | %s | %.2f | %s | %s |\n", a.m, a.latency, a.apply.Seconds(), target, met)
	}
	return b.String()
}

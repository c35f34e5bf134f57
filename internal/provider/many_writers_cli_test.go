package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// These tests run several Terraform processes (separate states) against one
// emulator, and signal Terraform's whole process group, as CI runners do. The
// slow rounds run in `make soak` (TRITON_SOAK=1); `make test` runs one round each.

func soakRounds(quick int) int {
	if v := os.Getenv("TRITON_SOAK_ROUNDS"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return quick
}

func tokensConfig(sub string, count int, prefix string) string {
	return fmt.Sprintf(`
provider "triton" {}
resource "triton_token" "t" {
  count             = %d
  subscription_uuid = %q
  name              = "%s-${count.index}"
  rate_tier         = "tier1"
}
`, count, sub, prefix)
}

// stateIDs returns the token ids in a working directory's state.
func (c *cli) stateIDs() []string {
	c.t.Helper()
	out := c.mustRun("show", "-json")
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		c.t.Fatalf("show -json: %v", err)
	}
	var ids []string
	for _, r := range doc.Values.RootModule.Resources {
		if r.Type == "triton_token" {
			ids = append(ids, fmt.Sprint(r.Values["id"]))
		}
	}
	return ids
}

// applyAll runs apply in every directory at once and returns the exit codes and outputs.
func applyAll(clis []*cli, args ...string) ([]int, []string) {
	codes, outs := make([]int, len(clis)), make([]string, len(clis))
	var wg sync.WaitGroup
	for i, c := range clis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], outs[i] = c.run(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
		}()
	}
	wg.Wait()
	return codes, outs
}

// checkOwnership: every token in the emulator is in exactly one state (no orphan,
// no uuid shared by two states).
func checkOwnership(t *testing.T, env *testEnv, clis []*cli) {
	t.Helper()
	owner := map[string]int{}
	for i, c := range clis {
		for _, id := range c.stateIDs() {
			if prev, dup := owner[id]; dup {
				t.Errorf("token %s is in the states of pipeline %d and %d (one secret, two states)", id, prev, i)
			}
			owner[id] = i
		}
	}
	for _, tok := range env.emu.Tokens(env.sub.UUID) {
		if _, ok := owner[tok.UUID]; !ok {
			t.Errorf("token %s (%s) is in no state: an orphan", tok.UUID, tok.Name)
		}
	}
}

// TestCLI_TwoPipelinesSameNames: two working directories apply the same token
// names in one subscription at the same time, against a server that answers 20 %
// of requests 503 before any effect. Each state gets its own tokens: no uuid in
// both, no orphan, both applies exit 0, over several rounds.
func TestCLI_TwoPipelinesSameNames(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(2); round++ {
		env := newTestEnv(t, emulator.Options{})
		env.emu.SetFaults(0.2, 0)
		env.emu.SetLatency(20 * time.Millisecond)
		cfg := tokensConfig(env.sub.UUID, 6, "svc")
		clis := []*cli{newCLI(t, env, cfg), newCLI(t, env, cfg)}
		codes, outs := applyAll(clis)
		for i, code := range codes {
			if code != 0 {
				t.Fatalf("round %d: pipeline %d exit %d:\n%s", round, i, code, outs[i])
			}
		}
		checkOwnership(t, env, clis)
		for name, n := range names(env.emu.Tokens(env.sub.UUID)) {
			if n != 2 {
				t.Errorf("round %d: %s exists %d times, want 2 (one per pipeline)", round, name, n)
			}
		}
	}
}

// TestCLI_PipelinesBehindOneRateLimit: three pipelines × 10 tokens at
// -parallelism=10 against 5 requests/s: every first apply succeeds, each name once.
func TestCLI_PipelinesBehindOneRateLimit(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	env.emu.SetRateLimit(5)
	var clis []*cli
	for p := 0; p < 3; p++ {
		clis = append(clis, newCLI(t, env, tokensConfig(env.sub.UUID, 10, fmt.Sprintf("p%d", p))))
	}
	codes, outs := applyAll(clis, "-parallelism=10")
	for i, code := range codes {
		if code != 0 {
			t.Fatalf("pipeline %d exit %d:\n%s", i, code, outs[i])
		}
	}
	checkOwnership(t, env, clis)
	toks := env.emu.Tokens(env.sub.UUID)
	for name, n := range names(toks) {
		if n != 1 {
			t.Errorf("%s exists %d times", name, n)
		}
	}
	if len(toks) != 30 {
		t.Fatalf("%d tokens, want 30", len(toks))
	}
	t.Logf("429s answered: %d", env.emu.Throttled())
}

func names(toks []emulator.Token) map[string]int {
	out := map[string]int{}
	for _, t := range toks {
		out[t.Name]++
	}
	return out
}

// startApplyInGroup starts the CLI with args in c's directory, in a process group
// of its own (as a CI job's), its output collected.
func startApplyInGroup(t *testing.T, c *cli, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir, cmd.Env = c.dir, c.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// waitForTokens waits (up to 60 s) until n tokens exist in the test subscription;
// otherwise it kills cmd's group and fails.
func waitForTokens(t *testing.T, env *testEnv, cmd *exec.Cmd, out *bytes.Buffer, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for len(env.emu.Tokens(env.sub.UUID)) < n {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("no create reached the emulator:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// interruptAndReapply starts an apply of 10 active tokens, interrupts it with
// signal once creates are in flight, then re-applies: each name once, all in
// state, an empty plan after.
func interruptAndReapply(t *testing.T, latency time.Duration, interrupt func(cmd *exec.Cmd) error, wrap ...string) (interrupted int, exitedAtOnce bool) {
	t.Helper()
	env := newTestEnv(t, emulator.Options{})
	env.emu.SetLatency(latency)
	cfg := tokensConfig(env.sub.UUID, 10, "svc")
	c := newCLI(t, env, cfg)
	args := append(append([]string{}, wrap...), os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-parallelism=4", "-no-color")
	cmd, out := startApplyInGroup(t, c, args...)
	if interrupt != nil {
		waitForTokens(t, env, cmd, out, 2)
		if err := interrupt(cmd); err != nil {
			t.Fatal(err)
		}
	}
	_ = cmd.Wait()
	interrupted = len(env.emu.Tokens(env.sub.UUID))
	exitedAtOnce = strings.Contains(out.String(), "Two interrupts received")
	if interrupted == 10 || interrupted == 0 {
		return interrupted, exitedAtOnce // not interrupted while creating: the caller tries another timing
	}
	inState := len(strings.Fields(c.mustRun("state", "list")))
	t.Logf("after the interrupt: %d tokens exist, %d in state", interrupted, inState)
	// A second SIGTERM that reaches the CLI while it is stopping (GNU timeout sends
	// two) makes it exit at once without writing what was created to state: the
	// CLI's doing, which the provider cannot prevent. The next apply must then
	// name each token the interrupted one left out, with its import id, rather
	// than mint a second secret (the ledger); importing as told finishes the job.
	if inState != interrupted && !exitedAtOnce {
		t.Errorf("%d tokens exist but %d are in state: the interrupted apply orphaned some\n%s", interrupted, inState, out.String())
	}
	env.emu.SetLatency(0)
	if inState != interrupted {
		reapplyFinishes(t, env, c)
	} else {
		c.mustRun("apply", "-auto-approve", "-input=false")
	}
	seen := names(env.emu.Tokens(env.sub.UUID))
	for i := 0; i < 10; i++ {
		if n := seen[fmt.Sprintf("svc-%d", i)]; n != 1 {
			t.Errorf("svc-%d exists %d times, want once", i, n)
		}
	}
	if state := strings.Fields(c.mustRun("state", "list")); len(state) != 10 {
		t.Fatalf("%d resources in state, want 10", len(state))
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the re-apply is not empty (exit %d):\n%s", code, out)
	}
	return interrupted, exitedAtOnce
}

// TestCLI_SIGTERMToTheProcessGroup: GitLab, Jenkins and systemd signal the whole
// group, the provider included. Nothing is orphaned and the re-apply mints no
// second token for any name.
func TestCLI_SIGTERMToTheProcessGroup(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(1); round++ {
		if n, _ := interruptAndReapply(t, 200*time.Millisecond, func(cmd *exec.Cmd) error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }); n == 10 {
			t.Fatal("the apply finished before the signal")
		}
	}
}

// TestCLI_GNUTimeout: `timeout 2 terraform apply` sends SIGTERM to the group it
// runs the command in.
func TestCLI_GNUTimeout(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("timeout"); err != nil {
		t.Fatal("GNU timeout is needed for this test (coreutils)")
	}
	// The timeout must fire while creates are in flight; the plan's own length
	// varies, so try a few.
	for _, after := range []string{"1.5", "2", "2.5", "3", "4", "5"} {
		if n, atOnce := interruptAndReapply(t, 300*time.Millisecond, nil, "timeout", after); n > 0 && n < 10 {
			t.Logf("timeout %s s interrupted the apply after %d of 10 creates (CLI exited at once: %t)", after, n, atOnce)
			return
		}
	}
	t.Fatal("no timeout interrupted the apply while it was creating")
}

// TestCLI_GNUTimeoutForeground: `timeout --foreground` (the docs' advice) signals
// Terraform alone, once, so it always stops gracefully and saves everything.
func TestCLI_GNUTimeoutForeground(t *testing.T) {
	t.Parallel()
	for _, after := range []string{"1.5", "2", "2.5", "3", "4", "5"} {
		n, atOnce := interruptAndReapply(t, 300*time.Millisecond, nil, "timeout", "--foreground", after)
		if atOnce {
			t.Fatal("the CLI received two interrupts under timeout --foreground")
		}
		if n > 0 && n < 10 {
			t.Logf("timeout --foreground %s s interrupted the apply after %d of 10 creates", after, n)
			return
		}
	}
	t.Fatal("no timeout interrupted the apply while it was creating")
}

// TestCLI_StormFirstApplySucceeds: 100 creates in one configuration against a
// server that fails 20 % of requests with 503, answers 25 % of creates 502 after
// committing them, and allows 5 requests/s. Every first apply succeeds and no
// name exists twice (`make soak` runs it 10 times).
func TestCLI_StormFirstApplySucceeds(t *testing.T) {
	t.Parallel()
	count := 100
	if os.Getenv("TRITON_SOAK_ROUNDS") == "" {
		count = 30 // make test: a smaller storm, same faults
	}
	ok := 0
	rounds := soakRounds(1)
	for round := 0; round < rounds; round++ {
		env := newTestEnv(t, emulator.Options{})
		env.emu.SetRateLimit(5)
		env.emu.SetFaults(0.2, 0.25)
		c := newCLI(t, env, tokensConfig(env.sub.UUID, count, "storm"))
		code, out := c.run("apply", "-auto-approve", "-input=false", "-parallelism=10")
		if code == 0 {
			ok++
		} else {
			t.Errorf("round %d: first apply exit %d:\n%s", round, code, out)
		}
		dups := 0
		for _, n := range names(env.emu.Tokens(env.sub.UUID)) {
			if n > 1 {
				dups += n - 1
			}
		}
		if dups > 0 {
			t.Errorf("round %d: %d duplicate tokens", round, dups)
		}
		checkOwnership(t, env, []*cli{c})
		t.Logf("round %d: exit %d, %d tokens, %d 429s", round, code, len(env.emu.Tokens(env.sub.UUID)), env.emu.Throttled())
	}
	t.Logf("first applies succeeded: %d of %d", ok, rounds)
}

// TestCLI_TwoAliasesSameNames: one configuration, two provider aliases (two keys,
// one base_url) creating the same five names, against 20 % 503s and half the
// creates answered 502 after committing. Terraform runs each alias in its own
// provider process; the create locks and claims they share through the run
// directory keep every resource instance on a token of its own.
func TestCLI_TwoAliasesSameNames(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(2); round++ {
		env := newTestEnv(t, emulator.Options{})
		second := env.emu.AddKey("", emulator.RoleReseller, env.account.UUID)
		env.emu.SetFaults(0.2, 0.5)
		cfg := fmt.Sprintf(`
provider "triton" {
  alias = "a"
}
provider "triton" {
  alias     = "b"
  api_token = %[2]q
}
resource "triton_token" "a" {
  provider          = triton.a
  count             = 5
  subscription_uuid = %[1]q
  name              = "svc-${count.index}"
  rate_tier         = "tier1"
}
resource "triton_token" "b" {
  provider          = triton.b
  count             = 5
  subscription_uuid = %[1]q
  name              = "svc-${count.index}"
  rate_tier         = "tier1"
}
`, env.sub.UUID, second)
		c := newCLI(t, env, cfg)
		if code, out := c.run("apply", "-auto-approve", "-input=false"); code != 0 {
			t.Fatalf("round %d: apply exit %d:\n%s", round, code, out)
		}
		ids := c.stateIDs()
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("round %d: token %s is held by two resource instances", round, id)
			}
			seen[id] = true
		}
		if len(ids) != 10 || len(env.emu.Tokens(env.sub.UUID)) != 10 {
			t.Errorf("round %d: %d ids in state, %d tokens; want 10 and 10", round, len(ids), len(env.emu.Tokens(env.sub.UUID)))
		}
		checkOwnership(t, env, []*cli{c})
	}
}

// TestCLI_AliasSeesAnotherAliasWrite: alias b has the subscription's token list
// cached (its own create walked it); alias a then creates a token; a data source
// under b, read after that create, lists it: the write generation is run-wide.
func TestCLI_AliasSeesAnotherAliasWrite(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	second := env.emu.AddKey("", emulator.RoleReseller, env.account.UUID)
	cfg := fmt.Sprintf(`
provider "triton" {
  alias = "a"
}
provider "triton" {
  alias     = "b"
  api_token = %[2]q
}
resource "triton_token" "first_b" {
  provider          = triton.b
  subscription_uuid = %[1]q
  name              = "first-b"
  rate_tier         = "tier1"
}
resource "triton_token" "then_a" {
  provider          = triton.a
  subscription_uuid = %[1]q
  name              = "then-a"
  rate_tier         = "tier1"
  depends_on        = [triton_token.first_b]
}
data "triton_tokens" "seen_by_b" {
  provider          = triton.b
  subscription_uuid = %[1]q
  name              = "then-a"
  depends_on        = [triton_token.then_a]
}
output "seen" {
  value = length(data.triton_tokens.seen_by_b.tokens)
}
`, env.sub.UUID, second)
	c := newCLI(t, env, cfg)
	c.mustRun("apply", "-auto-approve", "-input=false")
	if out := strings.TrimSpace(c.mustRun("output", "-raw", "seen")); out != "1" {
		t.Fatalf("the data source under alias b lists %s tokens named then-a, want 1 (it missed alias a's create)", out)
	}
}

// interruptWhileAnswering applies count tokens against a server that commits
// creates at once and answers them answerDelay later, and calls interrupt with the
// CLI's pid once three are committed (their answers still on the way). It returns
// once the run's provider processes are gone.
func interruptWhileAnswering(t *testing.T, answerDelay time.Duration, count int, interrupt func(pid int)) (*testEnv, *cli, string) {
	t.Helper()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	env.emu.SetAnswerDelay(answerDelay)
	c := newCLI(t, env, tokensConfig(env.sub.UUID, count, "svc"))
	cmd, out := startApplyInGroup(t, c, os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-parallelism=3", "-no-color")
	waitForTokens(t, env, cmd, out, 3)
	interrupt(cmd.Process.Pid)
	_ = cmd.Wait()
	// The provider outlives the CLI for a moment (to finish what it sent, or to
	// notice that Terraform is gone); wait until it must have ended.
	time.Sleep(answerDelay + 2500*time.Millisecond)
	env.emu.SetAnswerDelay(0)
	return env, c, out.String()
}

// interruptTwice sends SIGTERM to the group, then a second SIGTERM to the CLI
// while it is stopping, as GNU timeout does. The CLI exits at once on the second
// one, writing none of the in-flight creates to state.
func interruptTwice(t *testing.T, answerDelay time.Duration, count int) (*testEnv, *cli) {
	t.Helper()
	env, c, out := interruptWhileAnswering(t, answerDelay, count, func(pid int) {
		_ = syscall.Kill(-pid, syscall.SIGTERM)
		time.Sleep(300 * time.Millisecond)
		_ = syscall.Kill(pid, syscall.SIGTERM)
	})
	if !strings.Contains(out, "Two interrupts received") {
		t.Fatalf("the CLI did not take the second SIGTERM as a second interrupt:\n%s", out)
	}
	return env, c
}

// reapplyAdoptsAll re-applies after an interrupted apply that left some of the
// tokens it created out of state: each is adopted (with a warning), each name
// exists once, all are in state, and the plan after is empty.
func reapplyAdoptsAll(t *testing.T, env *testEnv, c *cli, count int) {
	t.Helper()
	before := env.emu.Tokens(env.sub.UUID)
	inState := 0
	if code, out := c.run("state", "list"); code == 0 {
		inState = len(strings.Fields(out))
	} else if !strings.Contains(out, "No state file was found") {
		t.Fatalf("state list: exit %d:\n%s", code, out)
	}
	if inState >= len(before) {
		t.Fatalf("%d tokens exist and %d are in state: the CLI lost nothing, so this tests nothing", len(before), inState)
	}
	out := c.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, fmt.Sprintf(adoptedOrphanSummary, "token")) {
		t.Errorf("the re-apply did not say it adopted the interrupted apply's tokens:\n%s", out)
	}
	for name, n := range names(env.emu.Tokens(env.sub.UUID)) {
		if n != 1 {
			t.Errorf("%s exists %d times, want once", name, n)
		}
	}
	ids := c.stateIDs()
	if len(ids) != count {
		t.Fatalf("%d tokens in state, want %d", len(ids), count)
	}
	inStateNow := map[string]bool{}
	for _, id := range ids {
		inStateNow[id] = true
	}
	for _, tok := range before {
		if !inStateNow[tok.UUID] {
			t.Errorf("token %s (%s), created by the interrupted apply, is not in state", tok.UUID, tok.Name)
		}
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the re-apply is not empty (exit %d):\n%s", code, out)
	}
}

// TestCLI_KilledTerraformThenReapplyAdopts: Terraform itself is SIGKILLed (a
// runner's last resort) with creates on their way; the provider, orphaned,
// finishes them into the ledger and the next apply adopts them.
func TestCLI_KilledTerraformThenReapplyAdopts(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(1); round++ {
		env, c, _ := interruptWhileAnswering(t, time.Second, 6, func(pid int) { _ = syscall.Kill(pid, syscall.SIGKILL) })
		reapplyAdoptsAll(t, env, c, 6)
		t.Logf("round %d: each name once", round)
	}
}

// reapplyFinishes re-applies after an interrupted apply that left tokens out of
// state. Each lost token is either adopted (its create was still running when
// Terraform left, so no state can hold it: Terraform 1.11 leaves at once) or, when
// Terraform received it and may have saved it (OpenTofu waits for the operation
// before leaving), named with its import id by a refusal that creates no second
// secret; those are imported into their instance (svc-N into t[N]) as the error
// says, and the apply is run again. Both counts are logged.
func reapplyFinishes(t *testing.T, env *testEnv, c *cli) {
	t.Helper()
	inState := map[string]bool{}
	for _, id := range c.stateIDs() {
		inState[id] = true
	}
	var lost []emulator.Token
	for _, tok := range env.emu.Tokens(env.sub.UUID) {
		if !inState[tok.UUID] {
			lost = append(lost, tok)
		}
	}
	adopted, refused := 0, 0
	code, out := c.run("apply", "-auto-approve", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	after := map[string]bool{}
	for _, id := range c.stateIDs() {
		after[id] = true
	}
	for _, tok := range lost {
		if strings.Contains(out, tok.Value) {
			t.Fatalf("the re-apply prints the value of %s", tok.Name)
		}
		switch {
		case after[tok.UUID]:
			adopted++
			if !strings.Contains(out, fmt.Sprintf(adoptedOrphanSummary, "token")) {
				t.Errorf("%s was taken into state without the adoption warning:\n%s", tok.Name, out)
			}
		case strings.Contains(flat, "import id "+env.sub.UUID+"/"+tok.UUID):
			refused++
			c.mustRun("import", "-input=false", "triton_token.t["+strings.TrimPrefix(tok.Name, "svc-")+"]", env.sub.UUID+"/"+tok.UUID)
		default:
			t.Errorf("%s (%s), lost by the interrupted apply, was neither adopted nor named by the re-apply (exit %d):\n%s", tok.Name, tok.UUID, code, out)
		}
	}
	if refused > 0 {
		if code == 0 {
			t.Fatalf("the re-apply refused creates and still exited 0:\n%s", out)
		}
		if !strings.Contains(flat, "was interrupted while creating token") || !strings.Contains(flat, "apply again: this check is made once") {
			t.Errorf("the refusal does not say what happened and what to do:\n%s", out)
		}
		c.mustRun("apply", "-auto-approve", "-input=false")
	} else if code != 0 {
		t.Fatalf("the re-apply failed (exit %d):\n%s", code, out)
	}
	t.Logf("lost %d: adopted %d, refused and imported %d", len(lost), adopted, refused)
}

// TestCLI_TwoInterruptsThenReapplyFinishes: what a CLI exited on without writing
// to state is adopted when no state can hold it, and otherwise refused once with
// its import id; either way no second secret is created and, after importing as
// told, each name exists once, all are in state and the plan is empty.
func TestCLI_TwoInterruptsThenReapplyFinishes(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(1); round++ {
		twoInterruptsThenReapply(t)
		t.Logf("round %d: each name once", round)
	}
}

func twoInterruptsThenReapply(t *testing.T) {
	t.Helper()
	env, c := interruptTwice(t, time.Second, 6)
	reapplyFinishes(t, env, c)
	for name, n := range names(env.emu.Tokens(env.sub.UUID)) {
		if n != 1 {
			t.Errorf("%s exists %d times, want once", name, n)
		}
	}
	if ids := c.stateIDs(); len(ids) != 6 {
		t.Fatalf("%d tokens in state, want 6", len(ids))
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the re-apply is not empty (exit %d):\n%s", code, out)
	}
}

// TestCLI_TwoInterruptsProviderKilledBeforeAnswer: when the answers come later
// than the CLI waits before killing the provider, the provider never learns the
// uuids. The next apply then refuses each such create once, naming the token that
// appeared and its import id (never adopting what another pipeline may have
// made, never minting a second secret beside it). Importing as told finishes the
// job; a name whose error is not acted on is created by the apply after.
func TestCLI_TwoInterruptsProviderKilledBeforeAnswer(t *testing.T) {
	t.Parallel()
	env, c := interruptTwice(t, 6*time.Second, 4)
	orphans := env.emu.Tokens(env.sub.UUID)
	if n := len(strings.Fields(c.mustRun("state", "list"))); n != 0 || len(orphans) != 3 {
		t.Fatalf("%d tokens exist and %d are in state, want 3 and 0", len(orphans), n)
	}
	code, out := c.run("apply", "-auto-approve", "-input=false")
	if code == 0 {
		t.Fatalf("the re-apply succeeded beside three tokens of unknown owner:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, tok := range orphans {
		if !strings.Contains(flat, env.sub.UUID+"/"+tok.UUID) {
			t.Errorf("the error does not give the import id of %s (%s):\n%s", tok.UUID, tok.Name, out)
		}
	}
	if !strings.Contains(flat, "was interrupted while creating token") || !strings.Contains(flat, "never got its answer") || !strings.Contains(flat, "apply again: this check is made once") {
		t.Errorf("the error does not say what happened and what to do:\n%s", out)
	}
	if got := len(env.emu.Tokens(env.sub.UUID)); got != 4 {
		t.Fatalf("%d tokens after the refused re-apply, want 4 (3 orphans + the name never sent)", got)
	}
	// Import two of them as told; leave the third.
	for _, tok := range orphans[:2] {
		idx := strings.TrimPrefix(tok.Name, "svc-")
		c.mustRun("import", "-input=false", "triton_token.t["+idx+"]", env.sub.UUID+"/"+tok.UUID)
	}
	c.mustRun("apply", "-auto-approve", "-input=false")
	seen := names(env.emu.Tokens(env.sub.UUID))
	for _, tok := range orphans[:2] {
		if seen[tok.Name] != 1 {
			t.Errorf("%s exists %d times after importing it, want once", tok.Name, seen[tok.Name])
		}
	}
	if seen[orphans[2].Name] != 2 {
		t.Errorf("%s exists %d times: the apply after the error should have created it (the check is made once)", orphans[2].Name, seen[orphans[2].Name])
	}
	if n := len(strings.Fields(c.mustRun("state", "list"))); n != 4 {
		t.Fatalf("%d in state, want 4", n)
	}
}

// markLedgerRunsInterrupted marks every run that wrote to the ledgers under root
// as closed before it wrote anything (the strongest mark: its entries would be
// adopted), as the provider's main would on Terraform's disappearance.
func markLedgerRunsInterrupted(t *testing.T, root string) {
	t.Helper()
	entries, _ := filepath.Glob(filepath.Join(root, "ledger-*", "k-*", "*"))
	if len(entries) == 0 {
		t.Fatalf("no ledger entries under %s", root)
	}
	if err := os.MkdirAll(filepath.Join(root, "interrupted"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		run, _, _ := strings.Cut(string(b), "\n")
		if err := os.WriteFile(filepath.Join(root, "interrupted", run), []byte("closed 1\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCLI_StateSeenSettlesTheLedger: once a plan (refreshed or not) or a refresh
// has seen an object in state, no later create adopts it, even when the run that
// created it was interrupted: here the user then removes it from state on
// purpose, and the next apply creates a new one.
func TestCLI_StateSeenSettlesTheLedger(t *testing.T) {
	t.Parallel()
	for _, seen := range [][]string{
		{"plan", "-refresh=false", "-input=false"},
		{"apply", "-refresh-only", "-auto-approve", "-input=false"},
	} {
		t.Run(seen[0]+" "+seen[1], func(t *testing.T) {
			env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
			tmp := t.TempDir()
			c := newCLI(t, env, tokensConfig(env.sub.UUID, 2, "svc"), "TMPDIR="+tmp)
			c.mustRun("apply", "-auto-approve", "-input=false")
			markLedgerRunsInterrupted(t, filepath.Join(tmp, "terraform-provider-triton"))
			c.mustRun(seen...)
			c.mustRun("state", "rm", "triton_token.t[0]")
			out := c.mustRun("apply", "-auto-approve", "-input=false")
			if strings.Contains(out, "Adopted the token") {
				t.Fatalf("a token state had shown was adopted:\n%s", out)
			}
			if n := names(env.emu.Tokens(env.sub.UUID))["svc-0"]; n != 2 {
				t.Fatalf("svc-0 exists %d times, want 2 (the removed one and a new one)", n)
			}
		})
	}
}

// TestCLI_AfterAGracefulStopNothingIsAdoptedElsewhere: a single SIGTERM saves
// every token the stopped apply created, but the ledger cannot know it was
// graceful. What follows must never put one of those tokens on a second instance
// or in a second state: an apply against another state file from the same
// directory, a -target apply of a same-named instance, an apply after `state rm`.
// Each either refuses once (naming the token) or creates; none adopts.
func TestCLI_AfterAGracefulStopNothingIsAdoptedElsewhere(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		then func(t *testing.T, c *cli) []string // the command that must not adopt
	}{
		{"apply -state=other.tfstate", func(t *testing.T, c *cli) []string {
			return []string{"apply", "-auto-approve", "-input=false", "-state=other.tfstate"}
		}},
		{"state rm, then apply", func(t *testing.T, c *cli) []string {
			c.mustRun("state", "rm", strings.Fields(c.mustRun("state", "list"))[0]) // one the stopped apply saved
			return []string{"apply", "-auto-approve", "-input=false"}
		}},
		{"apply -target of a same-named instance", func(t *testing.T, c *cli) []string {
			return []string{"apply", "-auto-approve", "-input=false", "-target=triton_token.t[5]"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, c, out := interruptWhileAnswering(t, time.Second, 5, func(pid int) { _ = syscall.Kill(-pid, syscall.SIGTERM) })
			if strings.Contains(out, "Two interrupts received") {
				t.Fatalf("one SIGTERM was taken for two:\n%s", out)
			}
			saved := map[string]bool{}
			for _, id := range c.stateIDs() {
				saved[id] = true
			}
			if len(saved) != len(env.emu.Tokens(env.sub.UUID)) {
				t.Fatalf("a graceful stop left %d tokens out of state", len(env.emu.Tokens(env.sub.UUID))-len(saved))
			}
			if strings.Contains(tc.name, "-target") {
				// Every instance, t[5] included, now takes the name of a token the
				// stopped apply saved.
				taken := env.emu.Tokens(env.sub.UUID)[0].Name
				c.writeConfig(strings.Replace(tokensConfig(env.sub.UUID, 6, "svc"), `name              = "svc-${count.index}"`, `name              = "`+taken+`"`, 1))
			}
			args := tc.then(t, c)
			for try := 0; try < 2; try++ { // a refusal is made once: the second try creates
				code, out := c.run(args...)
				if strings.Contains(out, "Adopted the token") {
					t.Fatalf("%s adopted a token another instance or state holds:\n%s", tc.name, out)
				}
				if code == 0 {
					break
				}
				if try == 1 || !strings.Contains(out, "this check is made once") {
					t.Fatalf("%s failed (exit %d):\n%s", tc.name, code, out)
				}
			}
			held := map[string]int{}
			for _, id := range c.stateIDs() {
				held[id]++
			}
			if code, out := c.run("show", "-json", "other.tfstate"); strings.Contains(tc.name, "other.tfstate") {
				if code != 0 {
					t.Fatalf("show other.tfstate: %s", out)
				}
				for id := range saved {
					if strings.Contains(out, id) {
						t.Errorf("token %s is in both state files", id)
					}
				}
			}
			for id, n := range held {
				if n > 1 {
					t.Errorf("token %s is held by %d instances", id, n)
				}
			}
		})
	}
}

// stateServer is a minimal HTTP state backend (GET, POST, DELETE of one state).
func stateServer(t *testing.T) string {
	t.Helper()
	var mu sync.Mutex
	var state []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.Method {
		case http.MethodGet:
			if state == nil {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			_, _ = w.Write(state)
		case http.MethodPost:
			b, _ := io.ReadAll(r.Body)
			state = b
		case http.MethodDelete:
			state = nil
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/state"
}

// TestCLI_KilledWithARemoteBackendRefusesOnce: a remote backend takes a state
// snapshot only every 20 s during an apply, so killing the CLI and the provider
// together (a runner's SIGKILL to the group, the OOM killer) loses every token
// created so far, with no mark left by either. The next apply mints no second
// secret: it names each lost token with its import id, once; importing as told
// converges.
func TestCLI_KilledWithARemoteBackendRefusesOnce(t *testing.T) {
	t.Parallel()
	for round := 0; round < soakRounds(1); round++ {
		killedWithARemoteBackend(t)
		t.Logf("round %d: each name once", round)
	}
}

func killedWithARemoteBackend(t *testing.T) {
	t.Helper()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	env.emu.SetLatency(200 * time.Millisecond)
	c := newCLI(t, env, tokensConfig(env.sub.UUID, 6, "svc"))
	if err := os.WriteFile(filepath.Join(c.dir, "backend.tf"), []byte(fmt.Sprintf("terraform {\n  backend \"http\" {\n    address = %q\n  }\n}\n", stateServer(t))), 0o600); err != nil {
		t.Fatal(err)
	}
	// init must install the provider as well as the backend: from a plugin
	// directory holding the build (no registry here); dev_overrides still decide
	// what runs.
	plugins := filepath.Join(c.dir, "plugins")
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		d := filepath.Join(plugins, host, "rpcpool", "triton", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(providerBinaryDir(t), "terraform-provider-triton"), filepath.Join(d, "terraform-provider-triton_v0.0.1")); err != nil {
			t.Fatal(err)
		}
	}
	c.mustRun("init", "-input=false", "-plugin-dir="+plugins)
	cmd, out := startApplyInGroup(t, c, os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-parallelism=1", "-no-color")
	waitForTokens(t, env, cmd, out, 3)
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the CLI and its provider at once
	_ = cmd.Wait()
	time.Sleep(300 * time.Millisecond)
	env.emu.SetLatency(0)
	if n := len(c.stateIDs()); n >= len(env.emu.Tokens(env.sub.UUID)) {
		t.Fatalf("the remote state holds %d of %d tokens: nothing was lost, so this tests nothing", n, len(env.emu.Tokens(env.sub.UUID)))
	}
	reapplyFinishes(t, env, c)
	for name, n := range names(env.emu.Tokens(env.sub.UUID)) {
		if n != 1 {
			t.Errorf("%s exists %d times, want once", name, n)
		}
	}
	if ids := c.stateIDs(); len(ids) != 6 {
		t.Fatalf("%d tokens in state, want 6", len(ids))
	}
}

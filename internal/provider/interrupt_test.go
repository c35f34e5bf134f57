package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestInterruptedApplyLosesNothing: an apply of 20 active tokens is interrupted
// with SIGINT (Ctrl-C, or what a CI runner sends a cancelled pipeline) while creates
// are in flight. Creates already sent are completed and saved; creates not yet sent
// are not sent. The next apply finishes the job: 20 tokens, each name once, every
// one in state, and the plan after is empty.
func TestInterruptedApplyLosesNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	env.emu.SetLatency(150 * time.Millisecond)
	cfg := fmt.Sprintf(`
provider "triton" {}
resource "triton_token" "t" {
  count             = 20
  subscription_uuid = %q
  name              = "svc-${count.index}"
  rate_tier         = "tier1"
  is_active         = true
}
`, env.sub.UUID)
	c := newCLI(t, env, cfg)
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-parallelism=10", "-no-color")
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the first creates have reached the server.
	deadline := time.Now().Add(60 * time.Second)
	for len(env.emu.Tokens(env.sub.UUID)) < 2 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("no create reached the emulator:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // an interrupted apply exits non-zero
	interrupted := len(env.emu.Tokens(env.sub.UUID))
	t.Logf("tokens after the interrupt: %d of 20", interrupted)

	env.emu.SetLatency(0)
	c.mustRun("apply", "-auto-approve", "-input=false")
	seen := map[string]int{}
	for _, tok := range env.emu.Tokens(env.sub.UUID) {
		seen[tok.Name]++
		if !tok.IsActive {
			t.Errorf("token %s is not active", tok.Name)
		}
	}
	for i := 0; i < 20; i++ {
		if n := seen[fmt.Sprintf("svc-%d", i)]; n != 1 {
			t.Errorf("svc-%d exists %d times, want once (an orphan or a second secret)", i, n)
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d distinct names, want 20", len(seen))
	}
	state := strings.Fields(c.mustRun("state", "list"))
	if len(state) != 20 {
		t.Fatalf("%d resources in state, want 20:\n%v", len(state), state)
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the re-apply is not empty (exit %d):\n%s", code, out)
	}
}

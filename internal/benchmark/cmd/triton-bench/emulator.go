package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// benchEmulator is an emulator serving on loopback with one account, one
// subscription and a reseller key, and the environment terraform needs to reach it.
type benchEmulator struct {
	emu *emulator.Emulator
	sub emulator.Subscription
	env []string
	srv *http.Server
}

func startBenchEmulator(rc string, opts emulator.Options) *benchEmulator {
	emu := emulator.New(opts)
	acct := emu.AddAccount("bench")
	sub := emu.AddSubscription(acct.UUID, "bench", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TRITON_API_TOKEN="+key, "TRITON_BASE_URL=http://"+ln.Addr().String())
	return &benchEmulator{emu: emu, sub: sub, env: env, srv: srv}
}

func (b *benchEmulator) close() { _ = b.srv.Close() }

// writeBenchConfig writes dir/main.tf: the required_providers block, then body.
func writeBenchConfig(dir, body string) {
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, "main.tf"), []byte(fmt.Sprintf(`terraform {
  required_providers {
    triton = { source = "rpcpool/triton" }
  }
}
%s`, body)), 0o644))
}

// tokenLocals renders `local.tokens`, name => uuid of each token.
func tokenLocals(toks []emulator.Token) string {
	var b strings.Builder
	b.WriteString("locals {\n  tokens = {\n")
	for _, t := range toks {
		fmt.Fprintf(&b, "    %q = %q\n", t.Name, t.UUID)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// importedTokens renders one triton_token per entry of local.tokens, with the
// import blocks that adopt them from subscription sub.
func importedTokens(sub string) string {
	return fmt.Sprintf(`
import {
  for_each = local.tokens
  to       = triton_token.t[each.key]
  id       = "%[1]s/${each.value}"
}
resource "triton_token" "t" {
  for_each          = local.tokens
  subscription_uuid = %[1]q
  name              = each.key
  rate_tier         = "developer"
}
`, sub)
}

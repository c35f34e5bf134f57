// Command triton-emulator serves the in-memory Triton API on loopback for `make demo`
// and manual exploration. It prints the base URL and a demo reseller key at start.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	key := flag.String("key", "", "reseller API key to accept (random when empty)")
	envFile := flag.String("env-file", "", "write TRITON_BASE_URL and TRITON_API_TOKEN to this file once listening")
	active := flag.Bool("new-objects-active", false, "create tokens and endpoints active")
	maxPer := flag.Int("max-per-page", 100, "server-side maximum page size")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	ip := net.ParseIP(host)
	if err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		log.Fatalf("-addr %q: the emulator only listens on a loopback address", *addr)
	}
	emu := emulator.New(emulator.Options{MaxPerPage: *maxPer, NewObjectsActive: *active})
	acct := emu.AddAccount("demo")
	sub := emu.AddSubscription(acct.UUID, "demo-mainnet", "mainnet-shared")
	secret := emu.AddKey(*key, emulator.RoleReseller, acct.UUID)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Printf("Triton emulator listening on %s\n", base)
	fmt.Printf("  account       %s (demo)\n", acct.UUID)
	fmt.Printf("  subscription  %s (demo-mainnet, mainnet-shared)\n", sub.UUID)
	fmt.Printf("  reseller key  %s\n", secret)
	fmt.Printf("export TRITON_BASE_URL=%s TRITON_API_TOKEN=%s\n", base, secret)
	if *envFile != "" {
		content := fmt.Sprintf("TRITON_BASE_URL=%s\nTRITON_API_TOKEN=%s\n", base, secret)
		if err := os.WriteFile(*envFile, []byte(content), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}

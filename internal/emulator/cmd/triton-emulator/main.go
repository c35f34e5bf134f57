// Command triton-emulator serves the in-memory Triton API on loopback for `make demo`,
// the contract suite in CI (`make testacc-live` against a separate process) and manual
// exploration. It seeds one account with the subscriptions the docs look up by name
// and prints one API key per role.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// config is what the flags set.
type config struct {
	addr, envFile                         string
	resellerKey, operatorKey, standardKey string
	newObjectsActive                      bool
	maxPerPage                            int
	// Misbehaviour knobs (emulator.Options), for trying the provider against a hostile server.
	movingRows, ignorePage, hollowCreates bool
	commitDelay, answerDelay              time.Duration
	redirectTo                            string
}

// seeded is what a started emulator holds and prints.
type seeded struct {
	base          string
	account       emulator.Account
	subscriptions map[string]emulator.Subscription
	keys          map[emulator.Role]string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("triton-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	fs.StringVar(&c.resellerKey, "key", "", "reseller API key to accept (random when empty)")
	fs.StringVar(&c.operatorKey, "operator-key", "", "operator API key to accept (random when empty)")
	fs.StringVar(&c.standardKey, "standard-key", "", "standard API key to accept (random when empty)")
	fs.StringVar(&c.envFile, "env-file", "", "write the base URL, keys and subscription uuids to this file (shell syntax) once listening")
	fs.BoolVar(&c.newObjectsActive, "new-objects-active", false, "create tokens, endpoints and subscriptions active")
	fs.IntVar(&c.maxPerPage, "max-per-page", 100, "server-side maximum page size")
	fs.BoolVar(&c.movingRows, "moving-rows", false, "misbehave: move a token to the end of the order on every token page served")
	fs.BoolVar(&c.ignorePage, "ignore-page", false, "misbehave: serve page 1 of token and subscription lists (and paginated watch lists) whatever page is asked, always offering another")
	fs.BoolVar(&c.hollowCreates, "hollow-creates", false, "misbehave: commit creates and answer 201 with an empty body")
	fs.DurationVar(&c.commitDelay, "commit-delay", 0, "misbehave: hold each token create this long before it commits and answers")
	fs.DurationVar(&c.answerDelay, "answer-delay", 0, "misbehave: commit each token create at once and answer it this much later")
	fs.StringVar(&c.redirectTo, "redirect-to", "", "misbehave: answer every request with a 307 to this origin")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	host, _, err := net.SplitHostPort(c.addr)
	ip := net.ParseIP(host)
	if err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return c, fmt.Errorf("-addr %q: the emulator only listens on a loopback address", c.addr)
	}
	return c, nil
}

// build makes the emulator and seeds its account, subscriptions and keys.
func build(c config) (*emulator.Emulator, seeded) {
	emu := emulator.New(emulator.Options{
		MaxPerPage: c.maxPerPage, NewObjectsActive: c.newObjectsActive,
		MovingRows: c.movingRows, IgnorePage: c.ignorePage, HollowCreates: c.hollowCreates, CommitDelay: c.commitDelay, RedirectTo: c.redirectTo,
	})
	emu.SetAnswerDelay(c.answerDelay)
	s := seeded{subscriptions: map[string]emulator.Subscription{}, keys: map[emulator.Role]string{}}
	s.account = emu.AddAccount("acme")
	s.subscriptions = emu.SeedExamples(s.account.UUID)
	s.keys[emulator.RoleReseller] = emu.AddKey(c.resellerKey, emulator.RoleReseller, s.account.UUID)
	s.keys[emulator.RoleOperator] = emu.AddKey(c.operatorKey, emulator.RoleOperator, s.account.UUID)
	s.keys[emulator.RoleStandard] = emu.AddKey(c.standardKey, emulator.RoleStandard, s.account.UUID)
	return emu, s
}

// envName turns "prod-mainnet" into "PROD_MAINNET".
func envName(s string) string {
	return strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
}

// envFile renders the shell-sourceable file, one `export KEY=VALUE` per line so a
// plain `. FILE` hands the values to terraform. TRITON_API_TOKEN is the reseller key, so
// `make demo` and the examples work as they are; the per-role keys and the
// acc-test subscription feed `make testacc-live`.
func (s seeded) envFile() string {
	var b strings.Builder
	fmt.Fprintf(&b, "export TRITON_BASE_URL=%s\n", s.base)
	fmt.Fprintf(&b, "export TRITON_API_TOKEN=%s\n", s.keys[emulator.RoleReseller])
	for _, role := range []emulator.Role{emulator.RoleReseller, emulator.RoleOperator, emulator.RoleStandard} {
		fmt.Fprintf(&b, "export TRITON_%s_KEY=%s\n", envName(string(role)), s.keys[role])
	}
	fmt.Fprintf(&b, "export TRITON_TEST_SUBSCRIPTION_UUID=%s\n", s.subscriptions["acc-test"].UUID)
	names := make([]string, 0, len(s.subscriptions))
	for n := range s.subscriptions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "export TRITON_SUBSCRIPTION_%s=%s\n", envName(n), s.subscriptions[n].UUID)
	}
	return b.String()
}

func (s seeded) banner(w io.Writer) {
	fmt.Fprintf(w, "Triton emulator listening on %s\n", s.base)
	fmt.Fprintf(w, "  account        %s (acme)\n", s.account.UUID)
	for _, sub := range emulator.ExampleSubscriptions {
		fmt.Fprintf(w, "  subscription   %s (%s, %s)\n", s.subscriptions[sub.Name].UUID, sub.Name, sub.Type)
	}
	for _, role := range []emulator.Role{emulator.RoleReseller, emulator.RoleOperator, emulator.RoleStandard} {
		fmt.Fprintf(w, "  %-8s key   %s\n", role, s.keys[role])
	}
	fmt.Fprintf(w, "export TRITON_BASE_URL=%s TRITON_API_TOKEN=%s\n", s.base, s.keys[emulator.RoleReseller])
	fmt.Fprintln(w, "(TRITON_API_TOKEN is the reseller key; use the operator or standard key to try the roles guide)")
	fmt.Fprintln(w, "State is in memory: a restart forgets every object (the next plan of an applied directory plans them again).")
	fmt.Fprintln(w, "Ports and keys not fixed by -addr, -key, -operator-key and -standard-key change on every start.")
}

// run listens, seeds, prints and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	emu, s := build(c)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	s.base = "http://" + ln.Addr().String()
	s.banner(stdout)
	if c.envFile != "" {
		if err := os.WriteFile(c.envFile, []byte(s.envFile()), 0o600); err != nil {
			_ = ln.Close()
			return err
		}
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		log.Fatal(err)
	}
}

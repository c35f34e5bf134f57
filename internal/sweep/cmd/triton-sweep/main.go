// Command triton-sweep deactivates every active tf-acc- token and endpoint in the
// contract suite's subscription (`make sweep`), or with -check only lists them and
// exits non-zero when any is left. It reads TRITON_BASE_URL (default the real API),
// TRITON_API_TOKEN and TRITON_TEST_SUBSCRIPTION_UUID.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/sweep"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

func main() {
	check := flag.Bool("check", false, "only list active tf-acc- objects; exit 1 if there are any")
	flag.Parse()
	base := os.Getenv("TRITON_BASE_URL")
	if base == "" {
		base = "https://customers.triton.one"
	}
	token := strings.TrimSpace(os.Getenv("TRITON_API_TOKEN"))
	sub := strings.ToLower(strings.TrimSpace(os.Getenv("TRITON_TEST_SUBSCRIPTION_UUID")))
	var missing []string
	if token == "" {
		missing = append(missing, "TRITON_API_TOKEN")
	}
	if sub == "" {
		missing = append(missing, "TRITON_TEST_SUBSCRIPTION_UUID")
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "sweep: set %s (the key and the subscription the contract suite used)\n", strings.Join(missing, " and "))
		os.Exit(2)
	}
	c, err := tritonapi.New(tritonapi.Options{
		BaseURL: base, Token: token, UserAgent: "terraform-provider-triton-sweep",
		MaxRetries: 5, RetryWaitMin: 200 * time.Millisecond, RetryWaitMax: 5 * time.Second,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if *check {
		left, err := sweep.Active(ctx, c, sub)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sweep:", err)
			os.Exit(2)
		}
		for _, l := range left {
			fmt.Println("still active:", l)
		}
		if len(left) > 0 {
			fmt.Fprintf(os.Stderr, "sweep: %d active %s object(s) left in subscription %s\n", len(left), sweep.Prefix, sub)
			os.Exit(1)
		}
		fmt.Printf("sweep: no active %s object in subscription %s\n", sweep.Prefix, sub)
		return
	}
	fmt.Printf("sweep: deactivating active %s tokens and endpoints in subscription %s at %s\n", sweep.Prefix, sub, base)
	r, err := sweep.Run(ctx, c, sub, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(2)
	}
	if len(r.Failed) > 0 {
		os.Exit(1)
	}
}

// Command terraform-provider-triton serves the Triton One provider over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/rpcpool/terraform-provider-triton/internal/provider"
)

// version is stamped by goreleaser through -ldflags "-X main.version=…".
var version = "dev"

// quietWhenTerraformDiscardsLogs turns the SDK's own trace logging off when no TF_LOG*
// variable is set. Terraform then discards everything a provider logs, so encoding
// those lines (a third of the provider's CPU in a large refresh) is wasted work. Any
// TF_LOG* variable leaves logging exactly as the user asked.
func quietWhenTerraformDiscardsLogs() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_TRITON"} {
		_ = os.Setenv(k, "OFF")
	}
}

// surviveGroupSignals keeps the provider alive through SIGTERM and SIGINT. CI
// runners (GitLab, Jenkins, systemd) and GNU timeout signal the whole process
// group, the provider included; go-plugin ignores only SIGINT, so a SIGTERM used
// to kill the provider mid-create and orphan what it had sent. Terraform core
// treats the same signal as an interrupt: it asks the provider to stop (which
// cancels the operations' contexts) and waits, so the grace logic of every create
// already sent returns its object to state. The provider still exits when
// Terraform closes the plugin connection, and SIGKILL still kills it.
func surviveGroupSignals() {
	signal.Ignore(syscall.SIGTERM, syscall.SIGINT)
	go exitWhenOrphaned(os.Getppid())
}

// exitWhenOrphaned ends the process once Terraform (its parent) is gone: with the
// signals ignored, a provider stuck waiting out a rate limit would otherwise
// outlive a killed Terraform. Whatever a create had sent is past saving then.
func exitWhenOrphaned(parent int) {
	if parent <= 1 {
		return
	}
	for range time.Tick(time.Second) {
		if os.Getppid() != parent {
			log.Printf("[WARN] terraform-provider-triton: Terraform (pid %d) is gone; exiting", parent)
			os.Exit(1)
		}
	}
}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietWhenTerraformDiscardsLogs()
	surviveGroupSignals()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/rpcpool/triton",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

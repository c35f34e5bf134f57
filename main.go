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
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/rpcpool/terraform-provider-triton/internal/provider"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
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
// outlive a killed Terraform. A create already sent is finished first (within
// GracePeriod) so that the ledger holds it for the next apply.
func exitWhenOrphaned(parent int) {
	if parent <= 1 {
		return
	}
	for range time.Tick(100 * time.Millisecond) {
		if os.Getppid() != parent {
			// What its creates return now never reaches state: the ledger keeps it
			// for the next apply, once each create already sent has returned.
			finishCreatesInFlight()
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
	tritonapi.UseLedger(tritonapi.RunDirRoot)

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	server := providerserver.NewProtocol6(provider.New(version)())
	err := tf6server.Serve("registry.terraform.io/rpcpool/triton", func() tfprotov6.ProviderServer {
		full, ok := server().(fullServer)
		if !ok {
			log.Fatal("terraform-provider-triton: the framework's server lacks list resources or actions")
		}
		return stopNoted{full}
	}, opts...)
	if tritonapi.CreatesInFlight() > 0 {
		// Terraform closed the plugin with creates still on their way: it exited
		// (a second interrupt) without waiting for them. Terraform kills the
		// process 2 s after closing it, so this is best effort.
		finishCreatesInFlight()
	} else {
		tritonapi.MarkProcessExited() // a clean end: what this process created reached Terraform
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

// finishCreatesInFlight marks the run closed (what its creates return now reaches
// no state) and waits, within GracePeriod, for each create already
// sent to return, so that the ledger holds it for the next apply.
func finishCreatesInFlight() {
	tritonapi.MarkRunClosed()
	for deadline := time.Now().Add(tritonapi.GracePeriod); tritonapi.CreatesInFlight() > 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// stopNoted marks the run stopped in the create ledger when Terraform asks the
// provider to stop (its first interrupt): what this run's creates returned around
// then may never reach state if a second interrupt follows (tritonapi/ledger.go).
// It embeds every RPC group the provider serves, so list resources (terraform
// query) and actions stay reachable through it.
type stopNoted struct{ fullServer }

// tf6server v0.31 finds list resources and actions by asserting these interfaces,
// deprecated only because their methods will move into ProviderServer.
type fullServer interface {
	tfprotov6.ProviderServerWithListResource //nolint:staticcheck // still what tf6server asserts
	tfprotov6.ProviderServerWithActions      //nolint:staticcheck // still what tf6server asserts
}

func (s stopNoted) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	tritonapi.MarkRunStopped()
	return s.fullServer.StopProvider(ctx, req)
}

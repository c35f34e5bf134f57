// Package sweep deactivates what a failed contract-suite run left behind: every
// active token and endpoint whose name starts with the suite's prefix, in one
// subscription, and nothing else. The API has no delete, so swept objects stay
// listed, inactive.
package sweep

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// Prefix is the name prefix of every object the contract suite makes.
const Prefix = "tf-acc-"

// Reason is the deactivation reason the sweeper records.
const Reason = "swept by terraform-provider-triton make sweep"

// Result counts what a sweep saw and did.
type Result struct {
	Deactivated []string // "token <name> (<uuid>)" / "endpoint <name> (<uuid>)"
	Failed      []string // the same, with the error
	Skipped     int      // tf-acc- objects already inactive
}

// api is the part of the client a sweep uses.
type api interface {
	ListTokens(ctx context.Context, subscription string) ([]tritonapi.Token, error)
	ListEndpoints(ctx context.Context, subscription string) ([]tritonapi.Endpoint, error)
	DeactivateToken(ctx context.Context, uuid, reason string) error
	DeactivateEndpoint(ctx context.Context, uuid, reason string) error
}

// Active lists the active tf-acc- objects of a subscription, as "kind name (uuid)".
func Active(ctx context.Context, c api, subscription string) ([]string, error) {
	var out []string
	toks, err := c.ListTokens(ctx, subscription)
	if err != nil {
		return nil, fmt.Errorf("listing tokens: %w", err)
	}
	for _, t := range toks {
		if t.IsActive && strings.HasPrefix(t.Name, Prefix) {
			out = append(out, fmt.Sprintf("token %s (%s)", t.Name, t.UUID))
		}
	}
	eps, err := c.ListEndpoints(ctx, subscription)
	if err != nil {
		return nil, fmt.Errorf("listing endpoints: %w", err)
	}
	for _, e := range eps {
		if e.IsActive && strings.HasPrefix(e.Name, Prefix) {
			out = append(out, fmt.Sprintf("endpoint %s (%s)", e.Name, e.UUID))
		}
	}
	return out, nil
}

// Run deactivates every active tf-acc- token and endpoint in subscription and
// writes a line per action to w. Running it twice is safe: the second run finds
// nothing active and calls nothing.
func Run(ctx context.Context, c api, subscription string, w io.Writer) (Result, error) {
	var r Result
	toks, err := c.ListTokens(ctx, subscription)
	if err != nil {
		return r, fmt.Errorf("listing tokens: %w", err)
	}
	for _, t := range toks {
		if !strings.HasPrefix(t.Name, Prefix) {
			continue
		}
		if !t.IsActive {
			r.Skipped++
			continue
		}
		what := fmt.Sprintf("token %s (%s)", t.Name, t.UUID)
		if err := c.DeactivateToken(ctx, t.UUID, Reason); err != nil {
			r.Failed = append(r.Failed, what+": "+err.Error())
			fmt.Fprintf(w, "failed to deactivate %s: %v\n", what, err)
			continue
		}
		r.Deactivated = append(r.Deactivated, what)
		fmt.Fprintf(w, "deactivated %s\n", what)
	}
	eps, err := c.ListEndpoints(ctx, subscription)
	if err != nil {
		return r, fmt.Errorf("listing endpoints: %w", err)
	}
	for _, e := range eps {
		if !strings.HasPrefix(e.Name, Prefix) {
			continue
		}
		if !e.IsActive {
			r.Skipped++
			continue
		}
		what := fmt.Sprintf("endpoint %s (%s)", e.Name, e.UUID)
		if err := c.DeactivateEndpoint(ctx, e.UUID, Reason); err != nil {
			r.Failed = append(r.Failed, what+": "+err.Error())
			fmt.Fprintf(w, "failed to deactivate %s: %v\n", what, err)
			continue
		}
		r.Deactivated = append(r.Deactivated, what)
		fmt.Fprintf(w, "deactivated %s\n", what)
	}
	fmt.Fprintf(w, "sweep: %d deactivated, %d already inactive, %d failed\n", len(r.Deactivated), r.Skipped, len(r.Failed))
	return r, nil
}

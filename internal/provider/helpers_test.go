package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// captureAttr is a state check that stores a resource's string attribute, so a
// later step's PreConfig can act on that object in the emulator.
type captureAttr struct {
	address, attr string
	dst           *string
}

func capture(address string, dst *string) statecheck.StateCheck {
	return captureAttr{address: address, attr: "id", dst: dst}
}

func (c captureAttr) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			v, ok := r.AttributeValues[c.attr].(string)
			if !ok {
				resp.Error = fmt.Errorf("%s.%s is not a string", c.address, c.attr)
				return
			}
			*c.dst = v
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
}

// indexOf returns the position of the first event equal to want, or -1.
func indexOf(events []string, want string) int {
	for i, e := range events {
		if e == want {
			return i
		}
	}
	return -1
}

// stateLacks fails if any string in the whole state equals secret (without printing it).
type stateLacks struct{ secret *string }

func (s stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if *s.secret == "" {
		resp.Error = fmt.Errorf("no secret to look for")
		return
	}
	if strings.Contains(string(b), *s.secret) {
		resp.Error = fmt.Errorf("the token value was found in state")
	}
}

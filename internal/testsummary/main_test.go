package main

import (
	"strings"
	"testing"
)

// TestSummarize: a skipped test is printed with its reason, a failed one with its
// output, a test that never reports a result (a panic or timeout) counts as
// failed with its output, and passing tests stay quiet.
func TestSummarize(t *testing.T) {
	events := strings.Join([]string{
		`{"Action":"run","Package":"p","Test":"TestOK"}`,
		`{"Action":"output","Package":"p","Test":"TestOK","Output":"    a_test.go:1: quiet\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestOK"}`,
		`{"Action":"output","Package":"p","Test":"TestSkip","Output":"    a_test.go:2: needs Terraform 1.14\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestSkip"}`,
		`{"Action":"output","Package":"p","Test":"TestBad","Output":"    a_test.go:3: boom\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad","Elapsed":0.5}`,
		`{"Action":"output","Package":"p","Test":"TestHung","Output":"panic: test timed out\n"}`,
		`{"Action":"fail","Package":"p","Elapsed":1}`,
	}, "\n")
	var out strings.Builder
	failed := summarize(strings.NewReader(events), &out)
	got := out.String()
	for _, want := range []string{
		"--- SKIP: TestSkip (p)\n    a_test.go:2: needs Terraform 1.14",
		"--- FAIL: TestBad (p, 0.5s)\n    a_test.go:3: boom",
		"--- NO RESULT (panic or timeout): p TestHung\npanic: test timed out",
		"FAIL\tp",
		"tests: 1 passed, 1 skipped (each with its reason above), 2 failed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "quiet") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
	if failed != 2 {
		t.Errorf("failed = %d, want 2", failed)
	}
}

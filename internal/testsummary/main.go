// Command testsummary reads `go test -json` on stdin and prints what a reader of
// `make test` needs: each package's result, every skipped test with its reason,
// the whole output of every failed test, and counts. scripts/gotest.sh runs it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// logLine is a t.Log / t.Skip line: "    file_test.go:12: message".
var logLine = regexp.MustCompile(`^\s+\S+_test\.go:\d+: `)

func main() {
	summarize(os.Stdin, os.Stdout)
}

// summarize reads go test -json events from r and writes the summary to w; it
// returns the number of failed tests (those with no result included).
func summarize(r io.Reader, w io.Writer) int {
	outputs := map[string][]string{}
	var pass, skip, fail int
	in := bufio.NewScanner(r)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	for in.Scan() {
		var e event
		if err := json.Unmarshal(in.Bytes(), &e); err != nil {
			fmt.Fprintln(w, in.Text()) // not an event (a build error): show it
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output" || e.Action == "build-fail":
			fmt.Fprint(w, e.Output)
		case e.Action == "output" && e.Test != "":
			outputs[key] = append(outputs[key], e.Output)
		case e.Action == "output" && e.Test == "" && (strings.HasPrefix(e.Output, "panic:") || strings.Contains(e.Output, "[build failed]") || strings.Contains(e.Output, ".go:") && !strings.HasPrefix(e.Output, "=== ")):
			fmt.Fprint(w, e.Output)
		case e.Test == "" && e.Action == "pass":
			fmt.Fprintf(w, "ok  \t%s\t%.1fs\n", e.Package, e.Elapsed)
		case e.Test == "" && e.Action == "skip":
			fmt.Fprintf(w, "?   \t%s\t[no test files]\n", e.Package)
		case e.Test == "" && e.Action == "fail":
			fmt.Fprintf(w, "FAIL\t%s\t%.1fs\n", e.Package, e.Elapsed)
		case e.Action == "pass":
			pass++
			delete(outputs, key)
		case e.Action == "skip":
			skip++
			fmt.Fprintf(w, "--- SKIP: %s (%s)\n", e.Test, e.Package)
			for _, l := range outputs[key] {
				if logLine.MatchString(l) {
					fmt.Fprint(w, "    "+strings.TrimLeft(l, " \t"))
				}
			}
			delete(outputs, key)
		case e.Action == "fail":
			fail++
			fmt.Fprintf(w, "--- FAIL: %s (%s, %.1fs)\n", e.Test, e.Package, e.Elapsed)
			for _, l := range outputs[key] {
				if !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(strings.TrimLeft(l, " "), "--- ") {
					fmt.Fprint(w, l)
				}
			}
			delete(outputs, key)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(w, "testsummary: reading go test -json: %v (the stream is incomplete; see the full log)\n", err)
		fail++
	}
	// A test with output but no result: a panic or a -timeout attributed to a
	// running test (test2json cannot always tell which). Show it as failed.
	keys := make([]string, 0, len(outputs))
	for k := range outputs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.HasSuffix(k, " ") {
			continue // package-level output, printed above
		}
		fail++
		fmt.Fprintf(w, "--- NO RESULT (panic or timeout): %s\n", k)
		for _, l := range outputs[k] {
			if !strings.HasPrefix(l, "=== ") {
				fmt.Fprint(w, l)
			}
		}
	}
	fmt.Fprintf(w, "tests: %d passed, %d skipped (each with its reason above), %d failed\n", pass, skip, fail)
	return fail
}

// Command testsummary reads `go test -json` on stdin and prints what a reader of
// `make test` needs: each package's result, every skipped test with its reason,
// the whole output of every failed test, and counts. scripts/gotest.sh runs it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
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
	outputs := map[string][]string{}
	var pass, skip, fail int
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	for in.Scan() {
		var e event
		if err := json.Unmarshal(in.Bytes(), &e); err != nil {
			fmt.Println(in.Text()) // not an event (a build error): show it
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output" || e.Action == "build-fail":
			fmt.Print(e.Output)
		case e.Action == "output" && e.Test != "":
			outputs[key] = append(outputs[key], e.Output)
		case e.Action == "output" && e.Test == "" && (strings.HasPrefix(e.Output, "panic:") || strings.Contains(e.Output, "[build failed]") || strings.Contains(e.Output, ".go:") && !strings.HasPrefix(e.Output, "=== ")):
			fmt.Print(e.Output)
		case e.Test == "" && e.Action == "pass":
			fmt.Printf("ok  \t%s\t%.1fs\n", e.Package, e.Elapsed)
		case e.Test == "" && e.Action == "skip":
			fmt.Printf("?   \t%s\t[no test files]\n", e.Package)
		case e.Test == "" && e.Action == "fail":
			fmt.Printf("FAIL\t%s\t%.1fs\n", e.Package, e.Elapsed)
		case e.Action == "pass":
			pass++
			delete(outputs, key)
		case e.Action == "skip":
			skip++
			fmt.Printf("--- SKIP: %s (%s)\n", e.Test, e.Package)
			for _, l := range outputs[key] {
				if logLine.MatchString(l) {
					fmt.Print("    " + strings.TrimLeft(l, " \t"))
				}
			}
			delete(outputs, key)
		case e.Action == "fail":
			fail++
			fmt.Printf("--- FAIL: %s (%s, %.1fs)\n", e.Test, e.Package, e.Elapsed)
			for _, l := range outputs[key] {
				if !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(strings.TrimLeft(l, " "), "--- ") {
					fmt.Print(l)
				}
			}
			delete(outputs, key)
		}
	}
	fmt.Printf("tests: %d passed, %d skipped (each with its reason above), %d failed\n", pass, skip, fail)
}

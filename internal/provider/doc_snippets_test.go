package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	hclFence            = regexp.MustCompile("(?s)```(?:terraform|hcl)\n(.*?)```")
	tritonProviderBlock = regexp.MustCompile(`(?m)^provider "triton"`)
	variableBlock       = regexp.MustCompile(`(?ms)^variable "[^"]+" \{$(.*?)^\}$`)
	tritonSource        = regexp.MustCompile(`(?s)required_providers \{.*triton\s*=\s*\{[^}]*source\s*=\s*"rpcpool/triton"`)
)

// docSnippets returns every complete HCL block of README.md, docs/index.md and
// the guides: one with a provider "triton" block or a required_providers block,
// which a user pastes into an empty directory as it is.
func docSnippets(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	files := []string{filepath.Join(root, "README.md"), filepath.Join(root, "docs", "index.md")}
	guides, err := filepath.Glob(filepath.Join(root, "docs", "guides", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, guides...)
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range hclFence.FindAllStringSubmatch(string(b), -1) {
			block := m[1]
			if tritonProviderBlock.MatchString(block) || strings.Contains(block, "required_providers") {
				rel, _ := filepath.Rel(root, f)
				out[rel+"#"+string(rune('a'+i))] = block
			}
		}
	}
	return out
}

// TestDocSnippetsPlanInAnEmptyDirectory: every complete snippet of the README and
// the docs names rpcpool/triton in required_providers (without it, Terraform
// resolves hashicorp/triton and fails with a registry error that never mentions
// rpcpool), and plans as pasted, alone in an empty directory, against the
// emulator seeded as the README starts it.
func TestDocSnippetsPlanInAnEmptyDirectory(t *testing.T) {
	snippets := docSnippets(t)
	for _, want := range []string{"README.md", "docs/index.md", "docs/guides/rotating-tokens.md", "docs/guides/drift-detection.md", "docs/guides/importing.md", "docs/guides/roles-and-permissions.md", "docs/guides/secrets-out-of-state.md"} {
		found := false
		for name := range snippets {
			found = found || strings.HasPrefix(name, want+"#")
		}
		if !found {
			t.Errorf("%s has no complete snippet any more; update this test", want)
		}
	}
	for name, block := range snippets {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if !tritonSource.MatchString(block) {
				t.Fatalf("the snippet has no required_providers block naming rpcpool/triton; pasted into an empty directory it resolves hashicorp/triton:\n%s", block)
			}
			env := exampleEnv(t)
			c := newCLI(t, env, "")
			// Literally as pasted: the harness's own required_providers block is not used.
			if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(block), 0o600); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(block, "\naction \"") {
				requireActionsCLI(t) // the snippet has an action block
			}
			// A module (a variable without a default) is validated, not planned:
			// it is pasted into a module directory, not run as a root.
			cmd := []string{"plan", "-input=false"}
			if needsInput(block) {
				cmd = []string{"validate"}
			}
			if code, out := c.run(cmd...); code != 0 {
				t.Fatalf("terraform %s of the pasted snippet: exit %d\n%s", cmd[0], code, out)
			}
		})
	}
}

// needsInput reports a variable without a default: the snippet is a module.
func needsInput(block string) bool {
	for _, m := range variableBlock.FindAllStringSubmatch(block, -1) {
		if !strings.Contains(m[1], "default") {
			return true
		}
	}
	return false
}

// TestDocPagesHaveTheirSections: every resource page has its Identity Schema
// before (not inside) its Import section, every list resource page describes its
// results, every function page its return value.
func TestDocPagesHaveTheirSections(t *testing.T) {
	root := filepath.Join("..", "..", "docs")
	for dir, check := range map[string]func(string) string{
		"resources": func(page string) string {
			id, imp := strings.Index(page, "\n### Identity Schema"), strings.Index(page, "\n## Import")
			switch {
			case id < 0:
				return "no Identity Schema section"
			case imp < 0:
				return "no Import section"
			case id > imp:
				return "the Identity Schema splits the Import section"
			}
			return ""
		},
		"list-resources": func(page string) string {
			if !strings.Contains(page, "\n## Results\n") || !strings.Contains(page, "display name") {
				return "no Results section describing identity and display name"
			}
			return ""
		},
		"functions": func(page string) string {
			if !strings.Contains(page, "\n## Return Value\n") {
				return "no Return Value section"
			}
			return ""
		},
	} {
		pages, err := filepath.Glob(filepath.Join(root, dir, "*.md"))
		if err != nil || len(pages) == 0 {
			t.Fatalf("no pages in docs/%s: %v", dir, err)
		}
		for _, p := range pages {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if problem := check(string(b)); problem != "" {
				t.Errorf("%s: %s", p, problem)
			}
		}
	}
}

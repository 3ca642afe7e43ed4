package textfix

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// catalogueLines returns up to n distinct lines with letters beyond ASCII
// from the UTF-8 message catalogues installed for lang, spread evenly.
func catalogueLines(t *testing.T, lang string, n int) []string {
	t.Helper()
	files, _ := filepath.Glob("/usr/share/locale/" + lang + "/LC_MESSAGES/*.mo")
	sort.Strings(files)
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := moStrings(b)
		if err != nil || len(ss) < 2 {
			continue
		}
		for _, s := range ss[1:] {
			for _, l := range strings.Split(s, "\n") {
				l = strings.TrimSpace(l)
				if !utf8.ValidString(l) || utf8.RuneCountInString(l) < 8 || seen[l] ||
					!strings.ContainsFunc(l, func(r rune) bool { return r >= utf8.RuneSelf }) {
					continue
				}
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	if len(out) > n {
		step := len(out) / n
		spread := make([]string, 0, n)
		for i := 0; i < len(out) && len(spread) < n; i += step {
			spread = append(spread, out[i])
		}
		out = spread
	}
	return out
}

// catalogueRate is the exact-match rate each kind of damage must reach on
// the lines of the installed message catalogues. The Vietnamese counts
// were made partly of these catalogues, the Japanese ones of none of them.
var catalogueRate = map[string]float64{
	"clean-vi":          1,
	"clean-ja":          1,
	"clean-latin":       1,
	"mojibake-1252-vi":  1,
	"mojibake-1252-ja":  1,
	"lost-1252-vi":      0.95,
	"lost-1254-vi":      0.95,
	"lost-1252-latin":   0.86,
	"lost-1254-latin":   0.86,
	"lost-1252-ja":      0.9,
	"lost-1254-ja":      0.87,
	"cp932":             0.95,
	"cp932-python":      0.95,
	"lost-cp932":        0.74,
	"lost-cp932-python": 0.85,
}

// TestDebianCatalogues damages the lines of the message catalogues that
// Debian installs (Vietnamese, Japanese and other Latin-script languages)
// in each way posts are damaged, and checks the exact-match rate per kind.
// It skips when the catalogues are not installed.
func TestDebianCatalogues(t *testing.T) {
	if raceEnabled {
		// Rates, not concurrency, are measured here; Repair's two
		// halves are raced by TestLongTextInHalves.
		t.Skip("measures exact-match rates; run without -race")
	}
	vi := catalogueLines(t, "vi", 400)
	ja := catalogueLines(t, "ja", 400)
	var latin []string
	for _, l := range []string{"fr", "de", "es", "pl", "cs", "tr", "pt", "it", "sv", "hu", "ro", "sk"} {
		latin = append(latin, catalogueLines(t, l, 40)...)
	}
	if len(vi) < 200 || len(ja) < 200 || len(latin) < 200 {
		t.Skipf("too few catalogue lines installed: %d vi, %d ja, %d Latin", len(vi), len(ja), len(latin))
	}
	total, ok := map[string]int{}, map[string]int{}
	fails := map[string][]string{}
	check := func(kind, in, want string) {
		got, _ := Repair([]byte(in))
		total[kind]++
		if got == want {
			ok[kind]++
		} else if len(fails[kind]) < 5 {
			fails[kind] = append(fails[kind], "got  "+got+"\n\twant "+want)
		}
	}
	for _, s := range vi {
		check("clean-vi", s, s)
		check("mojibake-1252-vi", misread(s, charmap.Windows1252, false), s)
		check("lost-1252-vi", misread(s, charmap.Windows1252, true), s)
		check("lost-1254-vi", misread(s, charmap.Windows1254, true), s)
	}
	for _, s := range latin {
		check("clean-latin", s, s)
		check("lost-1252-latin", misread(s, charmap.Windows1252, true), s)
		check("lost-1254-latin", misread(s, charmap.Windows1254, true), s)
	}
	for _, s := range ja {
		check("clean-ja", s, s)
		check("mojibake-1252-ja", misread(s, charmap.Windows1252, false), s)
		check("lost-1252-ja", misread(s, charmap.Windows1252, true), s)
		check("lost-1254-ja", misread(s, charmap.Windows1254, true), s)
		if m, whole := misreadCP932(s); whole {
			check("cp932", m, s)
		} else {
			check("lost-cp932", m, s)
		}
		if m := misreadCP932Python(s); strings.ContainsRune(m, utf8.RuneError) {
			check("lost-cp932-python", m, s)
		} else {
			check("cp932-python", m, s)
		}
	}
	kinds := make([]string, 0, len(total))
	for k := range total {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		rate := float64(ok[k]) / float64(total[k])
		t.Logf("%-18s %4d/%4d  %.3f", k, ok[k], total[k], rate)
		if want, known := catalogueRate[k]; !known {
			t.Errorf("kind %s has no minimum rate", k)
		} else if rate < want {
			t.Errorf("%s: exact-match rate %.3f below %.3f", k, rate, want)
			for _, f := range fails[k] {
				t.Log(f)
			}
		}
	}
}

package textfix

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/unicode/norm"
)

// A genCase is clean text of ours, damaged by our own code in one way.
type genCase struct {
	kind  string
	input []byte
	want  string
}

// minRate is the exact-match rate each kind of damage must reach. The
// lossy kinds guess characters whose bytes are gone, from one sentence of
// context; the others lose nothing and must come back whole.
var minRate = map[string]float64{
	"clean":              1,
	"bom-utf8":           1,
	"utf-16le":           1,
	"utf-16be":           1,
	"utf-32le":           1,
	"utf-32be":           1,
	"shift_jis":          1,
	"euc-jp":             1,
	"iso-2022-jp":        1,
	"windows-1258":       1,
	"windows-1252":       1,
	"latin-1":            1,
	"mojibake-latin1":    1,
	"mojibake-1252":      1,
	"mojibake-two-layer": 1,
	"mojibake-cp932":     0.95,
	"lost-cp932":         0.6,
	"lost-cp932-python":  0.6,
	"lost-1252-ja":       0.6,
	"lost-1254-ja":       0.6,
	"lost-1252":          0.9,
	"lost-1254":          0.9,
	"lost-symbol":        1,
	"nfd":                1,
	"crlf":               1,
	"mixed":              0.9,
}

func readSamples(t *testing.T, lang string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "samples", lang+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// generateCases damages every sample in every way that applies to it.
func generateCases(t *testing.T) []genCase {
	t.Helper()
	vi, ja, en := readSamples(t, "vi"), readSamples(t, "ja"), readSamples(t, "en")
	all := append(append(append([]string(nil), vi...), ja...), en...)
	var cs []genCase
	add := func(kind string, in []byte, want string) {
		cs = append(cs, genCase{kind, in, want})
	}
	for _, s := range all {
		add("clean", []byte(s), s)
		add("bom-utf8", append([]byte{0xEF, 0xBB, 0xBF}, s...), s)
		if b, ok := encodeWith(utf16le, s); ok {
			add("utf-16le", b, s)
		}
		if b, ok := encodeWith(utf16be, s); ok {
			add("utf-16be", b, s)
		}
		if b, ok := encodeWith(utf32le, s); ok {
			add("utf-32le", b, s)
		}
		if b, ok := encodeWith(utf32be, s); ok {
			add("utf-32be", b, s)
		}
		add("mojibake-latin1", []byte(misread(s, nil, false)), s)
		add("mojibake-1252", []byte(misread(s, charmap.Windows1252, false)), s)
		add("mojibake-two-layer", []byte(misread(misread(s, charmap.Windows1252, false), charmap.Windows1252, false)), s)
	}
	for i, s := range ja {
		if b, ok := encodeWith(japanese.ShiftJIS, s); ok {
			add("shift_jis", b, s)
		}
		if b, ok := encodeWith(japanese.EUCJP, s); ok {
			add("euc-jp", b, s)
		}
		if b, ok := encodeWith(japanese.ISO2022JP, s); ok {
			add("iso-2022-jp", b, s)
		}
		// CP932 cannot pair every two bytes of UTF-8: WHATWG's decoder
		// (Go's) turns a lead byte and a trail it makes nothing with into
		// one U+FFFD, Python's cp932 turns the lead byte alone into one.
		// Lines that come through whole are kept apart from those that
		// lose bytes; the line and each start of it that ends a clause
		// are cases of their own.
		rs := []rune(s)
		for n := len(rs); n >= 4; n-- {
			if n < len(rs) && rs[n-1] != '、' && rs[n-1] != '。' {
				continue
			}
			p := string(rs[:n]) + "\n"
			if m, ok := misreadCP932(p); ok {
				add("mojibake-cp932", []byte(m), p)
			} else {
				add("lost-cp932", []byte(m), p)
			}
			if m := misreadCP932Python(p); !strings.ContainsRune(m, utf8.RuneError) {
				add("mojibake-cp932", []byte(m), p)
			} else {
				add("lost-cp932-python", []byte(m), p)
			}
		}
		// Short texts (a title, a label) come through CP932 whole more
		// often: every third start of a line that does is a case too.
		for n := 4; n < len(rs); n += 3 {
			p := string(rs[:n])
			if m, ok := misreadCP932(p); ok {
				add("mojibake-cp932", []byte(m), p)
			}
		}
		add("lost-1252-ja", []byte(misread(s, charmap.Windows1252, true)), s)
		add("lost-1254-ja", []byte(misread(s, charmap.Windows1254, true)), s)
		// Lines joined by CRLF.
		if i+1 < len(ja) {
			add("crlf", []byte(s+"\r\n"+ja[i+1]+"\r\n"), s+"\n"+ja[i+1]+"\n")
		}
	}
	for i, s := range vi {
		if b, ok := encode1258(s); ok {
			add("windows-1258", b, s)
		}
		add("lost-1252", []byte(misread(s, charmap.Windows1252, true)), s)
		add("lost-1254", []byte(misread(s, charmap.Windows1254, true)), s)
		add("nfd", []byte(norm.NFD.String(s)), s)
		if i+1 < len(vi) {
			add("crlf", []byte(s+"\r\n\r\n"+vi[i+1]), s+"\n\n"+vi[i+1])
		}
		// Clean front matter and an intact Japanese title, a damaged
		// body, then an intact name and emoji.
		fm := "---\ntitle: \"" + ja[i%len(ja)] + "\"\nlang: vi\n---\n\n"
		tail := " — Nguyễn 😀\n"
		add("mixed", []byte(fm+misread(s, charmap.Windows1254, true)+tail), fm+s+tail)
	}
	for _, s := range en {
		if b, ok := encodeWith(charmap.Windows1252, s); ok {
			add("windows-1252", b, s)
		}
		if b, ok := encodeWith(charmap.ISO8859_1, s); ok && strings.ContainsFunc(s, func(r rune) bool { return r > 0x7F }) {
			add("latin-1", b, s)
		}
		q := "They wrote: “" + s + "” ❤ and left."
		add("lost-symbol", []byte(misread(q, charmap.Windows1252, true)), q)
	}
	return cs
}

func TestGeneratedSet(t *testing.T) {
	cs := generateCases(t)
	if len(cs) < 300 {
		t.Fatalf("only %d cases", len(cs))
	}
	total, ok := map[string]int{}, map[string]int{}
	var fails []string
	for _, c := range cs {
		got, _ := Repair(c.input)
		total[c.kind]++
		if got == c.want {
			ok[c.kind]++
		} else if len(fails) < 40 {
			fails = append(fails, c.kind+": got  "+got+"\n\twant "+c.want)
		}
	}
	kinds := make([]string, 0, len(total))
	for k := range total {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		rate := float64(ok[k]) / float64(total[k])
		t.Logf("%-20s %4d/%4d  %.3f", k, ok[k], total[k], rate)
		min, known := minRate[k]
		if !known {
			t.Errorf("kind %s has no minimum rate", k)
		}
		if rate < min {
			t.Errorf("%s: exact-match rate %.3f below %.3f", k, rate, min)
		}
	}
	for k := range minRate {
		if total[k] == 0 {
			t.Errorf("kind %s generated no case", k)
		}
	}
	if t.Failed() {
		for _, f := range fails {
			t.Log(f)
		}
	}
	t.Logf("%d cases", len(cs))
}

package textfix

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/unicode/norm"
)

var updateJa = flag.String("update-ja", "", "recount data/ja-freq.tsv.gz from the HTML pages and the Japanese message catalogues (.mo under a ja folder) under these folders, separated by commas")

// countJapanese adds the Japanese characters of text and the pairs of
// adjacent ones to uni and bi.
func countJapanese(text string, uni map[rune]int, bi map[[2]rune]int) {
	var prev rune
	for _, r := range norm.NFC.String(text) {
		if !isJapaneseCand(r) {
			prev = 0
			continue
		}
		uni[r]++
		if prev != 0 {
			bi[[2]rune{prev, r}]++
		}
		prev = r
	}
}

func TestJaModelData(t *testing.T) {
	if *updateJa != "" {
		uni, bi := map[rune]int{}, map[[2]rune]int{}
		var sources []string
		for _, dir := range strings.Split(*updateJa, ",") {
			pages, mos := 0, 0
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				switch {
				case err != nil || d.IsDir():
				case strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".xhp"):
					text, err := readDoc(path)
					if err != nil {
						return err
					}
					countJapanese(text, uni, bi)
					pages++
				case strings.HasSuffix(path, ".mo") && strings.Contains(path, "/ja/"):
					b, err := os.ReadFile(path)
					if err != nil {
						return err
					}
					ss, err := moStrings(b)
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					if len(ss) < 2 || !strings.Contains(strings.ToLower(ss[0]), "charset=utf-8") {
						return nil
					}
					for _, s := range ss[1:] {
						countJapanese(s, uni, bi)
					}
					mos++
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, fmt.Sprintf("%d pages and %d catalogues of %s", pages, mos, dir))
		}
		var lines []string
		for r, n := range uni {
			lines = append(lines, fmt.Sprintf("u\t%c\t%d", r, n))
		}
		pairs := 0
		for p, n := range bi {
			if n >= 2 {
				lines = append(lines, fmt.Sprintf("b\t%c%c\t%d", p[0], p[1], n))
				pairs++
			}
		}
		sort.Strings(lines)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write([]byte(strings.Join(lines, "\n") + "\n"))
		zw.Close()
		if err := os.WriteFile("data/ja-freq.tsv.gz", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s; %d characters, %d pairs kept", strings.Join(sources, "; "), len(uni), pairs)
		return
	}
	m, err := parseJaModel(bytes.NewReader(jaFreqGz))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.uni) < 1000 || len(m.bi) < 10000 {
		t.Fatalf("counts too thin: %d characters, %d pairs", len(m.uni), len(m.bi))
	}
	for _, pair := range [][2]string{{"名", "十"}, {"の", "ぉ"}, {"行", "街"}} {
		a, _ := utf8.DecodeRuneInString(pair[0])
		b, _ := utf8.DecodeRuneInString(pair[1])
		if m.p(a) <= m.p(b) {
			t.Errorf("P(%s)=%g not above P(%s)=%g", pair[0], m.p(a), pair[1], m.p(b))
		}
	}
}

func FuzzParseJaModel(f *testing.F) {
	f.Add(jaFreqGz[:min(len(jaFreqGz), 512)])
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("u\tあ\t3\nb\tあい\t2\n"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseJaModel(bytes.NewReader(b))
		if err == nil && m == nil {
			t.Fatal("no model and no error")
		}
	})
}

// TestSuspectKanji checks jpSuspect against every two-byte sequence of
// CP932: a kanji is suspect when it stands at a lead byte E3–E9 or EF with
// a trail byte 0x80–0xBF anywhere in the table, and only then.
func TestSuspectKanji(t *testing.T) {
	want := map[rune]bool{}
	dec := japanese.ShiftJIS.NewDecoder()
	for lead := 0x81; lead <= 0xFC; lead++ {
		for trail := 0x40; trail <= 0xFC; trail++ {
			d, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			r, size := utf8.DecodeRune(d)
			if err == nil && r != utf8.RuneError && size == len(d) &&
				(lead >= 0xE3 && lead <= 0xE9 || lead == 0xEF) && trail >= 0x80 && trail <= 0xBF {
				want[r] = true
			}
		}
	}
	n := 0
	for r := rune(0); r < 0x20000; r++ {
		if jpSuspect(r) {
			n++
		}
		if jpSuspect(r) != (want[r] && r >= 0x4E00 && r <= 0x9FFF) {
			t.Errorf("jpSuspect(%U %c) = %v", r, r, jpSuspect(r))
		}
	}
	if n < 400 {
		t.Errorf("only %d suspect kanji", n)
	}
}

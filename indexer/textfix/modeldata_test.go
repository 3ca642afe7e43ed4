package textfix

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/unicode/norm"
)

var freqExtra = flag.String("freq-extra", "", "with -update-freq: also count the HTML pages and the Vietnamese message catalogues (.mo under a vi folder) under these folders, separated by commas (packages unpacked with dpkg -x)")

var updateFreq = flag.Bool("update-freq", false, "recount data/vi-freq.tsv.gz from the Vietnamese message catalogues under /usr/share/locale/vi")

// moStrings returns the translations held in a GNU gettext .mo file.
func moStrings(b []byte) ([]string, error) {
	if len(b) < 20 {
		return nil, fmt.Errorf("short file")
	}
	var bo binary.ByteOrder
	switch binary.LittleEndian.Uint32(b) {
	case 0x950412de:
		bo = binary.LittleEndian
	case 0xde120495:
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("not a .mo file")
	}
	n := int(bo.Uint32(b[8:]))
	trans := int(bo.Uint32(b[16:]))
	var out []string
	for i := 0; i < n; i++ {
		e := trans + 8*i
		if e+8 > len(b) {
			return nil, fmt.Errorf("entry %d out of range", i)
		}
		l, off := int(bo.Uint32(b[e:])), int(bo.Uint32(b[e+4:]))
		if off < 0 || off+l > len(b) {
			return nil, fmt.Errorf("entry %d out of range", i)
		}
		out = append(out, strings.Split(string(b[off:off+l]), "\x00")...)
	}
	return out, nil
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	troffRE = regexp.MustCompile(`\\f[BIRP]|\\\(..|\\[-&e]`)
)

// readDoc returns the text of an HTML page or of a gzip'd man page, markup
// removed.
func readDoc(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
				// Macro lines: keep the text of .B/.I style macros.
				if i := strings.IndexByte(l, ' '); i > 0 && len(l) < 4+i {
					continue
				} else if i > 0 {
					l = l[i+1:]
				} else {
					continue
				}
			}
			out = append(out, troffRE.ReplaceAllString(l, ""))
		}
		return strings.Join(out, "\n"), nil
	}
	s := tagRE.ReplaceAllString(string(b), " ")
	return html.UnescapeString(s), nil
}

// countSyllables adds the syllables of text and its adjacent syllable pairs
// (separated by one space only) to uni and bi.
func countSyllables(text string, uni, bi map[string]int) {
	text = norm.NFC.String(text)
	prev := ""
	start := -1
	flush := func(end int, sep string) {
		w := strings.ToLower(text[start:end])
		if textrule.IsSyllable(w) {
			uni[w]++
			if prev != "" {
				bi[prev+" "+w]++
			}
			prev = w
		} else {
			prev = ""
		}
		if sep != " " {
			prev = ""
		}
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i, string(r))
		} else if r != ' ' {
			prev = ""
		}
	}
	if start >= 0 {
		flush(len(text), "")
	}
}

func TestModelData(t *testing.T) {

	if *updateFreq {
		files, _ := filepath.Glob("/usr/share/locale/vi/LC_MESSAGES/*.mo")
		if len(files) == 0 {
			t.Fatal("no Vietnamese message catalogues found")
		}
		uni, bi := map[string]int{}, map[string]int{}
		var domains []string
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ss, err := moStrings(b)
			if err != nil {
				t.Logf("skip %s: %v", f, err)
				continue
			}
			if len(ss) > 0 && !strings.Contains(strings.ToLower(ss[0]), "charset=utf-8") {
				t.Logf("skip %s: not UTF-8", f)
				continue
			}
			domains = append(domains, strings.TrimSuffix(filepath.Base(f), ".mo"))
			for _, s := range ss[1:] {
				countSyllables(s, uni, bi)
			}
		}
		// Prose from the Vietnamese documentation packages, when installed:
		// maint-guide-vi (HTML) and manpages-vi (troff).
		docs, _ := filepath.Glob("/usr/share/doc/maint-guide-vi/html/*.vi.html")
		var extra []string
		for _, dir := range strings.Split(*freqExtra, ",") {
			if dir == "" {
				continue
			}
			pages, mos := 0, 0
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				switch {
				case err != nil || d.IsDir():
				case strings.HasSuffix(path, ".html"):
					extra = append(extra, path)
					pages++
				case strings.HasSuffix(path, ".mo") && strings.Contains(path, "/vi/"):
					b, err := os.ReadFile(path)
					if err != nil {
						return err
					}
					ss, err := moStrings(b)
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					if len(ss) < 2 {
						return nil // no translation
					}
					for _, s := range ss[1:] {
						countSyllables(s, uni, bi)
					}
					mos++
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			domains = append(domains, fmt.Sprintf("%d pages and %d catalogues of %s", pages, mos, dir))
		}
		docs = append(docs, extra...)
		mans, _ := filepath.Glob("/usr/share/man/vi/man*/*.gz")
		for _, f := range append(docs, mans...) {
			text, err := readDoc(f)
			if err != nil {
				t.Fatal(err)
			}
			countSyllables(text, uni, bi)
		}
		if len(docs) > 0 {
			domains = append(domains, "maint-guide-vi")
		}
		if len(mans) > 0 {
			domains = append(domains, "manpages-vi")
		}
		var lines []string
		for w, n := range uni {
			lines = append(lines, fmt.Sprintf("u\t%s\t%d", w, n))
		}
		for w, n := range bi {
			// Pairs seen at least three times: as many as the base
			// system's catalogues alone gave at two, which keeps loading
			// the counts as quick.
			if n >= 3 {
				lines = append(lines, fmt.Sprintf("b\t%s\t%d", w, n))
			}
		}
		sort.Strings(lines)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write([]byte(strings.Join(lines, "\n") + "\n"))
		zw.Close()
		if err := os.WriteFile("data/vi-freq.tsv.gz", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d catalogues (%s); %d syllables, %d pairs kept", len(domains), strings.Join(domains, " "), len(uni), len(lines)-len(uni))
		return
	}
	m, err := parseModel(bytes.NewReader(viFreqGz))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.count) < 1000 || len(m.bi) < 1000 {
		t.Fatalf("counts too thin: %d syllables, %d pairs", len(m.count), len(m.bi))
	}
	for _, pair := range [][2]string{{"về", "vờ"}, {"người", "ngưởi"}, {"thời", "thỏi"}, {"sử", "sờ"}} {
		if m.p(pair[0]) <= m.p(pair[1]) {
			t.Errorf("P(%s)=%g not above P(%s)=%g", pair[0], m.p(pair[0]), pair[1], m.p(pair[1]))
		}
	}
}

// BenchmarkLoadModel measures what a process pays once for the counts.
func BenchmarkLoadModel(b *testing.B) {
	for b.Loop() {
		if _, err := parseModel(bytes.NewReader(viFreqGz)); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseModel(f *testing.F) {
	f.Add(viFreqGz[:min(len(viFreqGz), 512)])
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("u\tkhông\t3\nu\thề\t2\nb\tkhông hề\t2\n"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModel(bytes.NewReader(b))
		if err == nil && m == nil {
			t.Fatal("no model and no error")
		}
	})
}

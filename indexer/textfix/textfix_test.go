package textfix

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "regenerate the damaged sample post under data/posts/vi from testdata")

const seedGlob = "../../../shared/seeds/000_*.txt"

func readSeed(t testing.TB) []byte {
	t.Helper()
	m, _ := filepath.Glob(seedGlob)
	if len(m) == 0 {
		t.Skip("seed 000 not found at " + seedGlob)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSeed000(t *testing.T) {
	in := readSeed(t)
	got, rep := Repair(in)
	for _, want := range []string{
		"Trong những năm gần đây meetup giữa những người làm công nghệ ngày càng trở nên phổ biến.",
		"Được đối mặt và trò chuyện trực tiếp với những người có cùng đam mê và sở thích thực sự đem lại cho cá nhân mình rất nhiều lợi ích.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("repaired seed lacks %q", want)
		}
	}
	for _, bad := range []string{"Ã", "Ä", "Æ°", "á»", "áº", "â€"} {
		if n := strings.Count(got, bad); n > 0 {
			t.Errorf("repaired seed still holds %q %d times", bad, n)
		}
	}
	// The front matter is ASCII and comes through unchanged.
	end := bytes.Index(in[4:], []byte("\n---\n"))
	if end < 0 || !strings.HasPrefix(got, string(in[:end+9])) {
		t.Errorf("front matter changed")
	}
	if !strings.Contains(got, `title:  "Vietnam Kubernetes Community - First meetup"`) {
		t.Errorf("title changed")
	}
	if rep.Mojibake != "windows-1254" {
		t.Errorf("code page = %q, want windows-1254 (the emoji tell: ğŸ˜‚)", rep.Mojibake)
	}
	if n := rep.Counts[KindLostByte]; n != 77 {
		t.Errorf("restored %d lost bytes, want the 77 holes", n)
	}
	if rep.Unresolved != 0 {
		t.Errorf("%d holes left", rep.Unresolved)
	}
	t.Logf("changed %d characters: %v; %d restorations, %d below 0.9", rep.Chars(), rep.Counts, len(rep.Restorations), rep.Ambiguous())
}

func TestSamplePost(t *testing.T) {
	clean, err := os.ReadFile("testdata/vietkubers-meetup-2.clean.md")
	if err != nil {
		t.Fatal(err)
	}
	const damagedPath = "../../data/posts/vi/2019-06-22-vietkubers-meetup-2-mojibake.md"
	damaged := misread(string(clean), charmap.Windows1252, true)
	if *update {
		if err := os.MkdirAll(filepath.Dir(damagedPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(damagedPath, []byte(damaged), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	onDisk, err := os.ReadFile(damagedPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(onDisk) != damaged {
		t.Errorf("%s is not the damage of the clean post (run with -update)", damagedPath)
	}
	got, rep := Repair(onDisk)
	if got != string(clean) {
		t.Errorf("repair of the damaged post differs from the clean post:\n%s", firstDiff(got, string(clean)))
	}
	if rep.Chars() == 0 {
		t.Errorf("report counts no change")
	}
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-40)
	return "got:  " + a[lo:min(len(a), i+40)] + "\nwant: " + b[lo:min(len(b), i+40)]
}

func TestCleanUnchanged(t *testing.T) {
	tests := []struct{ name, in string }{
		{"ascii", "Plain ASCII text.\nSecond line.\n"},
		{"portuguese capital", "NÃO means no; the letter Ã is a capital a with tilde."},
		{"french capital", "ÂME and Â, also ÉTÉ» and JOSÉ” in caps."},
		{"names", "Nguyễn Văn An, Trần Thu Hà, Đặng Minh Đức"},
		{"japanese", "今回の勉強会では、縺という珍しい漢字も出てきました。"},
		{"emoji", "Great talk 🚀🎉 — thanks ❤️"},
		{"code", "```go\nfmt.Println(\"café ©\")\n```\n"},
		{"url", "See https://example.com/São_Paulo?q=Ã&x=© for details."},
		{"vietnamese", "Người Việt Nam dùng chữ Quốc ngữ: ầ ẩ ẫ ấ ậ, ờ ở ỡ ớ ợ."},
		{"latin-1 symbols", "Price: 5 £, 20 °C, © 2019, ½ cup, ¿qué?"},
		{"nbsp", "10\u00a0km and «\u00a0guillemets\u00a0»"},
		{"accented run", "àà éé Ü café naïve Zürich"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep := Repair([]byte(tt.in))
			if got != tt.in {
				t.Errorf("changed:\n got %q\nwant %q", got, tt.in)
			}
			for kind, c := range rep.Counts {
				if c > 0 {
					t.Errorf("report says %d changes of kind %s: %v", c, kind, rep.Counts)
				}
			}
		})
	}
}

func TestRepairKinds(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
		kind Kind
	}{
		{"crlf", []byte("a\r\nb\rc"), "a\nb\nc", KindNewline},
		{"nfd", []byte("Vie\u0302\u0323t Nam"), "Việt Nam", KindNormalise},
		{"invalid byte", []byte("đúng \xff rồi, còn đây là tiếng Việt có dấu"), "đúng \uFFFD rồi, còn đây là tiếng Việt có dấu", KindInvalid},
		{"one word", []byte("cafÃ© au lait"), "café au lait", KindMojibake},
		{"nbsp as a0", []byte("vÃ\u00a0 lÃ\u00a0"), "và là", KindMojibake},
		{"lost quote", []byte("â€œDeep Diveâ€. Then"), "“Deep Dive”. Then", KindLostByte},
		{"utf-8 bom", []byte("\xef\xbb\xbfhello"), "hello", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep := Repair(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.kind != "" && rep.Counts[tt.kind] == 0 {
				t.Errorf("report %v lacks %s", rep.Counts, tt.kind)
			}
		})
	}
}

func TestIdempotent(t *testing.T) {
	inputs := [][]byte{[]byte("\ufeff\ufeffx"), []byte("Ã\u00a0Ã"), []byte("\r\r\n")}
	for _, c := range generateCases(t) {
		inputs = append(inputs, c.input)
	}
	for _, in := range inputs {
		once, _ := Repair(in)
		twice, _ := Repair([]byte(once))
		if once != twice {
			t.Errorf("not idempotent on %q:\n once %q\ntwice %q", in, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Errorf("invalid UTF-8 out of %q", in)
		}
	}
}

func TestReportWriteTo(t *testing.T) {
	_, rep := Repair([]byte("Trong nhá»¯ng nÄƒm gáº§n Ä‘Ã¢y, nhiá»u ngÆ°á»i Ä‘Ã£ Ä‘áº¿n."))
	var b strings.Builder
	if _, err := rep.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mojibake", "lost-byte", "nhiều", "người", "restored words: 2"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func FuzzRepair(f *testing.F) {
	for _, s := range []string{"", "Ã", "Ã©", "á»i", "ngÆ°á»i", "縺薙ｓ", "\xff\xfe\x00", "\x1b$B", "\ufeff", "a\r\nb", "e\u0301",
		"ã‚½ã‚±ãƒƒãƒˆã‚’ä½œæˆã§ãã¾ã›ã‚“", "蜻ｽ莉､縺斐→縺ｮ譛螟ｧ", "讀懷\ufffdｺ\ufffdｼ\ufffd%s", "縺ｨ\ufffd", "\u0080\uf8f0"} {
		f.Add([]byte(s))
	}
	// The dictionary takes seconds to load on a busy machine: load it
	// before the fuzzing engine times the first input.
	ipaDict()
	loadJaModel()
	loadModel()
	f.Fuzz(func(t *testing.T, in []byte) {
		if lines, _, ok := screen(in); ok && len(lines) == 0 && !norm.NFC.IsNormal(in) {
			t.Fatalf("screen passes %q, which is not NFC, as clean", in)
		}
		once, _ := Repair(in)
		if !utf8.ValidString(once) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		twice, _ := Repair([]byte(once))
		if once != twice {
			t.Fatalf("not idempotent on %q:\n once %q\ntwice %q", in, once, twice)
		}
	})
}

// TestCorpusUntouched repairs the real posts of the shared corpus and
// seed 003, which are clean: no mojibake may be found in them, and text that is already
// NFC with LF line endings must come back byte-identical.
func TestCorpusUntouched(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/*/*")
	seed3, _ := filepath.Glob("../../../shared/seeds/003_*.txt")
	files = append(files, seed3...)
	if len(files) == 0 {
		t.Skip("no shared corpus")
	}
	n := 0
	for _, f := range files {
		if filepath.Ext(f) == ".tsv" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n++
		got, rep := Repair(b)
		if rep.Counts[KindMojibake] > 0 || rep.Counts[KindLostByte] > 0 || rep.Encoding != "utf-8" {
			t.Errorf("%s: clean post repaired: %s %v", f, rep.Encoding, rep.Counts)
		}
		if utf8.Valid(b) && norm.NFC.IsNormal(b) && !bytes.ContainsRune(b, '\r') && !bytes.HasPrefix(b, bom8) && got != string(b) {
			t.Errorf("%s: clean post changed:\n%s", f, firstDiff(got, string(b)))
		}
	}
	t.Logf("%d posts", n)
}

// TestCorpusDamaged damages the real posts of the shared corpus and
// measures how much of them Repair brings back: Vietnamese and English
// posts the way seed 000 was damaged (UTF-8 read as Windows-1254,
// undefined bytes and soft hyphens lost), all posts through Latin-1 (no
// byte lost), which must come back whole.
func TestCorpusDamaged(t *testing.T) {
	for _, lang := range []string{"vi", "en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			files, _ := filepath.Glob("../../../shared/corpus/" + lang + "/*.md")
			if len(files) == 0 {
				t.Skip("no shared corpus")
			}
			var posts, exact, lossless, holes, wrong int
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if !utf8.Valid(b) || !norm.NFC.IsNormal(b) || bytes.ContainsRune(b, '\r') {
					continue
				}
				clean := string(b)
				posts++
				if got, _ := Repair([]byte(misread(clean, nil, false))); got == clean {
					lossless++
				} else {
					t.Errorf("%s through Latin-1 not repaired:\n%s", f, firstDiff(got, clean))
				}
				if lang == "ja" {
					continue
				}
				got, _ := Repair([]byte(misread(clean, charmap.Windows1254, true)))
				holes += lostBytes(clean, charmap.Windows1254)
				if got == clean {
					exact++
					continue
				}
				wrong += runeDiff(got, clean)
			}
			t.Logf("%d posts; through Latin-1: %d whole", posts, lossless)
			if lang == "ja" {
				return
			}
			rate := 1 - float64(wrong)/float64(max(holes, 1))
			t.Logf("seed-like damage: %d posts whole (%.3f); %d lost bytes, %d characters wrong or left (%.3f right)",
				exact, float64(exact)/float64(posts), holes, wrong, rate)
			// English posts lose few bytes (curly quotes, dashes, emoji)
			// and more of them fit no single candidate.
			if min := map[string]float64{"vi": 0.95, "en": 0.9}[lang]; rate < min {
				t.Errorf("only %.3f of lost characters restored, want %.2f", rate, min)
			}
		})
	}
}

// lostBytes counts the bytes of s that misread(s, cm, true) drops.
func lostBytes(s string, cm *charmap.Charmap) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 && (c == 0xAD || cm.DecodeByte(c) == utf8.RuneError) {
			n++
		}
	}
	return n
}

// runeDiff counts the characters that differ between two texts, line by
// line; a line of another length counts its difference in length, at
// least one.
func runeDiff(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(al) != len(bl) {
		return max(1, abs(utf8.RuneCountInString(a)-utf8.RuneCountInString(b)))
	}
	n := 0
	for i := range al {
		if al[i] == bl[i] {
			continue
		}
		x, y := []rune(al[i]), []rune(bl[i])
		if len(x) != len(y) {
			n += max(1, abs(len(x)-len(y)))
			continue
		}
		for j := range x {
			if x[j] != y[j] {
				n++
			}
		}
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestLongTextInHalves repairs a text long enough to be worked on two
// cores: the result and the report must be those of its parts.
func TestLongTextInHalves(t *testing.T) {
	clean, err := os.ReadFile("testdata/vietkubers-meetup-2.clean.md")
	if err != nil {
		t.Fatal(err)
	}
	damaged, err := os.ReadFile("../../data/posts/vi/2019-06-22-vietkubers-meetup-2-mojibake.md")
	if err != nil {
		t.Fatal(err)
	}
	_, one := Repair(damaged)
	copies := parallelBytes/len(damaged) + 2
	got, rep := Repair(bytes.Repeat(damaged, copies))
	if got != strings.Repeat(string(clean), copies) {
		t.Fatal("long text repaired differently from its parts")
	}
	for k, n := range one.Counts {
		if rep.Counts[k] != n*copies {
			t.Errorf("%s: %d changes, want %d × %d", k, rep.Counts[k], copies, n)
		}
	}
	if len(rep.Restorations) != len(one.Restorations)*copies {
		t.Errorf("%d restorations, want %d", len(rep.Restorations), len(one.Restorations)*copies)
	}
	for i := 1; i < len(rep.Restorations); i++ {
		if rep.Restorations[i].Line < rep.Restorations[i-1].Line {
			t.Fatalf("restorations out of line order at %d: line %d after %d", i, rep.Restorations[i].Line, rep.Restorations[i-1].Line)
		}
	}
}

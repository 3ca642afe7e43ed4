package textfix

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
)

const (
	// viPost and jaPost are Markdown posts of ours with YAML front matter.
	viPost = "---\ntitle: Buổi gặp mặt kỹ sư\ntags: [Kubernetes]\n---\nHôm nay người kỹ sư trẻ kể về lần đầu vận hành cụm máy chủ ở Hà Nội.\n"
	jaPost = "---\ntitle: 勉強会の参加レポート\n---\n今日はコンテナの運用について話を聞きました。とても楽しかったです。\n"
	// jaProse is Japanese without a single ASCII character, so its UTF-16
	// has no zero byte to give it away.
	jaProse = "今日はコンテナの運用について話を聞きました。ロードバランサの設定がとても分かりやすかったです。"
)

// randomBytes returns n bytes from a fixed seed.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// utf16 encodes s as UTF-16 in the given byte order, without a mark.
func utf16(t *testing.T, s string, e xunicode.Endianness) []byte {
	t.Helper()
	b, err := xunicode.UTF16(e, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// truncatedPost is a 130-byte Vietnamese post whose first ặ, ô, ầ and ủ
// each lost their last byte: seven bytes left of four cut sequences.
func truncatedPost(t *testing.T) []byte {
	t.Helper()
	s := "---\ntitle: Buổi gặp mặt\n---\nHôm nay người kỹ sư trẻ kể về lần đầu vận hành cụm máy chủ ở Hà Nội.\n"
	b := []byte(s)
	for _, c := range []string{"ặ", "ô", "ầ", "ủ"} {
		i := bytes.Index(b, []byte(c))
		b = append(b[:i+len(c)-1], b[i+len(c):]...)
	}
	if len(b) != 130 {
		t.Fatalf("truncated post is %d bytes, want 130", len(b))
	}
	return b
}

// cutFewLetters is an English post naming a Vietnamese engineer, whose ờ
// and ỹ each lost their last byte: too few letters beyond ASCII for the
// margin of mostlyUTF8, which the previous rule decoded as EUC-JP
// ("ng動畛i k畛 s動").
func cutFewLetters(t *testing.T) []byte {
	t.Helper()
	b := []byte("---\ntitle: Meetup notes\n---\nOur speaker was a người kỹ sư from Hanoi. Thanks to everyone who came tonight!\n")
	for _, c := range []string{"ờ", "ỹ"} {
		i := bytes.Index(b, []byte(c))
		b = append(b[:i+len(c)-1], b[i+len(c):]...)
	}
	return b
}

func TestNotEveryFileIsText(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(jaPost))
	if err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), randomBytes(64<<10, 2)...)
	tests := []struct {
		name     string
		in       []byte
		binary   bool
		encoding string
		want     string   // the whole text, when set
		has      []string // in the text
		invalid  int      // U+FFFD marks, when want is not set
	}{
		{name: "random bytes", in: randomBytes(200<<10, 1), binary: true},
		{name: "png header and random", in: png, binary: true},
		{name: "zeros", in: make([]byte, 4096), binary: true},
		{name: "utf-16le vietnamese", in: utf16(t, viPost, xunicode.LittleEndian), encoding: "utf-16le", want: viPost},
		{name: "utf-16be vietnamese", in: utf16(t, viPost, xunicode.BigEndian), encoding: "utf-16be", want: viPost},
		{name: "utf-16le japanese", in: utf16(t, jaPost, xunicode.LittleEndian), encoding: "utf-16le", want: jaPost},
		{name: "utf-16be japanese", in: utf16(t, jaPost, xunicode.BigEndian), encoding: "utf-16be", want: jaPost},
		{name: "utf-16le japanese prose", in: utf16(t, jaProse, xunicode.LittleEndian), encoding: "utf-16le", want: jaProse},
		{name: "utf-16be japanese prose", in: utf16(t, jaProse, xunicode.BigEndian), encoding: "utf-16be", want: jaProse},
		{name: "truncated utf-8", in: truncatedPost(t), encoding: "utf-8",
			has: []string{"người kỹ sư", "title: Bu", "vận hành", "Hà Nội"}, invalid: 7},
		{name: "few letters cut stay utf-8", in: cutFewLetters(t), encoding: "utf-8",
			has: []string{"Our speaker was", "from Hanoi"}, invalid: 4},
		{name: "shift_jis stays legacy", in: sjis, encoding: "shift_jis", want: jaPost},
		{name: "a few controls are text", in: []byte("Ghi chú\x01 buổi gặp\x00 mặt của các kỹ sư ở Hà Nội, tháng sáu.\n"), encoding: "utf-8",
			has: []string{"Ghi chú\x01 buổi gặp\x00 mặt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep := Repair(tt.in)
			if rep.Binary != tt.binary {
				t.Fatalf("Binary = %v, want %v (encoding %s, text %q)", rep.Binary, tt.binary, rep.Encoding, firstRunes(got, 60))
			}
			if tt.binary {
				if got != "" {
					t.Errorf("binary input gave text %q", firstRunes(got, 60))
				}
				return
			}
			if rep.Encoding != tt.encoding {
				t.Errorf("encoding = %s, want %s", rep.Encoding, tt.encoding)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for _, s := range tt.has {
				if !strings.Contains(got, s) {
					t.Errorf("text %q lacks %q", got, s)
				}
			}
			if n := strings.Count(got, "\uFFFD"); tt.want == "" && n != tt.invalid {
				t.Errorf("%d U+FFFD in %q, want %d", n, got, tt.invalid)
			}
		})
	}
}

func TestBinaryReport(t *testing.T) {
	_, rep := Repair(randomBytes(1024, 3))
	var b strings.Builder
	if _, err := rep.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ErrBinary.Error()) {
		t.Errorf("report %q does not say binary", b.String())
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

package search

import (
	"bytes"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
)

func analyze(t *testing.T, analyzer, text string) []string {
	t.Helper()
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := m.(*mapping.IndexMappingImpl).AnalyzeText(analyzer, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(ts))
	for i, tok := range ts {
		out[i] = string(tok.Term)
		if int(tok.Start) > len(text) || tok.End > len(text) || tok.Start > tok.End {
			t.Errorf("token %q has offsets %d..%d outside the %d-byte text", tok.Term, tok.Start, tok.End, len(text))
		}
	}
	return out
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		name, analyzer, text string
		want                 []string
	}{
		// Vietnamese: each word folded, and as written when folding
		// changes it.
		{"vi folded", AnalyzerFolded, "Kỹ sư công nghệ", []string{"ky", "su", "cong", "nghe"}},
		{"vi folded and as written", AnalyzerTitle, "Kỹ sư công nghệ", []string{"ky", "kỹ", "su", "sư", "cong", "công", "nghe", "nghệ"}},
		{"vi đ and capitals", AnalyzerTitle, "Đà Nẵng ĐỀ", []string{"da", "đà", "nang", "nẵng", "de", "đề"}},
		{"vi tone placements alike", AnalyzerTitle, "hoà hòa thuỷ thủy khỏe", []string{"hoa", "hoà", "hoa", "hoà", "thuy", "thuỷ", "thuy", "thuỷ", "khoe", "khoẻ"}},
		{"vi quý untouched", AnalyzerTitle, "quý hoàn", []string{"quy", "quý", "hoan", "hoàn"}},
		// Japanese: bigrams in the main field, width folded; katakana
		// words also whole.
		{"ja bigrams", AnalyzerFolded, "負荷分散", []string{"負荷", "荷分", "分散"}},
		{"ja two kanji are a bigram", AnalyzerFolded, "分散", []string{"分散"}},
		{"full and half width, a short katakana word whole", AnalyzerFolded, "ＡＢＣ ｶﾀｶﾅ", []string{"abc", "カタカナ"}},
		{"short katakana words as bigrams for queries", AnalyzerTitleBigrams, "ＡＢＣ ｶﾀｶﾅ", []string{"abc", "カタ", "カタカナ", "タカ", "カナ"}},
		{"a six-letter katakana run as bigrams and whole", AnalyzerFolded, "テストコード", []string{"テス", "テストコード", "スト", "トコ", "コー", "ード"}},
		{"ja single kanji, lone hiragana left out", AnalyzerFolded, "都 に", []string{"都"}},
		{"ja run parted by script", AnalyzerFolded, "マイクロサービスの設計", []string{"マイ", "マイクロサービス", "イク", "クロ", "ロサ", "サー", "ービ", "ビス", "設計"}},
		{"ja okurigana", AnalyzerFolded, "使っています", []string{"使", "って", "てい", "いま", "ます"}},
		{"ja hiragana word", AnalyzerFolded, "まとめ", []string{"まと", "とめ"}},
		{"ja middle dot parts words", AnalyzerFolded, "サービス・メッシュ", []string{"サービス", "メッシュ"}},
		// Technical tokens, whole and in parts.
		{"tech tokens", AnalyzerFolded, "controller-runtime v1.0 k8s @everpeace", []string{"controller-runtime", "controller", "runtime", "v1.0", "k8s", "@everpeace", "everpeace"}},
		{"email-like @ stays a part", AnalyzerFolded, "a@b", []string{"a", "b"}},
		// English: possessive, stop words, stemming; technical tokens unstemmed.
		{"en", AnalyzerEnglish, "The controller's deployments running k8s v1.0", []string{"control", "deploy", "run", "k8s", "v1.0"}},
		{"en compound kept", AnalyzerEnglish, "kube-proxy rules", []string{"kube-proxy", "kube", "proxi", "rule"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analyze(t, tt.analyzer, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("%s(%q) = %q, want %q", tt.analyzer, tt.text, got, tt.want)
			}
		})
	}
}

func FuzzAnalyzers(f *testing.F) {
	for _, s := range []string{"Kỹ sư", "負荷分散ｶﾀｶﾅ", "a-b.c/d @x", "hòa", "\xff\xfe", "ＡＢＣ-ｶﾞ"} {
		f.Add(s)
	}
	m, err := NewMapping()
	if err != nil {
		f.Fatal(err)
	}
	im := m.(*mapping.IndexMappingImpl)
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range []string{AnalyzerFolded, AnalyzerTitle, AnalyzerEnglish} {
			ts, err := im.AnalyzeText(a, []byte(s))
			if err != nil {
				t.Fatal(err)
			}
			for _, tok := range ts {
				if tok.Start < 0 || tok.End > len(s) || tok.Start > tok.End {
					t.Fatalf("%s: token %q offsets %d..%d outside %d bytes", a, tok.Term, tok.Start, tok.End, len(s))
				}
			}
		}
	})
}

// TestFoldedPositions checks that a word and its folded form, and a
// katakana word and its first bigram, share a position, and that the
// positions of the words around them count each word once, so that
// phrases match across them.
func TestFoldedPositions(t *testing.T) {
	tests := []struct {
		text string
		want [][]string
	}{
		{"kỹ sư go", [][]string{{"ky", "kỹ"}, {"su", "sư"}, {"go"}}},
		{"ステート管理 kỹ", [][]string{{"ステート"}, {"管理"}, {"ky", "kỹ"}}},
		// A particle takes no position: both texts are one phrase.
		{"設計の改善", [][]string{{"設計"}, {"改善"}}},
		{"設計を改善", [][]string{{"設計"}, {"改善"}}},
		{"a 都 b", [][]string{{"a"}, {"都"}, {"b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := positions(tt.text); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("positions(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func BenchmarkAnalyzers(b *testing.B) {
	m, err := NewMapping()
	if err != nil {
		b.Fatal(err)
	}
	mixed := "Kỹ sư công nghệ nói về Kubernetes controller-runtime và マイクロサービスの設計、負荷分散 v1.0 @everpeace. "
	english := "The second talk showed how the controllers were deploying services and running their networks on Kubernetes clusters. "
	for _, bb := range []struct{ name, analyzer, text string }{
		{"folded/mixed", AnalyzerFolded, mixed},
		{"folded/english", AnalyzerFolded, english},
		{"folded_en/english", AnalyzerFoldedEnglish, english},
	} {
		b.Run(bb.name, func(b *testing.B) {
			an := m.AnalyzerNamed(bb.analyzer)
			text := bytes.Repeat([]byte(bb.text), 40)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				an.Analyze(text)
			}
		})
	}
}

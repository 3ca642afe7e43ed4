package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
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
		// Vietnamese: folded main field.
		{"vi folded", AnalyzerFolded, "Kỹ sư công nghệ", []string{"ky", "su", "cong", "nghe"}},
		{"vi đ and capitals", AnalyzerFolded, "Đà Nẵng ĐỀ", []string{"da", "nang", "de"}},
		{"vi tone placements fold alike", AnalyzerFolded, "hoà hòa thuỷ thủy", []string{"hoa", "hoa", "thuy", "thuy"}},
		// Vietnamese: exact field keeps accents, one tone placement.
		{"vi exact keeps accents", AnalyzerExact, "Vấn đề", []string{"vấn", "đề"}},
		{"vi exact tone placement", AnalyzerExact, "hòa hoà thủy thuỷ khỏe khoẻ", []string{"hoà", "hoà", "thuỷ", "thuỷ", "khoẻ", "khoẻ"}},
		{"vi exact quý untouched", AnalyzerExact, "quý hoàn", []string{"quý", "hoàn"}},
		// Japanese: bigrams in the main field, width folded.
		{"ja bigrams", AnalyzerFolded, "負荷分散", []string{"負荷", "荷分", "分散"}},
		{"full and half width", AnalyzerFolded, "ＡＢＣ ｶﾀｶﾅ", []string{"abc", "カタ", "タカ", "カナ"}},
		{"ja single kanji", AnalyzerFolded, "都 に", []string{"都", "に"}},
		// Japanese: morphemes, particles dropped.
		{"ja kagome", AnalyzerJapanese, "東京都で負荷分散の勉強会に参加しました", []string{"東京", "都", "負荷", "分散", "勉強", "会", "参加", "し"}},
		{"ja kagome width", AnalyzerJapanese, "ｶﾀｶﾅとＡＢＣ", []string{"カタカナ", "abc"}},
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
		for _, a := range []string{AnalyzerFolded, AnalyzerExact, AnalyzerEnglish, AnalyzerJapanese} {
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

// TestShrunkDictionary checks that the dictionary without its contents,
// which the search loads, segments and tags Japanese as the full one
// does: the parts of speech that the analysis skips come from a table
// the shrunk dictionary keeps.
func TestShrunkDictionary(t *testing.T) {
	// The shrunk one first: once the full one is loaded, kagome-dict
	// gives it for both.
	d := ipa.DictShrink()
	if d.Contents != nil {
		t.Fatal("the shrunk dictionary has contents: the full one was loaded before it in this process")
	}
	shrunk, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	full, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"負荷分散装置の話をしました。",
		"東京都で勉強会を開催しました",
		"コンテナとKubernetesのイングレスコントローラについて発表がありました",
		"ﾈｲﾃｨﾌﾞなｱﾌﾟﾘは未知語ばかりでｗ",
	} {
		t.Run(text, func(t *testing.T) {
			a, b := full.Analyze(text, tokenizer.Search), shrunk.Analyze(text, tokenizer.Search)
			if len(a) != len(b) {
				t.Fatalf("%d tokens with the full dictionary, %d shrunk", len(a), len(b))
			}
			for i := range a {
				if a[i].Surface != b[i].Surface || a[i].Class != b[i].Class || strings.Join(a[i].POS(), ",") != strings.Join(b[i].POS(), ",") {
					t.Errorf("token %d: full %s %v, shrunk %s %v", i, a[i].Surface, a[i].POS(), b[i].Surface, b[i].POS())
				}
			}
		})
	}
}

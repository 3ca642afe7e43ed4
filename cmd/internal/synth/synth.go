// Package synth writes a synthetic corpus of recap posts in Vietnamese,
// Japanese and English for speed benchmarks. Each language has its own
// vocabulary of at least 50,000 made-up words whose frequencies follow a
// Zipf law, as words in real text do, so that a common query word matches
// a few percent of the posts and a rare one a handful.
package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/recaphq/recap/indexer/kb"
)

// VocabularySize is the number of distinct words per language.
const VocabularySize = 50000

// Generator makes posts deterministically from a seed.
type Generator struct {
	vocab map[string][]string // language → its words, most frequent first
	seed  int64
}

// New returns a generator whose vocabularies and posts depend on seed only.
func New(seed int64) *Generator {
	r := rand.New(rand.NewSource(seed))
	return &Generator{
		seed: seed,
		vocab: map[string][]string{
			kb.LangEN: vocabulary(r, englishWord),
			kb.LangVI: vocabulary(r, vietnameseWord),
			kb.LangJA: vocabulary(r, japaneseWord),
		},
	}
}

func vocabulary(r *rand.Rand, word func(*rand.Rand) string) []string {
	seen := make(map[string]bool, VocabularySize)
	out := make([]string, 0, VocabularySize)
	for len(out) < VocabularySize {
		w := word(r)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var (
	enOnsets = strings.Fields("b c d f g h j k l m n p r s t v w z br cl dr fl gr pl st tr sh ch th")
	enVowels = strings.Fields("a e i o u ai ea ee oo ou io")
	enCodas  = strings.Fields("_ _ n r s t l m nd st ng ck x")

	viOnsets = strings.Fields("b c ch d đ g h k kh l m n ng nh p ph qu r s t th tr v x")
	viRhymes = strings.Fields("a ai am an ang anh ao au ay e em en eo ê ên êu i ia im in inh iêu o oa oai oan oang oe oi om on ong ô ôi ôm ôn ông ơ ơi ơn u ua ui um un ung uy uyên ư ưa ươi ương ưu")
	viTones  = []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

	jaKanji = []rune("日本語開発運用設計検証監視分散構成環境基盤技術情報管理会議発表資料実装導入移行計画性能障害対応自動化組織文化製品機能品質試験改善課題解決")
	jaKata  = []rune("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダデドバビブベボパピプペポー")
)

func pick(r *rand.Rand, s []string) string { return s[r.Intn(len(s))] }

func englishWord(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.Intn(3) {
		b.WriteString(pick(r, enOnsets))
		b.WriteString(pick(r, enVowels))
		if c := pick(r, enCodas); c != "_" {
			b.WriteString(c)
		}
	}
	return b.String()
}

// vietnameseSyllable builds an onset, a rhyme and a tone mark on the
// rhyme's first vowel, composed to NFC as real text is.
func vietnameseSyllable(r *rand.Rand) string {
	rhyme := []rune(pick(r, viRhymes))
	tone := viTones[r.Intn(len(viTones))]
	s := pick(r, viOnsets) + string(rhyme[0]) + tone + string(rhyme[1:])
	return nfc(s)
}

// vietnameseWord is one or two syllables: compounds such as "công nghệ"
// are the norm.
func vietnameseWord(r *rand.Rand) string {
	if r.Intn(3) == 0 {
		return vietnameseSyllable(r)
	}
	return vietnameseSyllable(r) + " " + vietnameseSyllable(r)
}

func japaneseWord(r *rand.Rand) string {
	var src []rune
	n := 2 + r.Intn(2)
	if r.Intn(3) == 0 {
		src, n = jaKata, 3+r.Intn(4)
	} else {
		src = jaKanji
	}
	out := make([]rune, n)
	for i := range out {
		out[i] = src[r.Intn(len(src))]
	}
	return string(out)
}

var jaParticles = []string{"は", "が", "を", "に", "の", "で", "と", "も"}

// Post returns the i-th post. Posts are about 3.6 KB of text, a third in
// each language, dated over six years, with a few tags from the head of
// the vocabulary.
func (g *Generator) Post(i int) kb.Entry {
	r := rand.New(rand.NewSource(g.seed*1_000_003 + int64(i)))
	lang := kb.Languages[i%len(kb.Languages)]
	z := rand.NewZipf(r, 1.07, 2, VocabularySize-1)
	words := g.vocab[lang]
	w := func() string { return words[z.Uint64()] }
	var body strings.Builder
	const size = 3600
	for body.Len() < size {
		n := 8 + r.Intn(10)
		for k := range n {
			switch lang {
			case kb.LangJA:
				body.WriteString(w())
				if k < n-1 {
					body.WriteString(jaParticles[r.Intn(len(jaParticles))])
				}
			default:
				if k > 0 {
					body.WriteByte(' ')
				}
				body.WriteString(w())
			}
		}
		if lang == kb.LangJA {
			body.WriteString("。")
		} else {
			body.WriteString(". ")
		}
		if r.Intn(8) == 0 {
			body.WriteString("\n\n")
		}
	}
	var title []string
	for range 3 + r.Intn(4) {
		title = append(title, w())
	}
	sep := " "
	if lang == kb.LangJA {
		sep = ""
	}
	slug := fmt.Sprintf("synth-%s-%06d", lang, i)
	p := kb.Post{
		Slug:  slug,
		Path:  "posts/" + lang + "/" + slug + ".md",
		Title: strings.Join(title, sep),
		Date:  time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.Intn(6*365)),
		Tags:  []string{words[r.Intn(40)], words[r.Intn(200)]},
		Lang:  lang,
		Text:  body.String(),
	}
	p.Markdown = p.Text
	return kb.Entry{Post: p, Markdown: p.Text}
}

func nfc(s string) string { return norm.NFC.String(s) }

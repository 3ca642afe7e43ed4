package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/recaphq/recap/indexer/textrule"
)

// span is a matched byte range of a text. Its weight says how squarely it
// matched the user's words (see ownWords.weigh); 0 counts as 1.
type span struct{ start, end, weight int }

// ownWords are the words of a query as typed (with corrections), for
// telling the matches of the user's own words from those of other names
// of a concept, which snippets should show only when the others are
// missing.
type ownWords struct {
	exact    map[string]bool // lowercase, accents kept
	folded   []string        // lowercase, accents removed
	accented bool            // some word was typed with accents
}

func newOwnWords(text string) ownWords {
	w := ownWords{exact: map[string]bool{}}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		l := strings.ToLower(f)
		w.exact[l] = true
		w.folded = append(w.folded, textrule.Fold(l))
		w.accented = w.accented || hasDiacritics(l)
	}
	return w
}

// weigh rates a matched word: 4 when it is a word typed, 3 when it is one
// up to accents (or, typed without accents, any accented form), a stem or
// a completion of one, or a bigram of a typed Japanese word; 2 when only
// its accents differ from what was typed with accents; 1 otherwise (a
// synonym).
func (w ownWords) weigh(matched string) int {
	l := strings.ToLower(matched)
	if w.exact[l] {
		return 4
	}
	k := textrule.Fold(l)
	for _, f := range w.folded {
		if k == f || strings.Contains(f, k) && hasCJK(k) || len(f) >= 3 && strings.HasPrefix(k, f) {
			if w.accented && !hasCJK(k) {
				return 2
			}
			return 3
		}
	}
	return 1
}

// matchSpans collects the matched ranges of the field that holds text:
// words matched through folding, stemming, fuzziness, a prefix or a
// synonym are all marked. The result is sorted and without overlaps;
// ranges that do not fall on character boundaries of text are dropped.
func matchSpans(locs bsearch.FieldTermLocationMap, field, text string, own ownWords) []span {
	var spans []span
	for f, terms := range locs {
		if f != field {
			continue
		}
		for _, ls := range terms {
			for _, l := range ls {
				s, e := int(l.Start), int(l.End)
				if s < 0 || e > len(text) || s >= e || !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
					continue
				}
				spans = append(spans, span{s, e, own.weigh(text[s:e])})
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.start < out[n-1].end {
			if s.end > out[n-1].end {
				out[n-1].end = s.end
			}
			out[n-1].weight = max(out[n-1].weight, s.weight)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Excerpt is a piece of text with the ranges of it that matched a query:
// what a page shows of a hit, before it is rendered as HTML or for a
// terminal.
type Excerpt struct {
	// Text is plain text, runs of white space shown as one space; it
	// starts or ends with "…" where it was cut from a longer text.
	Text string
	// Marks are the byte ranges of Text that matched, sorted and apart.
	Marks []Mark
}

// Mark is a matched byte range [Start, End) of an Excerpt's Text.
type Mark struct{ Start, End int }

// Pieces calls fn with the text of e in order, each piece with whether it
// matched, so that a page and a terminal can each show the marks their
// own way.
func (e Excerpt) Pieces(fn func(text string, marked bool)) {
	pos := 0
	for _, m := range e.Marks {
		if m.Start < pos || m.End > len(e.Text) || m.Start >= m.End {
			continue // out of order or range: only a hand-made Excerpt has one
		}
		if pos < m.Start {
			fn(e.Text[pos:m.Start], false)
		}
		fn(e.Text[m.Start:m.End], true)
		pos = m.End
	}
	if pos < len(e.Text) {
		fn(e.Text[pos:], false)
	}
}

// Snippet returns about n characters of text around its densest cluster of
// matches (by weight: the user's own words count more than other names of
// a concept), with the matches marked. It cuts only between words (at
// spaces, or next to a CJK character), never inside a character or a
// Vietnamese syllable, and shows runs of white space as one space.
func Snippet(text string, spans []span, n int) Excerpt {
	if len(spans) == 0 {
		return Excerpt{Text: leadText(text, n)}
	}
	// Pick the window of n characters, starting a little before a match,
	// that holds the most weight of matches.
	lead := n / 4
	bestStart, bestCount := 0, -1
	for i := range spans {
		start := backRunes(text, spans[i].start, lead)
		end := forwardRunes(text, start, n)
		c := 0
		for _, s := range spans[i:] {
			if s.end > end {
				break
			}
			c += max(s.weight, 1)
		}
		if c > bestCount {
			bestStart, bestCount = start, c
		}
	}
	start := safeCut(text, bestStart, -1)
	end := safeCut(text, forwardRunes(text, start, n), +1)
	if utf8.RuneCountInString(text) <= n {
		start, end = 0, len(text)
	}
	var b strings.Builder
	var marks []Mark
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, s := range spans {
		if s.start < start || s.end > end {
			continue
		}
		writeText(&b, text[pos:s.start])
		m := Mark{Start: b.Len()}
		writeText(&b, text[s.start:s.end])
		m.End = b.Len()
		marks = append(marks, m)
		pos = s.end
	}
	writeText(&b, text[pos:end])
	if end < len(text) {
		b.WriteString(" …")
	}
	return trimExcerpt(Excerpt{Text: b.String(), Marks: marks})
}

// trimExcerpt trims the white space around e's text, moving its marks with
// it.
func trimExcerpt(e Excerpt) Excerpt {
	lead := len(e.Text) - len(strings.TrimLeftFunc(e.Text, unicode.IsSpace))
	e.Text = strings.TrimSpace(e.Text)
	out := e.Marks[:0]
	for _, m := range e.Marks {
		m.Start, m.End = max(m.Start-lead, 0), min(m.End-lead, len(e.Text))
		if m.Start < m.End {
			out = append(out, m)
		}
	}
	e.Marks = out
	if len(e.Marks) == 0 {
		e.Marks = nil
	}
	return e
}

// writeText writes s with each run of white space as one space.
func writeText(b *strings.Builder, s string) {
	space := false
	start := 0
	flush := func(i int) {
		if start < i {
			b.WriteString(s[start:i])
		}
	}
	for i, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				flush(i)
				b.WriteByte(' ')
			}
			space = true
			start = i + utf8.RuneLen(r)
			continue
		}
		space = false
	}
	flush(len(s))
}

// backRunes returns the byte offset n characters before i.
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the byte offset n characters after i.
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// safeCut moves the byte offset i in direction dir (-1 or +1) to the
// nearest place where text may be cut without splitting a word: the ends of
// the text, white space, or beside a CJK character or punctuation.
func safeCut(s string, i, dir int) int {
	for i > 0 && i < len(s) {
		// The sizes decoded, not utf8.RuneLen: a byte that is not UTF-8
		// decodes as U+FFFD, which is three bytes long.
		before, bsize := utf8.DecodeLastRuneInString(s[:i])
		after, asize := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(before) || unicode.IsSpace(after) || textrule.IsCJK(before) || textrule.IsCJK(after) ||
			unicode.IsPunct(before) && unicode.IsPunct(after) {
			return i
		}
		if dir < 0 {
			i -= bsize
		} else {
			i += asize
		}
	}
	return i
}

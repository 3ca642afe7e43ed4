package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
)

var (
	reOrdinal = []*lazyRegexp{
		lazyRE(`(?i)\b(?:first|1st)\s+(?:talk|presentation|session|speaker|keynote)|bài (?:thuyết trình|nói|chia sẻ) đầu tiên|(?:1つ目|一つ目|最初)の(?:発表|セッション|講演|トーク)`),
		lazyRE(`(?i)\b(?:second|2nd)\s+(?:talk|presentation|session|speaker|keynote)|bài (?:thuyết trình|nói|chia sẻ) thứ (?:hai|2)|(?:2つ目|二つ目)の(?:発表|セッション|講演|トーク)`),
		lazyRE(`(?i)\b(?:third|3rd)\s+(?:talk|presentation|session|speaker|keynote)|bài (?:thuyết trình|nói|chia sẻ) thứ (?:ba|3)|(?:3つ目|三つ目)の(?:発表|セッション|講演|トーク)`),
		lazyRE(`(?i)\b(?:fourth|4th)\s+(?:talk|presentation|session|speaker|keynote)|bài (?:thuyết trình|nói|chia sẻ) thứ (?:tư|4)|(?:4つ目|四つ目)の(?:発表|セッション|講演|トーク)`),
	}
	reLastTalk = lazyRE(`(?i)\b(?:last|final)\s+(?:talk|presentation|session|speaker)|bài (?:thuyết trình|nói|chia sẻ) cuối|最後の(?:発表|セッション|講演|トーク)`)
	reClosing  = lazyRE(`(?i)^(?:overall|in summary|to sum up|in conclusion|all in all|finally)\b|まとめ|tổng kết|kết luận|nhìn chung`)
)

// describe finds the paragraphs about each talk that has no description
// yet: after the list that names them, a paragraph belongs to a talk when
// it says which one ("the second presentation"), or names its speaker or
// handle; up to two following paragraphs without such a cue continue it.
func describe(cs []cand, lines []line) {
	need := false
	first := len(lines)
	for _, c := range cs {
		if c.desc == "" {
			need = true
		}
		if c.line < first {
			first = c.line
		}
	}
	if !need {
		return
	}
	keys := make([][]string, len(cs))
	for i, c := range cs {
		keys[i] = personKeys(c.people)
	}
	descs := make([]strings.Builder, len(cs))
	cur, cont := -1, 0
	for i := first; i < len(lines); i++ {
		if lines[i].kind != kText {
			if lines[i].kind == kHeading {
				cur = -1
			}
			continue
		}
		var b strings.Builder
		for ; i < len(lines) && lines[i].kind == kText; i++ {
			b.WriteString(lines[i].plain)
			b.WriteByte(' ')
		}
		para := strings.TrimSpace(b.String())
		t := whichTalk(para, cs, keys)
		switch {
		case t >= 0:
			cur, cont = t, 0
		case cur >= 0 && cont < 2 && !reClosing.MatchString(para):
			cont++
		default:
			cur = -1
			continue
		}
		if cs[cur].desc != "" || descs[cur].Len() > maxDesc*3 {
			continue
		}
		if descs[cur].Len() > 0 {
			descs[cur].WriteString("\n\n")
		}
		descs[cur].WriteString(para)
	}
	for i := range cs {
		if cs[i].desc == "" {
			d := []rune(descs[i].String())
			if len(d) > maxDesc {
				d = d[:maxDesc]
			}
			cs[i].desc = string(d)
		}
	}
}

var ordinalWords = []string{"first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "last", "final",
	"đầu tiên", "thứ", "cuối", "つ目", "最初", "最後"}

// whichTalk returns the talk a paragraph is about, or -1.
func whichTalk(para string, cs []cand, keys [][]string) int {
	best, at := -1, len(para)+1
	lp := strings.ToLower(para)
	ordinal := containsAny(lp, ordinalWords)
	for i, re := range reOrdinal {
		if !ordinal {
			break
		}
		if i >= len(cs) {
			break
		}
		if loc := re.FindStringIndex(para); loc != nil && loc[0] < at {
			best, at = i, loc[0]
		}
	}
	if !ordinal {
	} else if loc := reLastTalk.FindStringIndex(para); loc != nil && loc[0] < at {
		best, at = len(cs)-1, loc[0]
	}
	if best >= 0 {
		return best
	}
	for i := range cs {
		for _, k := range keys[i] {
			if j := indexWord(lp, k); j >= 0 && j < at {
				best, at = i, j
			}
		}
	}
	return best
}

// personKeys are the words that name a speaker in prose: handles and the
// parts of their names three letters or longer.
func personKeys(ps []person) []string {
	var out []string
	for _, p := range ps {
		if p.handle != "" {
			out = append(out, strings.ToLower(p.handle))
		}
		for _, w := range strings.Fields(p.name) {
			if runeLen(w) >= 3 && !stopWords[strings.ToLower(w)] {
				out = append(out, strings.ToLower(w))
			}
		}
		if runeLen(p.name) >= 2 && !strings.Contains(p.name, " ") {
			out = append(out, strings.ToLower(p.name))
		}
	}
	return out
}

// indexWord finds w in s on word boundaries (for Latin words).
func indexWord(s, w string) int {
	off := 0
	for {
		j := strings.Index(s[off:], w)
		if j < 0 {
			return -1
		}
		j += off
		end := j + len(w)
		okL := j == 0 || !isLatinWord(lastRune(s[:j]))
		okR := end >= len(s) || !isLatinWord(firstRune(s[end:]))
		if okL && okR {
			return j
		}
		off = j + 1
		for off < len(s) && s[off]&0xC0 == 0x80 {
			off++
		}
	}
}

func isLatinWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !textrule.IsCJK(r)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

package textfix

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
)

// A piece is one stretch of a run of code-page characters, read back as
// the UTF-8 bytes they stood for.
type piece struct {
	start, end int  // rune indexes in the source
	r          rune // the rebuilt character, for a complete sequence
	kind       pieceKind
	strong     bool    // a sequence clean text does not produce by chance
	n          uint8   // number of bytes
	b          [4]byte // the bytes the characters stood for
}

func (p *piece) bytes() []byte { return p.b[:p.n] }

type pieceKind uint8

const (
	pieceLiteral   pieceKind = iota // not a UTF-8 sequence: kept
	pieceComplete                   // a whole UTF-8 sequence
	pieceTruncated                  // a UTF-8 sequence that lacks one byte
	pieceLeadOnly                   // the lead byte of kana or kanji, both continuation bytes lost
)

// weakTrail lists the characters that follow an upper-case accented letter
// in clean text too (JOSÉ”, CAFÉ», Ñ…), so a pair ending in one of them is
// rebuilt only in a word or in a document that is plainly damaged.
const weakTrail = "’”“‘»«…–—•™®©°·\u00a0\u00ad"

// weakByte marks the bytes whose code-page characters are in weakTrail.
var weakByte = func() (t [256]bool) {
	for _, r := range weakTrail {
		if c, ok := cpByte(r); ok {
			t[c] = true
		}
	}
	return t
}()

// quoteByte marks the bytes whose code-page characters are quotes,
// dashes, ellipsis and bullet, which follow a capital letter in clean text.
var quoteByte = func() (t [256]bool) {
	for _, r := range "’”“‘»«…–—•" {
		if c, ok := cpByte(r); ok {
			t[c] = true
		}
	}
	return t
}()

// minEvidence is how many unmistakable mojibake sequences a document must
// hold before weak pairs are rebuilt and lost bytes are guessed.
const minEvidence = 2

// splitRun reads the code-page characters rs[start:end] back as bytes and
// appends their pieces to out; buf is scratch space.
func splitRun(out []piece, buf []byte, rs []rune, start, end int) ([]piece, []byte) {
	b := buf[:0]
	for i := start; i < end; i++ {
		c, _ := cpByte(rs[i])
		b = append(b, c)
	}
	for k := 0; k < len(b); {
		need := seqLen(b[k])
		if need == 0 {
			out = append(out, piece{start: start + k, end: start + k + 1, kind: pieceLiteral})
			k++
			continue
		}
		m := 1
		for m < need && k+m < len(b) && b[k+m]&0xC0 == 0x80 {
			m++
		}
		p := piece{start: start + k, end: start + k + m, n: uint8(m)}
		copy(p.b[:], b[k:k+m])
		switch {
		case m == need:
			r, size := utf8.DecodeRune(b[k : k+m])
			if r == utf8.RuneError || size != m {
				p.kind, p.end = pieceLiteral, start+k+1
				m = 1
				break
			}
			p.kind, p.r = pieceComplete, r
			p.strong = need > 2 || !weakByte[b[k+1]] ||
				// Â and Ã end no word of clean text before a symbol or
				// a no-break space (90Â°F, .Â (): only quotes and dashes
				// follow them there.
				(b[k] == 0xC2 || b[k] == 0xC3) && !quoteByte[b[k+1]] ||
				// Â before a quote or a dash ends no word when no letter
				// comes before it: Â» and Â« open and close quotations.
				b[k] == 0xC2 && (start+k == 0 || !unicode.IsLetter(rs[start+k-1]))
		case m == need-1:
			p.kind = pieceTruncated
		case m == 1 && need == 3 && b[k] >= 0xE3 && b[k] <= 0xE9:
			p.kind = pieceLeadOnly
		default:
			p.kind, p.end = pieceLiteral, start+k+1
			m = 1
		}
		out = append(out, p)
		k += m
	}
	return out, b
}

// seqLen is the length of the UTF-8 sequence that lead byte c starts, or 0.
func seqLen(c byte) int {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 2
	case c >= 0xE0 && c <= 0xEF:
		return 3
	case c >= 0xF0 && c <= 0xF4:
		return 4
	}
	return 0
}

// plausible reports whether r is a character that text really holds, as
// opposed to one that misread bytes make: no controls, no private use, no
// IPA or rare Latin, no unassigned code point.
func plausible(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x17F && r != 0xAD, r >= 0x1EA0 && r <= 0x1EF9, r >= 0x3041 && r <= 0x30FA:
		return true // Latin-1, Latin Extended-A, Vietnamese, kana: the common case
	case r < 0xA0:
		return false
	case r >= 0x0250 && r <= 0x02FF: // IPA, spacing modifiers
		return false
	case r >= 0x0180 && r <= 0x024F: // Latin Extended-B: Vietnamese ơ ư only
		return r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư'
	case r >= 0x0300 && r <= 0x036F: // combining marks: those of Vietnamese and Western Europe
		return r <= 0x030C || r == 0x031B || r == 0x0323 || r == 0x0327 || r == 0x0328
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000, r == utf8.RuneError:
		return false
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs) &&
		!unicode.Is(unicode.Cf, r)
}

// latinLike reports whether r belongs with Latin text: a Latin letter or
// mark, or a symbol or punctuation mark of any script.
func latinLike(r rune) bool {
	return !unicode.IsLetter(r) || unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Mn, r)
}

// A hole is a UTF-8 sequence that lost one byte, waiting for its character.
type hole struct {
	pos   int    // index in the output
	src   string // the damaged characters as found
	cands []rune
	// lead marks a lone lead byte of kana or kanji, filled only between
	// Japanese characters and otherwise kept as found.
	lead bool
}

// singleByte repairs UTF-8 that was decoded with a Windows single-byte code
// page or Latin-1 and encoded again, one layer per call.
type singleByte struct {
	rs       []rune
	evidence int
	cp       codePage
	// memo remembers how a damaged word was restored in a context, as a
	// post repeats its words.
	buf   []byte
	run   []piece
	out   []rune
	holes []hole
	memo  map[string]memoChoice
	key   []byte
	fits  map[fitKey][]rune
	cands map[[4]byte][]rune
	// syl remembers which lower-case words are syllables.
	syl map[string]bool
	// text is the whole document; letters, made of it on first need,
	// holds the lower-case letters beyond ASCII its mojibake spells.
	text    string
	letters map[rune]bool
}

type memoChoice struct {
	ok   bool
	fill []rune
	rest Restoration
}

// fixSingleByte rebuilds the characters of one layer of single-byte
// mojibake in s and guesses those whose bytes were lost. Call it only on
// text that scan found such mojibake in.
func fixSingleByte(s string, rep *Report) string {
	f := singleByte{cp: cp1254, text: s}
	cpName, cpVotes := "", [2]int{}
	for _, r := range s {
		switch cpEvidence(r) {
		case 1254:
			cpVotes[1]++
		case 1252:
			cpVotes[0]++
		}
	}
	switch {
	case cpVotes[1] > cpVotes[0]:
		f.cp, cpName = cp1254, cp1254.name
	case cpVotes[0] > 0:
		f.cp, cpName = cp1252, cp1252.name
	default:
		cpName = cp1252.name // the two agree on everything this text shows
	}
	// Evidence matters only up to minEvidence: stop looking there. The
	// text is worked line by line (no word spans lines), which keeps the
	// working memory small.
	for line := range strings.Lines(s) {
		if !hasLead(line) {
			continue
		}
		f.rs = appendRunes(f.rs[:0], line)
		f.eachRun(func(p piece) bool {
			if p.kind == pieceComplete && p.strong && plausible(p.r) {
				// Three or four characters that spell one UTF-8
				// sequence are not chance: they count twice.
				f.evidence += min(int(p.n), 3) - 1
			}
			if p.kind == pieceTruncated && p.n == 2 && p.b[0] == 0xE1 && (p.b[1] == 0xBA || p.b[1] == 0xBB) &&
				p.end < len(f.rs) && unicode.IsLetter(f.rs[p.end]) {
				// á» or áº and a letter: a Vietnamese letter that lost
				// its last byte inside a word, which no clean text
				// spells; before a small letter, unmistakable.
				f.evidence++
				if unicode.IsLower(f.rs[p.end]) {
					f.evidence++
				}
			}
			if p.kind == pieceTruncated && p.n == 2 && (p.b[0] >= 0xE3 && p.b[0] <= 0xE9 || p.b[0] == 0xE2 && p.b[1] == 0x80) && !weakByte[p.b[1]] {
				// ä¸, æ˜: a kana or kanji that lost a byte (â€: a
				// quote); a letter of clean text is followed by a
				// quote or a dash, if by a code-page symbol at all.
				f.evidence++
			}
			if p.kind == pieceTruncated && p.n == 1 && p.start > 0 && p.end < len(f.rs) &&
				unicode.IsLower(f.rs[p.start-1]) && unicode.IsLower(f.rs[p.end]) {
				// lÃnea: a capital amid small letters is a letter
				// that lost its second byte.
				f.evidence += 2
			}
			return f.evidence < minEvidence
		})
		if f.evidence >= minEvidence {
			// Lost bytes may follow: load the counts on the other core
			// while the text is rebuilt.
			go loadModel()
			break
		}
	}
	var out string
	n, unresolved := 0, 0
	if mid := splitPoint(s); mid > 0 {
		// A long text is worked in two halves on two cores: lines are
		// repaired independently once the code page is known.
		g := singleByte{cp: f.cp, evidence: f.evidence, text: s}
		var rep2 Report
		var out2 string
		var n2, u2 int
		done := make(chan struct{})
		go func() {
			defer close(done)
			out2, n2, u2 = g.fixLines(s[mid:], 1+strings.Count(s[:mid], "\n"), &rep2)
		}()
		out, n, unresolved = f.fixLines(s[:mid], 1, rep)
		<-done
		out += out2
		n += n2
		unresolved += u2
		rep.merge(rep2)
	} else {
		out, n, unresolved = f.fixLines(s, 1, rep)
	}
	rep.Unresolved = max(rep.Unresolved, unresolved)
	if n == 0 && out == s {
		return s
	}
	rep.add(KindMojibake, n)
	if rep.Mojibake == "" {
		rep.Mojibake = cpName
	}
	return out
}

// parallelBytes is the length from which fixSingleByte splits the work
// between two cores; below it, starting a goroutine costs more than it
// saves.
const parallelBytes = 256 << 10

// splitPoint returns where to split s in two halves at a line end, or 0
// when s is too short to split or there is one core only.
func splitPoint(s string) int {
	if len(s) < parallelBytes || runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	i := strings.IndexByte(s[len(s)/2:], '\n')
	if i < 0 {
		return 0
	}
	return len(s)/2 + i + 1
}

// fixLines rebuilds and resolves the mojibake lines of s, whose first line
// is number firstLine in the document. It returns the repaired text (s
// itself when nothing changed), the characters rebuilt and the holes left
// unresolved.
func (f *singleByte) fixLines(s string, firstLine int, rep *Report) (string, int, int) {
	var b []byte
	n, unresolved, lineNo, pos, done := 0, 0, firstLine-1, 0, 0
	for line := range strings.Lines(s) {
		lineNo++
		start := pos
		pos += len(line)
		if !hasLead(line) {
			continue
		}
		f.rs = appendRunes(f.rs[:0], line)
		out, holes, k := f.rebuild()
		if k == 0 && len(holes) == 0 {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+len(s)/8)
		}
		b = append(b, s[done:start]...)
		n += k
		out, u := f.resolve(out, holes, lineNo, rep)
		unresolved += u
		for _, r := range out {
			b = utf8.AppendRune(b, r)
		}
		done = pos
	}
	if b == nil {
		return s, n, unresolved
	}
	b = append(b, s[done:]...)
	return string(b), n, unresolved
}

// hasLead reports whether line holds a code-page character for a UTF-8
// lead byte: only such a line can hold mojibake.
func hasLead(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] >= utf8.RuneSelf {
			for _, r := range line[i:] {
				if c, ok := cpByte(r); ok && c >= 0xC2 && c <= 0xF4 {
					return true
				}
			}
			return false
		}
	}
	return false
}

func appendRunes(rs []rune, s string) []rune {
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// rebuild writes the output with rebuilt characters in place and a
// negative placeholder for every hole. It returns how many characters it
// rebuilt.
func (f *singleByte) rebuild() ([]rune, []hole, int) {
	out := f.out[:0]
	defer func() { f.out = out[:0] }()
	holes := f.holes[:0]
	n, next := 0, 0
	f.eachRun(func(p piece) bool {
		out = append(out, f.rs[next:p.start]...)
		next = p.end
		src := f.rs[p.start:p.end]
		switch p.kind {
		case pieceComplete:
			if f.accept(p, out) {
				out = append(out, p.r)
				n++
				return true
			}
		case pieceTruncated, pieceLeadOnly:
			if f.evidence >= minEvidence {
				if c := f.candidates(p); len(c) > 0 {
					holes = append(holes, hole{pos: len(out), src: string(src), cands: c, lead: p.kind == pieceLeadOnly})
					out = append(out, rune(-len(holes)))
					return true
				}
			}
		}
		out = append(out, src...)
		return true
	})
	out = append(out, f.rs[next:]...)
	f.holes = holes[:0]
	return out, holes, n
}

// eachRun calls fn with every piece of every run of code-page characters,
// in order, until fn returns false.
func (f *singleByte) eachRun(fn func(piece) bool) {
	for i := 0; i < len(f.rs); {
		if _, ok := cpByte(f.rs[i]); !ok {
			i++
			continue
		}
		j := i + 1
		for j < len(f.rs) {
			if _, ok := cpByte(f.rs[j]); !ok {
				break
			}
			j++
		}
		f.run, f.buf = splitRun(f.run[:0], f.buf, f.rs, i, j)
		for _, p := range f.run {
			if !fn(p) {
				return
			}
		}
		i = j
	}
}

// accept decides whether a complete sequence is mojibake to rebuild.
func (f *singleByte) accept(p piece, out []rune) bool {
	if p.n >= 3 {
		// Three or four code-page characters that spell a sequence are
		// mojibake: rebuild any character text holds, invisible ones
		// (zero-width space, variation selector) included.
		r := p.r
		return !(r >= 0xE000 && r <= 0xF8FF) && r < 0xF0000 &&
			(unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r))
	}
	if _, cp := cpByte(p.r); cp && f.evidence >= minEvidence {
		// After another code-page character, a code-page character
		// (even a C1 control, soft hyphen or ƒ that is no text) is the
		// next layer of mojibake, which the next pass rebuilds.
		if _, prevCP := cpByte(lastRune(out)); prevCP {
			return true
		}
	}
	if !plausible(p.r) {
		return false
	}
	if unicode.Is(unicode.Mn, p.r) {
		// A combining mark rebuilt from NFD text must sit on a letter.
		if len(out) == 0 || !unicode.IsLetter(out[len(out)-1]) {
			return false
		}
	}
	if f.evidence < minEvidence && !latinLike(p.r) {
		// A lone Cyrillic or Greek letter amid Latin is a misreading.
		if prev := lastRune(out); unicode.IsLetter(prev) && unicode.Is(unicode.Latin, prev) {
			return false
		}
	}
	if p.strong || f.evidence >= minEvidence {
		return true
	}
	// A weak pair: rebuild it inside a word (vÃ  → và, cafÃ©).
	prev := lastRune(out)
	var next rune
	if p.end < len(f.rs) {
		next = f.rs[p.end]
	}
	return unicode.IsLower(prev) || unicode.IsLower(next) ||
		// or amid capitals (OSTRZEÅ»ENIE)
		unicode.IsLetter(prev) && unicode.IsLetter(next)
}

func lastRune(rs []rune) rune {
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}

// candidates lists the characters that p could have been, one lost byte
// put back at any place in the sequence.
func (f *singleByte) candidates(p piece) []rune {
	if c, ok := f.cands[p.b]; ok {
		return c
	}
	var out []rune
	pb := p.bytes()
	if p.kind == pieceLeadOnly {
		// Both continuation bytes lost: only Japanese characters are
		// tried, since a lone code-page letter is most often a letter.
		for _, x := range f.cp.lost {
			for _, y := range f.cp.lost {
				r, size := utf8.DecodeRune([]byte{pb[0], x, y})
				if size == 3 && isJapaneseCand(r) {
					out = append(out, r)
				}
			}
		}
		if f.cands == nil {
			f.cands = make(map[[4]byte][]rune)
		}
		f.cands[p.b] = out
		return out
	}
	seq := make([]byte, len(pb)+1)
	for at := 1; at <= len(pb); at++ {
		for _, lost := range f.cp.lost {
			copy(seq, pb[:at])
			seq[at] = lost
			copy(seq[at+1:], pb[at:])
			r, size := utf8.DecodeRune(seq)
			if r == utf8.RuneError || size != len(seq) || !plausible(r) {
				continue
			}
			out = append(out, r)
		}
	}
	if f.cands == nil {
		f.cands = make(map[[4]byte][]rune)
	}
	f.cands[p.b] = out
	return out
}

// resolve chooses a character for every hole: by the Vietnamese syllable
// model where a candidate is a Vietnamese letter, else by the one candidate
// that fits its neighbours. A hole it cannot decide gets its damaged
// characters back.
func (f *singleByte) resolve(out []rune, holes []hole, line int, rep *Report) ([]rune, int) {
	if len(holes) == 0 {
		return out, 0
	}
	f.resolveJapanese(out, holes, line, rep)
	// Each word restored here gets the sentence around it, for a person
	// to judge the choices that were not sure.
	type placed struct{ rest, pos int }
	var words []placed
	defer func() {
		for _, w := range words {
			rep.Restorations[w.rest].Context = sentenceAround(out, w.pos, holes)
		}
	}()
	lineAt, unresolved := 0, 0
	for hi := range holes {
		h := &holes[hi]
		if out[h.pos] >= 0 || h.lead {
			continue // decided with an earlier hole of its word, or kept
		}
		ws, we := wordSpan(out, h.pos)
		var in []int // holes in this word
		for i := ws; i < we; i++ {
			if out[i] < 0 {
				in = append(in, int(-out[i])-1)
			}
		}
		for ; lineAt < ws; lineAt++ {
			if out[lineAt] == '\n' {
				line++
			}
		}
		damaged := wordWithSources(out, ws, we, holes)
		if rest, ok := f.resolveVietnamese(out, ws, we, in, holes); ok {
			rest.Line, rest.Damaged = line, damaged
			if rest.Confidence < 0.9 {
				words = append(words, placed{len(rep.Restorations), ws})
			}
			rep.Restorations = append(rep.Restorations, rest)
			rep.add(KindLostByte, len(in))
			continue
		}
		for _, k := range in {
			hk := &holes[k]
			fit := f.fitting(hk, out)
			if len(fit) > 1 {
				if c, ok := chooseByAlphabet(fit, f.docLetters()); ok {
					fit = []rune{c}
				}
			}
			if len(fit) == 1 {
				out[hk.pos] = fit[0]
				rep.add(KindLostByte, 1)
				rep.Restorations = append(rep.Restorations, Restoration{
					Line: line, Damaged: hk.src, Word: string(fit[0]),
					Candidates: []Candidate{{Text: string(fit[0]), P: 1}}, Confidence: 1,
				})
				continue
			}
			// Not decidable: keep what was found, for a person to see.
			unresolved++
		}
	}
	// Put back the damaged characters of undecided holes, still negative.
	kept := unresolved
	for _, h := range holes {
		if h.lead && out[h.pos] < 0 {
			kept++
		}
	}
	if kept == 0 {
		return out, 0
	}
	fixed := make([]rune, 0, len(out)+2*unresolved)
	last := 0
	for _, h := range holes {
		if out[h.pos] < 0 {
			fixed = append(fixed, out[last:h.pos]...)
			fixed = append(fixed, []rune(h.src)...)
			last = h.pos + 1
		}
	}
	return append(fixed, out[last:]...), unresolved
}

// fitting returns the candidates of h that fit its neighbours.
func (f *singleByte) fitting(h *hole, out []rune) []rune {
	var prev, next rune = ' ', ' '
	if h.pos > 0 {
		prev = out[h.pos-1]
	}
	if h.pos+1 < len(out) {
		next = out[h.pos+1]
	}
	key := fitKey{h.src, prev, next}
	if fit, ok := f.fits[key]; ok {
		return fit
	}
	var fit []rune
	for _, c := range h.cands {
		if fitsContext(c, out, h.pos) {
			fit = append(fit, c)
		}
	}
	if f.fits == nil {
		f.fits = make(map[fitKey][]rune)
	}
	f.fits[key] = fit
	return fit
}

type fitKey struct {
	src        string
	prev, next rune
}

// wordSpan returns the letters (and holes) around pos.
func wordSpan(out []rune, pos int) (int, int) {
	isW := func(r rune) bool { return r < 0 || unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
	s, e := pos, pos+1
	for s > 0 && isW(out[s-1]) {
		s--
	}
	for e < len(out) && isW(out[e]) {
		e++
	}
	return s, e
}

// wordWithSources spells the word out[ws:we] as it was found.
func wordWithSources(out []rune, ws, we int, holes []hole) string {
	var b strings.Builder
	for _, r := range out[ws:we] {
		if r < 0 {
			b.WriteString(holes[-r-1].src)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// resolveVietnamese fills the holes of the word out[ws:we] when some of
// their candidates make it a Vietnamese syllable, choosing the syllable
// that the neighbouring words make most likely.
func (f *singleByte) resolveVietnamese(out []rune, ws, we int, in []int, holes []hole) (Restoration, bool) {
	// The memo key is built in a reused buffer and looked up without
	// allocating: most words repeat in their context.
	key := f.neighbourWord(f.key[:0], out, ws, -1)
	np := len(key)
	key = append(key, 0)
	key = f.neighbourWord(key, out, we, +1)
	nn := len(key)
	start := sentenceStart(out, ws)
	if start {
		key = append(key, 1)
	}
	key = append(key, 0)
	for _, r := range out[ws:we] {
		if r < 0 {
			key = append(key, 0)
			key = append(key, holes[-r-1].src...)
			key = append(key, 0)
		} else {
			key = utf8.AppendRune(key, r)
		}
	}
	f.key = key
	if m, ok := f.memo[string(key)]; ok {
		if m.ok {
			for i, hk := range in {
				out[holes[hk].pos] = m.fill[i]
			}
		}
		return m.rest, m.ok
	}
	prev, next := string(key[:np]), string(key[np+1:nn])
	fill, rest, ok := f.chooseVietnamese(out, ws, we, in, holes, prev, next, start)
	if f.memo == nil {
		f.memo = make(map[string]memoChoice)
	}
	f.memo[string(key)] = memoChoice{ok, fill, rest}
	if ok {
		for i, hk := range in {
			out[holes[hk].pos] = fill[i]
		}
	}
	return rest, ok
}

// chooseVietnamese returns the characters for the holes in of the word
// out[ws:we], and the restoration to report.
func (f *singleByte) chooseVietnamese(out []rune, ws, we int, in []int, holes []hole, prev, next string, start bool) ([]rune, Restoration, bool) {
	viet := false
	for _, k := range in {
		for _, c := range holes[k].cands {
			if textrule.IsVietnameseLetter(c) {
				viet = true
			}
		}
	}
	if !viet || len(in) > 3 {
		return nil, Restoration{}, false
	}
	word := append([]rune(nil), out[ws:we]...)
	// Whether the line is in capitals matters only to a word with no
	// letter left but holes and one capital (Ở, SỐ, MỞ), and costs a
	// look at the line.
	caps := false
	if we-ws-len(in) <= 1 {
		lower := false
		for _, r := range word {
			lower = lower || r > 0 && unicode.IsLower(r)
		}
		caps = !lower && capsLine(out)
	}
	type choice struct {
		word  string
		fill  []rune
		score float64
	}
	var choices []choice
	m := loadModel()
	fill := make([]rune, len(in))
	var walk func(i int)
	walk = func(i int) {
		if i == len(in) {
			w := string(word)
			if !textrule.IsSyllable(w) {
				return
			}
			lw := strings.ToLower(w)
			sc := m.logScore(prev, lw, next) + caseScore(word, in, holes, ws, start, caps)
			choices = append(choices, choice{w, append([]rune(nil), fill...), sc})
			return
		}
		at := holes[in[i]].pos - ws
		for _, c := range holes[in[i]].cands {
			if !unicode.IsLetter(c) {
				continue
			}
			word[at], fill[i] = c, c
			walk(i + 1)
		}
		word[at] = -1
	}
	walk(0)
	if len(choices) == 0 {
		return nil, Restoration{}, false
	}
	sort.SliceStable(choices, func(a, b int) bool { return choices[a].score > choices[b].score })
	var sum float64
	for _, c := range choices {
		sum += math.Exp(c.score - choices[0].score)
	}
	r := Restoration{Word: choices[0].word}
	for i, c := range choices {
		p := math.Exp(c.score-choices[0].score) / sum
		if i < 5 {
			r.Candidates = append(r.Candidates, Candidate{Text: c.word, P: p})
		}
	}
	r.Confidence = r.Candidates[0].P
	return choices[0].fill, r, true
}

// capsLine reports whether the letters of a line are upper case (a
// heading, a banner), so that a short word in it is upper case too.
func capsLine(out []rune) bool {
	upper, lower := 0, 0
	for _, r := range out {
		if r > 0 && unicode.IsUpper(r) {
			upper++
		} else if r > 0 && unicode.IsLower(r) {
			lower++
		}
	}
	return upper >= 6 && upper > 4*lower
}

// caseScore favours the letter case that the rest of the word and the
// position in the sentence call for.
func caseScore(word []rune, in []int, holes []hole, ws int, sentenceStart, capsLine bool) float64 {
	isHole := func(i int) bool {
		for _, k := range in {
			if holes[k].pos-ws == i {
				return true
			}
		}
		return false
	}
	upper, lower, upperFirst := 0, 0, false
	for i, r := range word {
		if isHole(i) {
			continue
		}
		if unicode.IsUpper(r) {
			upper++
			upperFirst = upperFirst || i == 0
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	// Upper case all through (ĐƯỢC) needs two capitals to show, or one
	// that is not the first letter; "Họ" is Title case.
	allCaps := lower == 0 && (upper >= 2 || upper == 1 && (!upperFirst || capsLine) || upper == 0 && capsLine)
	s := 0.0
	for i, r := range word {
		if !isHole(i) {
			continue
		}
		want := allCaps || i == 0 && sentenceStart
		if unicode.IsUpper(r) != want {
			s += math.Log(0.02)
		}
	}
	return s
}

// neighbourWord appends to dst the lower-case Vietnamese syllable next to
// out[at] in direction dir, separated by spaces only, if there is one.
func (f *singleByte) neighbourWord(dst []byte, out []rune, at, dir int) []byte {
	i := at
	if dir < 0 {
		i = at - 1
	}
	if i < 0 || i >= len(out) || out[i] != ' ' {
		return dst
	}
	for i >= 0 && i < len(out) && out[i] == ' ' {
		i += dir
	}
	s := i
	for i >= 0 && i < len(out) && (unicode.IsLetter(out[i]) || out[i] < 0) {
		if out[i] < 0 || (s-i)*dir > 12 {
			return dst
		}
		i += dir
	}
	a, b := s, i
	if dir < 0 {
		a, b = i+1, s+1
	}
	if a >= b {
		return dst
	}
	n := len(dst)
	for _, r := range out[a:b] {
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	w := dst[n:]
	ok, known := f.syl[string(w)]
	if !known {
		word := string(w)
		ok = textrule.IsSyllable(word)
		if f.syl == nil {
			f.syl = make(map[string]bool)
		}
		f.syl[word] = ok
	}
	if !ok {
		return dst[:n]
	}
	return dst
}

// sentenceStart reports whether the word at out[ws] begins a sentence, a
// line or a heading.
func sentenceStart(out []rune, ws int) bool {
	for i := ws - 1; i >= 0; i-- {
		switch r := out[i]; {
		case r == ' ' || r == '\t' || strings.ContainsRune("*_#>\"'“‘([-", r):
			continue
		case r == '\n' || strings.ContainsRune(".!?…", r):
			return true
		default:
			return false
		}
	}
	return true
}

// fitsContext reports whether the non-Vietnamese character c fits at
// out[pos]: a closing quote after a word, an opening one before a word, a
// hyphen between letters, an emoji anywhere.
func fitsContext(c rune, out []rune, pos int) bool {
	var prev, next rune = ' ', ' '
	if pos > 0 {
		prev = out[pos-1]
	}
	if pos+1 < len(out) {
		next = out[pos+1]
	}
	space := func(r rune) bool { return r < 0 || unicode.IsSpace(r) }
	switch {
	case unicode.In(c, unicode.Pf, unicode.Pe):
		// A closing quote ends a word: before a space, a mark, or a
		// letter of a script without spaces (”を).
		return !space(prev) && (space(next) || unicode.IsPunct(next) || unicode.IsSymbol(next) || unicode.IsLetter(next) && !unicode.Is(unicode.Latin, next))
	case unicode.In(c, unicode.Pi, unicode.Ps):
		// An opening quote starts one: after a space or another opening
		// mark, before anything but a space or a closing mark („%s”).
		return (space(prev) || unicode.In(prev, unicode.Ps, unicode.Pi)) && !space(next) && !strings.ContainsRune(".,;:!?)]}", next)
	case unicode.In(c, unicode.Pd, unicode.Pc):
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case unicode.IsPunct(c):
		return true
	case unicode.Is(unicode.Mn, c):
		return unicode.IsLetter(prev) // a tone mark of decomposed text
	case c > 0xFF && unicode.Is(emojiTable, c):
		return true
	case unicode.IsLetter(c):
		if unicode.IsUpper(c) && unicode.IsLower(prev) || unicode.IsLower(c) && unicode.IsUpper(prev) && unicode.IsUpper(next) {
			return false // the case of the word around it
		}
		return unicode.IsLetter(prev) || unicode.IsLetter(next)
	}
	return false
}

// resolveJapanese fills the holes of Japanese characters (a lead byte of
// kana or kanji, E3–E9, with a continuation byte lost) by what makes
// Japanese: see chooseJapanese.
func (f *singleByte) resolveJapanese(out []rune, holes []hole, line int, rep *Report) {
	var slots []jaSlot
	for hi := range holes {
		h := &holes[hi]
		r, _ := utf8.DecodeRuneInString(h.src)
		if c, _ := cpByte(r); c < 0xE3 || c > 0xE9 {
			continue
		}
		if h.lead && !jaNeighbour(out, h.pos-1) && !jaNeighbour(out, h.pos+1) {
			continue
		}
		var opts [][]rune
		for _, c := range h.cands {
			if isJapaneseCand(c) {
				opts = append(opts, []rune{c})
			}
		}
		if len(opts) > 0 {
			slots = append(slots, jaSlot{pos: h.pos, opts: opts})
		}
	}
	if len(slots) == 0 {
		return
	}
	chooseJapanese(out, slots)
	for i := range slots {
		s := &slots[i]
		out[s.pos] = s.opts[s.pick][0]
	}
	for i := range slots {
		s := &slots[i]
		h := holeAt(holes, s.pos)
		rep.add(KindLostByte, 1)
		rep.Restorations = append(rep.Restorations, Restoration{
			Line: line, Damaged: h.src, Word: string(s.opts[s.pick]),
			Context:    jaContext(out, s.pos),
			Candidates: jaCandidates(s), Confidence: s.conf,
		})
	}
}

func holeAt(holes []hole, pos int) *hole {
	for i := range holes {
		if holes[i].pos == pos {
			return &holes[i]
		}
	}
	return &hole{}
}

// jaContext returns the text around out[pos], for a person to judge the
// choice made there.
func jaContext(out []rune, pos int) string {
	lo, hi := max(0, pos-jaWindow), min(len(out), pos+jaWindow+1)
	var b strings.Builder
	for _, r := range out[lo:hi] {
		if r < 0 {
			r = utf8.RuneError
		}
		if r == '\n' {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

func jaCandidates(s *jaSlot) []Candidate {
	if len(s.alts) == 0 {
		return []Candidate{{Text: string(s.opts[s.pick]), P: s.conf}}
	}
	return append([]Candidate(nil), s.alts...)
}

// jaNeighbour reports whether out[i] is a Japanese character or a hole.
func jaNeighbour(out []rune, i int) bool {
	return i >= 0 && i < len(out) && (out[i] < 0 || japaneseChar(out[i]))
}

// docLetters returns the lower-case letters beyond ASCII that the
// document's mojibake spells in whole sequences.
func (f *singleByte) docLetters() map[rune]bool {
	if f.letters != nil {
		return f.letters
	}
	f.letters = make(map[rune]bool)
	var run []piece
	var buf []byte
	for line := range strings.Lines(f.text) {
		if !hasLead(line) {
			continue
		}
		rs := []rune(line)
		for i := 0; i < len(rs); {
			if _, ok := cpByte(rs[i]); !ok {
				i++
				continue
			}
			j := i + 1
			for j < len(rs) {
				if _, ok := cpByte(rs[j]); !ok {
					break
				}
				j++
			}
			run, buf = splitRun(run[:0], buf, rs, i, j)
			for _, p := range run {
				if p.kind == pieceComplete && unicode.IsLetter(p.r) && unicode.Is(unicode.Latin, p.r) {
					f.letters[unicode.ToLower(p.r)] = true
				}
			}
			i = j
		}
	}
	return f.letters
}

// sentenceAround returns the sentence of out that holds out[pos], at
// most sentenceChars characters either side, holes not decided spelled as
// found.
func sentenceAround(out []rune, pos int, holes []hole) string {
	const sentenceChars = 100
	end := func(r rune) bool { return r == '\n' || r == '.' || r == '!' || r == '?' || r == '。' }
	lo := pos
	for lo > 0 && pos-lo < sentenceChars && !end(out[lo-1]) {
		lo--
	}
	hi := pos
	for hi < len(out) && hi-pos < sentenceChars && out[hi] != '\n' {
		hi++
		if end(out[hi-1]) {
			break
		}
	}
	var b strings.Builder
	if lo > 0 && !end(out[lo-1]) {
		b.WriteString("…")
	}
	for _, r := range out[lo:hi] {
		if r < 0 {
			b.WriteString(holes[-r-1].src)
			continue
		}
		b.WriteRune(r)
	}
	if hi < len(out) && !end(out[hi-1]) && out[hi] != '\n' {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

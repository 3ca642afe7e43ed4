package textfix

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding/japanese"
)

// UTF-8 Japanese read as Shift_JIS/CP932 turns each lead byte E3–E9 and
// its first continuation byte into a rare kanji (縺 繧 繝 荳 螟 …), since
// CP932 puts its second-level kanji at lead bytes E0–EF, and continuation
// bytes 0xA1–0xDF into half-width katakana.

// sjis holds the CP932 tables this file needs, built on first use.
type sjis struct {
	enc map[rune][2]byte // character → its one or two bytes
}

var sjisTables = sync.OnceValue(func() *sjis {
	t := &sjis{enc: make(map[rune][2]byte, 12000)}
	dec := japanese.ShiftJIS.NewDecoder()
	for c := 0xA1; c <= 0xDF; c++ {
		d, err := dec.Bytes([]byte{byte(c)})
		if r, _ := utf8.DecodeRune(d); err == nil && r != utf8.RuneError {
			t.enc[r] = [2]byte{byte(c), 0}
		}
	}
	for lead := 0x81; lead <= 0xFC; lead++ {
		if lead > 0x9F && lead < 0xE0 {
			continue
		}
		for trail := 0x40; trail <= 0xFC; trail++ {
			if trail == 0x7F {
				continue
			}
			d, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			r, size := utf8.DecodeRune(d)
			if err != nil || r == utf8.RuneError || size != len(d) {
				continue
			}
			if _, dup := t.enc[r]; !dup {
				t.enc[r] = [2]byte{byte(lead), byte(trail)}
			}
		}
	}
	// Python's cp932 reads 0x80 as U+0080 (as WHATWG's decoder does) and
	// 0xA0 as U+F8F0.
	t.enc[0x80] = [2]byte{0x80, 0}
	t.enc[0xF8F0] = [2]byte{0xA0, 0}
	return t
})

// suspectKanji marks, as bits from U+4E00 on, the kanji that CP932 has
// at a lead byte E3–E9 or EF with a trail byte 0x80–0xBF: those that a
// UTF-8 lead byte of Japanese and its first continuation byte become. Its
// 512 pairs are decoded on first use, which clean Japanese text pays for,
// rather than the whole of CP932.
var suspectKanji = sync.OnceValue(func() *[(0xA000 - 0x4E00) / 64]uint64 {
	var t [(0xA000 - 0x4E00) / 64]uint64
	dec := japanese.ShiftJIS.NewDecoder()
	for _, lead := range []byte{0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF} {
		for trail := 0x80; trail <= 0xBF; trail++ {
			d, err := dec.Bytes([]byte{lead, byte(trail)})
			r, size := utf8.DecodeRune(d)
			if err == nil && size == len(d) && r >= 0x4E00 && r <= 0x9FFF {
				t[(r-0x4E00)/64] |= 1 << ((r - 0x4E00) % 64)
			}
		}
	}
	return &t
})

// jpSuspect reports whether r is a kanji that UTF-8 Japanese read as CP932
// is made of. Only CJK ideographs are looked up, so Latin and Vietnamese
// text never builds the table.
func jpSuspect(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	return suspectKanji()[(r-0x4E00)/64]&(1<<((r-0x4E00)%64)) != 0
}

// fixJapanese rebuilds UTF-8 Japanese that was read as CP932. Call it
// only on text that scan found kanji of such mojibake in. It works on
// runs of characters that CP932 encodes with high bytes (U+FFFD standing
// for bytes CP932 could not pair), and within a run replaces the longest
// stretches whose bytes are valid UTF-8 and read as Japanese rather than
// as the rare kanji and half-width katakana that mojibake is made of.
func fixJapanese(s string, rep *Report) string {
	t := sjisTables()
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	n, line, lineAt := 0, 1, 0
	inRun := func(r rune) bool {
		b, ok := t.enc[r]
		return ok && b[0] >= 0x80
	}
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (inRun(rs[j]) || rs[j] == utf8.RuneError && (j > i || j+1 < len(rs) && inRun(rs[j+1]))) {
			j++
		}
		if j == i {
			out = append(out, rs[i])
			i++
			continue
		}
		for ; lineAt < i; lineAt++ {
			if rs[lineAt] == '\n' {
				line++
			}
		}
		var next byte = '\n'
		if j < len(rs) && rs[j] < utf8.RuneSelf {
			next = byte(rs[j])
		}
		fixed, k, lost := rebuildJapanese(rs[i:j], t, next, line, rep)
		out = append(out, fixed...)
		n += k
		rep.add(KindLostByte, lost)
		i = j
	}
	if n == 0 {
		return s
	}
	rep.add(KindMojibake, n)
	if rep.Mojibake == "" {
		rep.Mojibake = "shift_jis"
	}
	return string(out)
}

// rebuildJapanese replaces the stretches of run whose CP932 bytes decode
// as UTF-8 Japanese, and returns how many characters it rebuilt and how
// many lost bytes it restored. next is the byte after the run.
func rebuildJapanese(run []rune, t *sjis, next byte, line int, rep *Report) ([]rune, int, int) {
	b, off, lost := jaBytes(run, t, next, line, rep)
	var out []rune
	n := 0
	for i := 0; i < len(run); {
		// The longest stretch from run[i] that ends on a character
		// boundary and decodes to Japanese.
		best, bestRunes := -1, []rune(nil)
		var dec []rune
		p, ci := off[i], i
		for p < len(b) {
			r, size := utf8.DecodeRune(b[p:])
			// An ASCII byte belongs to the stretch only as the trail
			// byte of a CP932 pair that it shares with the Japanese.
			midChar := off[ci] != p
			if r == utf8.RuneError || size == 1 && !midChar || size > 1 && !japaneseChar(r) {
				break
			}
			dec = append(dec, r)
			p += size
			for ci < len(run) && off[ci] < p {
				ci++
			}
			if off[ci] == p && len(dec) > 0 {
				best, bestRunes = ci, append([]rune(nil), dec...)
			}
		}
		if best > i && commonness(bestRunes) > commonness(run[i:best]) {
			out = append(out, bestRunes...)
			n += len(bestRunes)
			i = best
			continue
		}
		out = append(out, run[i])
		i++
	}
	return out, n, lost
}

// commonness rates how much characters look like Japanese text rather
// than like mojibake: kana and Japanese punctuation most, the common
// (level 1) kanji next; rare kanji, half-width katakana and the stand-ins
// of bytes CP932 could not read count against.
func commonness(rs []rune) int {
	n := 0
	for _, r := range rs {
		switch {
		case r < utf8.RuneSelf:
		case r >= 0x3041 && r <= 0x30FF || r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E:
			n += 2
		case r >= 0xFF61 && r <= 0xFF9F, r == 0x80, r == 0xF8F0, r == utf8.RuneError:
			n -= 2
		case jisLevel1(r):
			n++
		default:
			n--
		}
	}
	return n
}

// jaBytes returns the CP932 bytes of run, and the offset of each of its
// characters in them. Each U+FFFD stands for one or two bytes that CP932
// could not pair (a continuation byte of UTF-8 that is a CP932 lead byte
// before a byte no trail, or a pair CP932 leaves unassigned); they are
// chosen among those that make Japanese (chooseJapanese), and each one
// restored is counted.
func jaBytes(run []rune, t *sjis, next byte, line int, rep *Report) ([]byte, []int, int) {
	b := make([]byte, 0, 2*len(run)+1)
	off := make([]int, len(run)+1)
	lost := 0
	for i, r := range run {
		off[i] = len(b)
		if r != utf8.RuneError {
			e := t.enc[r]
			b = append(b, e[0])
			if e[1] != 0 {
				b = append(b, e[1])
			}
			continue
		}
		after, follow, moreLost := jaAfter(run, i, t, next)
		opts, texts, from := lostOptions(b, after, follow, i+1 == len(run), moreLost)
		if moreLost {
			// Keep the fills after which the next stand-in can be
			// filled too.
			after2, follow2, more2 := jaAfter(run, i+1, t, next)
			k := 0
			for j, o := range opts {
				b2 := append(append([]byte(nil), b...), o...)
				if o2, _, _ := lostOptions(b2, after2, follow2, i+2 == len(run), more2); len(o2) > 0 {
					opts[k], texts[k] = o, texts[j]
					k++
				}
			}
			if k > 0 {
				opts, texts = opts[:k], texts[:k]
			}
		}
		if len(opts) == 0 {
			b = append(b, 0xFF) // no fill: the stretch stops here
			continue
		}
		// Score each fill by the text it makes around it.
		before := decodeTail(b[:from], jaWindow)
		slot := jaSlot{pos: len(before)}
		ctx := append([]rune(nil), before...)
		ctx = append(ctx, -1)
		for k := range opts {
			slot.opts = append(slot.opts, texts[k])
		}
		ctx = append(ctx, decodeHead(after, jaWindow)...)
		slots := []jaSlot{slot}
		chooseJapanese(ctx, slots)
		pick := slots[0]
		b = append(b, opts[pick.pick]...)
		lost++
		rep.Restorations = append(rep.Restorations, Restoration{
			Line: line, Damaged: "\uFFFD", Word: string(pick.opts[pick.pick]),
			Context:    string(before) + string(pick.opts[pick.pick]) + string(decodeHead(after, jaWindow)),
			Candidates: jaCandidates(&pick), Confidence: pick.conf,
		})
	}
	if len(run) > 0 {
		off[len(run)] = len(b)
	}
	return b, off, lost
}

// jaAfter returns the CP932 bytes of run after run[i], as far as the next
// stand-in; the byte after the stand-in (next when the run ends there);
// and whether another stand-in follows at once.
func jaAfter(run []rune, i int, t *sjis, next byte) ([]byte, byte, bool) {
	var after []byte
	for _, q := range run[i+1:] {
		if q == utf8.RuneError {
			break
		}
		e := t.enc[q]
		after = append(after, e[0])
		if e[1] != 0 {
			after = append(after, e[1])
		}
	}
	follow := next
	if len(after) > 0 {
		follow = after[0]
	}
	return after, follow, len(after) == 0 && i+1 < len(run)
}

// lostOptions lists the byte strings that a U+FFFD after the bytes b and
// before the bytes after may have stood for, the characters each makes
// from the start of the character it completes (at b[from:]) to the end
// of the one after, and from. follow is the byte after the stand-in; last
// says the stand-in ends the run.
func lostOptions(b, after []byte, follow byte, last, moreLost bool) ([][]byte, [][]rune, int) {
	// The character the lost bytes belong to starts at the last lead byte
	// of b, unless b ends on a whole character.
	from := len(b)
	for k := len(b) - 1; k >= 0 && k >= len(b)-3; k-- {
		if n := seqLen(b[k]); n > 0 {
			if n > len(b)-k {
				from = k
			}
			break
		}
		if b[k]&0xC0 != 0x80 {
			break
		}
	}
	pair := cp932Pair()
	var opts [][]byte
	var texts [][]rune
	try := func(fill []byte) {
		seq := append(append(append([]byte(nil), b[from:]...), fill...), after...)
		var rs []rune
		end := len(b) - from + len(fill)
		p := 0
		for p < len(seq) {
			r, size := utf8.DecodeRune(seq[p:])
			if r == utf8.RuneError || size == 1 || !isJapaneseCand(r) {
				if p >= end {
					break // past the fill: what follows is the stretch's own affair
				}
				if moreLost && utf8Prefix(seq[p:]) {
					// A character the next stand-in completes.
					p = end
					break
				}
				return
			}
			rs = append(rs, r)
			p += size
			if p >= end {
				break
			}
		}
		if p < end {
			return
		}
		// What follows the fill must start a character of its own.
		if p < len(seq) && seq[p]&0xC0 == 0x80 {
			return
		}
		opts = append(opts, fill)
		texts = append(texts, rs)
	}
	for x := 0x80; x <= 0xBF; x++ {
		// One byte: 0xA0, which CP932 leaves undefined, or a lead byte
		// before a byte that is no trail or makes no character with it.
		if x == 0xA0 || x >= 0x81 && x <= 0x9F && (last || follow < 0x40 || follow == 0x7F || follow > 0xFC || !pair[x-0x80][follow]) {
			try([]byte{byte(x)})
		}
		// Two bytes: a lead byte and a trail that make no character.
		if x >= 0x81 && x <= 0x9F {
			for y := 0x80; y <= 0xEF; y++ {
				if !pair[x-0x80][y] {
					try([]byte{byte(x), byte(y)})
				}
			}
		}
	}
	return opts, texts, from
}

// utf8Prefix reports whether b starts a UTF-8 sequence that more bytes
// would complete.
func utf8Prefix(b []byte) bool {
	n := seqLen(b[0])
	if n == 0 || len(b) >= n {
		return false
	}
	for _, c := range b[1:] {
		if c&0xC0 != 0x80 {
			return false
		}
	}
	return true
}

// decodeTail returns up to n characters that end b, as far back as they
// decode.
func decodeTail(b []byte, n int) []rune {
	var rs []rune
	for len(b) > 0 && len(rs) < n {
		r, size := utf8.DecodeLastRune(b)
		if r == utf8.RuneError {
			break
		}
		rs = append(rs, r)
		b = b[:len(b)-size]
	}
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return rs
}

// decodeHead returns up to n characters that start after, skipping the
// bytes that complete the character the fill ends in (those of after
// before the first lead byte).
func decodeHead(after []byte, n int) []rune {
	k := 0
	for k < len(after) && after[k]&0xC0 == 0x80 {
		k++
	}
	var rs []rune
	for p := k; p < len(after) && len(rs) < n; {
		r, size := utf8.DecodeRune(after[p:])
		if r == utf8.RuneError {
			break
		}
		rs = append(rs, r)
		p += size
	}
	return rs
}

// japaneseChar reports whether r belongs in Japanese text.
func japaneseChar(r rune) bool {
	return textrule.IsKana(r) || unicode.Is(unicode.Han, r) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60
}

package textfix

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind names one kind of change that Repair makes.
type Kind string

// The kinds of change that Repair reports.
const (
	KindDecode    Kind = "decode"    // characters decoded from a legacy encoding
	KindMojibake  Kind = "mojibake"  // characters rebuilt from mojibake
	KindLostByte  Kind = "lost-byte" // characters restored from a lost byte
	KindNormalise Kind = "nfc"       // characters changed by NFC
	KindNewline   Kind = "newline"   // CR or CRLF turned into LF
	KindInvalid   Kind = "invalid"   // invalid bytes replaced by U+FFFD
)

// Report says what Repair changed.
type Report struct {
	// Encoding is the encoding the input was decoded from.
	Encoding string
	// Mojibake names the code page that damaged the text ("windows-1254",
	// "shift_jis"), or is empty when no mojibake was repaired.
	Mojibake string
	// Counts counts the characters changed, by kind.
	Counts map[Kind]int
	// Restorations lists every word in which a lost byte was restored.
	Restorations []Restoration
	// Unresolved counts the damaged sequences left as found because no
	// single character fitted them.
	Unresolved int
	// Binary is set when the input is no text in any encoding Repair
	// reads (see ErrBinary); Repair then returns no text, so that nothing
	// made of an image or an archive can pass for a post.
	Binary bool
}

// A Restoration records one word rebuilt from lost bytes.
type Restoration struct {
	Line       int         // line of the output, from 1
	Damaged    string      // the word as found
	Word       string      // the word as restored
	Context    string      // the text around a restored character of a language without spaces, as restored
	Candidates []Candidate // the best candidates, most likely first
	Confidence float64     // probability of the chosen word, 0 to 1
}

// A Candidate is one word that a restoration considered.
type Candidate struct {
	Text string
	P    float64
}

// Chars is the number of characters changed, newlines not counted.
func (r Report) Chars() int {
	n := 0
	for k, c := range r.Counts {
		if k != KindNewline {
			n += c
		}
	}
	return n
}

// merge adds the counts and restorations of o, which reports on text that
// follows r's.
func (r *Report) merge(o Report) {
	for k, n := range o.Counts {
		r.add(k, n)
	}
	r.Restorations = append(r.Restorations, o.Restorations...)
}

func (r *Report) add(k Kind, n int) {
	if n == 0 {
		return
	}
	if r.Counts == nil {
		r.Counts = make(map[Kind]int)
	}
	r.Counts[k] += n
}

// maxLayers bounds how many layers of mojibake Repair peels off; it also
// makes Repair idempotent, since it stops only when a pass changes nothing.
const maxLayers = 4

// Repair decodes b and returns clean NFC text with LF line endings, and a
// report of what it changed. Clean UTF-8 comes back unchanged. Bytes that
// are no text in any encoding it reads come back as no text, with
// Report.Binary set.
func Repair(b []byte) (string, Report) {
	if f, ok := quickFix(b); ok {
		return f.string(b), f.report
	}
	return repair(b)
}

// WriteRepair writes to w what Repair returns for b, and returns Repair's
// report. Clean text, and the lines between those it normalises, are
// written from b as they are, without a copy.
func WriteRepair(w io.Writer, b []byte) (Report, error) {
	if f, ok := quickFix(b); ok {
		return f.report, f.writeTo(w, b)
	}
	s, r := repair(b)
	_, err := io.WriteString(w, s)
	return r, err
}

// A fix is the repair of text that needs none but NFC on a few lines:
// its lines are replaced by their NFC, nfc[ends[k-1]:ends[k]] for
// lines[k] (nfc[:ends[0]] for the first).
type fix struct {
	lines  []span
	nfc    []byte
	ends   []int
	report Report
}

// quickFix proves b clean but for lines that are not NFC, as in posts
// pasted from a Mac, and normalises those lines alone. It fails when the
// full path must run: b is not such text, its many DEL bytes make it
// binary (repair tells), or a line in NFC holds what screen would not
// pass (NFC composes A and a combining tilde into Ã, a code-page
// character, and turns compatibility ideographs into kanji of Japanese
// mojibake, which repair must see).
func quickFix(b []byte) (fix, bool) {
	lines, dels, ok := screen(b)
	if !ok || dels*controlShare > len(b) {
		return fix{}, false
	}
	f := fix{report: Report{Encoding: "utf-8"}}
	size, d := len(b), 0
	for _, l := range lines {
		line := b[l.start:l.end]
		at := len(f.nfc)
		f.nfc = norm.NFC.Append(f.nfc, line...)
		nl := f.nfc[at:]
		if bytes.Equal(nl, line) {
			f.nfc = f.nfc[:at]
			continue
		}
		if _, _, ok := screen(nl); !ok {
			return fix{}, false
		}
		f.lines = append(f.lines, l)
		f.ends = append(f.ends, len(f.nfc))
		size += len(nl) - len(line)
		d += utf8.RuneCount(line) - utf8.RuneCount(nl)
	}
	if len(f.lines) > 0 {
		if dels*controlShare > size {
			return fix{}, false
		}
		f.report.add(KindNormalise, max(d, 1))
	}
	return f, true
}

// string returns b fixed.
func (f *fix) string(b []byte) string {
	if len(f.lines) == 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(f.nfc))
	f.each(b, func(p []byte) error {
		sb.Write(p)
		return nil
	})
	return sb.String()
}

// writeTo writes b fixed to w. Short pieces are gathered in a buffer, so
// that a text of many lines to normalise is not a write per line; long
// ones pass through it.
func (f *fix) writeTo(w io.Writer, b []byte) error {
	if len(f.lines) == 0 {
		_, err := w.Write(b)
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := f.each(b, func(p []byte) error {
		_, err := bw.Write(p)
		return err
	}); err != nil {
		return err
	}
	return bw.Flush()
}

// each calls fn with the pieces of b fixed, in order, until fn fails.
func (f *fix) each(b []byte, fn func([]byte) error) error {
	done, at := 0, 0
	for k, l := range f.lines {
		if err := fn(b[done:l.start]); err != nil {
			return err
		}
		if err := fn(f.nfc[at:f.ends[k]]); err != nil {
			return err
		}
		done, at = l.end, f.ends[k]
	}
	return fn(b[done:])
}

// repair is Repair without the fast paths: it decodes b, then peels off
// layers of mojibake and normalises until a pass changes nothing.
func repair(b []byte) (string, Report) {
	var r Report
	s := decode(b, &r)
	if r.Binary {
		return "", r
	}
	if strings.IndexByte(s, '\r') >= 0 {
		n := strings.Count(s, "\r")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		r.add(KindNewline, n)
	}
	for range maxLayers {
		jp, cp, nfc := scan(s)
		if !jp && !cp && nfc {
			break
		}
		t := s
		if jp {
			t = fixJapanese(t, &r)
		}
		if cp {
			t = fixSingleByte(t, &r)
		}
		t = normalise(t, &r)
		if t == s {
			break
		}
		s = t
	}
	if isBinary(s) {
		// Repair must take what it returns for text: a repair that
		// shrank the text (mojibake rebuilt, a kanji of two made one)
		// can leave its few stray controls at a share that is binary.
		s = replaceControls(s, &r)
	}
	return s, r
}

// scan reports whether s holds kanji of Japanese mojibake, code-page
// characters that spell a UTF-8 sequence, and whether it is NFC.
func scan(s string) (jp, cp, nfc bool) {
	var seq cpSeq
	nfc = true
	checked := 0 // the lines before checked are known to be NFC or not
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if seq.need > 0 {
				seq.stop(rune(s[i]))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x1E00 && r < 0x1F00 {
			// Latin Extended Additional, Vietnamese letters among
			// them: no code page, no kanji, composed.
			if seq.need > 0 {
				seq.stop(r)
			}
			i += size
			continue
		}
		jp = jp || jpSuspect(r)
		cp = seq.next(r) || cp
		if seq.need == 2 && seq.have == 1 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			seq.lowerBefore = unicode.IsLower(prev)
		}
		if nfc && i >= checked && !inert(r) {
			// NFC works within a line: a line feed neither composes
			// nor reorders with anything.
			start, end := lineAround(s, i)
			nfc = norm.NFC.IsNormalString(s[start:end])
			checked = end
		}
		i += size
	}
	if seq.need > 0 {
		seq.stop('\n')
	}
	return jp, cp || seq.cut, nfc
}

// lineAround returns the bounds of the line that holds s[i], its line
// feed left out; s[i] must not be a line feed.
func lineAround[T string | []byte](s T, i int) (start, end int) {
	start = lastIndexByte(s[:i], '\n') + 1
	end = len(s)
	if j := indexByte(s[i:], '\n'); j >= 0 {
		end = i + j
	}
	return start, end
}

func indexByte[T string | []byte](s T, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func lastIndexByte[T string | []byte](s T, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// normalise applies NFC, line by line and only to the lines that may not
// be NFC, and counts the characters it removed (at least one when it
// changed anything).
func normalise(s string, r *Report) string {
	var sb strings.Builder
	var buf []byte
	done, d := 0, 0 // s[:done] is in sb
	for i := 0; i < len(s); {
		n := norm.NFC.QuickSpanString(s[i:])
		if i+n == len(s) {
			break
		}
		p := i + n
		// The line of p, and the next one too when p is the line feed
		// before a line that starts with a combining mark: NFC of
		// lines joined by line feeds is that of each line.
		start := i + strings.LastIndexByte(s[i:p], '\n') + 1
		end := len(s)
		if j := strings.IndexByte(s[p+1:], '\n'); j >= 0 {
			end = p + 1 + j
		}
		line := s[start:end]
		buf = norm.NFC.AppendString(buf[:0], line)
		if string(buf) != line {
			if sb.Cap() == 0 {
				sb.Grow(len(s) + len(s)/16)
			}
			sb.WriteString(s[done:start])
			sb.Write(buf)
			done = end
			d += utf8.RuneCountInString(line) - utf8.RuneCount(buf)
		}
		i = end
	}
	if sb.Cap() == 0 {
		return s
	}
	sb.WriteString(s[done:])
	r.add(KindNormalise, max(d, 1))
	return sb.String()
}

// A span is a line of the input, its line feed left out.
type span struct{ start, end int }

// screen proves quickly that b needs no repair but NFC on the lines it
// returns: valid UTF-8 without a byte-order mark or a control byte but
// tab and line feed, no code-page characters that spell a whole UTF-8
// sequence (which every single-byte mojibake holds), no kanji that
// Japanese mojibake is made of. The lines it returns may not be NFC (a
// quick check failed on them); all others are. It also counts DEL bytes,
// which make bytes binary (isBinary) when there are many.
func screen(b []byte) (lines []span, dels int, ok bool) {
	var seq cpSeq
	checked := 0 // the lines before checked are known to be NFC or not
	for i := 0; i < len(b); {
		c := b[i]
		if c-0x20 < 0x7F-0x20 {
			// A run of printable ASCII, eight bytes at a time where
			// it is long: only its first byte can end a sequence.
			if seq.need > 0 {
				if seq.stop(rune(c)); seq.cut {
					return nil, 0, false
				}
			}
			for i++; i+8 <= len(b) && printable8(binary.LittleEndian.Uint64(b[i:])); i += 8 {
			}
			for i < len(b) && b[i]-0x20 < 0x7F-0x20 {
				i++
			}
			continue
		}
		if c < utf8.RuneSelf {
			// CR, ESC, NUL and the other controls: text to mend,
			// ISO-2022-JP, UTF-16 or binary.
			switch c {
			case '\n', '\t':
			case 0x7F:
				dels++
			default:
				return nil, 0, false
			}
			if seq.need > 0 {
				if seq.stop(rune(c)); seq.cut {
					return nil, 0, false
				}
			}
			i++
			continue
		}
		// The letters of Vietnamese, which most text beyond ASCII here
		// is, are decoded in line: two bytes below U+0800, three in
		// U+1E00–U+1EFF.
		var r rune
		var size int
		switch {
		case c >= 0xC2 && c < 0xE0 && i+1 < len(b) && b[i+1]&0xC0 == 0x80:
			r, size = rune(c&0x1F)<<6|rune(b[i+1]&0x3F), 2
			if r < 0x300 {
				// Inert, no kanji: only the code-page sequence
				// matters, and mostly it is none or starts here.
				switch cb := cpTable[r]; {
				case cb == 0:
					if seq.need > 0 {
						if seq.stop(r); seq.cut {
							return nil, 0, false
						}
					}
					i += 2
					continue
				case cb >= 0xE0 && seq.need == 0:
					seq.need, seq.have = seqLen(cb), 1
					i += 2
					continue
				}
			}
		case c == 0xE1 && i+2 < len(b) && b[i+1]-0xB8 < 4 && b[i+2]&0xC0 == 0x80:
			// Latin Extended Additional: no code page, no kanji,
			// composed.
			if seq.need > 0 {
				if seq.stop(rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)); seq.cut {
					return nil, 0, false
				}
			}
			i += 3
			continue
		default:
			r, size = utf8.DecodeRune(b[i:])
		}
		if r == utf8.RuneError && size == 1 || r == '\uFEFF' && i == 0 || jpSuspect(r) {
			return nil, 0, false
		}
		if seq.next(r) || seq.cut {
			return nil, 0, false
		}
		if seq.need == 2 && seq.have == 1 {
			prev, _ := utf8.DecodeLastRune(b[:i])
			seq.lowerBefore = unicode.IsLower(prev)
		}
		if i >= checked && !inert(r) {
			start, end := lineAround(b, i)
			if norm.NFC.QuickSpan(b[start:end]) != end-start {
				lines = append(lines, span{start, end})
			}
			checked = end
		}
		i += size
	}
	if seq.need > 0 {
		seq.stop('\n')
	}
	return lines, dels, !seq.cut
}

// printable8 reports whether the eight bytes of x are all printable
// ASCII: none has its high bit set, none is below 0x20, none is DEL.
func printable8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// With no high bit set, x - 0x20 borrows into a byte's high bit only
	// where the byte is below 0x20, and x + 1 carries into it only where
	// the byte is 0x7F.
	return (x|(x-0x20*ones)|(x+ones))&highs == 0
}

// cpSeq follows code-page characters as the UTF-8 bytes they stand for.
// It also notes a sequence cut one byte short the way no clean text
// spells one (ä¸ before a letter: a kanji that lost a byte; lÃn: a
// capital amid small letters), which lost bytes leave.
type cpSeq struct {
	need, have  int
	last        byte // the last continuation byte
	lowerBefore bool // a small letter came before the lead byte
	cut         bool
}

// next takes the next character and reports whether it completes a UTF-8
// sequence spelled in code-page characters.
func (q *cpSeq) next(r rune) bool {
	c, ok := cpByte(r)
	switch {
	case !ok:
		if q.need > 0 {
			q.stop(r)
		}
	case c&0xC0 == 0x80 && q.need > 0:
		q.have++
		q.last = c
		if q.have == q.need {
			q.need = 0
			return true
		}
	default:
		if q.need > 0 {
			q.stop(r)
		}
		q.need, q.have = seqLen(c), 1
	}
	return false
}

// stop ends the sequence under way before r, noting whether it was cut.
func (q *cpSeq) stop(r rune) {
	switch {
	case q.need >= 3 && q.have == q.need-1 && !weakByte[q.last]:
		q.cut = true
	case q.need == 2 && q.have == 1 && q.lowerBefore && unicode.IsLower(r):
		q.cut = true
	}
	q.need = 0
}

var bom8 = []byte{0xEF, 0xBB, 0xBF}

func hasBOM8(b []byte) bool { return bytes.HasPrefix(b, bom8) }

package extract

import (
	"strings"
	"unicode"
)

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var (
	titleCols   = lazyRE(`(?i)title|talk|topic|session|nội dung|chủ đề|tiêu đề|bài nói|タイトル|内容|発表|セッション|テーマ|演題`)
	speakerCols = lazyRE(`(?i)speaker|presenter|diễn giả|người trình bày|登壇者|発表者|スピーカー|講演者`)
)

// tableTalks reads agenda tables whose header names a title column and a
// speaker column.
func tableTalks(lines []line) []cand {
	var out []cand
	for i := 0; i+1 < len(lines); i++ {
		if lines[i].kind != kTable || lines[i+1].kind != kTable || !reTableSep.MatchString(lines[i+1].text) {
			continue
		}
		head := cells(lines[i].text)
		tc, sc := -1, -1
		for j, h := range head {
			switch {
			case sc < 0 && speakerCols.MatchString(h):
				sc = j
			case tc < 0 && titleCols.MatchString(h):
				tc = j
			}
		}
		i += 2
		for ; i < len(lines) && lines[i].kind == kTable; i++ {
			if tc < 0 || sc < 0 {
				continue
			}
			row := cells(lines[i].text)
			if tc >= len(row) || sc >= len(row) {
				continue
			}
			title, ok := cleanTitle(row[tc])
			if !ok {
				continue
			}
			people := parseSpeakers(row[sc])
			if len(people) == 0 {
				if g, ok := groupSpeaker(inline(row[sc])); ok {
					people = []person{g}
				}
			}
			if len(people) == 0 {
				continue
			}
			c := cand{title: title, people: people, line: i, source: SourceTable, conf: 0.9}
			c.slides, c.video = links(lines[i].text)
			out = append(out, c)
		}
	}
	return out
}

func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	parts := strings.Split(row, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

var (
	reBy              = lazyRE(`^(.{3,}?)\s+[-–—]?\s*(?:presented by|by|By|bởi|Bởi|từ anh|từ chị)\s+(.{2,120})$`)
	reParenHandle     = lazyRE(`^(.{3,}?)\s*[(（]\s*((?:[^()（）]*?\s)?@[A-Za-z0-9_][^()（）]*)[)）]\s*$`)
	reDashSpeaker     = lazyRE(`^(.{3,}?)\s+(?:[-–—|]|／|/)\s+(.{2,80})$`)
	reSanQuote        = lazyRE(`^(.{1,40}?さん(?:\s*[(（][^)）]{1,40}[)）])?)\s*[:：]?\s*[「『“"](.{2,150})[」』”"]`)
	reNameColon       = lazyRE(`^(.{2,40}?)\s*[:：]\s*[「『“"](.{2,150})[」』”"]\s*$`)
	reTrailSan        = lazyRE(`^(.{3,}?)(?:\s+|\s*[（(/／|:：\-–—]\s*)((?:[^\s（()）]{1,20}\s)?[^\s（()）]{1,20}さん)\s*[)）]?(?:\s*[(（][^)）]{1,40}[)）])?\s*$`)
	reTitleHandleName = lazyRE(`^(.{3,}?)\s*[（(]\s*@([A-Za-z0-9_.-]+)\s*[)）]\s*(.{0,30}?さん)?\s*(?:[/／|]\s*(.{2,60}))?$`)
	reNotByline       = lazyRE(`(?i)\b(?:organi[sz]ed|hosted|powered|sponsored|supported|made|written|created|inspired|run|built|owned|maintained|developed|generated|produced|provided|used|deployed|managed|backed|funded|acquired|followed|replaced|caused|defined|handled|called|triggered|signed|issued|published|released)$`)
	reLabelParen      = lazyRE(`(?i)^(?:LT|lightning talk|session|セッション|talk|発表)\s*#?\d{0,2}\s*[:：]\s*(.{3,}?)\s*[（(]([^()（）@]{1,30})[)）]\s*$`)
	reNumbered        = lazyRE(`^\s*\d{1,2}[.)．]`)
	reDashSplit       = lazyRE(`\s+(?:[-–—|]|／|/)\s+`)
	reBoldTitle       = lazyRE(`^\*\*(.{3,200}?)\*\*\s*[:：]?\s*(.*)$`)
)

// Cheap tests that spare the regular expressions most lines.
var (
	byWords = []string{" by ", " By ", "bởi", "Bởi", "từ anh", "từ chị"}
	dashes  = []string{" - ", " – ", " — ", " | ", " / ", " ／ ", "-", "–", "—", "|", "/", "／"}
)

// inlineTalk reads a talk written on one line: "title (30min) by Name
// (@handle)", "title（@handle）", "title – Speaker – Company",
// "Nameさん「title」", "title / Nameさん". strongOnly demands a handle or an
// honorific (for headings and loose lines, where a dash may be anything).
func inlineTalk(s string, strongOnly bool) (cand, bool) {
	raw := s
	s = strings.TrimSpace(s)
	var c cand
	if m := reMinutes.FindStringSubmatch(s); m != nil {
		c.minutes = atoi(m[1])
	}
	c.slides, c.video = links(raw)
	s = inline(s)
	try := func(title, speakers string, strong bool) bool {
		t, ok := cleanTitle(title)
		if !ok || reHonorSfx.MatchString(t) {
			return false // a name, not a title: "Uchio Kondo さん（@udzura）"
		}
		if !strings.ContainsAny(t, " 　") && runeLen(t) <= 12 && orgWord(t) && strings.Contains(speakers, "さん") {
			return false // a company and its person: "オルターブース 知念さん"
		}
		ps := parseSpeakers(speakers)
		if len(ps) == 0 {
			return false
		}
		if strongOnly && !strong {
			for _, p := range ps {
				if p.strong {
					strong = true
				}
			}
			if !strong {
				return false
			}
		}
		c.title, c.people = t, ps
		return true
	}
	hasAt := strings.Contains(s, "@")
	hasSan := strings.Contains(s, "さん")
	hasParen := strings.ContainsAny(s, "(（")
	if m := reTitleHandleName.FindStringSubmatch(s); hasAt && m != nil {
		// "title（@handle）Name さん / Company"
		sp := m[3] + " (@" + m[2] + ")"
		if m[4] != "" {
			sp = m[3] + " (@" + m[2] + ", " + m[4] + ")"
		}
		if strings.TrimSpace(m[3]) == "" {
			sp = "@" + m[2] + " (" + m[4] + ")"
		}
		if m[3] != "" || m[4] != "" {
			if try(m[1], sp, true) {
				return c, true
			}
		}
	}
	if m := reLabelParen.FindStringSubmatch(s); hasParen && m != nil && looksLikeName(m[2]) && try(m[1], m[2], true) {
		// "LT3: title（Name）": after a talk label, the parenthesis is the
		// speaker.
		return c, true
	}
	if m := reSanQuote.FindStringSubmatch(s); hasSan && m != nil && try(m[2], m[1], true) {
		return c, true
	}
	if m := reNameColon.FindStringSubmatch(s); strings.ContainsAny(s, ":：") && m != nil && looksLikeName(m[1]) && try(m[2], m[1], false) {
		return c, true
	}
	if m := reBy.FindStringSubmatch(s); containsAny(s, byWords) && m != nil {
		title := reTitleMins.ReplaceAllString(m[1], "")
		if !reNotByline.MatchString(title) && try(title, m[2], true) {
			return c, true
		}
	}
	if m := reParenHandle.FindStringSubmatch(s); hasAt && m != nil && try(m[1], m[2], true) {
		return c, true
	}
	if m := reTrailSan.FindStringSubmatch(s); hasSan && m != nil && try(m[1], m[2], true) {
		return c, true
	}
	if m := reDashSpeaker.FindStringSubmatch(s); containsAny(s, dashes) && m != nil {
		// "Title – Speaker – Company": the middle part is the speaker.
		parts := reDashSplit.Split(s, -1)
		if len(parts) == 3 && looksLikeName(reHonorSfx.ReplaceAllString(parts[1], "")) &&
			(reHonorSfx.MatchString(parts[1]) || strings.Contains(parts[1], "@") || strings.Contains(strings.TrimSpace(parts[1]), " ")) {
			if try(parts[0], parts[1]+" ("+parts[2]+")", !strongOnly) {
				return c, true
			}
		}
		// Two parts: the second is a speaker only when marked as one
		// ("Nameさん", a handle) or written as a full name.
		if len(parts) == 2 {
			ps := parseSpeakers(m[2])
			if len(ps) == 1 && (ps[0].strong || strings.Contains(ps[0].name, " ")) && try(m[1], m[2], false) {
				return c, true
			}
		}
	}
	return cand{}, false
}

// listTalks reads list items that are talks, and bold-title items whose
// sub-items are the speakers.
func listTalks(lines []line) []cand {
	var out []cand
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.kind != kItem && !(l.kind == kText && strings.HasPrefix(l.text, "**")) {
			continue
		}
		if m := reBoldTitle.FindStringSubmatch(l.text); m != nil {
			title, ok := cleanTitle(m[1])
			// A bold person ("**Conor McNamara** – Director, AWS") heads a
			// speaker list, not a talk.
			if ok && !(looksLikeName(title) && strings.Contains(title, " ") && !strings.HasPrefix(strings.TrimSpace(m[2]), "[")) {
				rest := strings.TrimSpace(inline(m[2]))
				var people []person
				if rest != "" && !strings.HasPrefix(strings.TrimSpace(m[2]), "[") {
					for _, p := range parseSpeakers(strings.Trim(rest, " -–—")) {
						if p.strong || fullName(p.name) || p.group {
							people = append(people, p)
						}
					}
				}
				// Sub-items (or the next lines) are the speakers.
				j := i + 1
				for ; j < len(lines) && len(people) < 6; j++ {
					n := lines[j]
					if n.kind == kBlank {
						break
					}
					if n.kind != kItem || n.indent <= l.indent && l.kind == kItem {
						break
					}
					ps := parseSpeakers(n.text)
					if len(ps) == 0 {
						break
					}
					people = append(people, ps...)
				}
				if len(people) > 0 {
					c := cand{title: title, people: people, line: i, source: SourceList, conf: 0.85}
					c.slides, c.video = links(l.text)
					out = append(out, c)
					i = j - 1
					continue
				}
			}
		}
		if l.kind != kItem {
			continue
		}
		if c, ok := inlineTalk(l.text, false); ok {
			c.line, c.source, c.conf = i, SourceList, 0.9
			out = append(out, c)
		}
	}
	return out
}

// headingTalks reads headings that name a talk: the heading itself carries
// the speaker, or one of the next two lines is a speaker line.
func headingTalks(lines []line) []cand {
	var out []cand
	for i, l := range lines {
		if l.kind != kHeading {
			continue
		}
		c, ok := inlineTalk(l.text, true)
		speakerLine := -1
		if !ok {
			title, tok := cleanTitle(l.text)
			if !tok {
				continue
			}
			seen := 0
			for j := i + 1; j < len(lines) && seen < 2; j++ {
				n := lines[j]
				if n.kind == kBlank || n.kind == kImage {
					continue
				}
				if n.kind == kHeading || n.kind == kTable || n.kind == kCode {
					break
				}
				seen++
				if n.kind == kItem {
					if _, isTalk := inlineTalk(n.text, false); isTalk || reNumbered.MatchString(n.raw) {
						break // a list of talks under a section heading
					}
				}
				if ps, strong := speakerLine2(n.text); strong {
					c = cand{title: title, people: ps}
					c.slides, c.video = links(n.text)
					speakerLine = j
					ok = true
					break
				}
			}
		}
		if !ok {
			continue
		}
		c.line, c.source, c.conf = i, SourceHeading, 0.85
		c.desc = section(lines, i, speakerLine)
		if c.slides == "" || c.video == "" {
			s, v := sectionLinks(lines, i)
			if c.slides == "" {
				c.slides = s
			}
			if c.video == "" {
				c.video = v
			}
		}
		out = append(out, c)
	}
	return out
}

var reVenueLine = lazyRE(`(?:さん)?\s*(?:にて|で開催|会場)\s*[。.!！]?$|(?i)^(?:venue|at|tại|địa điểm)\s*[:：]`)

// speakerLine2 reads a line under a heading as a speaker line; strong is
// true when it surely names speakers.
func speakerLine2(s string) ([]person, bool) {
	plain := strings.TrimSpace(inline(s))
	if reVenueLine.MatchString(plain) {
		return nil, false // "日本オラクル 九州オフィス さんにて": where, not who
	}
	if runeLen(plain) > 80 || strings.HasSuffix(plain, "。") || strings.HasSuffix(plain, ".") && !strings.HasSuffix(plain, "Inc.") {
		return nil, false
	}
	cue := reSpeakerP.MatchString(plain)
	ps := parseSpeakers(plain)
	if len(ps) == 0 {
		return nil, false
	}
	for _, p := range ps {
		if p.strong || cue {
			return ps, true
		}
	}
	return nil, false
}

// section is the text under heading i up to the next heading of the same
// or a higher level, without the speaker line, as plain text.
func section(lines []line, i, skip int) string {
	var b strings.Builder
	for j := i + 1; j < len(lines); j++ {
		n := lines[j]
		if n.kind == kHeading && n.level <= lines[i].level {
			break
		}
		if j == skip || n.kind == kImage || n.kind == kCode || n.kind == kRule {
			continue
		}
		if !appendDesc(&b, n) {
			break
		}
	}
	return strings.TrimSpace(b.String())
}

// appendDesc adds one line to a description; it reports false once the
// description is long enough.
func appendDesc(b *strings.Builder, n line) bool {
	t := n.plain
	if n.kind == kBlank {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
			b.WriteString("\n\n")
		}
		return true
	}
	if t == "" {
		return true
	}
	if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
		b.WriteString("\n")
	}
	b.WriteString(t)
	return runeLen(b.String()) < maxDesc
}

func sectionLinks(lines []line, i int) (slides, video string) {
	for j := i + 1; j < len(lines) && j < i+30; j++ {
		if lines[j].kind == kHeading && lines[j].level <= lines[i].level {
			break
		}
		s, v := links(lines[j].text)
		if slides == "" {
			slides = s
		}
		if video == "" {
			video = v
		}
	}
	return slides, video
}

// standaloneTalks reads one-line paragraphs of plain-text posts that name
// a talk with a handle: "Working as an SRE (@transnano, Yahoo! JAPAN)".
func standaloneTalks(lines []line) []cand {
	var out []cand
	for i, l := range lines {
		if l.kind != kText || runeLen(l.text) > 150 || !strings.Contains(l.text, "@") {
			continue
		}
		if i > 0 && lines[i-1].kind != kBlank || i+1 < len(lines) && lines[i+1].kind != kBlank {
			continue
		}
		if strings.HasSuffix(l.text, ".") || strings.HasSuffix(l.text, "。") {
			continue
		}
		m := reParenHandle.FindStringSubmatch(l.plain)
		if m == nil {
			continue
		}
		c, ok := inlineTalk(l.text, true)
		if !ok {
			continue
		}
		c.line, c.source, c.conf = i, SourceLine, 0.8
		// Its description: the paragraphs up to the next such line.
		var b strings.Builder
		for j := i + 1; j < len(lines); j++ {
			n := lines[j]
			if n.kind == kHeading || n.kind == kText && j > i+1 && lines[j-1].kind == kBlank && (j+1 >= len(lines) || lines[j+1].kind == kBlank) && runeLen(n.text) < 150 && !strings.HasSuffix(n.text, ".") {
				break
			}
			if n.kind == kImage || n.kind == kCode {
				continue
			}
			if !appendDesc(&b, n) {
				break
			}
		}
		c.desc = strings.TrimSpace(b.String())
		out = append(out, c)
	}
	return out
}

var (
	reTime       = lazyRE(`^\d{1,2}[:：]\d{2}(?:\s*[-–~〜]\s*\d{1,2}[:：]\d{2})?$`)
	reNotSession = lazyRE(`(?i)opening|closing|lunch|break|coffee|\btea\b|welcome|^games?$|game time|mini ?games?|check.?in|photo|networking|giao lưu|交流|minigame|đố vui|quiz|after ?party|昼休み|ランチ|集合写真|打ち上げ|registration|đăng ký|khai mạc|bế mạc|giải lao|開場|受付|休憩|懇親会|乾杯|閉会|開会`)
)

// agendaTalks reads timed agendas, such as HTML timelines: a line that is
// only a time, then within three lines the session's title. Breaks,
// openings and the like are left out; the speakers stay unknown.
func agendaTalks(lines []line) []cand {
	var out []cand
	for i, l := range lines {
		if l.kind == kCode || !reTime.MatchString(l.plain) {
			continue
		}
		for j := i + 1; j < len(lines) && j <= i+3; j++ {
			t := lines[j].plain
			if t == "" {
				continue
			}
			if reTime.MatchString(t) {
				break
			}
			if title, ok := cleanTitle(t); ok && !reNotSession.MatchString(title) {
				out = append(out, cand{title: title, line: j, source: SourceAgenda, conf: 0.6})
			}
			break
		}
	}
	return out
}

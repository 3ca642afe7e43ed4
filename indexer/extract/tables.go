package extract

import (
	"strings"
)

var (
	timeCols    = lazyRE(`(?i)^(?:time|thời gian|giờ|時間|時刻|時間帯|schedule)$`)
	companyCols = lazyRE(`(?i)company|affiliation|organi[sz]ation|công ty|đơn vị|所属|会社`)
	reTimeCell  = lazyRE(`^\s*\d{1,2}[:：h.]\d{2}`)
	reHTMLRow   = lazyRE(`(?is)<tr[^>]*>(.*?)</tr>`)
	reHTMLCell  = lazyRE(`(?is)<t([dh])[^>]*>(.*?)</t[dh]>`)
)

// table is the rows of one Markdown or HTML table, the header first when
// it has one.
type table struct {
	head  []string
	rows  [][]string
	lines []int
	links [][]link
}

// tablesOf gathers the tables of the blocks: Markdown tables row by row,
// HTML tables from raw HTML blocks.
func tablesOf(bs []block) []table {
	var out []table
	cur := -1
	for _, b := range bs {
		switch b.kind {
		case bRow:
			if b.table != cur {
				out = append(out, table{})
				cur = b.table
			}
			t := &out[len(out)-1]
			if b.head {
				t.head = b.cells
				continue
			}
			t.rows = append(t.rows, b.cells)
			t.lines = append(t.lines, b.line)
			t.links = append(t.links, b.links)
		case bHTML:
			if !strings.Contains(strings.ToLower(b.src), "<tr") {
				continue
			}
			var t table
			for _, r := range reHTMLRow.FindAllStringSubmatch(b.src, -1) {
				var cells []string
				th := false
				for _, c := range reHTMLCell.FindAllStringSubmatch(r[1], -1) {
					th = th || strings.EqualFold(c[1], "h")
					cells = append(cells, strings.Join(strings.Fields(inline(strings.ReplaceAll(c[2], "<br", " <br"))), " "))
				}
				if th && t.head == nil && len(t.rows) == 0 {
					t.head = cells
					continue
				}
				t.rows = append(t.rows, cells)
				t.lines = append(t.lines, b.line)
				var ls []link
				for _, m := range reHTMLLink.FindAllStringSubmatch(r[1], -1) {
					ls = append(ls, link{label: inline(m[2]), url: m[1]})
				}
				t.links = append(t.links, ls)
			}
			if t.head == nil && len(t.rows) > 1 && rowIsHeader(t.rows[0]) {
				t.head, t.rows, t.lines, t.links = t.rows[0], t.rows[1:], t.lines[1:], t.links[1:]
			}
			out = append(out, t)
			cur = -1
		}
	}
	return out
}

// rowIsHeader reports whether a first row names columns.
func rowIsHeader(r []string) bool {
	for _, c := range r {
		if titleCols.MatchString(c) || speakerCols.MatchString(c) || timeCols.MatchString(c) {
			return true
		}
	}
	return false
}

// rowTalks reads agenda tables and timetables: a column of titles and one
// of speakers, named by the header or, without one, told by their cells
// (a column of people, a column of times, the longest text).
func rowTalks(bs []block) []cand {
	var out []cand
	for _, t := range tablesOf(bs) {
		tc, sc, cc, tm := -1, -1, -1, -1
		for j, h := range t.head {
			switch {
			case sc < 0 && speakerCols.MatchString(h):
				sc = j
			case cc < 0 && companyCols.MatchString(h):
				cc = j
			case tm < 0 && timeCols.MatchString(strings.TrimSpace(h)):
				tm = j
			case tc < 0 && titleCols.MatchString(h):
				tc = j
			}
		}
		if sc < 0 || tc < 0 {
			// columnsByContent never takes the time column for titles.
			tc2, sc2, _ := columnsByContent(t.rows)
			if sc < 0 {
				sc = sc2
			}
			if tc < 0 && tc2 != sc && tc2 != tm {
				tc = tc2
			}
		}
		if tc < 0 || sc < 0 || tc == sc {
			continue
		}
		for i, r := range t.rows {
			if tc >= len(r) || sc >= len(r) {
				continue
			}
			title, ok := cleanTitle(stripSlot(r[tc]))
			if !ok || reNotSession.MatchString(title) && runeLen(title) < 30 || reClosingHd.MatchString(title) {
				continue
			}
			ps := parseSpeakers(r[sc])
			if len(ps) == 0 {
				if g, ok := groupSpeaker(r[sc]); ok {
					ps = []person{g}
				}
			}
			ps = people(ps)
			if len(ps) == 0 {
				continue
			}
			if cc >= 0 && cc < len(r) {
				for k := range ps {
					if ps[k].affiliation == "" {
						ps[k].affiliation = strings.TrimSpace(r[cc])
					}
				}
			}
			c := cand{title: title, people: ps, line: t.lines[i], source: SourceTable, conf: 0.9}
			c.slides, c.video = mediaOf(t.links[i])
			out = append(out, c)
		}
	}
	return out
}

// columnsByContent tells a table's columns by their cells: the one most
// of whose cells are people, the one of times, and the one of the longest
// texts that are neither.
func columnsByContent(rows [][]string) (title, speaker, tm int) {
	title, speaker, tm = -1, -1, -1
	if len(rows) == 0 {
		return
	}
	n := 0
	for _, r := range rows {
		if len(r) > n {
			n = len(r)
		}
	}
	bestP, bestL := 0, 0
	for j := 0; j < n; j++ {
		persons, times, total, length := 0, 0, 0, 0
		for _, r := range rows {
			if j >= len(r) || strings.TrimSpace(r[j]) == "" {
				continue
			}
			total++
			length += runeLen(r[j])
			if reTimeCell.MatchString(r[j]) {
				times++
				continue
			}
			if ps := people(parseSpeakers(r[j])); len(ps) > 0 && (ps[0].strong || fullName(ps[0].name) || looksLikeName(ps[0].name) && textIsCJK(ps[0].name)) {
				persons++
			}
		}
		if total == 0 {
			continue
		}
		switch {
		case times*2 > total:
			if tm < 0 {
				tm = j
			}
		case persons*2 >= total && persons > bestP:
			speaker, bestP = j, persons
		}
	}
	for j := 0; j < n; j++ {
		if j == speaker || j == tm {
			continue
		}
		length := 0
		for _, r := range rows {
			if j < len(r) {
				length += runeLen(r[j])
			}
		}
		if length > bestL {
			title, bestL = j, length
		}
	}
	return
}

func textIsCJK(s string) bool {
	for _, r := range s {
		if r > 0x2E80 {
			return true
		}
	}
	return false
}

// stripSlot removes a leading time slot, also half of one ("20-14:00").
func stripSlot(s string) string {
	s = strings.TrimSpace(s)
	if m := reTimeSlot.FindString(s); m != "" && runeLen(s) > runeLen(m)+2 {
		return strings.TrimSpace(s[len(m):])
	}
	if m := reHalfSlot.FindString(s); m != "" && runeLen(s) > runeLen(m)+2 {
		return strings.TrimSpace(s[len(m):])
	}
	return s
}

var reHalfSlot = lazyRE(`^\d{1,2}\s*[-–~〜]\s*\d{1,2}[:：]\d{2}\s*`)

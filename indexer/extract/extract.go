// Package extract finds the talks, the event and the topics of a recap
// post. It is a set of pure functions of a kb.Post and the taxonomy: no
// I/O, no state. Talks come from the front matter when it lists them, and
// otherwise from the post's text, read twice: by line rules for the
// one-line forms recap posts use ("title (30min) by Name (@handle)", a
// heading followed by a speaker line, agenda tables), and by a cue model
// over the post's goldmark tree, which scores headings and their
// sections, list items, table rows and sentences from the cues around
// them (speakers, slides and videos, talk labels and time slots, the
// section they sit in, their peers). Speakers are people: platforms,
// products and companies never are.
package extract

import (
	"fmt"
	"sort"
	"strings"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textrule"
)

// Sources of talks, in kb.Talk.Source.
const (
	SourceFrontMatter = "front-matter"
	SourceTable       = "table"
	SourceList        = "list"
	SourceHeading     = "heading"
	SourceLine        = "line"
	SourceProse       = "prose"
	SourceAgenda      = "agenda"
)

// cand is a talk candidate before speakers are resolved.
type cand struct {
	title         string
	people        []person
	minutes       int
	slides, video string
	desc          string
	line          int  // where the talk is named
	end           int  // for a heading's talk, the line its section ends on
	untitled      bool // the post names no title: the title says who spoke
	source        string
	conf          float64
}

// maxDesc bounds a talk's description, in runes.
const maxDesc = 2000

// Post extracts the talks, event and topics of p and returns them with p
// as its entry; the entry's topics are slugs, strongest first. tax may be
// nil, in which case speakers get slugs from their names and no topics
// are found.
func Post(p kb.Post, tax *taxonomy.Taxonomy) kb.Entry {
	lines := splitLines(p.Markdown)
	var cands []cand
	if fm := frontMatterTalks(p.Meta); len(fm) > 0 {
		text := textTalks(lines, p)
		cands = enrich(fm, text, lines)
	} else {
		cands = textTalks(lines, p)
		describe(cands, lines)
	}

	res := kb.Entry{Post: p, Markdown: p.Markdown}
	res.Event = findEvent(p, lines, tax)
	eventSlug := ""
	if res.Event != nil {
		eventSlug = res.Event.Slug
	}
	// Speakers are people; a talk whose speaker slot held only a company
	// or a platform was no talk, unless its structure alone says it is.
	kept := cands[:0]
	for _, c := range cands {
		ps := people(c.people)
		if len(ps) == 0 && len(c.people) > 0 && c.source != SourceHeading && c.source != SourceFrontMatter {
			continue
		}
		c.people = ps
		kept = append(kept, c)
	}
	cands = kept
	for i, c := range cands {
		t := kb.Talk{
			ID:          fmt.Sprintf("%s-t%d", p.Slug, i+1),
			Title:       c.title,
			Minutes:     c.minutes,
			Slides:      c.slides,
			Video:       c.video,
			Description: c.desc,
			Lang:        p.Lang,
			PostSlug:    p.Slug,
			EventSlug:   eventSlug,
			Confidence:  c.conf,
			Source:      c.source,
		}
		seen := make(map[string]bool)
		for _, pp := range c.people {
			sp := tax.Speaker(pp.name, pp.handle)
			if sp.Slug == "" || seen[sp.Slug] {
				continue
			}
			seen[sp.Slug] = true
			sp.Affiliation = pp.affiliation
			t.Speakers = append(t.Speakers, sp)
		}
		t.Topics = talkTopics(tax, t)
		res.Talks = append(res.Talks, t)
	}
	res.Topics = postTopics(tax, p, res.Talks)
	return res
}

// textTalks runs the text rules and the cue model in order of trust and
// merges what they find about the same talk.
func textTalks(lines []line, p kb.Post) []cand {
	var cs []cand
	cs = append(cs, tableTalks(lines)...)
	cs = append(cs, listTalks(lines)...)
	cs = append(cs, headingTalks(lines)...)
	cs = append(cs, standaloneTalks(lines)...)
	if p.Format != kb.FormatText {
		recap := reRecapPost.MatchString(p.Title) || reRecapPost.MatchString(firstRunes(p.Text, 1500))
		bs := blocksOf(p.Markdown)
		cs = append(cs, cueTalks(bs, p.Title, p.Lang, recap, authors(p.Meta, bs))...)
	}
	cs = append(cs, agendaTalks(lines)...)
	cs = append(cs, proseTalks(lines, p.Lang)...)
	return dropNotes(merge(cs))
}

// merge folds candidates that name the same talk: equal or nested titles,
// or the same speakers named again by a heading or a line after a list.
// The first (most trusted) keeps its title; the later one lends its
// description and links.
func merge(cs []cand) []cand {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].line < cs[j].line })
	var out []cand
	for _, c := range cs {
		j := -1
		for i := range out {
			if (out[i].untitled || c.untitled) && sharePersonAny(out[i].people, c.people) && !otherSpeakers(out[i].people, c.people) ||
				normTitle(out[i].title) == normTitle(c.title) ||
				similarTitle(out[i].title, c.title, 8) && !otherSpeakers(out[i].people, c.people) || (c.source != out[i].source && sameSpeakers(out[i].people, c.people) && later(out[i], c)) {
				j = i
				break
			}
		}
		if j < 0 {
			out = append(out, c)
			continue
		}
		o := &out[j]
		if o.untitled && !c.untitled {
			o.title, o.untitled = c.title, false
		}
		if o.desc == "" {
			o.desc = c.desc
		}
		if o.slides == "" {
			o.slides = c.slides
		}
		if o.video == "" {
			o.video = c.video
		}
		if o.minutes == 0 {
			o.minutes = c.minutes
		}
		if o.end == 0 {
			o.end = c.end
		}
		o.people = mergePeople(o.people, c.people)
		if c.conf > o.conf {
			o.conf = c.conf
		}
	}
	return out
}

// dropNotes removes what the notes on a talk look like talks: list items
// and lines inside the section of a heading's talk that name other people
// or none.
func dropNotes(cs []cand) []cand {
	out := cs[:0]
	for _, c := range cs {
		inside := false
		if c.source != SourceHeading && c.source != SourceTable && c.source != SourceFrontMatter {
			for _, h := range cs {
				if h.source == SourceHeading && len(h.people) > 0 && h.line < c.line && c.line < h.end && !sharePersonAny(h.people, c.people) {
					inside = true
					break
				}
			}
		}
		if !inside {
			out = append(out, c)
		}
	}
	return out
}

func sharePersonAny(a, b []person) bool {
	for _, p := range a {
		for _, q := range b {
			if samePerson(p, q) {
				return true
			}
		}
	}
	return false
}

// later reports whether c is a section about a talk that a list or table
// named before.
func later(first, c cand) bool {
	return (first.source == SourceList || first.source == SourceTable) && (c.source == SourceHeading || c.source == SourceLine)
}

// otherSpeakers reports whether both name speakers and none in common.
func otherSpeakers(a, b []person) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, p := range a {
		for _, q := range b {
			if samePerson(p, q) {
				return false
			}
		}
	}
	return true
}

func sameSpeakers(a, b []person) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	for i := range a {
		if !samePerson(a[i], b[i]) {
			return false
		}
	}
	return true
}

func samePerson(a, b person) bool {
	if a.handle != "" && strings.EqualFold(a.handle, b.handle) {
		return true
	}
	// "MasayaAoyama" and "Masaya Aoyama" are one spelling.
	return a.name != "" && (strings.EqualFold(a.name, b.name) || normTitle(a.name) == normTitle(b.name))
}

// mergePeople fills what a knows of each person with what b knows.
func mergePeople(a, b []person) []person {
	for i := range a {
		for _, q := range b {
			if samePerson(a[i], q) {
				if a[i].handle == "" {
					a[i].handle = q.handle
				}
				if a[i].name == "" {
					a[i].name = q.name
				}
				if a[i].affiliation == "" {
					a[i].affiliation = q.affiliation
				}
			}
		}
	}
	if len(a) == 0 {
		return b
	}
	return a
}

// sameTitle reports whether two titles name one talk: equal once
// normalised, or one containing the other with most of its length.
func sameTitle(a, b string) bool { return similarTitle(a, b, 6) }

// similarTitle reports whether a and b are equal once normalised, or one
// contains the other and is at least tenths/10 of its length.
func similarTitle(a, b string, tenths int) bool {
	a, b = normTitle(a), normTitle(b)
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.Contains(b, a) && runeLen(a)*10 >= runeLen(b)*tenths
}

// normTitle folds a title for comparison: lower case, letters and digits
// only.
func normTitle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if isWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	reTitleLabel = lazyRE(`(?i)^(?:(?:LT|lightning talk|session|セッション|talk|発表|講演|基調講演|keynote|bài|phiên|panel|パネル)\s*[#]?\d*\s*(?:với chủ đề|về|on)?\s*[:：.\-–—）)]|\d{1,2}\s*[.:：)）]|#\d{1,2}\s*[:：]?)\s*`)
	reTitleMins  = lazyRE(`(?i)\s*[(（]\s*\d{1,3}\s*(?:min(?:ute)?s?|分|phút)\s*[)）]|\s+\d{1,3}\s*(?:min(?:ute)?s?|分)$`)
	reNotTalk    = lazyRE(`(?i)\bquiz\b|クイズ|告知|宣伝|お知らせ|アンケート|アンケ$|懇親会|動画アーカイブ|関連リンク|YouTubeチャンネル|(?i)^(?:related links|video archive|photos|gallery)$`)
	reGeneric    = lazyRE(`(?i)^(?:welcom\w*|opening|closing|break|coffee break|lunch|networking(?: time| party)?|q ?& ?a|agenda|schedule|summary|overview|introduction|conclusion|まとめ|懇親会|休憩|受付|開場|乾杯|オープニング|クロージング|感想|所感|はじめに|おわりに|さいごに|最後に|概要|アジェンダ|タイムテーブル|lịch trình|tổng kết|kết luận|nghỉ giải lao|tea.?break|check.?in|announcements?|sponsors?|スポンサー|会場|参加者|links?|資料|slides?|video|photos?|hashtag|ハッシュタグ|lt|lt大会|lightning talks?|talks?|sessions?|speakers?|登壇者|発表者|diễn giả|danh sách diễn giả)(?:$|[^\p{L}\p{N}])`)
)

// reMediaNote matches a parenthesis that only says what media a talk
// has: "(slides and video)", "(no slides)", "(動画)".
var reMediaNote = lazyRE(`(?i)\s*[(（]\s*(?:(?:no\s+)?(?:slides?|video|videos|recording|text|notes|demo|動画|スライド|資料)(?:\s*(?:and|&|,|/|・)\s*)?)+\s*[)）]`)

// reDomain matches a host name standing for a title: "speakerdeck.com".
var reDomain = lazyRE(`(?i)^[\w.-]+\.(?:com|net|org|io|dev|jp|vn|app|co)$`)

// reDateLead matches a text that opens with a date, as timelines do:
// talk titles do not.
var reDateLead = lazyRE(`(?i)^(?:(?:tháng|ngày|năm)\s*\d|\d{1,2}/\d{4}\b|\d{4}[-/]\d{1,2}[-/]\d{1,2}|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})`)

// cleanTitle removes list labels, durations, quotes and Markdown from a
// title and reports whether what is left is title-like.
func cleanTitle(s string) (string, bool) {
	s = stripSlot(inline(s))
	s = reTitleLabel.ReplaceAllString(s, "")
	s = reTitleMins.ReplaceAllString(s, "")
	s = reMediaNote.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	s = strings.Trim(s, " \"'“”「」『』【】:：-–—|,、")
	s = strings.TrimSpace(s)
	if !titleLike(s) {
		return "", false
	}
	return s, true
}

func titleLike(s string) bool {
	n := runeLen(s)
	if n < 3 || n > 200 {
		return false
	}
	cjk := 0
	for _, r := range s {
		if textrule.IsCJK(r) {
			cjk++
		}
	}
	if !hasLetters(s, 4) && cjk < 2 {
		return false
	}
	if m := reGeneric.FindString(s); m != "" && runeLen(m) >= n-2 {
		return false
	}
	if reNotTalk.MatchString(s) || reDateLead.MatchString(s) || reStep.MatchString(s) {
		return false
	}
	if strings.HasPrefix(strings.ToLower(s), "welcom") || strings.HasPrefix(strings.ToLower(s), "opening") {
		return false
	}
	return true
}

// frontMatterTalks reads the talks: list of the front matter.
func frontMatterTalks(meta map[string]any) []cand {
	list, _ := meta["talks"].([]any)
	var out []cand
	for i, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			if s, ok := it.(string); ok && titleLike(s) {
				out = append(out, cand{title: s, line: i, source: SourceFrontMatter, conf: 1})
			}
			continue
		}
		title := str(m["title"])
		if title == "" {
			continue
		}
		c := cand{title: title, line: i, source: SourceFrontMatter, conf: 1,
			slides: str(m["slides"]), video: str(m["video"]), desc: str(m["description"])}
		c.minutes = minutes(m["minutes"])
		if c.minutes == 0 {
			c.minutes = minutes(m["duration"])
		}
		affil := str(m["affiliation"])
		addPerson := func(v any) {
			switch v := v.(type) {
			case string:
				if ps := parseSpeakers(v); len(ps) > 0 {
					for _, p := range ps {
						if p.affiliation == "" {
							p.affiliation = affil
						}
						c.people = append(c.people, p)
					}
				} else if strings.TrimSpace(v) != "" {
					c.people = append(c.people, person{name: strings.TrimSpace(v), affiliation: affil})
				}
			case map[string]any:
				p := person{name: str(v["name"]), handle: strings.TrimPrefix(str(v["handle"]), "@"), affiliation: str(v["affiliation"])}
				if p.affiliation == "" {
					p.affiliation = affil
				}
				if p.name != "" || p.handle != "" {
					c.people = append(c.people, p)
				}
			}
		}
		if sp, ok := m["speakers"].([]any); ok {
			for _, v := range sp {
				addPerson(v)
			}
		} else if v, ok := m["speakers"]; ok {
			addPerson(v)
		}
		if v, ok := m["speaker"]; ok {
			addPerson(v)
		}
		out = append(out, c)
	}
	return out
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case fmt.Stringer:
		return v.String()
	case nil:
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

func minutes(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case uint64:
		return int(v)
	case float64:
		return int(v)
	case string:
		if m := reMinutes.FindStringSubmatch(v); m != nil {
			return atoi(m[1])
		}
		return atoi(strings.TrimSpace(v))
	}
	return 0
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// enrich completes front-matter talks with what the text says of them:
// descriptions, links and affiliations. Text talks that match none are
// dropped, since the front matter is the author's own list.
func enrich(fm, text []cand, lines []line) []cand {
	describe(text, lines)
	for i := range fm {
		for _, t := range text {
			if sameTitle(fm[i].title, t.title) || sameSpeakers(fm[i].people, t.people) || sharePerson(fm[i].people, t.people) {
				if fm[i].desc == "" {
					fm[i].desc = t.desc
				}
				if fm[i].slides == "" {
					fm[i].slides = t.slides
				}
				if fm[i].video == "" {
					fm[i].video = t.video
				}
				fm[i].people = mergePeople(fm[i].people, t.people)
				break
			}
		}
	}
	missing := false
	for _, c := range fm {
		if c.desc == "" {
			missing = true
		}
	}
	if missing {
		describe(fm, lines)
	}
	return fm
}

func sharePerson(a, b []person) bool {
	for _, p := range a {
		for _, q := range b {
			if p.handle != "" && strings.EqualFold(p.handle, q.handle) {
				return true
			}
		}
	}
	return false
}

// talkTopics are the topics of a talk's title (weighing three) and
// description (one), strongest first.
func talkTopics(tax *taxonomy.Taxonomy, t kb.Talk) []string {
	if tax == nil {
		return nil
	}
	score := make(map[string]int)
	for s, n := range tax.MatchTopics(t.Title) {
		score[s] += 3 * n
	}
	for s, n := range tax.MatchTopics(t.Description) {
		score[s] += n
	}
	return ranked(score, 1, 8)
}

// postTopics are the topics of the post's tags and title, of its talks,
// and those its body names at least twice; tags and title weigh more.
func postTopics(tax *taxonomy.Taxonomy, p kb.Post, talks []kb.Talk) []string {
	if tax == nil {
		return nil
	}
	score := make(map[string]int)
	strong := make(map[string]bool)
	for _, tag := range append(append([]string(nil), p.Tags...), p.Categories...) {
		for _, c := range tax.Lookup(tag) {
			if c.IsTopic {
				score[c.Slug] += 6
				strong[c.Slug] = true
			}
		}
		for s, n := range tax.MatchTopics(tag) {
			score[s] += 3 * n
			strong[s] = true
		}
	}
	for s, n := range tax.MatchTopics(p.Title) {
		score[s] += 4 * n
		strong[s] = true
	}
	for _, t := range talks {
		for s, n := range tax.MatchTopics(t.Title) {
			score[s] += 2 * n
		}
		for _, s := range t.Topics {
			score[s]++
			strong[s] = true
		}
	}
	for s, n := range tax.MatchTopics(p.Text) {
		score[s] += n
		if n >= 2 {
			strong[s] = true
		}
	}
	for s := range score {
		if !strong[s] {
			delete(score, s)
		}
	}
	return ranked(score, 1, 12)
}

func ranked(score map[string]int, min, max int) []string {
	var out []string
	for s, n := range score {
		if n >= min {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// firstRunes is s cut to at most n runes.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

package extract

import (
	"strings"
)

// Talks the post gives no title for, and talks known by their slides.

var (
	// A verb that alone says a person gave a talk.
	reGaveTalk    = lazyRE(`(?i)\b(?:talked|spoke|presented|gave (?:a|an|the|his|her|their)\s+(?:\w+\s+){0,3}(?:talk|keynote|presentation|demo|workshop|session|overview)|took the stage|delivered)\b`)
	reAbout       = lazyRE(`(?i)\b(?:talked|spoke|talk|presentation|keynote|session|workshop)\s+(?:was\s+)?(?:about|on)\s+([^.,;:()]{6,90})`)
	reListIntro   = lazyRE(`(?i)(?:bao gồm|gồm có|gồm|include|includes|including|were|are|は以下|以下の)\s*[:：]?\s*$|[:：]\s*$`)
	reSpeakerWord = lazyRE(`(?i)diễn giả|speakers?|presenters?|panelists?|登壇者|発表者|講演者|スピーカー`)
	reSalute      = lazyRE(`(?i)^(?:anh|chị|ông|bà|mr\.?|ms\.?|mrs\.?|dr\.?)\s+`)
	reSlideUser   = lazyRE(`(?i)(?:slideshare\.net|speakerdeck\.com)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)`)
	reFromUser    = lazyRE(`(?is)from\s*<a[^>]*href="https?://(?:www\.)?(?:slideshare\.net|speakerdeck\.com)/([A-Za-z0-9_.-]+)/?"[^>]*>([^<]{2,60})</a>`)
	reEmbedTag    = lazyRE(`(?i)<(?:iframe|object|embed)\b|__ss_\d+`)
)

// untitledTalks reads sentences that say a person gave a talk without
// naming it: "Brad Rydzewski talked about his project", "Michael
// Armbrust then gave a very good demo", "Another talk was from Ivy Lu".
// One talk per person; a person with a titled talk in the post gets none.
func untitledTalks(bs []block, lang string, titled []cand) []cand {
	has := make(map[string]bool)
	for _, c := range titled {
		for _, p := range c.people {
			has[strings.ToLower(p.name)] = true
			if p.handle != "" {
				has["@"+strings.ToLower(p.handle)] = true
			}
		}
	}
	taken := make(map[int]bool) // blocks that name a titled talk
	for _, c := range titled {
		taken[c.line] = true
	}
	var out []cand
	for _, b := range bs {
		if b.kind != bPara && b.kind != bItem || taken[b.line] {
			continue
		}
		for _, sent := range sentences(b.plain) {
			if reOpening.MatchString(sent) || !reGaveTalk.MatchString(sent) && !reByName.MatchString(sent) && !(hasTalkCue(sent) && hasMedia(b.links, sent)) {
				continue
			}
			ps := proseSpeakers(sent)
			var keep []person
			for _, p := range ps {
				if p.name == "" || has[strings.ToLower(p.name)] || p.handle != "" && has["@"+strings.ToLower(p.handle)] {
					continue
				}
				keep = append(keep, p)
			}
			if len(keep) == 0 {
				continue
			}
			title := ""
			if m := reAbout.FindStringSubmatch(sent); m != nil {
				if t, ok := cleanTitle(m[1]); ok && !strings.HasPrefix(strings.ToLower(t), "his ") && !strings.HasPrefix(strings.ToLower(t), "her ") {
					title = strings.ToUpper(t[:1]) + t[1:]
				}
			}
			c := cand{title: title, people: keep, line: b.line, source: SourceProse, conf: 0.5, desc: b.plain}
			if title == "" {
				c.title, c.untitled = untitled(keep[0].name, lang), true
			}
			c.slides, c.video = mediaOf(b.links)
			for _, p := range keep {
				has[strings.ToLower(p.name)] = true
			}
			out = append(out, c)
		}
	}
	return out
}

// hasMedia reports whether a link to slides or a video sits in sentence s.
func hasMedia(ls []link, s string) bool {
	for _, l := range ls {
		if l.label != "" && strings.Contains(s, l.label) {
			if sl, v := mediaOf([]link{l}); sl != "" || v != "" {
				return true
			}
		}
	}
	return false
}

// speakerListTalks reads a list of speakers introduced as those who gave
// the talks ("4 diễn giả … bao gồm:", "The speakers were:"): one talk,
// untitled, per person.
func speakerListTalks(bs []block, lang string) []cand {
	var out []cand
	for i := 0; i+1 < len(bs); i++ {
		b := bs[i]
		if b.kind != bPara || !reListIntro.MatchString(b.plain) || bs[i+1].kind != bItem {
			continue
		}
		ctx := b.plain
		if i > 0 && bs[i-1].kind == bPara {
			ctx = bs[i-1].plain + " " + ctx
		}
		if !hasTalkCue(ctx) || !reSpeakerWord.MatchString(b.plain) {
			continue
		}
		var items []block
		for j := i + 1; j < len(bs) && bs[j].kind == bItem && bs[j].level == bs[i+1].level; j++ {
			items = append(items, bs[j])
		}
		var ps []person
		for _, it := range items {
			if _, isTalk := inlineTalk(it.plain, false); isTalk {
				ps = nil
				break
			}
			text := reSalute.ReplaceAllString(it.plain, "")
			affil := ""
			if parts := reDashSplit.Split(text, 2); len(parts) == 2 {
				text, affil = parts[0], parts[1]
			}
			got := people(parseSpeakers(text))
			if len(got) == 1 && got[0].affiliation == "" {
				got[0].affiliation = affil
			}
			if len(got) != 1 || !proseName(got[0].name) {
				ps = nil
				break
			}
			ps = append(ps, got[0])
		}
		if len(ps) < 2 {
			continue
		}
		for k, p := range ps {
			out = append(out, cand{title: untitled(p.name, lang), untitled: true, people: []person{p}, line: items[k].line, source: SourceList, conf: 0.5})
		}
		i += len(items)
	}
	return out
}

// embedTalks reads embedded slide decks: a SlideShare or Speaker Deck
// embed whose link gives the deck's title and whose "from" link its owner.
func embedTalks(bs []block) []cand {
	var out []cand
	for _, b := range bs {
		if b.kind != bHTML || !reEmbedTag.MatchString(b.src) {
			continue
		}
		owner := reFromUser.FindStringSubmatch(b.src)
		for _, l := range b.links {
			m := reSlideUser.FindStringSubmatch(l.url)
			if m == nil || l.label == "" || isMediaWord(l.label) {
				continue
			}
			t, ok := cleanTitle(l.label)
			if !ok || reDomain.MatchString(t) {
				continue
			}
			p := person{handle: m[1], strong: true}
			if owner != nil && strings.EqualFold(owner[1], m[1]) {
				if n := strings.TrimSpace(owner[2]); n != m[1] && fullName(n) {
					p.name = n
				}
			}
			out = append(out, cand{title: t, people: []person{p}, line: b.line, source: SourceProse, conf: 0.6, slides: l.url})
			break
		}
	}
	return out
}

var (
	// A sentence in which the author says they gave a talk.
	reSelfTalk = lazyRE(`(?i)\b(?:I|we)\b[^.!?]{0,80}\b(?:gave|give|giving|presented|present|spoke|talked)\b[^.!?]{0,40}\b(?:talk|presentation|keynote|session|lightning talk|LT)\b|\bmy (?:own )?(?:talk|presentation|keynote|session|lightning talk)\b|(?:LT|発表|登壇|講演|トーク)を?(?:させていただきました|しました|してきました|させてもらいました)|お話し(?:しました|させていただきました)|(?:mình|tôi) (?:đã )?(?:trình bày|thuyết trình|chia sẻ) (?:bài|về|chủ đề)`)
	// "こんにちは、星影（@unsoluble_sugar）です", "I'm X", "Mình là X".
	reSelfIntro = lazyRE(`(?:こんにちは|こんばんは|どうも)[、,]\s*([^、。（(]{1,20}?)\s*(?:[（(]\s*@([A-Za-z0-9_]+)\s*[)）])?\s*です|(?:\bI'm|\bI am|\bMy name is|Mình là|Tôi là)\s+(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){1,3})`)
	reTitleIs   = lazyRE(`[「『“"]([^「」『』“”"]{2,120})[」』”"]\s*(?:という|って)(?:タイトル|テーマ|題)`)
)

// authors are the people who wrote a post: its front matter's by, author
// or authors, else the one who introduces themself at its start.
func authors(meta map[string]any, bs []block) []person {
	var out []person
	for _, k := range []string{"by", "author", "authors"} {
		switch v := meta[k].(type) {
		case string:
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, person{name: v, strong: true})
			}
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok && strings.TrimSpace(s) != "" {
					out = append(out, person{name: strings.TrimSpace(s), strong: true})
				}
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, b := range bs {
		if i > 6 {
			break
		}
		if m := reSelfIntro.FindStringSubmatch(b.plain); m != nil {
			if m[1] != "" {
				return []person{{name: strings.TrimSpace(m[1]), handle: m[2], strong: true}}
			}
			return []person{{name: m[3], strong: true}}
		}
	}
	return nil
}

// authorTalks reads the talks a post's author says they gave: "I decided
// to … give a presentation about gofmt's impact", "『T』というタイトルで、
// ５分のLTをさせていただきました". The title is the one quoted there, or
// what the talk was about.
func authorTalks(bs []block, by []person, lang string) []cand {
	if len(by) == 0 {
		return nil
	}
	var first *cand
	for _, b := range bs {
		if b.kind != bPara && b.kind != bItem {
			continue
		}
		for _, sent := range sentences(b.plain) {
			if !reSelfTalk.MatchString(sent) {
				continue
			}
			c := cand{people: []person{by[0]}, line: b.line, source: SourceProse, conf: 0.6, desc: b.plain}
			if m := reTitleIs.FindStringSubmatch(sent); m != nil {
				// "『T』というタイトルで": the title, wherever it is told.
				c.title, _ = cleanTitle(m[1])
				c.slides, c.video = mediaOf(b.links)
				return []cand{c}
			}
			if m := reQuote.FindStringSubmatch(sent); m != nil {
				for _, g := range m[1:] {
					if g != "" && !reEventWords.MatchString(g) {
						c.title, _ = cleanTitle(g)
						break
					}
				}
			}
			if c.title == "" {
				if m := reAbout.FindStringSubmatch(sent); m != nil {
					if t, ok := cleanTitle(m[1]); ok {
						c.title = t
					}
				}
			}
			if c.title == "" {
				c.title, c.untitled = untitled(by[0].name, lang), true
			}
			c.slides, c.video = mediaOf(b.links)
			if first == nil {
				first = &c // an author's talk is told once
			}
		}
	}
	if first == nil {
		return nil
	}
	return []cand{*first}
}

// reEventWords matches an event's name, quoted where a talk's title might be.
var reEventWords = lazyRE(`(?i)LT大会|勉強会|meetup|conference|カンファレンス|イベント|#\s?\d+|第\d+回|hội thảo|sự kiện`)

package extract

import (
	"strings"
	"unicode"
)

// The cue model reads a post's blocks. A candidate talk is a structural
// unit (a heading and its section, a list item, a table row, a sentence
// of prose); it is scored from the cues around it, so a known cue in a
// new layout is read without a rule of its own:
//
//   - a speaker: "by"/"speaker:"/"diễn giả"/"発表者", a handle, an
//     honorific (さん, 氏), a person named in the section's first
//     sentences as the one who spoke;
//   - slides or a video (Speaker Deck, SlideShare, YouTube, embeds);
//   - a talk label (LT, Session 2, Keynote, セッション, 基調講演), a time
//     slot or a duration;
//   - the section it sits in ("Talks", "Agenda", "LT") and its peers: a
//     heading among sibling headings most of which are talks is a talk.
//
// Scores are summed; cueAccept is the bar. Negative cues (generic
// headings, tutorial steps, containers of talks) reject.

// Cue weights.
const (
	cueSpeaker  = 4 // a speaker the structure attaches to the unit
	cueProse    = 3 // a person the unit's first sentences say spoke
	cueMedia    = 3 // slides or a video of the unit
	cueLabel    = 2 // LT, Session 2, Keynote, 発表, a time slot
	cueSection  = 2 // under a "Talks"/"Agenda"/"LT" heading
	cuePeers    = 3 // among sibling headings that are mostly talks
	cueAccept   = 3
	confHeading = 0.8
)

var (
	reTalkLabel = lazyRE(`(?i)^(?:LT\s*#?\d*|lightning talk|session\s*#?\d*|セッション\s*\d*|talk\s*#?\d+|keynote|基調講演|キーノート|発表\s*\d*|講演\s*\d*|bài\s*(?:nói|trình bày|thuyết trình)?\s*\d+|phiên\s*\d*|workshop|ワークショップ|パネル(?:ディスカッション)?|panel)\b`)
	reTimeSlot  = lazyRE(`^(?:\d{1,2}[:：.h]\d{2}|\d{1,2}[:：]?\d{0,2}\s*[-–~〜]\s*\d{1,2}[:：.h]\d{2})(?:\s*[-–~〜]\s*\d{1,2}[:：.h]\d{2})?\s*(?:[|:：\-–]\s*)?`)
	reTalksSect = lazyRE(`(?i)\b(?:talks?|sessions?|agenda|program(?:me)?|schedule|lightning talks?|LTs?|speakers?|presentations?|keynotes?|tracks?)\b|セッション|発表|登壇|講演|LT|タイムテーブル|プログラム|nội dung chương trình|chương trình|các bài (?:nói|trình bày|chia sẻ)|bài (?:nói|trình bày|chia sẻ)|diễn giả|phiên`)
	reStep      = lazyRE(`(?i)^(?:bước|step|phần|part|chương|chapter|câu|question|手順|ステップ|その|q)\s*\d+|^\d+\s*(?:\.|:)\s*(?:bước|step)|^(?:bước|step)\s+\p{L}+\s*[:：]`)
	reClosingHd = lazyRE(`(?i)^(?:オープニング|クロージング|開会|閉会|開会挨拶|運営|運営メンバー|スタッフ|まとめ|感想|所感|はじめに|おわりに|さいごに|最後に|懇親会|休憩|今回学んだこと|学んだこと|わかったこと|学び|kết|lời kết|tóm lại|tóm tắt|cảm nhận|cảm ơn|more|thanks?|thank you|resources|references|further reading|wrap(?:ping)? up|final thoughts|takeaways?|key takeaways|about( me| the author)?|author|bonus|next|next steps|conclusions?|おまけ|余談|参考|参考リンク|参考資料|次回|宣伝|お礼|謝辞|雑感|振り返り|全体の感想|イベント概要|開催概要|概要|当日の様子|会場の様子|会場|demo|デモ|example|examples|faq|quiz|クイズ|トークタイム|フリートーク|networking|giao lưu|hỏi đáp|q&a)\s*[!！]*$|(?i)^(?:thanks to|thank you|see you|cảm ơn|hẹn gặp lại|ご清聴|ありがとう)`)
	// An event's name where a talk's title would be: "Talk #11", "vol.3",
	// "第5回".
	reEventNo    = lazyRE(`(?i)#\s?\d+|\bvol\.?\s?\d+|第\s?\d+\s?回|\bno\.\s?\d+`)
	reRecapPost  = lazyRE(`(?i)meetup|conference|summit|devfest|\bi/o\b|event|\bconf\b|kaigi|\bLT\b|勉強会|カンファレンス|ミートアップ|イベント|参加|登壇|sự kiện|hội thảo|hội nghị|meetup|webinar|workshop|recap|report|レポート|参加レポ|festival|fest\b|day\s*\d{4}|\d{4}\s*day|talks?\b`)
	reSpeechVerb = lazyRE(`^(?:,[^,]{2,90}?,?\s*|\s*[-–—]\s*[^-–—]{1,40}?\s*[-–—]\s*)?(?:(?:from|of)\s+\p{Lu}[\p{L}\p{N}&.-]*(?:\s+\p{Lu}[\p{L}\p{N}&.-]*){0,3}\s+)?(?:then\s+|also\s+|first\s+|finally\s+|next\s+)?(?:talked|talks about|gave (?:a|an|the|his|her|their) (?:\w+ ){0,3}(?:talk|keynote|presentation|demo|workshop|overview|session)|presented|presents|discussed|discusses|described|describes|explained|explains|demonstrated|demonstrates|demoed|spoke|speaks|walked us|walks us|walk us|took us|takes us|went into|goes into|went over|delivered|delivers|introduced|introduces|shared|shares|showed|shows)\b`)
	// A run of capitalised words: a Latin name.
	reCapRun = lazyRE(`\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:van|de|der|von|da|del|bin|le)\s+)?\p{Lu}[\p{L}'’.-]*){1,3}`)
	// Words that end a name run when they come first: roles and the like
	// that the run swallowed ("Google Engineer Sugu Sougoumarane").
	reRunRole = lazyRE(`(?i)^(?:.*\s)?(?:engineer|developer|architect|manager|director|founder|ceo|cto|cio|vp|lead|evangelist|advocate|expert|speaker|presenter|keynote|mc|host|professor|dr\.?|mr\.?|ms\.?|mrs\.?)\s+`)
	reViName  = lazyRE(`(?:(?i:diễn giả)(?:\s+\p{Ll}+){0,3}|speaker|anh|chị|bạn|thầy|cô|ông|bà)\s+(?:\*\*)?(\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,4})`)
	reViTalk  = lazyRE(`(?i)bài (?:thuyết trình|nói|chia sẻ|trình bày|talk)|phần (?:trình bày|chia sẻ|thuyết trình)|chia sẻ|trình bày|thuyết trình|diễn giả|chủ đề`)
	reEnTalk  = lazyRE(`(?i)\b(?:talk|talks|talked|keynote|presentation|presented|session|workshop|lecture|spoke|speaker|panel|demo)\b`)
	reJaTalk  = lazyRE(`発表|講演|登壇|セッション|LT|トーク|基調講演|キーノート`)
)

// scored is a cue-model candidate with its score.
type scored struct {
	cand
	score    int
	strong   bool // a speaker or media attached by structure
	labelled bool // the heading carries a talk label or a time slot
	talky    bool // its section speaks of a talk
}

// cueTalks finds talks on the blocks of a post by the cue model.
func cueTalks(bs []block, postTitle, lang string, recap bool, by []person) []cand {
	var out []cand
	out = append(out, sectionTalks(bs, postTitle, lang, recap)...)
	out = append(out, itemTalks(bs)...)
	out = append(out, rowTalks(bs)...)
	out = append(out, proseTalks2(bs)...)
	out = append(out, embedTalks(bs)...)
	out = append(out, speakerListTalks(bs, lang)...)
	if recap {
		out = append(out, authorTalks(bs, by, lang)...)
	}
	out = append(out, untitledTalks(bs, lang, out)...)
	return out
}

// sectionTalks reads headings and their sections.
func sectionTalks(bs []block, postTitle, lang string, recap bool) []cand {
	type hd struct {
		i, end, ownEnd int
		parent         int // index into hs, or -1
		s              scored
		ok             bool // a candidate at all
		container      bool
	}
	var hs []hd
	for i, b := range bs {
		if b.kind != bHeading {
			continue
		}
		h := hd{i: i, end: len(bs), ownEnd: len(bs), parent: -1}
		for j := i + 1; j < len(bs); j++ {
			if bs[j].kind == bHeading {
				if h.ownEnd == len(bs) {
					h.ownEnd = j
				}
				if bs[j].level <= b.level {
					h.end = j
					break
				}
			}
		}
		for k := len(hs) - 1; k >= 0; k-- {
			if bs[hs[k].i].level < b.level {
				h.parent = k
				break
			}
		}
		hs = append(hs, h)
	}
	levels := make(map[int]int)
	for _, h := range hs {
		levels[bs[h.i].level]++
	}
	// A link found under several headings (the event's recording, its
	// page) belongs to none of their talks.
	under := make(map[string]map[int]bool)
	for k, h := range hs {
		for _, b := range bs[h.i:h.ownEnd] {
			for _, l := range b.links {
				if under[l.url] == nil {
					under[l.url] = make(map[int]bool)
				}
				under[l.url][k] = true
			}
		}
	}
	shared := func(u string) bool { return len(under[u]) > 1 }
	// The talks prose tells, each counted once for the section they are
	// in: a section that tells two talks is about more than one.
	var proseLines []int
	for _, c := range append(proseTalks2(bs), untitledTalks(bs, lang, nil)...) {
		proseLines = append(proseLines, c.line)
	}
	talksIn := func(own []block) int {
		if len(own) == 0 {
			return 0
		}
		from, to := own[0].line, own[len(own)-1].line
		n := 0
		for _, l := range proseLines {
			if l >= from && l <= to {
				n++
			}
		}
		return n
	}
	for k := range hs {
		h := &hs[k]
		b := bs[h.i]
		own := bs[h.i+1 : h.ownEnd]
		s, ok := headingCand(b, own, shared, talksIn, lang, recap)
		if !ok {
			continue
		}
		// The post's own title, repeated as its first heading, is no talk
		// unless the section says who gave it.
		if normTitle(s.title) == normTitle(postTitle) && len(s.people) == 0 || b.level == 1 && levels[1] == 1 && k == 0 && len(s.people) == 0 {
			continue
		}
		if (len(s.people) == 0 || b.level == 1) && reEventNo.MatchString(s.title) {
			continue // the event's name
		}
		if h.parent >= 0 && reTalksSect.MatchString(bs[hs[h.parent].i].plain) && !reStep.MatchString(bs[hs[h.parent].i].plain) {
			s.score += cueSection
		}
		s.line = b.line
		h.s, h.ok = s, true
	}
	// A heading whose sub-headings are talks is a day, a track or a
	// "Talks" section, not a talk.
	for k := range hs {
		if !hs[k].ok || !hs[k].s.strong {
			continue
		}
		for p := hs[k].parent; p >= 0; p = hs[p].parent {
			hs[p].container = true
		}
	}
	// Peers: sibling headings most of which are talks make a talk of a
	// heading that has no cue of its own.
	groups := make(map[[2]int][]int)
	for k, h := range hs {
		if h.ok && !h.container {
			key := [2]int{h.parent, bs[h.i].level}
			groups[key] = append(groups[key], k)
		}
	}
	for key, ks := range groups {
		n, strong, labelled, first := 0, 0, 0, -1
		for _, k := range hs {
			if k.parent == key[0] && bs[k.i].level == key[1] {
				n++
			}
		}
		for _, k := range ks {
			if hs[k].s.strong && hs[k].s.score >= cueAccept {
				strong++
				if hs[k].s.labelled {
					labelled++
				}
				if first < 0 {
					first = k
				}
			}
		}
		if strong < 2 || strong*3 < n {
			continue
		}
		// Peers share the form of the talks among them: when those are
		// labelled ("LT2:", a time slot), so is a peer; the headings before
		// the first talk are the post's preamble.
		for _, k := range ks {
			if k < first && !hs[k].s.talky || labelled*3 >= strong*2 && !hs[k].s.labelled {
				continue
			}
			hs[k].s.score += cuePeers
		}
	}
	var out []cand
	inTalk := -1 // end of the section of the last talk taken
	for k, h := range hs {
		if h.i < inTalk {
			continue // a sub-heading of a talk is part of it
		}
		if !h.ok || h.container || h.s.score < cueAccept {
			continue
		}
		if !h.s.strong && len(h.s.people) == 0 && !recap {
			continue
		}
		c := h.s.cand
		c.desc = sectionDesc(bs[h.i+1 : h.end])
		c.end = lastLine(bs, h.end)
		out = append(out, c)
		inTalk = h.end
		_ = k
	}
	return out
}

// headingCand scores heading b with own, the blocks before its first
// sub-heading.
func headingCand(b block, own []block, shared func(string) bool, talksIn func([]block) int, lang string, recap bool) (scored, bool) {
	var s scored
	s.source, s.conf = SourceHeading, confHeading
	text := b.plain
	if m := reTimeSlot.FindString(text); m != "" && runeLen(text) > runeLen(m)+2 {
		text = strings.TrimSpace(text[len(m):])
		s.score += cueLabel
		s.labelled = true
	}
	if reTalkLabel.MatchString(text) {
		s.score += cueLabel
		s.labelled = true
	}
	if s.labelled && recap {
		s.score++
	}
	if reStep.MatchString(text) {
		return s, false
	}
	if c, ok := inlineTalk(text, true); ok {
		s.cand.title, s.people, s.minutes = c.title, c.people, c.minutes
		s.score += cueSpeaker
		s.strong = true
	} else if c, ok := dashTalk(text); ok {
		s.cand.title, s.people = c.title, c.people
		s.score += cueSpeaker
		s.strong = true
	} else {
		t, ok := cleanTitle(text)
		if !ok {
			return s, false
		}
		s.cand.title = t
	}
	if reClosingHd.MatchString(s.title) || reNotSession.MatchString(s.title) && runeLen(s.title) < 25 {
		return s, false
	}
	// A heading that is a person's name, over a section about their talk.
	if len(s.people) == 0 {
		if name, affil, ok := nameHeading(s.title); ok && strings.Contains(firstRunes(sectionDesc(own), 600), name) && rePronoun.MatchString(firstRunes(sectionDesc(own), 600)) {
			text := sectionDesc(own)
			if !hasTalkCue(text) || reOpening.MatchString(text) || reMC.MatchString(text) {
				return s, false
			}
			s.people = []person{{name: name, affiliation: affil, strong: true}}
			s.cand.title, s.untitled = untitled(name, lang), true
			s.score += cueSpeaker
			s.strong = true
			return s, true
		}
	}
	s.slides, s.video = mediaOf(b.links)
	s.talky = hasTalkCue(firstRunes(sectionDesc(own), 600))
	// A section that lists talks is no talk.
	listed := 0
	for _, n := range own {
		if n.kind == bItem {
			if c, isTalk := inlineTalk(n.plain, false); isTalk && len(people(c.people)) > 0 {
				listed++
			}
		}
	}
	if listed >= 2 || talksIn(own) >= 2 {
		return s, false
	}
	// The speaker line: one of the first two blocks.
	seen := 0
	for _, n := range own {
		if len(s.people) > 0 || seen >= 2 {
			break
		}
		if n.kind == bHTML && n.plain == "" {
			continue
		}
		seen++
		if n.kind != bPara && n.kind != bItem {
			continue
		}
		ps, strong := speakerLine2(n.plain)
		if strong {
			strong = len(people(ps)) > 0
		}
		if n.kind == bItem && !strong {
			if _, isTalk := inlineTalk(n.plain, false); isTalk {
				return s, false // a list of talks under a section heading
			}
		}
		if strong {
			s.people = ps
			s.score += cueSpeaker
			s.strong = true
		} else if reSpeakerP.MatchString(n.plain) && runeLen(n.plain) < 100 {
			if g, ok := groupSpeaker(n.plain); ok {
				s.people = []person{g}
				s.score += cueSpeaker
				s.strong = true
			}
		}
	}
	// A person the first sentences say spoke.
	if len(s.people) == 0 {
		paras := 0
		for _, n := range own {
			if n.kind != bPara || n.plain == "" || n.level > 0 {
				continue // a list item's paragraphs are the item's
			}
			if paras++; paras > 2 {
				break
			}
			ps := proseSpeakers(n.plain)
			if len(ps) == 0 {
				// "Joe Markiewicz, Analytics Engineer at X, …, and his
				// session was fascinating": the sentence opens with the
				// name and speaks of the talk.
				for _, sent := range sentences(n.plain) {
					if m := reCapRun.FindStringIndex(sent); m != nil && m[0] == 0 && hasTalkCue(sent) {
						if name := sent[:m[1]]; fullName(name) && proseName(name) {
							ps = []person{{name: name, strong: true}}
							break
						}
					}
				}
			}
			if len(ps) > 0 {
				s.people = ps
				s.score += cueProse
				s.strong = true
				break
			}
		}
	}
	// Slides or a video in the section's own blocks; a section of many is
	// a list of talks, or of links.
	distinct := make(map[string]bool)
	for _, n := range own {
		var ls []link
		for _, l := range n.links {
			if !shared(l.url) {
				ls = append(ls, l)
			}
		}
		sl, v := mediaOf(ls)
		for _, u := range []string{sl, v} {
			if u != "" {
				distinct[u] = true
			}
		}
		if s.slides == "" {
			s.slides = sl
		}
		if s.video == "" {
			s.video = v
		}
	}
	if len(distinct) > 2 {
		s.slides, s.video = "", ""
	}
	// A heading that is only its speaker's name titles nothing.
	if len(s.people) > 0 && !s.untitled && normTitle(s.title) == normTitle(s.people[0].name) {
		s.cand.title, s.untitled = untitled(s.people[0].name, lang), true
	}
	if s.slides != "" || s.video != "" {
		s.score += cueMedia
		s.strong = true
	}
	return s, true
}

// rePronoun finds a personal pronoun: a section about a person uses one.
var rePronoun = lazyRE(`(?i)\b(?:she|he|her|his|him|they)\b|\b(?:anh|chị|ông|bà|cô)\s|彼|彼女`)

var reMC = lazyRE(`(?i)\b(?:MC|emcee|master of ceremonies|host(?:ed)? the|opening talk)\b|司会|dẫn chương trình`)

// nameHeading reads a heading that is a person's name, with what follows
// it as their affiliation: "Yvonne Wassenaar", "JOEY ROSENBERG Women Who
// Code".
func nameHeading(s string) (name, affil string, ok bool) {
	w := strings.Fields(s)
	for n := min(len(w), 4); n >= 2; n-- {
		cand := strings.Join(w[:n], " ")
		if strings.ToUpper(cand) == cand {
			cand = titleCase(cand)
		} else if n < len(w) {
			continue // a capitalised title goes on: not a name alone
		}
		if fullName(cand) && proseName(cand) {
			return cand, strings.Join(w[n:], " "), true
		}
	}
	return "", "", false
}

// titleCase writes "JOEY ROSENBERG" as "Joey Rosenberg".
func titleCase(s string) string {
	w := strings.Fields(strings.ToLower(s))
	for i, x := range w {
		r := []rune(x)
		r[0] = unicode.ToUpper(r[0])
		w[i] = string(r)
	}
	return strings.Join(w, " ")
}

// lastLine is the line a section ending before block end ends on.
func lastLine(bs []block, end int) int {
	if end < len(bs) {
		return bs[end].line
	}
	return 1 << 30
}

// dashTalk reads "Title – Speaker – Company" and "Title – Speaker, Company"
// when the speaker part is a full personal name.
func dashTalk(s string) (cand, bool) {
	parts := reDashSplit.Split(s, -1)
	if len(parts) < 2 || len(parts) > 3 {
		return cand{}, false
	}
	title, who := parts[0], parts[1]
	affil := ""
	if len(parts) == 3 {
		affil = parts[2]
	}
	if i := strings.LastIndex(who, ","); i > 0 && affil == "" {
		who, affil = strings.TrimSpace(who[:i]), strings.TrimSpace(who[i+1:])
	}
	t, ok := cleanTitle(title)
	if !ok || !fullName(who) {
		return cand{}, false
	}
	return cand{title: t, people: []person{{name: who, affiliation: affil}}}, true
}

// fullName reports whether s is written as a person's full name: two to
// four capitalised words, none of them a known organisation or product.
func fullName(s string) bool {
	s = strings.TrimSpace(s)
	w := strings.Fields(s)
	if len(w) < 2 || len(w) > 4 || !looksLikeName(s) || !isPerson(s) {
		return false
	}
	return true
}

// viFamily are the family names most Vietnamese names begin with; a
// Vietnamese-spelled run of capitalised words without one is a phrase
// ("Bảo Mật", "Triển Khai"), not a name.
var viFamily = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào
		đinh cao mai trương hà lâm tô giáp lại đoàn chu thái trịnh tạ lưu la kiều quách triệu vương từ
		khổng mạc thân tăng đàm văn lương châu tôn phùng hứa kim nghiêm âu diệp lục`) {
		viFamily[w] = true
	}
}

// proseName reports whether a name read from running text is written as
// one: a Latin name in two to four capitalised words (a Vietnamese one
// holding a family name), a name in kanji or kana that is not a long
// katakana word (companies: サイボウズ), a romanised Japanese surname.
func proseName(name string) bool {
	if textIsCJK(name) {
		kata := 0
		n := 0
		for _, r := range name {
			n++
			if r >= 0x30A0 && r <= 0x30FF {
				kata++
			}
		}
		return !(kata == n && n >= 4)
	}
	if !strings.Contains(name, " ") {
		return false
	}
	if !fullName(name) {
		return false
	}
	if isVietnamese(name) {
		for _, w := range strings.Fields(name) {
			if viFamily[strings.ToLower(w)] {
				return true
			}
		}
		return false
	}
	return true
}

// isVietnamese reports whether s has letters only Vietnamese spelling uses.
func isVietnamese(s string) bool {
	for _, r := range s {
		if r >= 0x1EA0 && r <= 0x1EF9 || strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) {
			return true
		}
	}
	return false
}

// proseSpeakers finds the people a sentence says spoke: "Nick Holmstedt
// talked about", "In this talk, A and B explain", "the talk was by X",
// "diễn giả **Lê Văn Giáp** - Team Leader - VCCorp", "Xさん".
func proseSpeakers(p string) []person {
	var out []person
	add := func(name, affil string) {
		name = strings.TrimSpace(strings.Trim(name, " ,.*"))
		if m := reRunRole.FindString(name); m != "" {
			name = strings.TrimSpace(name[len(m):])
		}
		if name == "" || !isPerson(name) || !looksLikeName(name) || !proseName(name) {
			return
		}
		for _, o := range out {
			if o.name == name {
				return
			}
		}
		out = append(out, person{name: name, affiliation: affil, strong: true})
	}
	lp := strings.ToLower(p)
	// Vietnamese and cue words before the name.
	for _, m := range reViNameIn(p, lp) {
		name := p[m[2]:m[3]]
		if len(strings.Fields(name)) < 2 && !strings.HasPrefix(strings.ToLower(p[m[0]:]), "diễn giả") {
			continue
		}
		rest := p[m[3]:]
		affil := ""
		if a := reAffil.FindStringSubmatch(rest); a != nil && strings.Index(rest, a[0]) < 40 {
			affil = a[1]
		} else if parts := reDashSplit.Split(strings.TrimLeft(rest, " *"), 4); len(parts) >= 3 && parts[0] == "" {
			affil = strings.TrimRight(parts[len(parts)-1], " .,")
			if i := strings.IndexAny(affil, ".,;"); i > 0 {
				affil = affil[:i]
			}
		}
		add(name, affil)
		// "Gaby Hiền và Vân Vương": a second name joined to the first.
		if j := strings.Index(rest, " và "); j >= 0 && j < 3 {
			if mm := reCapRun.FindString(rest[j+5:]); mm != "" && strings.HasPrefix(rest[j+5:], mm) {
				add(mm, affil)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	// "Name (@handle)" in running text.
	for _, m := range matchesIf(strings.Contains(p, "@"), reNameHandle, p) {
		name := strings.TrimSpace(m[1])
		if m := reRunRole.FindString(name); m != "" {
			name = strings.TrimSpace(name[len(m):])
		}
		if isPerson(name) && looksLikeName(name) && !orgLexicon[strings.ToLower(name)] {
			out = append(out, person{name: name, handle: m[2], strong: true})
		}
	}
	// "anh @tjun", "bởi @handle".
	for _, m := range matchesIf(strings.Contains(p, "@"), reCueHandle, p) {
		out = append(out, person{handle: m[1], strong: true})
	}
	// "Kitayama さん", "草間さん".
	for _, m := range matchesIf(strings.Contains(p, "さん") || strings.Contains(p, "氏"), reJaSan, p) {
		if !notNames[m[1]] && isPerson(m[1]) && looksLikeName(m[1]) {
			add(m[1], "")
		}
	}
	if len(out) > 0 {
		return out
	}
	// "X's talk", "X's opening keynote".
	for _, m := range matchesIf(strings.Contains(p, "'s") || strings.Contains(p, "’s"), rePossess, p) {
		add(m[1], "")
	}
	if len(out) > 0 {
		return out
	}
	// "by X", "speaker X", "named X".
	for _, m := range matchesIf(containsAny(lp, byNameKeys), reByName, p) {
		add(m[1], "")
	}
	if len(out) > 0 {
		return out
	}
	// A capitalised run followed by a verb of speaking.
	if !containsAny(lp, speechKeys) {
		return out
	}
	for _, loc := range reCapRun.FindAllStringIndex(p, -1) {
		name := p[loc[0]:loc[1]]
		rest := p[loc[1]:]
		names := []string{name}
		// "A and B walk us through", "A, B and C discussed".
		for {
			r := strings.TrimLeft(rest, " ")
			// "A, CEO of X, and B, CTO of Y, discussed": an apposition
			// between the names.
			if m := reApposAnd.FindStringIndex(r); m != nil {
				if mm := reCapRun.FindStringIndex(r[m[1]:]); mm != nil && mm[0] == 0 && fullName(r[m[1]:m[1]+mm[1]]) {
					names = append(names, r[m[1]:m[1]+mm[1]])
					rest = r[m[1]+mm[1]:]
					continue
				}
			}
			var sep string
			switch {
			case strings.HasPrefix(r, "and "):
				sep = "and "
			case strings.HasPrefix(r, ", ") || strings.HasPrefix(r, ","):
				sep = ","
			}
			if sep == "" {
				break
			}
			r2 := strings.TrimLeft(strings.TrimPrefix(r, sep), " ")
			mm := reCapRun.FindStringIndex(r2)
			if mm == nil || mm[0] != 0 {
				break
			}
			names = append(names, r2[:mm[1]])
			rest = r2[mm[1]:]
		}
		r := strings.TrimLeft(rest, " ")
		if !reSpeechVerb.MatchString(r) {
			continue
		}
		affil := ""
		if a := reAffil.FindStringSubmatch(r); a != nil && strings.Index(r, a[0]) < 5 {
			affil = a[1]
		}
		for _, n := range names {
			add(n, affil)
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

var (
	reNameHandle = lazyRE(`([\p{Lu}\p{Han}\p{Katakana}ー][\p{L}'’ー-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3})\s*[(（]\s*@([A-Za-z0-9_]+)\s*[)）]`)
	reCueHandle  = lazyRE(`(?:(?i:diễn giả|speaker|presented by|by|bởi)|anh|chị)\s+@([A-Za-z0-9_]+)`)
	reJaSan      = lazyRE(`(?:^|[\s、。はのがも「（(])([\p{Han}\p{Katakana}ー]{2,8}|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)\s?(?:さん|氏)`)
)

// Words the patterns of proseSpeakers need, to spare them most sentences.
var (
	viCueKeys  = []string{"diễn giả", "speaker", "anh ", "chị ", "bạn ", "thầy ", "cô ", "ông ", "bà "}
	byNameKeys = []string{" by ", "speaker", "named", "from "}
	speechKeys = []string{"talk", "gave", "present", "discuss", "describ", "explain", "demo", "spoke", "speak", "walk",
		"took us", "takes us", "went ", "goes into", "deliver", "introduc", "shar", "show"}
)

// matchesIf returns re's submatches in s when cond holds.
func matchesIf(cond bool, re *lazyRegexp, s string) [][]string {
	if !cond {
		return nil
	}
	return re.FindAllStringSubmatch(s, -1)
}

// reViNameIn finds Vietnamese cue-word names in p (lp is p in lower case).
func reViNameIn(p, lp string) [][]int {
	if !containsAny(lp, viCueKeys) {
		return nil
	}
	return reViName.FindAllStringSubmatchIndex(p, -1)
}

var reApposAnd = lazyRE(`^,\s*[^,]{2,80}?,\s*and\s+`)

var reByName = lazyRE(`(?i:\b(?:talk|keynote|presentation|session|workshop)\s+(?:was\s+)?(?:(?:actually\s+)?(?:given|presented|delivered|provided)\s+)?(?:by|from)|\b(?:provided|given|presented|delivered)\s+by|\bspeakers?:?|\bnamed|\bpresented by)\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,3})`)

// sectionDesc is the text of a talk's section, up to maxDesc runes.
func sectionDesc(bs []block) string {
	var b strings.Builder
	for _, n := range bs {
		if n.kind == bHTML || n.plain == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(n.plain)
		if runeLen(b.String()) >= maxDesc {
			break
		}
	}
	d := []rune(strings.TrimSpace(b.String()))
	if len(d) > maxDesc {
		d = d[:maxDesc]
	}
	return string(d)
}

// itemTalks reads list items as written by AST: an item's lines joined, its
// links and emphasis taken apart, so "- Title,\n  by [Name](url)" and "-
// [Title](url) _by Name_ - summary" read like one-line items.
func itemTalks(bs []block) []cand {
	var out []cand
	for _, b := range bs {
		if b.kind != bItem {
			continue
		}
		text := b.plain
		if m := reTimeSlot.FindString(text); m != "" && runeLen(text) > runeLen(m)+2 {
			text = strings.TrimSpace(text[len(m):])
		}
		c, ok := inlineTalk(text, false)
		if !ok {
			c, ok = byLead(text)
		}
		if !ok {
			c, ok = lastDash(text)
		}
		if !ok {
			c, ok = colonSpeaker(text)
		}
		if !ok {
			continue
		}
		if s, v := mediaOf(b.links); c.slides == "" || c.video == "" {
			if c.slides == "" {
				c.slides = s
			}
			if c.video == "" {
				c.video = v
			}
		}
		c.line, c.source, c.conf = b.line, SourceList, 0.85
		out = append(out, c)
	}
	return out
}

// lastDash reads "Title - with a dash — Speaker and Speaker (video)": the
// speakers follow the last dash and are written as full names.
func lastDash(s string) (cand, bool) {
	s = strings.TrimSpace(reTrailParens.ReplaceAllString(s, ""))
	locs := reDashSplit.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return cand{}, false
	}
	last := locs[len(locs)-1]
	t, ok := cleanTitle(s[:last[0]])
	if !ok {
		return cand{}, false
	}
	ps := parseSpeakers(s[last[1]:])
	if len(ps) == 0 {
		return cand{}, false
	}
	for _, p := range ps {
		if !fullName(p.name) {
			return cand{}, false
		}
	}
	return cand{title: t, people: ps}, true
}

var reTrailParens = lazyRE(`(?:\s*\([^()]*\))+\s*$`)

// reFieldLabel matches the labels of an event's facts ("Venue sponsor:
// X", "MC: Y"), which a colon follows as it follows a talk's title.
var reFieldLabel = lazyRE(`(?i)\b(?:venue|sponsors?|host(?:ed by)?|organi[sz]ers?|organi[sz]ed by|mc|moderator|date|time|location|place|address|contact|photographer|guests?)\b|(?i:địa điểm|thời gian|nhà tài trợ|ban tổ chức|người dẫn|dẫn chương trình|khách mời|đơn vị tổ chức)|会場|主催|協賛|司会|日時|場所|スポンサー`)

// colonSpeaker reads "Title: Name (Role, Company)" when what follows the
// last colon is people written as full names.
func colonSpeaker(s string) (cand, bool) {
	i := strings.LastIndexAny(s, ":：")
	if i <= 0 {
		return cand{}, false
	}
	left, right := s[:i], strings.TrimLeft(s[i:], ":： ")
	t, ok := cleanTitle(left)
	if !ok || runeLen(right) > 100 || reFieldLabel.MatchString(t) {
		return cand{}, false
	}
	ps := people(parseSpeakers(right))
	if len(ps) == 0 {
		return cand{}, false
	}
	for _, p := range ps {
		if !proseName(p.name) || textIsCJK(p.name) && !p.strong {
			return cand{}, false
		}
	}
	return cand{title: t, people: ps}, true
}

// byLead reads "Title by Name - summary" and "Title by Name. Summary":
// the speaker slot ends where the name does.
func byLead(s string) (cand, bool) {
	m := reByAny.FindStringSubmatchIndex(s)
	if m == nil {
		return cand{}, false
	}
	title := s[m[2]:m[3]]
	rest := s[m[4]:]
	if reNotByline.MatchString(strings.TrimSpace(title)) {
		return cand{}, false
	}
	t, ok := cleanTitle(title)
	if !ok {
		return cand{}, false
	}
	// The speakers: names joined by "and" or commas, up to a dash, a colon
	// or a sentence's end.
	if i := reSlotEnd.FindStringIndex(rest); i != nil {
		rest = rest[:i[0]]
	}
	ps := parseSpeakers(rest)
	if len(ps) == 0 {
		return cand{}, false
	}
	for _, p := range ps {
		if p.name != "" && !fullName(p.name) {
			return cand{}, false
		}
	}
	return cand{title: t, people: ps}, true
}

var (
	reByAny   = lazyRE(`^(.{3,200}?),?\s+(?:presented by|by|bởi)\s+(\p{Lu})`)
	reSlotEnd = lazyRE(`\s+[-–—:]\s+|[.;]\s+|\s+\(|\s*$`)
)

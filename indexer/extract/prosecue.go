package extract

import (
	"sort"
	"strings"
	"unicode"
)

// span is a piece of a sentence the prose model reads: a title or a
// person, at a byte offset of the sentence.
type span struct {
	at   int
	text string
	p    person
}

var (
	reQuote     = lazyRE(`“([^“”]{3,160})”|"([^"]{3,160})"|「([^「」]{2,160})」|『([^『』]{2,160})』|‘([^‘’]{3,160})’`)
	reCalled    = lazyRE(`(?i)\b(?:called|titled|entitled|named)\s+([\p{Lu}0-9"“][^()（）.;!?]{2,150}?)\s*(?:[(（,;]|\.(?:\s|$)|$)`)
	reTopicLead = lazyRE(`(?i)(?:với (?:chủ đề|tựa đề|đề tài)|chủ đề|tựa đề|đề tài|topic|titled|タイトル(?:は)?|テーマ(?:は)?)\s*[:：]?\s*$`)
	reSentence  = lazyRE(`[.!?]\s+(?:\p{Lu}|\[|\*|“|")|。|！|？`)
	rePossess   = lazyRE(`(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,3})['’]s\s+(?:(?:\w+\s+){0,2}(?:talk|keynote|presentation|session|workshop|lightning talk)|["“])`)
	reJaSanNo   = lazyRE(`([\p{Han}\p{Katakana}\p{Hiragana}ーA-Za-z0-9_]{1,16})(?:さん|氏)(?:の|による|が|は)`)
	rePersonURL = lazyRE(`(?i)^https?://(?:www\.)?(?:twitter\.com|x\.com|github\.com|facebook\.com|linkedin\.com/in|qiita\.com|zenn\.dev|connpass\.com/user)/[^/?#]+/?$`)
	reTalkRef   = lazyRE(`(?i)^(?:in|during|at|from|see)\s+(?:his|her|their|the|a|an|this|that|my|our)\b`)
	reByPerson  = lazyRE(`^["”]?\s*(?:từ|của|do|by|bởi|presented by)\s+(?:(?:diễn giả|speaker|anh|chị)\s+)?\p{Lu}`)
	reOpening   = lazyRE(`(?i)\b(?:opening (?:remarks|speech|address|session)|welcome (?:speech|remarks|address)|welcoming)\b|khai mạc|phát biểu|chào mừng|開会|オープニング|開会挨拶|挨拶`)
	reTitleURL  = lazyRE(`(?i)speakerdeck\.com/|slideshare\.net/|docs\.google\.com/presentation|youtube\.com/watch|youtu\.be/|vimeo\.com/|\.slide\b|/talks?/|/presentations?/|/slides?/|\.pdf$`)
)

// proseTalks2 reads titled talks told in running text: a title (quoted,
// linked to its slides or video, bold after "chủ đề"/"topic", "called X")
// beside a person the sentence says spoke (a linked profile, "diễn giả
// X", "X talked about", "X's talk", "Xさんの"). A paragraph that opens
// with a bold or quoted title followed by its speaker ("**“T”** – anh
// X.") is read the same way.
func proseTalks2(bs []block) []cand {
	full := fullNames(bs)
	var out []cand
	var last []person // people of the previous sentences, up to a heading
	for _, b := range bs {
		// People named before carry into the paragraphs of the same list
		// item, no further.
		if b.kind != bPara || b.level == 0 {
			last = nil
		}
		if b.kind != bPara && b.kind != bItem || runeLen(b.plain) < 12 {
			continue
		}
		for si, sent := range sentences(b.plain) {
			titles := titleSpans(sent, b)
			persons := personSpans(sent, b)
			if len(persons) == 0 && len(titles) > 0 {
				for _, p := range last {
					persons = append(persons, span{at: -1, p: p})
				}
				// "Steve also presented": a first name stands for the
				// person named before.
			}
			if len(persons) > 0 {
				last = nil
				for _, p := range persons {
					if p.at >= 0 {
						last = append(last, p.p)
					}
				}
			}
			carried := len(persons) > 0 && persons[0].at < 0
			lead := si == 0 && len(titles) > 0 && titles[0].at <= 3 && leadSpeaker(sent[titles[0].at+len(titles[0].text):]) && !carried
			if len(titles) == 0 || len(persons) == 0 || !lead && !hasTalkCue(sent) || reOpening.MatchString(sent) {
				continue
			}
			for _, t := range titles {
				p := nearest(persons, t, sent)
				title, ok := cleanTitle(t.text)
				if !ok || looksLikeName(title) && fullName(title) {
					continue
				}
				who := p.p
				if !strings.Contains(who.name, " ") && who.handle == "" {
					// "Rob's talk": the Rob the post names in full.
					if n, ok := full[who.name]; ok {
						who.name = n
					}
				}
				c := cand{title: title, people: []person{who}, line: b.line, source: SourceProse, conf: 0.7, desc: b.plain}
				c.slides, c.video = mediaOf(linksIn(b.links, t.text))
				out = append(out, c)
			}
		}
	}
	return out
}

// fullNames maps the first names of the people a post names in full to
// their full names, when only one person has that first name.
func fullNames(bs []block) map[string]string {
	seen := make(map[string]string)
	bad := make(map[string]bool)
	for _, b := range bs {
		if b.kind == bHTML {
			continue
		}
		for _, loc := range reCapRun.FindAllStringIndex(b.plain, -1) {
			n := b.plain[loc[0]:loc[1]]
			if !fullName(n) || !proseName(n) {
				continue
			}
			first := strings.Fields(n)[0]
			if o, ok := seen[first]; ok && o != n {
				bad[first] = true
			}
			seen[first] = n
		}
	}
	for f := range bad {
		delete(seen, f)
	}
	return seen
}

// sentences splits a paragraph's text at sentence ends.
func sentences(p string) []string {
	var out []string
	start := 0
	for _, loc := range reSentence.FindAllStringIndex(p, -1) {
		end := loc[0] + 1
		if strings.HasPrefix(p[loc[0]:], "。") || strings.HasPrefix(p[loc[0]:], "！") || strings.HasPrefix(p[loc[0]:], "？") {
			end = loc[1]
		}
		// "Mr. X", "e.g. Y", initials: not an end.
		if w := lastWord(p[start:loc[0]]); len(w) <= 2 || strings.Contains(w, ".") || w == "vs" {
			continue
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// titleSpans finds the titles of a sentence.
func titleSpans(s string, b block) []span {
	var out []span
	addT := func(at int, t string) {
		t = strings.TrimSpace(strings.Trim(t, " \"“”「」『』‘’*"))
		if runeLen(t) < 3 || strings.HasPrefix(t, "@") || startsLower(t) && !strings.Contains(t, " ") || reDomain.MatchString(t) {
			return
		}
		for _, o := range out {
			if strings.Contains(o.text, t) || strings.Contains(t, o.text) {
				return
			}
		}
		out = append(out, span{at: at, text: t})
	}
	for _, m := range reQuote.FindAllStringSubmatchIndex(s, -1) {
		for g := 2; g+1 < len(m); g += 2 {
			if m[g] >= 0 {
				addT(m[g], s[m[g]:m[g+1]])
			}
		}
	}
	for _, l := range b.links {
		if l.label == "" || !reTitleURL.MatchString(l.url) || isMediaWord(l.label) || startsLower(l.label) || len(proseSpeakers(l.label)) > 0 || rePossess.MatchString(l.label) || reTalkRef.MatchString(l.label) {
			continue
		}
		if i := strings.Index(s, l.label); i >= 0 {
			addT(i, l.label)
		}
	}
	for _, bold := range b.bold {
		i := strings.Index(s, strings.Trim(bold, "\"“”"))
		if i < 0 {
			continue
		}
		// Bold after "chủ đề", "topic": the title; bold that opens the
		// paragraph, followed by its speaker: the title.
		rest := s[i+len(strings.Trim(bold, "\"“”")):]
		if reTopicLead.MatchString(s[:i]) || reByPerson.MatchString(rest) && !fullName(bold) || i <= 3 && strings.HasPrefix(b.plain, s) && leadSpeaker(s[i+len(strings.Trim(bold, "\"“”")):]) {
			addT(i, bold)
		}
	}
	if m := reCalled.FindStringSubmatchIndex(s); m != nil {
		addT(m[2], s[m[2]:m[3]])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

// leadSpeaker reports whether what follows a paragraph's opening title
// introduces its speaker: a dash or "by" and a person.
func leadSpeaker(rest string) bool {
	rest = strings.TrimLeft(rest, "\"“”」 ")
	for _, p := range []string{"–", "—", "-", ":", "：", "by ", "bởi ", "của "} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// startsLower reports whether s begins with a lower-case letter: a phrase
// of the sentence ("a very good demo"), not a title.
func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

func isMediaWord(s string) bool {
	switch strings.ToLower(strings.Trim(s, " []()")) {
	case "video", "videos", "slides", "slide", "here", "link", "recording", "notes", "text", "this", "スライド", "動画", "資料", "playlist":
		return true
	}
	return false
}

// personSpans finds the people a sentence names as speaking.
func personSpans(s string, b block) []span {
	var out []span
	addP := func(at int, p person) {
		p.name = strings.TrimSpace(p.name)
		if p.name == "" && p.handle == "" || p.name != "" && !isPerson(p.name) {
			return
		}
		for _, o := range out {
			if o.p.name == p.name {
				return
			}
		}
		out = append(out, span{at: at, text: p.name, p: p})
	}
	for _, l := range b.links {
		if rePersonURL.MatchString(l.url) && fullName(l.label) {
			if i := strings.Index(s, l.label); i >= 0 {
				addP(i, person{name: l.label, strong: true})
			}
		}
	}
	for _, p := range proseSpeakers(s) {
		if i := strings.Index(s, p.name); i >= 0 {
			addP(i, p)
		}
	}
	for _, m := range rePossess.FindAllStringSubmatchIndex(s, -1) {
		addP(m[2], person{name: s[m[2]:m[3]], strong: true})
	}
	for _, m := range reJaSanNo.FindAllStringSubmatchIndex(s, -1) {
		name := s[m[2]:m[3]]
		if !notNames[name] && looksLikeName(name) {
			addP(m[2], person{name: name, strong: true})
		}
	}
	// Bold names after "diễn giả" and the like are read by proseSpeakers;
	// bold full names elsewhere beside a talk cue are people too.
	for _, bold := range b.bold {
		if fullName(bold) {
			if i := strings.Index(s, bold); i >= 0 {
				addP(i, person{name: bold, strong: true})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

// nearest is the person closest before title t, else the first after it.
func nearest(ps []span, t span, s string) span {
	best := -1
	for i, p := range ps {
		if p.at <= t.at {
			best = i
		}
	}
	if best < 0 {
		for i, p := range ps {
			if p.at > t.at {
				return ps[i]
			}
		}
		return ps[0]
	}
	return ps[best]
}

func hasTalkCue(s string) bool {
	if !containsAny(strings.ToLower(s), talkCueKeys) && !strings.Contains(s, "LT") {
		return false
	}
	return reEnTalk.MatchString(s) || reJaTalk.MatchString(s) || reViTalk.MatchString(s) || reSpeechCue.MatchString(s)
}

// talkCueKeys are the words of hasTalkCue's patterns, to spare the
// patterns most sentences.
var talkCueKeys = []string{"talk", "keynote", "present", "session", "workshop", "lecture", "spoke", "speaker", "panel",
	"demo", "explained", "discussed", "described", "gave", "shared", "introduced", "covered", "発表", "講演", "登壇",
	"セッション", "トーク", "キーノート", "bài", "phần", "chia sẻ", "trình bày", "thuyết trình", "diễn giả", "chủ đề"}

var reSpeechCue = lazyRE(`(?i)\b(?:talked|presented|explained|discussed|described|spoke|gave|shared|introduced|demonstrated|covered)\b`)

// linksIn keeps the links whose label is within text.
func linksIn(ls []link, text string) []link {
	var out []link
	for _, l := range ls {
		if l.label != "" && strings.Contains(text, l.label) || strings.Contains(l.label, text) {
			out = append(out, l)
		}
	}
	return out
}

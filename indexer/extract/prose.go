package extract

import (
	"strings"
)

var (
	reTalkCue = lazyRE(`(?i)bài (?:thuyết trình|nói|chia sẻ|trình bày)|phần (?:trình bày|chia sẻ)|\btalks?\b|\bpresentations?\b|\bsessions?\b|\bkeynote\b|発表|講演|セッション|登壇`)
	// A person introduced by a cue word, their name a run of capitalised
	// words.
	reProseName = lazyRE(`(?:\b(?:speaker|diễn giả|anh|chị|presented by|presenter)\s+)(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,4})`)
	reJaName    = lazyRE(`([\p{Han}\p{Katakana}ー]{2,8}|[A-Z][a-z]+ [A-Z][a-z]+)さん`)
	reQuoted    = lazyRE(`[“"「『]([^“”"「」『』]{4,150})[”"」』]`)
	reTitled    = lazyRE(`(?i)(?:với tựa đề|với chủ đề|tựa đề|titled|entitled|タイトルは)\s*[:：]?\s*([^.,。\n]{4,150})`)
	reAffil     = lazyRE(`(?:\b(?:tại|đến từ|từ công ty|từ|ở|from|at|works? for)\s+)(\p{Lu}[\p{L}\p{N}&'.-]*(?:\s+\p{Lu}[\p{L}\p{N}&'.-]*){0,4})`)
	reGroup     = lazyRE(`(?i)(?:\d+|ba|hai|nhóm|các)\s+(?:thành viên|kỹ sư|bạn)|\b(?:\d+|two|three|four) (?:engineers|members)\b`)
	reGroupOrg  = lazyRE(`(?i)(?:nhóm kỹ sư|kỹ sư)\s+(\p{Lu}[\p{L}\p{N}&'.-]*(?:\s+\p{Lu}[\p{L}\p{N}&'.-]*){0,4})`)
	reImageJunk = lazyRE(`(?i)^(?:img|image|dsc|photo|screenshot|screen shot|pic|thumbnail|banner|cover|standee|agenda|tea break|lunch|group photo|logo|\d+)\b|\b(?:recap|report|summary|meetup|event|photos?|images?|banner|logo|agenda|overview)\b`)
)

var talkCueWords = []string{"bài", "phần", "talk", "presentation", "session", "keynote", "発表", "講演", "セッション", "登壇"}

// proseTalks reads paragraphs that introduce a speaker next to a titled
// talk: "Bài thuyết trình đầu tiên tới từ speaker X ... với tựa đề: “T”".
// Without a quoted title, a slide photo beside the paragraph whose file
// name reads as a title stands for it, with less confidence.
func proseTalks(lines []line, lang string) []cand {
	var out []cand
	used := make(map[int]bool) // image lines already taken as a title
	for i := 0; i < len(lines); i++ {
		if lines[i].kind != kText {
			continue
		}
		start := i
		var b strings.Builder
		for ; i < len(lines) && lines[i].kind == kText; i++ {
			b.WriteString(lines[i].plain)
			b.WriteByte(' ')
		}
		end := i // first line after the paragraph
		para := strings.TrimSpace(b.String())
		if !containsAny(strings.ToLower(para), talkCueWords) || !reTalkCue.MatchString(para) {
			continue
		}
		var p person
		if m := reProseName.FindStringSubmatchIndex(para); m != nil {
			p = person{name: para[m[2]:m[3]], strong: true}
			if a := reAffil.FindStringSubmatch(para[m[3]:]); a != nil {
				p.affiliation = a[1]
			}
		} else if m := reJaName.FindStringSubmatch(para); m != nil && !notNames[m[1]] {
			p = person{name: m[1], strong: true}
		} else if g, ok := groupSpeaker(para); ok {
			p = g
		} else {
			continue
		}
		c := cand{people: []person{p}, line: start, source: SourceProse, conf: 0.7, desc: para}
		if m := reQuoted.FindStringSubmatch(para); m != nil {
			if t, ok := cleanTitle(m[1]); ok {
				c.title = t
			}
		}
		if c.title == "" {
			if m := reTitled.FindStringSubmatch(para); m != nil {
				if t, ok := cleanTitle(m[1]); ok {
					c.title = t
				}
			}
		}
		if c.title == "" {
			// A slide photo just before the paragraph, else just after;
			// a paragraph with its own photo that names nothing is untitled.
			try := []int{prevImage(lines, start)}
			if try[0] < 0 {
				try = append(try, nextImage(lines, end))
			}
			for _, j := range try {
				if j >= 0 && !used[j] {
					if t, ok := imageTitle(lines[j].image); ok {
						c.title, c.conf = t, 0.5
						used[j] = true
						break
					}
				}
			}
		}
		if c.title == "" && p.strong && reTalkSubject.MatchString(para) {
			c.title, c.conf, c.untitled = untitled(p.name, lang), 0.5, true
		}
		if c.title == "" {
			continue
		}
		if len(runesOf(c.desc)) > maxDesc {
			c.desc = string(runesOf(c.desc)[:maxDesc])
		}
		out = append(out, c)
	}
	return out
}

// reTalkSubject matches a paragraph about one talk: the talk is what it
// speaks of, not a passing mention.
var reTalkSubject = lazyRE(`(?i)^(?:[^.]{0,40})(?:bài (?:thuyết trình|nói|chia sẻ|trình bày)|phần (?:trình bày|chia sẻ)|the (?:\w+ )?(?:talk|keynote|presentation|session)|(?:\S+つ目|最初|最後)の(?:発表|講演|セッション))`)

// untitled is the title of a talk the post names no title for: who gave
// it, in the post's language.
func untitled(name, lang string) string {
	switch lang {
	case "vi":
		return "Bài trình bày của " + name
	case "ja":
		return name + "さんの発表"
	}
	return "Talk by " + name
}

func runesOf(s string) []rune { return []rune(s) }

func prevImage(lines []line, i int) int { return imageFrom(lines, i-1, -1) }

func nextImage(lines []line, i int) int { return imageFrom(lines, i, 1) }

// imageFrom returns the index of the image line found from i going by
// step (±1) over blank lines only, or -1.
func imageFrom(lines []line, i, step int) int {
	for j := i; j >= 0 && j < len(lines); j += step {
		switch lines[j].kind {
		case kBlank:
			continue
		case kImage:
			return j
		}
		return -1
	}
	return -1
}

// imageTitle reads an image file name such as
// "microservice_deployment_scaling_with_kubernetes" as a title.
func imageTitle(name string) (string, bool) {
	s := strings.NewReplacer("_", " ", "-", " ", "+", " ").Replace(name)
	s = strings.Join(strings.Fields(s), " ")
	if reImageJunk.MatchString(s) || len(strings.Fields(s)) < 2 || !hasLetters(s, 8) {
		return "", false
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits*3 > len(s) {
		return "", false
	}
	return strings.ToUpper(s[:1]) + s[1:], true
}

// groupSpeaker reads a group of speakers named by their company: "3 thành
// viên ... tại Fujitsu Việt Nam", "Nhóm kỹ sư Fujitsu Việt Nam",
// "engineers from X".
func groupSpeaker(s string) (person, bool) {
	if !reGroup.MatchString(s) {
		return person{}, false
	}
	org := ""
	if m := reAffil.FindStringSubmatch(s); m != nil {
		org = m[1]
	} else if m := reGroupOrg.FindStringSubmatch(s); m != nil {
		org = m[1]
	}
	org = strings.TrimRight(org, ".,")
	if org == "" {
		return person{}, false
	}
	return person{name: org + " team", affiliation: org, group: true}, true
}

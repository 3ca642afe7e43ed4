package extract

import (
	"strconv"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textrule"
)

var (
	reEventNum   = lazyRE(`#\s?(\d{1,4})\b|第\s?(\d{1,4})\s?回|(?i)\bvol\.?\s?(\d{1,4})\b|(?i)\bno\.\s?(\d{1,4})\b|(?i)\blần (?:thứ )?(\d{1,3})\b`)
	reEventOrd   = lazyRE(`(?i)\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:meetup|meet-up|event|edition)|(?i)(?:buổi )?meetup (đầu tiên|lần đầu)`)
	reEventYear  = lazyRE(`\b((?:19|20)\d{2})\b`)
	reEventWord  = lazyRE(`(?i)meetup|meet-up|days?\b|conf|summit|devfest|festival|\bfest\b|night|kaigi|con\b|camp|hackathon|extended|勉強会|ミートアップ|カンファレンス|\.rb|\.go|\.js|talk|party|forum|hội thảo|hội nghị|sự kiện|workshop|study`)
	reEventCut   = lazyRE(`\s[-–—|:]\s|[:：|「」【】『』(（)）]|\s+-\s*$`)
	reEventLead  = lazyRE(`(?i)^(?:(?:a|my)\s+)?(?:review|recap|report|notes?|summary|thoughts)\s+(?:of|on|from|about)\s+(?:the\s+)?|^(?:ghi chép|tham gia|cảm nhận về|recap)\s+`)
	reEventTrail = lazyRE(`(?i)\s*(?:参加レポート|イベントレポート|勉強会レポート|レポート|参加記|に参加しました|に参加してきました|recap|report|notes)\s*$`)
	reDateLine   = lazyRE(`^((?:19|20)\d{2})[/.-](\d{1,2})[/.-](\d{1,2})`)
	reVenueJa    = lazyRE(`^(?:会場[:：]\s*)?(.{2,40}?)(?:さん)?にて`)
	reVenue      = lazyRE(`(?i)(?:venue|held at|hosted at|took place at|tổ chức tại|diễn ra tại|会場)\s*[:：]?\s*([^.。\n]{3,60})`)
)

var ordinals = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "đầu tiên": 1, "lần đầu": 1}

// cities that series names put after "Meetup": "Kubernetes Meetup Tokyo".
var cities = map[string]string{
	"tokyo": "Tokyo", "osaka": "Osaka", "fukuoka": "Fukuoka", "kyoto": "Kyoto", "nagoya": "Nagoya",
	"sapporo": "Sapporo", "sendai": "Sendai", "kansai": "Kansai", "kyushu": "Kyushu", "umeda": "Umeda",
	"hanoi": "Hanoi", "saigon": "Saigon", "hcmc": "HCMC", "jakarta": "Jakarta", "bandung": "Bandung",
	"yogyakarta": "Yogyakarta", "singapore": "Singapore", "東京": "東京", "大阪": "大阪", "福岡": "福岡",
	"hà nội": "Hà Nội", "đà nẵng": "Đà Nẵng",
}

// findEvent names the event a post recaps: from the front matter's event
// field, else from a series and number ("Kubernetes Meetup Tokyo #18",
// "Vietnam Kubernetes Community – first meetup", "CloudNative Days Kansai
// 2019") in the title or the first heading.
func findEvent(p kb.Post, lines []line, tax *taxonomy.Taxonomy) *kb.Event {
	var ev *kb.Event
	switch m := p.Meta["event"].(type) {
	case map[string]any:
		if name := str(m["name"]); name != "" {
			ev = eventFromName(name)
			if ev == nil {
				ev = &kb.Event{Name: name, Series: name, Slug: textrule.Slug(name)}
			}
			if d, ok := dateOf(m["date"]); ok {
				ev.Date = d
			}
			ev.Venue = str(m["venue"])
			ev.City = str(m["city"])
		}
	case string:
		ev = eventFromName(m)
	}
	if ev == nil {
		ev = eventFromName(p.Title)
	}
	if ev == nil {
		for _, l := range lines {
			if l.kind == kHeading && l.level == 1 {
				ev = eventFromName(l.text)
				break
			}
		}
	}
	if ev == nil {
		return nil
	}
	// A series that data/events.yaml knows by another name takes its
	// display name, so that recaps of one meetup name one event.
	if series := tax.Series(ev.Series); series != ev.Series {
		number := strings.TrimPrefix(ev.Name, ev.Series) // " #18", " 2019" or ""
		ev.Series, ev.Name = series, series+number
		ev.Slug = textrule.Slug(ev.Name)
	}
	if ev.Venue == "" {
		ev.Venue = str(p.Meta["venue"])
	}
	if ev.City == "" {
		ev.City = str(p.Meta["city"])
	}
	// Dates, venues and cities stated near the top of the text.
	seen := 0
	for _, l := range lines {
		if l.kind == kBlank || l.kind == kImage {
			continue
		}
		if seen++; seen > 8 {
			break
		}
		t := l.plain
		if m := reDateLine.FindStringSubmatch(t); m != nil && ev.Date.IsZero() {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
				ev.Date = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			}
		}
		if m := reVenueJa.FindStringSubmatch(t); m != nil && ev.Venue == "" {
			ev.Venue = strings.TrimSpace(m[1])
		}
	}
	if ev.Venue == "" {
		for _, l := range lines {
			if l.kind == kText && containsAny(strings.ToLower(l.plain), venueWords) {
				if m := reVenue.FindStringSubmatch(l.plain); m != nil {
					ev.Venue = strings.TrimSpace(m[1])
					break
				}
			}
		}
	}
	if ev.City == "" {
		for _, w := range strings.Fields(ev.Series) {
			if c, ok := cities[strings.ToLower(w)]; ok {
				ev.City = c
			}
		}
	}
	ev.Posts = []string{p.Slug}
	return ev
}

func dateOf(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006/01/02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// eventFromName reads a series and number from a title or event name.
func eventFromName(s string) *kb.Event {
	s = strings.TrimSpace(inline(s))
	if s == "" {
		return nil
	}
	num, numAt, numEnd := 0, -1, -1
	if m := reEventNum.FindStringSubmatchIndex(s); m != nil {
		for g := 2; g < len(m); g += 2 {
			if m[g] >= 0 {
				num = atoi(s[m[g]:m[g+1]])
				break
			}
		}
		numAt, numEnd = m[0], m[1]
	} else if m := reEventOrd.FindStringSubmatchIndex(s); m != nil {
		for g := 2; g < len(m); g += 2 {
			if m[g] >= 0 {
				num = ordinals[strings.ToLower(s[m[g]:m[g+1]])]
				break
			}
		}
		numAt, numEnd = m[0], m[1]
	}
	year := ""
	if numAt < 0 {
		m := reEventYear.FindStringSubmatchIndex(s)
		if m == nil || !reEventWord.MatchString(s[:m[0]]) {
			return nil
		}
		year, numAt, numEnd = s[m[2]:m[3]], m[0], m[1]
	}
	before := s[:numAt]
	// "第3回 X勉強会": the series follows the number.
	if strings.TrimSpace(before) == "" || strings.HasSuffix(strings.TrimSpace(before), "】") {
		after := s[numEnd:]
		if loc := reEventCut.FindStringIndex(after); loc != nil {
			after = after[:loc[0]]
		}
		before = after
	}
	if locs := reEventCut.FindAllStringIndex(before, -1); len(locs) > 0 {
		last := locs[len(locs)-1]
		if strings.TrimSpace(before[last[1]:]) != "" {
			before = before[last[1]:]
		} else {
			before = before[:last[0]]
			if locs := reEventCut.FindAllStringIndex(before, -1); len(locs) > 0 {
				before = before[locs[len(locs)-1][1]:]
			}
		}
	}
	series := strings.TrimSpace(before)
	series = reEventLead.ReplaceAllString(series, "")
	series = reEventTrail.ReplaceAllString(series, "")
	// Drop leading lower-case words of an English sentence ("my notes
	// from").
	words := strings.Fields(series)
	for len(words) > 1 && isLowerWord(words[0]) {
		words = words[1:]
	}
	series = normaliseSeries(words)
	if !hasLetters(series, 2) || runeLen(series) > 80 {
		return nil
	}
	ev := &kb.Event{Series: series, Number: num}
	switch {
	case year != "":
		ev.Name = series + " " + year
		ev.Number = 0
	case num > 0:
		ev.Name = series + " #" + strconv.Itoa(num)
	default:
		return nil
	}
	ev.Slug = textrule.Slug(ev.Name)
	return ev
}

func isLowerWord(w string) bool {
	for _, r := range w {
		return r >= 'a' && r <= 'z'
	}
	return false
}

// normaliseSeries writes "Kubernetes Tokyo Meetup" and "Tokyo Kubernetes
// Meetup" as "Kubernetes Meetup Tokyo", so that posts of one event meet.
func normaliseSeries(words []string) string {
	n := len(words)
	if n >= 3 && strings.EqualFold(words[n-1], "meetup") {
		for i, w := range words[:n-1] {
			if c, ok := cities[strings.ToLower(w)]; ok {
				rest := append(append([]string(nil), words[:i]...), words[i+1:n-1]...)
				return strings.Join(append(rest, "Meetup", c), " ")
			}
		}
	}
	return strings.Join(words, " ")
}

var venueWords = []string{"venue", "held at", "hosted at", "took place at", "tổ chức tại", "diễn ra tại", "会場"}

// containsAny reports whether s contains one of words: a cheap test before
// a regular expression.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

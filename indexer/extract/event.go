package extract

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textrule"
)

var (
	reEventNum  = lazyRE(`#\s?(\d{1,4})\b|第\s?(\d{1,4})\s?回|(?i)\bvol\.?\s?(\d{1,4})\b|(?i)\bno\.\s?(\d{1,4})\b|(?i)\blần (?:thứ )?(\d{1,3})\b`)
	reEventOrd  = lazyRE(`(?i)\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:meetup|meet-up|event|edition)|(?i)(?:buổi )?meetup (đầu tiên|lần đầu)`)
	reEventYear = lazyRE(`\b((?:19|20)\d{2})\b`)
	reEventWord = lazyRE(`(?i)meetup|meet-up|days?\b|conf|summit|devfest|festival|\bfest\b|night|kaigi|con\b|camp|hackathon|extended|勉強会|ミートアップ|カンファレンス|\.rb|\.go|\.js|talk|party|forum|hội thảo|hội nghị|sự kiện|workshop|study`)
	reEventCut  = lazyRE(`\s[-–—|:]\s|[:：|「」【】『』(（)）]|\s+-\s*$`)
	reEventLead = lazyRE(`(?i)^(?:(?:a|my)\s+)?(?:review|recap|report|notes?|summary|thoughts)\s+(?:of|on|from|about)\s+(?:the\s+)?|^(?:ghi chép|tham gia|cảm nhận về|recap)\s+`)
	// reEventSide names an event held beside a numbered or yearly one:
	// "CloudNative Days Fukuoka 2019 Meetup" is not the conference.
	reEventSide  = lazyRE(`(?i)^\s*(meetup|meet-up|pre-?party|after-?party|pre-?event|hackathon|workshop|hands-?on|前夜祭|後夜祭|ハンズオン|ハッカソン)(?:\s|$|[:：|｜\-–—(（])`)
	reEventTrail = lazyRE(`(?i)\s*(?:参加レポート|イベントレポート|勉強会レポート|レポート|参加記|に参加しました|に参加してきました|recap|report|notes)\s*$`)
	reVenueJa    = lazyRE(`^(?:会場[:：]\s*)?(.{2,40}?)(?:さん)?にて`)
	// A venue follows a label and a colon ("Venue: X", "会場：X", "Địa
	// điểm: X"; not "Venue sponsor:" nor "会場は…") or a verb of holding
	// ("held at X", "tổ chức tại X").
	reVenue = lazyRE(`(?i)(?:\b(?:venue|location)|địa điểm|会場|場所)\s*[:：]\s*([^\n]{2,80})|(?:\b(?:held|hosted|took place)\s+(?:at|in)|tổ chức tại|diễn ra tại)\s+([^\n]{2,80})`)
	// A venue ends where the sentence or clause does.
	reVenueEnd = lazyRE(`[.。!?！？;；、]|,\s+(?:which|where|and|with|on|in \d)\b|\s+(?:on|from)\s+(?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\s+(?:vào|lúc|ngày|từ)\s|\s+\(?\d{1,2}[:h]\d{2}`)
	// Dates as recaps state them: 2019-04-22, 2019年4月22日, 4月22日, ngày
	// 22/4/2019, thứ Sáu 23/8, 22 tháng 4 năm 2019, on April 22(, 2019),
	// 22 April 2019.
	reDateISO   = lazyRE(`\b((?:19|20)\d{2})[/.-](\d{1,2})[/.-](\d{1,2})\b`)
	reDateJa    = lazyRE(`(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	reDateViNum = lazyRE(`(?i)(?:ngày|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật|hôm|vào)\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d{2}))?\b`)
	reDateViMon = lazyRE(`(?i)\b(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)?\s*((?:19|20)\d{2}))?`)
	reDateDMY   = lazyRE(`\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b`)
	reDateEnMD  = lazyRE(`(?i)\b(on|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)?\s*(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d{2})\b)?`)
	reDateEnDM  = lazyRE(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+((?:19|20)\d{2})\b`)
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
	if ev.Venue != "" {
		ev.Venue = strings.TrimSpace(ev.Venue)
	}
	// The date and venue the text states near its top: a recap says when
	// and where the event was before it tells the talks.
	intro := introLines(p.Text, introLineCount)
	if ev.Date.IsZero() {
		ev.Date = statedDate(intro, p.Date, p.Lang)
	}
	if ev.Venue == "" {
		ev.Venue = statedVenue(intro)
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
	if m := reEventSide.FindStringSubmatch(s[numEnd:]); m != nil && !strings.Contains(strings.ToLower(series), strings.ToLower(m[1])) {
		ev.Name += " " + m[1]
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

// introLineCount is how many lines of text from the top the event's date and
// venue are looked for in.
const introLineCount = 12

// introLines returns the first n lines of text that have words.
func introLines(text string, n int) []string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if out = append(out, l); len(out) == n {
			break
		}
	}
	return out
}

var months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// statedDate returns the first date that the lines state for the event,
// or the zero time. A date without a year takes the post's (the year
// before when that would put the event after the post); with a post date
// known, a date after it or more than two years before it is not the
// event's (a release date, a deadline, the next meetup).
func statedDate(lines []string, posted time.Time, lang string) time.Time {
	for _, l := range lines {
		if d, ok := dateIn(l, posted, lang); ok {
			return d
		}
	}
	return time.Time{}
}

// dateIn returns the first plausible event date in one line.
func dateIn(l string, posted time.Time, lang string) (time.Time, bool) {
	type found struct {
		at      int
		y, m, d int
	}
	var cands []found
	add := func(at int, y, m, d int) { cands = append(cands, found{at, y, m, d}) }
	for _, m := range reDateISO.re().FindAllStringSubmatchIndex(l, -1) {
		add(m[0], atoi(l[m[2]:m[3]]), atoi(l[m[4]:m[5]]), atoi(l[m[6]:m[7]]))
	}
	for _, m := range reDateJa.re().FindAllStringSubmatchIndex(l, -1) {
		y := 0
		if m[2] >= 0 {
			y = atoi(l[m[2]:m[3]])
		}
		add(m[0], y, atoi(l[m[4]:m[5]]), atoi(l[m[6]:m[7]]))
	}
	for _, re := range []*lazyRegexp{reDateViNum, reDateViMon} {
		for _, m := range re.re().FindAllStringSubmatchIndex(l, -1) {
			y := 0
			if m[6] >= 0 {
				y = atoi(l[m[6]:m[7]])
			}
			add(m[0], y, atoi(l[m[4]:m[5]]), atoi(l[m[2]:m[3]]))
		}
	}
	for _, m := range reDateDMY.re().FindAllStringSubmatchIndex(l, -1) {
		a, b, y := atoi(l[m[2]:m[3]]), atoi(l[m[4]:m[5]]), atoi(l[m[6]:m[7]])
		// Day first unless it cannot be, or the post is English and the
		// month-first reading is the one that can be.
		if a <= 12 && (b > 12 || lang == kb.LangEN) {
			a, b = b, a
		}
		add(m[0], y, b, a)
	}
	for _, m := range reDateEnMD.re().FindAllStringSubmatchIndex(l, -1) {
		// "may 5" is a date only after "on" or a weekday, or with a year.
		if m[2] < 0 && m[8] < 0 {
			continue
		}
		y := 0
		if m[8] >= 0 {
			y = atoi(l[m[8]:m[9]])
		}
		add(m[0], y, months[strings.ToLower(l[m[4]:m[4]+3])], atoi(l[m[6]:m[7]]))
	}
	for _, m := range reDateEnDM.re().FindAllStringSubmatchIndex(l, -1) {
		add(m[0], atoi(l[m[6]:m[7]]), months[strings.ToLower(l[m[4]:m[4]+3])], atoi(l[m[2]:m[3]]))
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].at < cands[j].at })
	for _, c := range cands {
		if d, ok := eventDate(c.y, c.m, c.d, posted); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

// eventDate makes a date of year (0 when not stated), month and day, if
// it can be the date of an event recapped on posted (which may be zero).
func eventDate(y, m, d int, posted time.Time) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	if y == 0 {
		if posted.IsZero() {
			return time.Time{}, false
		}
		y = posted.Year()
		if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(posted.AddDate(0, 0, 1)) {
			y--
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April
		return time.Time{}, false
	}
	if !posted.IsZero() && (t.After(posted.AddDate(0, 0, 1)) || t.Before(posted.AddDate(-2, 0, 0))) {
		return time.Time{}, false
	}
	return t, true
}

// statedVenue returns the venue that the lines name, or "": "会場：X",
// "Venue: X", "Địa điểm: X", "held at X", "tổ chức tại X", "Xにて", each
// only when what it names is a place (see placeName).
func statedVenue(lines []string) string {
	for _, l := range lines {
		if m := reVenueJa.FindStringSubmatch(l); m != nil {
			if v, ok := placeName(m[1]); ok {
				return v
			}
		}
		for _, m := range reVenue.FindAllStringSubmatch(l, -1) {
			v := m[1]
			if v == "" {
				v = m[2]
			}
			if v, ok := placeName(v); ok {
				return v
			}
		}
	}
	return ""
}

// placeName cuts a venue candidate where its clause ends and reports
// whether what is left is the name of a place: short, with letters, no
// sentence inside it (Japanese particles after a word, polite verb
// endings, long runs of hiragana).
func placeName(s string) (string, bool) {
	if loc := reVenueEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	s = strings.Trim(strings.TrimSpace(s), ",:：-–— \"'“”「」")
	if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
		s = s[4:]
	}
	if runeLen(s) < 2 || runeLen(s) > 60 || len(strings.Fields(s)) > 10 || !hasLetters(s, 2) {
		return "", false
	}
	if strings.Contains(s, "http") || strings.ContainsAny(s, "[]()") && !balanced(s) {
		return "", false
	}
	var prev rune
	hira := 0
	for _, r := range s {
		isHira := r >= 'ぁ' && r <= 'ゖ'
		if isHira {
			hira++
			// は, が, を, で after a word are particles: a sentence.
			if strings.ContainsRune("はがをでも", r) && prev != 0 && !(prev >= 'ぁ' && prev <= 'ゖ') && prev != ' ' {
				return "", false
			}
		} else {
			hira = 0
		}
		if hira >= 4 {
			return "", false
		}
		prev = r
	}
	for _, end := range []string{"です", "でした", "ます", "ました"} {
		if strings.Contains(s, end) {
			return "", false
		}
	}
	return s, true
}

// balanced reports whether the brackets of s close.
func balanced(s string) bool {
	return strings.Count(s, "(") == strings.Count(s, ")") && strings.Count(s, "[") == strings.Count(s, "]")
}

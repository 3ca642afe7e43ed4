package extract

import (
	"strings"
	"unicode"

	"github.com/recaphq/recap/indexer/textrule"
)

// person is a speaker as the text writes them, before the taxonomy
// resolves them.
type person struct {
	name, handle, affiliation string
	// strong is true when the text marks the name as a person's: a handle,
	// an honorific (さん), or a "speaker"/"by" cue.
	strong bool
	// group is true for engineers the text names only by their company
	// ("3 thành viên … tại Fujitsu Việt Nam"): kept as "<Company> team".
	group bool
}

var (
	reHandle     = lazyRE(`(?:^|[^\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,28}[A-Za-z0-9_])?)`)
	reParen      = lazyRE(`\s*[(（]([^()（）]{1,80})[)）]\s*$`)
	reMinutes    = lazyRE(`(?i)(\d{1,3})\s*(?:min(?:ute)?s?|分|phút|m\b)`)
	reHonorSfx   = lazyRE(`\s*(?:さん|氏|様|san|先生)$`)
	reSpeakerP   = lazyRE(`(?i)^(?:speakers?|presenters?|presented by|by|diễn giả|người trình bày|trình bày|登壇者|発表者|講演者|スピーカー)\s*[:：]?\s*`)
	reRole       = lazyRE(`(?i)engineer|architect|developer|founder|\bcto\b|\bceo\b|\bvp\b|lead\b|manager|student|evangelist|consultant|analyst|director|head of|ambassador|researcher|scientist|designer|\bsre\b|advocate|kỹ sư|giám đốc|trưởng nhóm|エンジニア|代表`)
	reInitials   = lazyRE(`^(?:\p{Lu}\.\s?)+\p{L}`)
	reInitialEnd = lazyRE(`(?:^|\s)\p{Lu}\.$`)
	reOrgNo      = lazyRE(`^(.+?)\s*の\s*(.+さん)$`)
)

// notNames are words that look like names in a speaker slot but are not.
var notNames = map[string]bool{
	"slides": true, "slide": true, "video": true, "recording": true, "tbd": true, "tba": true,
	"ban tổ chức": true, "btc": true, "運営": true, "主催者": true, "organizers": true, "organizer": true,
	"everyone": true, "all": true, "name": true, "names": true, "someone": true, "anyone": true, "参加者": true, "全員": true, "link": true, "資料": true, "スライド": true,
	"動画": true, "q&a": true, "qa": true, "break": true, "休憩": true, "懇親会": true,
	// Words that follow "by" in prose without being people.
	"default": true, "design": true, "hand": true, "example": true, "far": true, "now": true,
	"then": true, "itself": true, "people": true, "users": true, "hundreds": true, "thousands": true,
	// Japanese nouns that take さん without being names.
	"発表者": true, "記者": true, "登壇者": true, "皆": true, "みな": true, "みんな": true,
	"スタッフ": true, "会場": true, "ユーザ": true, "ユーザー": true, "お客": true,
}

// stopWords may not start or end a Latin name.
var stopWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "and": true, "with": true,
	"for": true, "to": true, "how": true, "what": true, "why": true, "is": true, "at": true, "from": true,
	"by": true, "as": true, "our": true, "my": true, "your": true, "we": true, "i": true, "it": true, "this": true,
	"introduction": true, "intro": true, "part": true, "session": true, "talk": true, "keynote": true,
	"và": true, "của": true, "cho": true, "với": true, "trong": true, "là": true, "về": true,
	"kubernetes": true, "docker": true, "go": true, "cloud": true, "native": true, "day": true,
}

// parseSpeakers reads the speakers of a speaker slot: "Shingo Omura
// (@everpeace)", "LINE @matsumanaさん", "Takayuki Konishiさん(Red Hat)",
// "Irvi Aini @irvifa, Software Engineer, Traveloka", "A & B".
func parseSpeakers(s string) []person {
	s = strings.TrimSpace(inline(s))
	s = strings.Trim(s, " -–—:：|,、")
	if l := strings.ToLower(s); !strings.HasSuffix(l, "inc.") && !strings.HasSuffix(l, "co.") && !strings.HasSuffix(l, "ltd.") && !reInitialEnd.MatchString(s) {
		s = strings.TrimRight(s, ".。")
	}
	if s == "" || runeLen(s) > 160 {
		return nil
	}
	var parts []string
	for _, p := range splitSpeakers(s) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	var out []person
	for _, p := range parts {
		if sp, ok := parseSpeaker(p); ok {
			out = append(out, sp)
		}
	}
	// Parts that share a trailing affiliation: "A, B (Company)".
	return out
}

var reSpeakerSep = lazyRE(`\s+(?:&|and|và|x|×)\s+|\s*[/／、]\s*|さん\s*(?:と|・|&|,)\s*`)

func splitSpeakers(s string) []string {
	// Commas separate speakers only when every part is a person of its
	// own; otherwise they separate a name from a role and a company.
	if !strings.Contains(s, "@") && strings.Count(s, ",") >= 1 {
		parts := strings.Split(s, ",")
		allNames := true
		for _, p := range parts {
			if _, ok := parseSpeaker(strings.TrimSpace(p)); !ok || reRole.MatchString(p) {
				allNames = false
				break
			}
		}
		// Two Vietnamese or Japanese full names are two people: "Lê Minh
		// Châu, Phạm Quốc Dũng"; elsewhere the second part may be a company.
		if len(parts) == 2 && allNames && bothNativeNames(parts) {
			return parts
		}
		if !allNames || len(parts) == 2 {
			return []string{s}
		}
		return parts
	}
	if strings.Count(s, "@") >= 2 {
		// "@a @b" or "A (@a), B (@b)".
		var out []string
		locs := reHandle.FindAllStringIndex(s, -1)
		start := 0
		for i, loc := range locs {
			end := len(s)
			if i+1 < len(locs) {
				end = locs[i+1][0]
				// Keep a name written before the next handle with it.
				seg := s[loc[1]:end]
				if j := strings.LastIndexAny(seg, ",、/&)）"); j >= 0 {
					end = loc[1] + j + 1
				}
			}
			out = append(out, strings.Trim(s[start:end], " ,、/&"))
			start = end
		}
		return out
	}
	idx := reSpeakerSep.FindAllStringIndex(s, -1)
	if len(idx) == 0 {
		return []string{s}
	}
	var out []string
	start := 0
	for _, loc := range idx {
		seg := s[start:loc[0]]
		if strings.HasPrefix(s[loc[0]:], "さん") {
			seg += "さん"
		}
		out = append(out, seg)
		start = loc[1]
	}
	out = append(out, s[start:])
	// A separator inside a name or company ("Red Hat / IBM") must not make
	// parts that are no persons: fall back to the whole.
	for _, p := range out {
		if _, ok := parseSpeaker(strings.TrimSpace(p)); !ok {
			return []string{s}
		}
	}
	return out
}

func bothNativeNames(parts []string) bool {
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if !(isVietnamese(p) && proseName(p) || textIsCJK(p) && isPerson(p)) {
			return false
		}
	}
	return true
}

// parseSpeaker reads one person.
func parseSpeaker(s string) (person, bool) {
	var p person
	s = reSpeakerP.ReplaceAllStringFunc(s, func(string) string { p.strong = true; return "" })
	s = strings.TrimSpace(s)
	// A trailing parenthesis holds a handle, a company or a duration.
	for i := 0; i < 2; i++ {
		m := reParen.FindStringSubmatchIndex(s)
		if m == nil {
			break
		}
		inner := s[m[2]:m[3]]
		s = strings.TrimSpace(s[:m[0]])
		for _, part := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == '、' || r == '/' || r == '／' }) {
			part = strings.TrimSpace(part)
			switch {
			case reHandle.MatchString(" " + part):
				p.handle = reHandle.FindStringSubmatch(" " + part)[1]
				p.strong = true
				if rest := strings.TrimSpace(reHandle.ReplaceAllString(" "+part, "")); rest != "" && p.affiliation == "" {
					p.affiliation = rest
				}
			case reMinutes.MatchString(part):
			case p.affiliation == "":
				p.affiliation = strings.TrimPrefix(strings.TrimSpace(part), "from ")
			}
		}
	}
	if t := strings.TrimRight(s, "!！ "); strings.HasSuffix(t, "さん") || strings.HasSuffix(t, "氏") {
		p.strong = true
	}
	if m := reOrgNo.FindStringSubmatch(s); m != nil {
		p.affiliation, s = m[1], m[2]
	}
	// "Name – Role, Company": the name before the dash.
	if parts := reDashSplit.Split(s, -1); len(parts) >= 2 && !strings.ContainsAny(s, "@(（") && fullName(parts[0]) && !looksLikeName(s) {
		rest := strings.Split(parts[len(parts)-1], ",")
		if a := strings.TrimSpace(rest[len(rest)-1]); p.affiliation == "" && runeLen(a) <= 40 && len(strings.Fields(a)) <= 5 && !startsLower(a) {
			p.affiliation = a
		}
		s = strings.TrimSpace(parts[0])
	}
	// "Name, Role, Company" or "Name, Company".
	if parts := strings.Split(s, ","); len(parts) >= 2 && !strings.Contains(parts[0], "@") {
		name := strings.TrimSpace(parts[0])
		if looksLikeName(name) {
			if p.affiliation == "" {
				p.affiliation = strings.TrimSpace(parts[len(parts)-1])
			}
			s = name
		}
	}
	if m := reHandle.FindStringSubmatchIndex(s); m != nil {
		p.handle = s[m[2]:m[3]]
		p.strong = true
		before := strings.TrimSpace(s[:m[0]+strings.Index(s[m[0]:], "@")])
		after := strings.TrimSpace(s[m[1]:])
		after = strings.TrimSpace(strings.TrimSuffix(after, "さん"))
		after = strings.Trim(after, " ,、-–")
		switch {
		case before != "" && looksLikeName(before) && !isOrg(before):
			s = before
			if after != "" && p.affiliation == "" {
				// "Name @handle, Role, Company": the company comes last.
				parts := strings.Split(after, ",")
				p.affiliation = strings.TrimSpace(parts[len(parts)-1])
			}
		case before != "":
			// "LINE @matsumana": a company before the handle.
			if p.affiliation == "" {
				p.affiliation = before
			}
			s = ""
		default:
			// "@handle, Company" or "@handle Company".
			if after != "" && p.affiliation == "" {
				p.affiliation = after
			}
			s = ""
		}
	}
	s = strings.TrimRight(s, "!！ ")
	s = strings.TrimSpace(reHonorSfx.ReplaceAllString(s, ""))
	s = strings.Trim(s, " ,、:：-–")
	p.name = s
	p.affiliation = strings.Trim(strings.TrimSpace(p.affiliation), " ,、()（）")
	if notNames[strings.ToLower(p.affiliation)] {
		p.affiliation = ""
	}
	if p.name != "" && (!looksLikeName(p.name) || reRole.MatchString(p.name)) {
		return person{}, false // "Managing Director" is a role, not a name
	}
	if p.name == "" && p.handle == "" {
		return person{}, false
	}
	return p, true
}

// isOrg reports whether s, the text before a handle, names a company
// rather than a person.
func isOrg(s string) bool {
	if hasOrgAffix(strings.ToLower(strings.TrimSpace(s))) {
		return true
	}
	// An all-caps single word ("LINE", "NTT") before a handle is a company.
	if !strings.Contains(s, " ") && strings.ToUpper(s) == s && runeLen(s) >= 2 && hasLetters(s, 2) {
		return true
	}
	return false
}

// looksLikeName reports whether s could be a person's name: short, mostly
// letters, no sentence punctuation, Latin words capitalised or one nickname.
func looksLikeName(s string) bool {
	s = strings.TrimSpace(reHonorSfx.ReplaceAllString(s, ""))
	if s == "" || runeLen(s) > 40 || notNames[strings.ToLower(s)] {
		return false
	}
	if strings.ContainsAny(s, ".!?。！？:：「」『』\"“”()（）[]{}#=<>|") {
		// Allow initials: "J. Doe".
		if !reInitials.MatchString(s) || strings.ContainsAny(s, "!?。！？:：「」『』\"“”()（）[]{}#=<>|") {
			return false
		}
	}
	cjk, latin, digits := 0, 0, 0
	for _, r := range s {
		switch {
		case textrule.IsCJK(r):
			cjk++
		case unicode.IsLetter(r):
			latin++
		case unicode.IsDigit(r):
			digits++
		}
	}
	if cjk > 0 {
		return cjk+latin <= 14 && !strings.ContainsAny(s, "のはをがにでへ") || strings.ContainsRune(s, 'の') && cjk <= 6
	}
	if latin < 2 || digits > latin {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return false
	}
	if len(words) == 1 {
		return true // a nickname: "kunit", "iwa"
	}
	// A name may end in a word that is a stop word in lower case ("Nguyễn
	// Văn An"), not begin with one ("The Go Team").
	if last := words[len(words)-1]; stopWords[strings.ToLower(words[0])] || stopWords[last] {
		return false
	}
	for _, w := range words {
		r := []rune(w)[0]
		if !unicode.IsUpper(r) && !stopNameParticles[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// stopNameParticles may appear in lower case inside a name.
var stopNameParticles = map[string]bool{"van": true, "de": true, "der": true, "von": true, "da": true, "del": true, "bin": true, "le": true}

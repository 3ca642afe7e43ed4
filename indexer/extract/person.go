package extract

import (
	"strings"
)

// orgLexicon holds words that name platforms, products and companies
// which the text puts where a speaker goes ("(@handle), Twitter", "…
// | Speaker Deck"); a speaker who is only one of them is not a person.
// Every platform is in it too (see init).
var orgLexicon = map[string]bool{
	"x": true, "slides": true, "instagram": true, "doorkeeper": true, "google slides": true, "google": true,
	"@embed": true, "viblo": true, "hatena": true, "はてな": true, "slack": true, "discord": true,
	"aws": true, "amazon": true, "amazon web services": true, "microsoft": true, "apple": true, "meta": true,
	"ibm": true, "oracle": true, "red hat": true, "redhat": true, "vmware": true, "cncf": true,
	"kubernetes": true, "docker": true, "istio": true, "helm": true, "rancher": true, "openshift": true,
	"go": true, "golang": true, "rust": true, "python": true, "java": true, "javascript": true, "php": true,
	"firebase": true, "android": true, "ios": true, "flutter": true, "react": true, "angular": true,
	"line": true, "mercari": true, "メルカリ": true, "nulab": true, "yahoo": true, "yahoo! japan": true,
	"fpt": true, "fpt software": true, "vng": true, "viettel": true, "tiki": true, "momo": true,
	"ban tổ chức": true, "btc": true,
	"運営": true, "主催": true, "事務局": true, "スポンサー": true, "sponsor": true, "sponsors": true,
	"anonymous": true, "unknown": true, "tba": true, "tbd": true, "n/a": true,
}

// orgSuffixes end or begin the names of companies.
var orgSuffixes = []string{
	"株式会社", "有限会社", "合同会社", "会社", "(株)", "（株）", "inc", "inc.", "corp", "corp.", "corporation",
	"co.", "co., ltd", "ltd", "ltd.", "llc", "gmbh", "jsc", "plc", "s.a.", "pte", "group", "labs",
	"technologies", "technology", "software", "solutions", "systems", "studio", "foundation",
	"community", "meetup", "team", "チーム", "công ty", "tập đoàn", "university", "đại học", "大学",
	"研究所", "製作所", "協会", "ventures", "capital", "consulting", "networks", "cloud", "platform",
}

// reProductish matches tokens that read as products, files or code, not
// names: dots inside words, camel-case compounds, digits, paths.
var reProductish = lazyRE(`^[@#]|\p{Ll}{3,}\p{Lu}|\.(?:js|io|es|com|net|org|dev|ai|app|md|jpg|png|pdf)$|\w\.\w|/|\d{2,}|_`)

// hasOrgAffix reports whether the lower-cased name l begins or ends with
// a company word of orgSuffixes: as a word of its own in Latin script
// ("Genesis Cloud", so "Vincent" is not "inc"), anywhere at the edge in
// CJK and Vietnamese, which write them without spaces or with their own.
func hasOrgAffix(l string) bool {
	for _, s := range orgSuffixes {
		if l == s || strings.HasSuffix(l, " "+s) || strings.HasPrefix(l, s+" ") ||
			(!isLatinSuffix(s) && (strings.HasPrefix(l, s) || strings.HasSuffix(l, s))) {
			return true
		}
	}
	return false
}

// isPerson reports whether name may be a person's: not a platform,
// product or company of the lexicon, not ending or starting with a
// company suffix, not shaped like a product or a file name.
func isPerson(name string) bool {
	n := strings.TrimSpace(name)
	if n == "" {
		return false
	}
	l := strings.ToLower(n)
	if orgLexicon[l] || orgLexicon[strings.TrimPrefix(l, "@")] || reAcroKana.MatchString(n) {
		return false
	}
	if hasOrgAffix(l) {
		return false
	}
	// A multi-word Latin name has no product-like token; a single token
	// may be a nickname ("kunit", "take-cheeze"), so only files and URLs
	// are refused.
	words := strings.Fields(n)
	if len(words) > 1 {
		if strings.ContainsAny(n, ",;:") {
			return false
		}
		caps, mixed := 0, 0
		for i, w := range words {
			lw := strings.ToLower(strings.Trim(w, ",.:;()"))
			if reProductish.MatchString(w) || titleWords[lw] || stopWords[lw] && runeLen(lw) >= 3 && (i > 0 || len(words) > 2) {
				return false
			}
			if hasLetters(w, 2) && strings.ToUpper(w) == w && !strings.HasSuffix(w, ".") && runeLen(w) <= 4 {
				caps++
			} else {
				mixed++
			}
		}
		// "IO Istio DevStats": an acronym among capitalised words is a
		// product's name; a name written all in capitals is still a name.
		if caps > 0 && mixed > 0 && !textIsCJK(n) || mixed == 0 && caps > 0 && !textIsCJK(n) && allShort(words) {
			return false
		}
		// A Vietnamese name holds a family name: "Bảo Mật" (security) is
		// a phrase.
		if isVietnamese(n) {
			fam := false
			for _, w := range words {
				fam = fam || viFamily[strings.ToLower(w)]
			}
			if !fam {
				return false
			}
		}
	} else if strings.Contains(n, "://") || strings.HasPrefix(n, "@") || strings.ContainsAny(n, "/&+") || strings.HasSuffix(n, "の") ||
		lazyREFile.MatchString(n) {
		return false
	}
	return true
}

// titleWords are common words of titles, products and pages that are not
// parts of personal names: "Service Mesh Comparison" is no person.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`service services mesh comparison cloud native data api apis web app apps
		application applications engine system systems platform framework tools tool guide tutorial demo
		deck slides slide video videos talk talks news blog docs documentation project projects community
		meetup conference day days summit workshop stack server serverless container containers network
		networking security management design architecture development engineering testing learning machine
		deep open source code program programming language model models performance monitoring
		observability review report update release edition version world future modern best practices
		tips story journey state status home about contact issue issues triage time stats dashboard
		introduction overview getting started keynote session sessions panel q&a faq part chapter step
		official channel account page site website homepage portal event events group live stream
		streaming recording playlist archive photo photos gallery agenda schedule program timetable
		database storage kubernetes docker go golang python java rust scala swift kotlin android ios
		analytics intelligence ai ml devops sre ci cd git github gitlab twitter facebook youtube
		hackathon contest challenge award awards office university college school lab labs studio
		inc corp ltd llc company corporation foundation association team member members core head
		chief officer staff admin sysadmin organizer organizers volunteer volunteers mc host
		january february march april may june july august september october november december
		monday tuesday wednesday thursday friday saturday sunday last next this using use protocol
		buffers button buttons announcements announcement gateway`) {
		titleWords[w] = true
	}
}

// reRoleAt reads "engineer at Genesis Cloud", "kỹ sư tại X": the company
// after the role.
var reRoleAt = lazyRE(`^(?:[\p{Ll}\s-]|\p{Lu}[\p{Ll}]+\s)*?\b(?:at|tại|ở|of|@)\s+(\p{Lu}.*)$`)

var lazyREFile = lazyRE(`(?i)\.(?:jpg|jpeg|png|gif|svg|pdf|md|html?)$`)

// allShort reports whether every word is four letters or fewer: acronyms.
func allShort(ws []string) bool {
	for _, w := range ws {
		if runeLen(w) > 5 {
			return false
		}
	}
	return true
}

// isLatinSuffix reports whether s is written in Latin letters, which match
// only as whole words.
func isLatinSuffix(s string) bool {
	for _, r := range s {
		if r > 0x024F {
			return false
		}
	}
	return true
}

// people keeps the persons among ps: a platform or a company standing
// alone as a speaker goes (its handle kept when it has one), an
// affiliation that is a platform is dropped.
func people(ps []person) []person {
	var out []person
	for _, p := range ps {
		if m := reSaluteName.FindString(p.name); m != "" && len(strings.Fields(p.name[len(m):])) >= 2 {
			p.name = p.name[len(m):] // "Anh Nguyễn Anh Tiến"
		}
		// "話題のanai": what comes before の says who they are.
		if i := strings.LastIndex(p.name, "の"); i > 0 && i+len("の") < len(p.name) && !p.group {
			p.name = p.name[i+len("の"):]
		}
		if org, name, ok := scriptSplit(p.name); ok {
			p.name = name
			if p.affiliation == "" {
				p.affiliation = org
			}
		}
		// "Hirokuni Kim / CircleCI": a single word after a full name in
		// one slot is where they work.
		if n := len(out); n > 0 && p.handle == "" && !p.group && !strings.Contains(p.name, " ") && !textIsCJK(p.name) &&
			strings.Contains(out[n-1].name, " ") && out[n-1].affiliation == "" && out[n-1].handle == "" {
			out[n-1].affiliation = p.name
			continue
		}
		if org, name, ok := orgThenName(p.name); ok {
			p.name = name
			if p.affiliation == "" {
				p.affiliation = org
			}
		}
		if m := reRoleAt.FindStringSubmatch(p.affiliation); m != nil {
			p.affiliation = m[1]
		}
		if i := strings.Index(p.affiliation, ". "); i > 0 {
			p.affiliation = p.affiliation[:i]
		}
		if p.affiliation != "" && orgLexicon[strings.ToLower(p.affiliation)] && !strings.Contains(p.affiliation, " ") && isPlatform(p.affiliation) {
			p.affiliation = ""
		}
		if p.name != "" && !p.group && !isPerson(p.name) {
			if p.handle == "" {
				continue
			}
			if p.affiliation == "" && !isPlatform(p.name) {
				p.affiliation = p.name
			}
			p.name = ""
		}
		if isPlatform(p.handle) || orgLexicon[strings.ToLower(p.handle)] && p.name == "" {
			p.handle = ""
		}
		if p.name == "" && p.handle == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

var reCapWord = lazyRE(`^\p{Lu}\p{Ll}+$`)

var reCamel = lazyRE(`\p{Ll}\p{Lu}`)

var (
	reSaluteName = lazyRE(`^(?:Anh|Chị|Ông|Bà|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+`)
	reAcroKana   = lazyRE(`^[A-Z]{2,}[\p{Katakana}ー]+$`)
	reKanaKanji  = lazyRE(`^([\p{Katakana}ー]{3,}|[\p{Han}\p{Katakana}ー]{5,})\s*([\p{Han}]{1,4})$`)
)

// scriptSplit splits "ヌーラボ木村", "西部ガス情報システム 上野": a
// company in katakana (or a long kanji and katakana name) before a
// surname in kanji.
func scriptSplit(s string) (org, name string, ok bool) {
	m := reKanaKanji.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// orgThenName splits "LINE Fukuoka Fujishima", "ヌーラボ 川端",
// "オルターブース 知念": in Japanese a company comes before the person it
// sends. The leading words are a company when the first is an acronym,
// a katakana word or a company form.
func orgThenName(s string) (org, name string, ok bool) {
	w := strings.Fields(s)
	if len(w) < 2 {
		return "", "", false
	}
	first, last := w[0], w[len(w)-1]
	acronym := hasLetters(first, 2) && strings.ToUpper(first) == first && !textIsCJK(first) && !strings.HasSuffix(first, ".")
	if !orgWord(first) || reCamel.MatchString(last) || !textIsCJK(last) && !reCapWord.MatchString(last) {
		return "", "", false
	}
	// The person's part: one kanji/kana word or one capitalised word.
	if len(w) == 2 && acronym && !textIsCJK(last) && strings.ToUpper(last) == last {
		return "", "", false // "IBM AI": no person
	}
	return strings.Join(w[:len(w)-1], " "), last, true
}

// orgWord reports whether a single word reads as a company's name where a
// Japanese line puts the company before the person: an acronym ("LINE"),
// a katakana word ("ヌーラボ"), a company form.
func orgWord(w string) bool {
	if hasLetters(w, 2) && strings.ToUpper(w) == w && !textIsCJK(w) && !strings.HasSuffix(w, ".") {
		return true
	}
	kata := runeLen(w) >= 3
	for _, r := range w {
		if !(r >= 0x30A0 && r <= 0x30FF) {
			kata = false
		}
	}
	return kata || !isPerson(w)
}

// platforms are where a talk's links go, never whom a speaker works for.
var platforms = []string{"twitter", "github", "gitlab", "speaker deck", "speakerdeck", "deck", "slideshare",
	"youtube", "vimeo", "facebook", "linkedin", "qiita", "zenn", "note", "medium", "connpass", "docswell", "embed"}

func init() {
	for _, p := range platforms {
		orgLexicon[p] = true
	}
}

// isPlatform reports whether s, with or without its @, is one of platforms.
func isPlatform(s string) bool {
	l := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	for _, p := range platforms {
		if l == p {
			return true
		}
	}
	return false
}

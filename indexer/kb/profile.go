package kb

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// profileHosts maps the sites whose URLs name a person's account to the
// path segment before the account name ("" when the account is the first
// segment): twitter.com/spf13, speakerdeck.com/puku0x/some-deck,
// linkedin.com/in/someone, connpass.com/user/someone.
var profileHosts = map[string]string{
	"twitter.com":     "",
	"x.com":           "",
	"github.com":      "",
	"gitlab.com":      "",
	"speakerdeck.com": "",
	"slideshare.net":  "",
	"qiita.com":       "",
	"zenn.dev":        "",
	"note.com":        "",
	"dev.to":          "",
	"medium.com":      "@",
	"facebook.com":    "",
	"instagram.com":   "",
	"linkedin.com":    "in",
	"connpass.com":    "user",
	"docswell.com":    "user",
}

// notAccounts are first path segments of those sites that are pages of
// the site, not accounts.
var notAccounts = map[string]bool{
	"about": true, "blog": true, "events": true, "explore": true, "features": true,
	"groups": true, "hashtag": true, "home": true, "i": true, "intent": true,
	"login": true, "marketplace": true, "orgs": true, "pages": true, "search": true,
	"settings": true, "share": true, "sharer": true, "signup": true, "topics": true,
	"trending": true, "watch": true, "embed": true, "player": true, "p": true,
	"slideshow": true, "tags": true, "tag": true, "posts": true, "articles": true,
}

// reURL finds the URLs of a text, Markdown links included: a link's target
// ends at its closing parenthesis.
var reURL = regexp.MustCompile(`https?://[^\s()<>\[\]"'` + "`" + `]+`)

// reAccount is what an account name is made of on those sites.
var reAccount = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,38}$`)

// IsAccountName reports whether s can be an account name on the sites of
// profileHosts.
func IsAccountName(s string) bool { return reAccount.MatchString(s) }

// ProfileHandles returns the account names that the URLs of text point
// to on sites where a URL names a person (see profileHosts), lowercased
// and without an @, each once, in order of first appearance. A recap
// often credits a speaker only through such a link ("[Steve
// Francia](https://twitter.com/spf13)"), and people search for the handle.
func ProfileHandles(text string) []string {
	if !strings.Contains(text, "://") {
		return nil
	}
	var out []string
	for _, raw := range reURL.FindAllString(text, -1) {
		h := profileHandle(raw)
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// profileHandle returns the account a URL names, or "".
func profileHandle(raw string) string {
	u, err := url.Parse(strings.TrimRight(raw, ".,;:!?"))
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "mobile.")
	before, ok := profileHosts[host]
	if !ok {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case before == "@":
		if len(segs) == 0 || !strings.HasPrefix(segs[0], "@") {
			return ""
		}
		segs[0] = segs[0][1:]
	case before != "":
		if len(segs) < 2 || segs[0] != before {
			return ""
		}
		segs = segs[1:]
	}
	if len(segs) == 0 {
		return ""
	}
	name := strings.ToLower(strings.TrimPrefix(segs[0], "@"))
	if notAccounts[name] || !IsAccountName(name) || strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".php") {
		return ""
	}
	return name
}

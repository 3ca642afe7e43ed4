package extract

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. The
// extractor's patterns take milliseconds to compile, which every recap
// command would otherwise pay at start, `recap repair` and `recap search`
// included, though only indexing uses them.
type lazyRegexp struct {
	re func() *regexp.Regexp
}

func lazyRE(pattern string) *lazyRegexp {
	return &lazyRegexp{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
}

func (l *lazyRegexp) MatchString(s string) bool      { return l.re().MatchString(s) }
func (l *lazyRegexp) FindString(s string) string     { return l.re().FindString(s) }
func (l *lazyRegexp) FindStringIndex(s string) []int { return l.re().FindStringIndex(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string {
	return l.re().FindStringSubmatch(s)
}
func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.re().FindStringSubmatchIndex(s)
}
func (l *lazyRegexp) FindAllString(s string, n int) []string { return l.re().FindAllString(s, n) }
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.re().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.re().FindAllStringSubmatch(s, n)
}
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.re().ReplaceAllString(src, repl)
}
func (l *lazyRegexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return l.re().ReplaceAllStringFunc(src, repl)
}
func (l *lazyRegexp) Split(s string, n int) []string { return l.re().Split(s, n) }
func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.re().FindAllStringSubmatchIndex(s, n)
}

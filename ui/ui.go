// Package ui holds recap's web interface: HTML templates, static assets and
// the message catalogs of the interface languages, embedded in the binary.
package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed templates static messages
var files embed.FS

// Templates returns the template files: layout.html, partials/*.html and
// pages/*.html.
func Templates() fs.FS {
	sub, _ := fs.Sub(files, "templates")
	return sub
}

// Static returns the static assets (CSS, icons, scripts).
func Static() fs.FS {
	sub, _ := fs.Sub(files, "static")
	return sub
}

// Languages lists the interface languages, the first being the default.
var Languages = []string{"en", "vi", "ja"}

// Catalog maps message keys to text, by interface language.
type Catalog map[string]map[string]string

// LoadCatalog reads the message catalogs. Every language must define every
// key of the default language, so that no page shows a bare key.
func LoadCatalog() (Catalog, error) {
	c := Catalog{}
	for _, lang := range Languages {
		b, err := files.ReadFile(path.Join("messages", lang+".json"))
		if err != nil {
			return nil, fmt.Errorf("messages %s: %w", lang, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("messages/%s.json: %w", lang, err)
		}
		c[lang] = m
	}
	var missing []string
	for key := range c[Languages[0]] {
		for _, lang := range Languages[1:] {
			if _, ok := c[lang][key]; !ok {
				missing = append(missing, lang+":"+key)
			}
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("messages missing: %s", strings.Join(missing, ", "))
	}
	return c, nil
}

// Plural returns the message key in lang for the count n, with n put in
// its %d: the form the language's plural rules pick (key.one, key.other,
// as CLDR names them), else key.other. Vietnamese and Japanese have one
// form; English says "1 talk", "2 talks".
func (c Catalog) Plural(lang, key string, n int) string {
	if _, ok := c[lang]; !ok {
		lang = Languages[0] // T falls back to it too
	}
	form := "other"
	if tag, err := language.Parse(lang); err == nil && plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) == plural.One {
		form = "one"
	}
	msg := c.T(lang, key+"."+form)
	if msg == key+"."+form {
		msg = c.T(lang, key+".other")
	}
	return fmt.Sprintf(msg, n)
}

// T returns the message key in lang, falling back to the default language
// and then to the key itself.
func (c Catalog) T(lang, key string) string {
	if s, ok := c[lang][key]; ok {
		return s
	}
	if s, ok := c[Languages[0]][key]; ok {
		return s
	}
	return key
}

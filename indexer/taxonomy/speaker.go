package taxonomy

import (
	"strings"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/unicode/norm"
)

// Speaker resolves a speaker as a post writes them: a name, a handle (with
// or without @), or both. When speakers.yaml lists the handle or the name
// (as the display name or an alias), the speaker takes that entry's slug and
// display name; the handle wins over the name. Otherwise the name is kept
// as written, diacritics and script included, and the slug is derived from
// it (or from the handle when there is no name). Nothing is merged on a
// guess: two spellings meet only through speakers.yaml.
func (t *Taxonomy) Speaker(name, handle string) kb.Speaker {
	name = strings.Join(strings.Fields(norm.NFC.String(name)), " ")
	handle = strings.TrimPrefix(strings.TrimSpace(handle), "@")
	idx := -1
	if t != nil {
		if i, ok := t.speakerByHandle[handleKey(handle)]; ok && handle != "" {
			idx = i
		} else if i, ok := t.speakerByName[nameKey(name)]; ok && name != "" {
			idx = i
		} else if i, ok := t.speakerByFolded(name); ok {
			idx = i
		} else if i, ok := t.speakerByName[nameKey(handle)]; ok && name == "" && handle != "" {
			// A bare "MasayaAoyama" may be written where a handle was meant;
			// it is a name, so the entry's real handle replaces it.
			idx = i
			handle = ""
		}
	}
	if idx >= 0 {
		e := t.speakers[idx]
		if handle == "" && len(e.Handles) > 0 {
			handle = strings.TrimPrefix(e.Handles[0], "@")
		}
		return kb.Speaker{Slug: textrule.Slug(e.Name), Name: e.Name, Handle: handle}
	}
	sp := kb.Speaker{Name: name, Handle: handle}
	switch {
	case name != "":
		sp.Slug = textrule.Slug(name)
	case handle != "":
		sp.Name = "@" + handle
		sp.Slug = textrule.Slug(handle)
	}
	if sp.Slug == "" && handle != "" {
		sp.Slug = textrule.Slug(handle)
	}
	return sp
}

// Speakers returns the entries of speakers.yaml, in file order.
func (t *Taxonomy) Speakers() []SpeakerEntry {
	return append([]SpeakerEntry(nil), t.speakers...)
}

func handleKey(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// nameKey compares names case-insensitively and width-folded with spaces
// collapsed, and with no spaces at all in Japanese or Chinese ("大村 伸吾"
// is "大村伸吾"), and nothing more: "Masaya Aoyama" and "MasayaAoyama"
// differ unless speakers.yaml says they are one person.
func nameKey(s string) string {
	s = norm.NFKC.String(s)
	sep := " "
	if strings.ContainsFunc(s, func(r rune) bool { return textrule.IsCJK(r) || textrule.IsKana(r) }) {
		sep = ""
	}
	return strings.ToLower(strings.Join(strings.Fields(s), sep))
}

// speakerByFolded finds the speakers.yaml entry of a name written with
// or without its diacritics, when the file has the other spelling: "Dao
// Cong Tien" is the entry that spells "Đào Công Tiến", and "Cao Xuân
// Hoàng" the entry that lists "Cao Xuan Hoang". Two accented spellings
// never meet this way (Hùng and Hưng are two names), nor does a folded
// spelling that two entries share.
func (t *Taxonomy) speakerByFolded(name string) (int, bool) {
	if name == "" {
		return 0, false
	}
	k := nameKey(name)
	f := textrule.Fold(k)
	var i int
	var ok bool
	if f == k {
		i, ok = t.speakerByFoldKey[f]
	} else {
		i, ok = t.speakerByPlain[f]
	}
	return i, ok && i >= 0
}

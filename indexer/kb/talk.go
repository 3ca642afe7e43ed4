package kb

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/recaphq/recap/indexer/textrule"
)

// One talk is often told by several recaps, in several languages: each
// recap's extraction yields its own Talk, with its own ID. The functions
// below tell which of them are one talk. Group keys are pure functions of
// a post's talks, so they can be indexed with the post and stay the same
// across re-index and --full; Cluster joins the groups of one event that
// the keys alone leave apart.

// TalkGroups returns the group key of each of a post's talks, in order.
// Talks of one event share a key when they have the same first speaker
// (compared by handle, else by slug, so that "@tenntenn" and a speaker
// written "tenntenn" meet) or, when they have no speaker, the same title
// after folding (case, width, diacritics, punctuation). The first speaker
// rather than all of them, because recaps name co-speakers and
// affiliations inconsistently. When one post gives one speaker two talks,
// the post's own titles tell them apart. A talk of no event is its own
// group.
func TalkGroups(talks []Talk) []string {
	keys := make([]string, len(talks))
	count := map[string]int{}
	for i, t := range talks {
		if t.EventSlug == "" {
			keys[i] = "talk:" + t.ID
			continue
		}
		if sk := SpeakerKey(firstSpeaker(t)); sk != "" {
			keys[i] = t.EventSlug + "/speaker:" + sk
		} else {
			keys[i] = t.EventSlug + "/title:" + TitleKey(t.Title)
		}
		count[keys[i]]++
	}
	for i, t := range talks {
		if count[keys[i]] > 1 && strings.Contains(keys[i], "/speaker:") {
			keys[i] += "/title:" + TitleKey(t.Title)
		}
	}
	return keys
}

// TitleGroups returns further keys under which the recaps of one talk
// meet, beside its group key: its event and TitleKey, for recaps that
// spell its speakers differently (a team's name in one, its members in
// another), and its first speaker and TitleKey, for a recap that names no
// event. A title too short to tell talks apart gives none. Cluster joins
// talks by the same clues, with more care than keys allow.
func TitleGroups(t Talk) []string {
	k := TitleKey(t.Title)
	if !namesOneTalk(k) {
		return nil
	}
	var out []string
	if t.EventSlug != "" {
		out = append(out, t.EventSlug+"/title:"+k)
	}
	if sk := SpeakerKey(firstSpeaker(t)); sk != "" {
		out = append(out, speakerTitle+sk+"/title:"+k)
	}
	return out
}

// speakerTitle starts the keys of TitleGroups that join by first speaker
// and title.
const speakerTitle = "speaker:"

// IsSpeakerTitleGroup reports whether a key of TitleGroups joins recaps by
// first speaker and title, which says nothing of the event: a speaker may
// give one talk at two events, and such a key joins only recaps that do
// not name two different events.
func IsSpeakerTitleGroup(key string) bool { return strings.HasPrefix(key, speakerTitle) }

// namesOneTalk reports whether a TitleKey is long enough to name one talk
// of an event rather than a slot of its programme ("LT", "Lightning
// talk", "Keynote"): three words, or eight CJK characters.
func namesOneTalk(k string) bool {
	if strings.Count(k, "-") >= 2 {
		return true
	}
	n := 0
	for _, r := range k {
		if textrule.IsCJK(r) {
			n++
		}
	}
	return n >= 8
}

func firstSpeaker(t Talk) Speaker {
	for _, s := range t.Speakers {
		if SpeakerKey(s) != "" {
			return s
		}
	}
	return Speaker{}
}

// SpeakerKey is what identifies a speaker across posts: the handle,
// lowercased, when there is one (a handle names one account whatever
// spelling of the name a post uses), else the slug.
func SpeakerKey(s Speaker) string {
	if h := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s.Handle), "@")); h != "" {
		return h
	}
	return s.Slug
}

// TitleKey is a title as compared across recaps: width-folded (NFKC),
// then slugged, so that case, diacritics, spacing and punctuation do not
// count.
func TitleKey(title string) string {
	return textrule.Slug(norm.NFKC.String(title))
}

// Cluster joins talks that are one talk: the same group key (TalkEntry.Group);
// or the same event and the same TitleKey, unless both name speakers and
// none in common (one recap names the speaker and another does not); or
// the same event and a speaker in common, by slug or handle (one recap
// names a co-speaker first, or gives no handle), unless one recap tells
// both. Each cluster's members come canonical first (see
// Canonical), then by post date and slug; the clusters come in the order
// of their canonical members' IDs. Talks are taken as given, so a caller
// passes every talk of the events it shows. The result does not depend on
// the order of talks.
func Cluster(talks []TalkEntry) [][]TalkEntry {
	talks = slices.Clone(talks)
	slices.SortStableFunc(talks, func(a, b TalkEntry) int { return strings.Compare(a.Talk.ID, b.Talk.ID) })
	parent := make([]int, len(talks))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	posts := make([]map[string]bool, len(talks)) // a root's posts
	for i, t := range talks {
		posts[i] = map[string]bool{t.Talk.PostSlug: true}
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			lo, hi := min(ra, rb), max(ra, rb)
			parent[hi] = lo
			for p := range posts[hi] {
				posts[lo][p] = true
			}
			posts[hi] = nil
		}
	}
	// apart reports whether the talks a and b belong to are told by one
	// post: a recap does not tell one talk twice.
	apart := func(a, b int) bool {
		ra, rb := find(a), find(b)
		if ra == rb {
			return false
		}
		for p := range posts[ra] {
			if posts[rb][p] {
				return true
			}
		}
		return false
	}
	byKey := map[string]int{}
	join := func(i int, key string) {
		if j, ok := byKey[key]; ok {
			union(i, j)
		} else {
			byKey[key] = i
		}
	}
	// One title is one talk unless both recaps name its speakers and name
	// none in common: two talks called "Demo" by two people. A recap that
	// names no speaker joins the first (by ID) that does.
	type titled struct {
		named   []int // talks with speakers
		orphans []int // talks without, not yet joined to one with
	}
	byTitle := map[string]*titled{}
	for i, t := range talks {
		g := t.Group
		if g == "" {
			g = TalkGroups([]Talk{t.Talk})[0]
		}
		join(i, "group\x00"+g)
		k := TitleKey(t.Talk.Title)
		if t.Talk.EventSlug == "" || k == "" {
			continue
		}
		k = t.Talk.EventSlug + "\x00" + k
		st := byTitle[k]
		if st == nil {
			st = &titled{}
			byTitle[k] = st
		}
		if len(t.Talk.Speakers) == 0 {
			switch {
			case len(st.named) > 0:
				union(i, st.named[0])
			case len(st.orphans) > 0:
				union(i, st.orphans[0])
				st.orphans = append(st.orphans, i)
			default:
				st.orphans = append(st.orphans, i)
			}
			continue
		}
		for _, j := range st.named {
			if shareSpeaker(t.Talk, talks[j].Talk) {
				union(i, j)
			}
		}
		if len(st.named) == 0 {
			for _, j := range st.orphans {
				union(i, j)
			}
			st.orphans = nil
		}
		st.named = append(st.named, i)
	}
	// A speaker named by two recaps of one event, whichever speaker each
	// names first and whether or not each gives the handle, gave one talk
	// there as far as the recaps tell, unless one recap gives them two.
	bySpeaker := map[string]int{}
	for i, t := range talks {
		if t.Talk.EventSlug == "" {
			continue
		}
		for _, sp := range t.Talk.Speakers {
			for _, k := range []string{"slug\x00" + sp.Slug, "handle\x00" + strings.ToLower(sp.Handle)} {
				if strings.HasSuffix(k, "\x00") {
					continue
				}
				k = t.Talk.EventSlug + "\x00" + k
				if j, ok := bySpeaker[k]; !ok {
					bySpeaker[k] = i
				} else if !apart(i, j) {
					union(i, j)
				}
			}
		}
	}
	groups := map[int][]TalkEntry{}
	var roots []int
	for i, t := range talks {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], t)
	}
	out := make([][]TalkEntry, 0, len(roots))
	for _, r := range roots {
		out = append(out, Canonical(groups[r]))
	}
	slices.SortFunc(out, func(a, b []TalkEntry) int { return strings.Compare(a[0].Talk.ID, b[0].Talk.ID) })
	return out
}

// shareSpeaker reports whether a and b name a speaker in common: by
// handle, or by name spelled alike but for spaces ("Fujitsu Việt Nam"
// and "Fujitsu Vietnam", "青山 真也" and "青山真也").
func shareSpeaker(a, b Talk) bool {
	unspaced := func(slug string) string { return strings.ReplaceAll(slug, "-", "") }
	for _, x := range a.Speakers {
		for _, y := range b.Speakers {
			if SpeakerKey(x) != "" && SpeakerKey(x) == SpeakerKey(y) || x.Slug != "" && unspaced(x.Slug) == unspaced(y.Slug) {
				return true
			}
		}
	}
	return false
}

// Canonical orders the recaps of one talk: the one that tells it best
// first (highest confidence, then most complete, then post slug and
// talk ID, so that the choice does not depend on the order of the
// index), the others by post date, then post slug. Duplicates of one ID
// are dropped. The input is not modified.
func Canonical(members []TalkEntry) []TalkEntry {
	seen := map[string]bool{}
	out := make([]TalkEntry, 0, len(members))
	for _, m := range members {
		if !seen[m.Talk.ID] {
			seen[m.Talk.ID] = true
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return out
	}
	best := 0
	for i := range out {
		if better(out[i], out[best]) {
			best = i
		}
	}
	out[0], out[best] = out[best], out[0]
	rest := out[1:]
	slices.SortFunc(rest, func(a, b TalkEntry) int {
		if c := a.PostDate.Compare(b.PostDate); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Talk.PostSlug, b.Talk.PostSlug), strings.Compare(a.Talk.ID, b.Talk.ID))
	})
	return out
}

// better reports whether a tells its talk better than b.
func better(a, b TalkEntry) bool {
	if a.Talk.Confidence != b.Talk.Confidence {
		return a.Talk.Confidence > b.Talk.Confidence
	}
	if ca, cb := completeness(a.Talk), completeness(b.Talk); ca != cb {
		return ca > cb
	}
	if a.Talk.PostSlug != b.Talk.PostSlug {
		return a.Talk.PostSlug < b.Talk.PostSlug
	}
	return a.Talk.ID < b.Talk.ID
}

// completeness counts what a recap says of a talk beyond its title.
func completeness(t Talk) int {
	n := 0
	for _, ok := range []bool{len(t.Speakers) > 0, t.Slides != "", t.Video != "", t.Description != "", t.Minutes > 0} {
		if ok {
			n++
		}
	}
	for _, s := range t.Speakers {
		if s.Handle != "" {
			n++
			break
		}
	}
	return n
}

// MergedSpeakers returns the speakers of every member, the canonical
// member's first, each person once (by slug, or by handle when two
// spellings share one).
func MergedSpeakers(members []TalkEntry) []Speaker {
	var out []Speaker
	seen := map[string]bool{}
	for _, m := range members {
		for _, s := range m.Talk.Speakers {
			if s.Slug == "" && s.Handle == "" {
				continue
			}
			k, h := "slug:"+s.Slug, "handle:"+strings.ToLower(s.Handle)
			if seen[k] || s.Handle != "" && seen[h] {
				continue
			}
			seen[k] = true
			if s.Handle != "" {
				seen[h] = true
			}
			out = append(out, s)
		}
	}
	return out
}

// RunningOrder sorts the clusters of one event's talks as the event ran
// them: in the order of the recap that lists most of them (TalkEntry.Position
// in that post; the post slug breaks ties), then the clusters that recap
// leaves out, by their position in their own recaps, then by ID. The order
// depends only on the talks, not on the index.
func RunningOrder(clusters [][]TalkEntry) {
	perPost := map[string]int{}
	for _, c := range clusters {
		posts := map[string]bool{}
		for _, m := range c {
			posts[m.Talk.PostSlug] = true
		}
		for p := range posts {
			perPost[p]++
		}
	}
	ref := ""
	for p, n := range perPost {
		if ref == "" || n > perPost[ref] || n == perPost[ref] && p < ref {
			ref = p
		}
	}
	pos := func(c []TalkEntry) (inRef bool, at int) {
		at = -1
		for _, m := range c {
			if m.Talk.PostSlug == ref && (!inRef || m.Position < at) {
				inRef, at = true, m.Position
			}
		}
		if inRef {
			return true, at
		}
		for _, m := range c {
			if at < 0 || m.Position < at {
				at = m.Position
			}
		}
		return false, at
	}
	slices.SortStableFunc(clusters, func(a, b []TalkEntry) int {
		ia, pa := pos(a)
		ib, pb := pos(b)
		if ia != ib {
			if ia {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(pa, pb), strings.Compare(a[0].Talk.ID, b[0].Talk.ID))
	})
}

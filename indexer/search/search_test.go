package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
)

// testPosts is a small corpus whose posts each exercise one behaviour.
var testPosts = []kb.Post{
	{Slug: "vi-vande", Lang: kb.LangVI, Title: "Ghi chép meetup", Date: day(2019, 1, 7), Tags: []string{"Kubernetes"},
		Text: "Vấn đề lớn nhất của kỹ sư là quản lý manifest. Công nghệ container giúp triển khai nhanh hơn."},
	{Slug: "vi-scattered", Lang: kb.LangVI, Title: "Một ngày ở Osaka", Date: day(2019, 11, 30),
		Text: "Văn phòng rất đẹp. Chúng tôi đi ăn để nghỉ ngơi."},
	{Slug: "vi-hoa-old", Lang: kb.LangVI, Title: "Hòa bình và thủy điện", Date: day(2018, 5, 1), Text: "Bài viết về sức khỏe."},
	{Slug: "ja-lb", Lang: kb.LangJA, Title: "負荷分散装置の話", Date: day(2019, 4, 23), Tags: []string{"networking"},
		Text: "コンテナネイティブな負荷分散装置を作りました。ＡＢＣ社のｶﾀｶﾅ表記も試します。"},
	{Slug: "ja-kanji", Lang: kb.LangJA, Title: "東京都勉強会", Date: day(2019, 8, 24), Text: "東京都で勉強会を開催しました。"},
	{Slug: "en-cr", Lang: kb.LangEN, Title: "Kubernetes Meetup Tokyo notes", Date: day(2019, 4, 25), Tags: []string{"Kubernetes"},
		Text: "Shingo Omura (@everpeace) introduced controller-runtime and kubebuilder. The talk 「負荷分散入門」 was in Japanese. Deployments were running on k8s v1.0 networks."},
	{Slug: "en-network-title", Lang: kb.LangEN, Title: "Network operations at scale", Date: day(2020, 2, 1), Text: "Notes on operating large clusters."},
	{Slug: "en-network-body", Lang: kb.LangEN, Title: "A long day", Date: day(2020, 3, 1), Text: "We talked about the network for a while."},
	{Slug: "en-tie-old", Lang: kb.LangEN, Title: "Serverless day", Date: day(2017, 1, 1), Text: "Serverless platforms compared."},
	{Slug: "en-tie-new", Lang: kb.LangEN, Title: "Serverless day", Date: day(2021, 1, 1), Text: "Serverless platforms compared."},
	{Slug: "vi-mang", Lang: kb.LangVI, Title: "Hạ tầng mạng cho Kubernetes", Date: day(2019, 6, 1), Text: "Bài nói về mạng máy tính và CNI."},
	{Slug: "ja-scattered", Lang: kb.LangJA, Title: "大会の記録", Date: day(2019, 5, 1), Text: "コンテストのテナントを作りました。"},
	{Slug: "ja-network-body", Lang: kb.LangJA, Title: "長い一日", Date: day(2020, 3, 2), Text: "しばらくネットワークの話をしました。"},
	{Slug: "en-community", Lang: kb.LangEN, Title: "Notes from the Vietnam Kubernetes community meetup", Date: day(2019, 1, 10), Text: "Talks in Hanoi."},
	{Slug: "vi-k8s-title", Lang: kb.LangVI, Title: "Cài đặt k8s", Date: day(2019, 2, 1), Text: "Hướng dẫn từng bước."},
	{Slug: "en-linked", Lang: kb.LangEN, Title: "OSCON report", Date: day(2014, 7, 30),
		Text: "[Steve Francia](https://twitter.com/spf13) presented Go for Object Oriented Programmers. See [istio](https://github.com/istio/istio)."},
	{Slug: "ja-oracle", Lang: kb.LangJA, Title: "Oracle Cloud Meetup 九州", Date: day(2019, 2, 28), Text: "日本オラクルの方がクラウドの話をしました。"},
	{Slug: "ja-cloud", Lang: kb.LangJA, Title: "クラウド入門", Date: day(2019, 3, 1), Text: "クラウドとは何か。"},
	{Slug: "ja-words", Lang: kb.LangJA, Title: "雑談", Date: day(2019, 3, 2), Text: "ロードの話とバランサの話。"},
	{Slug: "vi-f8", Lang: kb.LangVI, Title: "Sự kiện F8", Date: day(2021, 6, 2), Text: "Facebook công bố nhiều điều tại sự kiện F8."},
	{Slug: "vi-fb", Lang: kb.LangVI, Title: "Sự kiện của Facebook", Date: day(2021, 6, 3), Text: "Facebook tổ chức sự kiện cho cộng đồng."},
	{Slug: "vi-nam", Lang: kb.LangVI, Title: "Nhìn lại", Date: day(2020, 12, 31), Text: "Một năm của cộng đồng."},
	{Slug: "en-istio", Lang: kb.LangEN, Title: "Service mesh notes", Date: day(2019, 7, 30), Text: "Istio in production: istio and its sidecars, istio again."},
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

const testTopics = `
topics:
  - slug: networking
    labels: {en: Networking, vi: Mạng, ja: ネットワーク}
    aliases:
      en: [network, networks]
      vi: [mạng máy tính, hạ tầng mạng]
      ja: [ネットワーキング]
  - slug: kubernetes
    labels: {en: Kubernetes, vi: Kubernetes, ja: Kubernetes}
    aliases:
      en: [k8s]
  - slug: community
    labels: {en: Community, vi: Cộng đồng, ja: コミュニティ}
terms:
  - slug: vietnam
    labels: {en: Vietnam, vi: Việt Nam, ja: ベトナム}
  - slug: load-balancing
    labels: {en: Load balancing, vi: Cân bằng tải, ja: 負荷分散}
    aliases:
      en: [load balancer]
      vi: []
      ja: [ロードバランサ]
`

const testSpeakers = `
speakers:
  - name: Shingo Omura
    handles: [everpeace]
    aliases: [大村 伸吾]
`

func testIndex(t *testing.T) *Index {
	t.Helper()
	tax, err := taxonomy.Parse([]byte(testTopics), []byte(testSpeakers))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), WithSynonyms(NewSynonyms(tax)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var docs []Doc
	for _, p := range testPosts {
		ds, err := Documents(kb.Entry{Post: p, Markdown: p.Text})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func slugs(r *Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.Key
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		name  string
		q     Query
		first string   // the expected best hit
		also  []string // other posts that must be found
		not   []string // posts that must not be found
	}{
		{name: "typesense#2081 query without accents finds accented text", q: Query{Text: "ky su"}, first: "vi-vande"},
		{name: "typesense#501 hòa finds hoà and hòa", q: Query{Text: "hoà bình"}, first: "vi-hoa-old"},
		{name: "thuỷ finds thủy", q: Query{Text: "thuỷ điện"}, first: "vi-hoa-old"},
		{name: "khoẻ finds khỏe", q: Query{Text: "sức khoẻ"}, first: "vi-hoa-old"},
		{name: "nukeviet#3103 van de is a phrase", q: Query{Text: "van de"}, first: "vi-vande", not: []string{"vi-scattered"}},
		{name: "quoted unaccented phrase must match as a phrase", q: Query{Text: `"van de"`}, first: "vi-vande", not: []string{"vi-scattered"}},
		{name: "multi-syllable word", q: Query{Text: "công nghệ"}, first: "vi-vande"},
		{name: "pagefind#1237 compound query, longer compound indexed", q: Query{Text: "負荷分散"}, first: "ja-lb", also: []string{"en-cr"}},
		{name: "compound query found inside another segmentation", q: Query{Text: "分散装置"}, first: "ja-lb"},
		{name: "a katakana word's bigrams must stand in a row", q: Query{Text: "コンテナ"}, first: "ja-lb", not: []string{"ja-scattered"}},
		{name: "a short katakana word, whole in a short run", q: Query{Text: "クラウド"}, also: []string{"ja-cloud", "ja-oracle"}},
		{name: "particles alone search nothing, without failing", q: Query{Text: "の に"}, not: []string{"ja-kanji", "ja-lb"}},
		{name: "a short katakana word is not found inside another", q: Query{Text: "テナ"}, not: []string{"ja-scattered"}},
		{name: "meilisearch#3565 kanji-only query", q: Query{Text: "東京都"}, first: "ja-kanji"},
		{name: "full-width query finds half-width text", q: Query{Text: "カタカナ"}, first: "ja-lb"},
		{name: "half-width query finds full-width Latin", q: Query{Text: "abc"}, first: "ja-lb"},
		{name: "half-width katakana query finds full-width text", q: Query{Text: "ﾈｲﾃｨﾌﾞな"}, first: "ja-lb"},
		{name: "full-width Latin query finds Latin text", q: Query{Text: "ｃｏｎｔｒｏｌｌｅｒ－ｒｕｎｔｉｍｅ"}, first: "en-cr"},
		{name: "Japanese quoted in an English post", q: Query{Text: "負荷分散入門"}, first: "en-cr"},
		{name: "technical token whole", q: Query{Text: "controller-runtime"}, first: "en-cr"},
		{name: "handle", q: Query{Text: "@everpeace"}, first: "en-cr"},
		{name: "a handle found only in a profile link", q: Query{Text: "@spf13"}, first: "en-linked"},
		{name: "a handle-shaped word found in a profile link", q: Query{Text: "spf13"}, first: "en-linked"},
		{name: "a project linked on GitHub ranks by its text", q: Query{Text: "istio"}, first: "en-istio", also: []string{"en-linked"}},
		{name: "a katakana compound no post has whole is searched as its words", q: Query{Text: "オラクルクラウド"}, first: "ja-oracle", also: []string{"ja-cloud"}},
		{name: "k8s", q: Query{Text: "k8s"}, first: "vi-k8s-title", also: []string{"en-cr"}},
		{name: "stemming", q: Query{Text: "deployment"}, first: "en-cr"},
		{name: "a stem finds the word's other forms", q: Query{Text: "talking"}, also: []string{"en-network-body", "en-community"}},
		{name: "a stem is not a word of another language", q: Query{Text: "nams"}, not: []string{"vi-nam"}},
		{name: "prefix while typing", q: Query{Text: "kubebui"}, first: "en-cr"},
		{name: "typo", q: Query{Text: "kubebuidler"}, first: "en-cr"},
		{name: "title above body", q: Query{Text: "network"}, first: "en-network-title", also: []string{"en-network-body"}},
		{name: "recency breaks ties", q: Query{Text: "serverless"}, first: "en-tie-new", also: []string{"en-tie-old"}},
		{name: "cross-language synonyms rank after direct hits", q: Query{Text: "network"}, also: []string{"vi-mang"}},
		{name: "speaker alias", q: Query{Text: "大村 伸吾"}, first: "en-cr"},
		{name: "lang filter", q: Query{Text: "kubernetes", Lang: kb.LangVI}, first: "vi-mang", not: []string{"en-cr"}},
		{name: "tag filter", q: Query{Text: "meetup", Tag: "Kubernetes"}, also: []string{"vi-vande", "en-cr"}, not: []string{"vi-scattered"}},
		{name: "year filter", q: Query{Text: "serverless", Year: "2017"}, first: "en-tie-old", not: []string{"en-tie-new"}},
		{name: "sort by date", q: Query{Text: "serverless", Sort: SortDate}, first: "en-tie-new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := slugs(r)
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%q) = %v, want %s first", tt.q.Text, got, tt.first)
			}
			for _, s := range tt.also {
				if !contains(got, s) {
					t.Errorf("Search(%q) = %v, want %s among them", tt.q.Text, got, s)
				}
			}
			for _, s := range tt.not {
				if contains(got, s) {
					t.Errorf("Search(%q) = %v, want no %s", tt.q.Text, got, s)
				}
			}
		})
	}
}

func contains(s []string, v string) bool {
	for _, e := range s {
		if e == v {
			return true
		}
	}
	return false
}

// TestSearchSynonyms checks the ranking of posts found through another
// language's name of a concept: found, and below a post in the language
// typed with the same evidence (title against title, body against body);
// a rewrite must have the rest of the user's words too.
func TestSearchSynonyms(t *testing.T) {
	ix := testIndex(t)
	search := func(q string) []string {
		t.Helper()
		r, err := ix.Search(context.Background(), Query{Text: q, Type: TypePost})
		if err != nil {
			t.Fatal(err)
		}
		return slugs(r)
	}
	tests := []struct {
		q            string
		before, than string // before ranks above than; than "" is found
	}{
		{"network", "en-network-title", "vi-mang"},
		{"network", "en-network-body", "ja-network-body"},
		{"ネットワーク", "ja-network-body", "en-network-body"},
		{"mạng", "vi-mang", "en-network-title"},
		// Every word is rewritten to English at once, so the English
		// title matches as the Vietnamese one would.
		{"cộng đồng Kubernetes Việt Nam", "en-community", ""},
		{"cong dong kubernetes viet nam", "en-community", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.before, func(t *testing.T) {
			got := search(tt.q)
			i := indexOf(got, tt.before)
			if i < 0 {
				t.Fatalf("Search(%q) = %v, want %s", tt.q, got, tt.before)
			}
			if tt.than == "" {
				return
			}
			if j := indexOf(got, tt.than); j < 0 || j < i {
				t.Errorf("Search(%q) = %v, want %s found and below %s", tt.q, got, tt.than, tt.before)
			}
		})
	}
	// k8s alone names Kubernetes, but a title with k8s and none of the
	// other words is no match for the whole query: found only once words
	// are relaxed, below the posts with all of them.
	if got := search("cộng đồng Kubernetes Việt Nam"); indexOf(got, "vi-k8s-title") >= 0 && indexOf(got, "vi-k8s-title") < indexOf(got, "en-community") {
		t.Errorf("Search(cộng đồng Kubernetes Việt Nam) = %v, want vi-k8s-title below en-community", got)
	}
}

// TestSearchTotalRelaxed checks that a query whose words no one post has
// all of says how many hits have some of them, rather than 0 above them,
// and names the words they lack.
func TestSearchTotalRelaxed(t *testing.T) {
	ix := testIndex(t)
	r, err := ix.Search(context.Background(), Query{Text: "osaka serverless platforms"})
	if err != nil {
		t.Fatal(err)
	}
	got := slugs(r)
	if r.Total != 3 || !contains(got, "vi-scattered") || !contains(got, "en-tie-new") || !contains(got, "en-tie-old") {
		t.Errorf("Search(osaka serverless platforms): total %d, hits %v; want the three posts that have some of the words", r.Total, got)
	}
	if len(r.Relaxed) == 0 {
		t.Error("Search(osaka serverless platforms) names no relaxed word")
	}
	// The facets count the hits the total counts.
	n := 0
	for _, f := range r.Facets.Lang {
		n += f.Count
	}
	if n != r.Total {
		t.Errorf("Search(osaka serverless platforms): the language facet counts %d hits, the total %d", n, r.Total)
	}
	// A katakana compound that names a concept is searched by its names,
	// not split into the words ロード and バランサ of another post.
	if r, err := ix.Search(context.Background(), Query{Text: "ロードバランサ"}); err != nil || len(r.Hits) == 0 || r.Hits[0].Key != "ja-lb" {
		t.Errorf("Search(ロードバランサ): %v (%v); want ja-lb first", slugs(r), err)
	}
	// A short last word is required when it is a whole word (F8), not
	// while it may be the start of one (pl, of platforms).
	for q, want := range map[string]int{"sự kiện Facebook F8": 1, "serverless pl": 2} {
		if r, err := ix.Search(context.Background(), Query{Text: q}); err != nil || r.Total != want {
			t.Errorf("Search(%s): total %d (%v), want %d", q, r.Total, err, want)
		}
	}
	if r.Beyond {
		t.Error("Search(osaka serverless platforms) says hits with every word come first; none has them all")
	}
	// Hits with every word first, then hits with some: the total counts
	// the first, and the result says more follow.
	if r, err := ix.Search(context.Background(), Query{Text: "network operations"}); err != nil || r.Total != 1 || !r.Beyond {
		t.Errorf("Search(network operations): total %d, beyond %v (%v); want 1 and more beyond", r.Total, r.Beyond, err)
	}
	if r, err := ix.Search(context.Background(), Query{Text: "serverless platforms"}); err != nil || r.Beyond {
		t.Errorf("Search(serverless platforms): beyond %v (%v); want the hits with every word only", r.Beyond, err)
	}
	// With every word found, the total counts only those hits.
	if r, err := ix.Search(context.Background(), Query{Text: "serverless platforms"}); err != nil || r.Total != 2 {
		t.Errorf("Search(serverless platforms): total %d (%v), want 2", r.Total, err)
	}
}

func indexOf(s []string, v string) int {
	for i, e := range s {
		if e == v {
			return i
		}
	}
	return -1
}

func TestSearchFacets(t *testing.T) {
	ix := testIndex(t)
	r, err := ix.Search(context.Background(), Query{Text: "kubernetes"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range r.Facets.Lang {
		counts[f.Value] = f.Count
	}
	// en-cr (title, body), en-community (title), vi-mang (title), vi-vande
	// (tag), vi-k8s-title (k8s, another name of Kubernetes).
	want := map[string]int{kb.LangEN: 2, kb.LangVI: 3}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("lang facet %s = %d, want %d (facets %v, hits %v)", k, counts[k], v, r.Facets.Lang, slugs(r))
		}
	}
	if len(r.Facets.Tags) == 0 || r.Facets.Tags[0].Value != "kubernetes" {
		t.Errorf("tag facet = %v, want kubernetes first", r.Facets.Tags)
	}
	// Without facets: the same hits and total, and no counts.
	bare, err := ix.Search(context.Background(), Query{Text: "kubernetes", NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slugs(bare), slugs(r)) || bare.Total != r.Total {
		t.Errorf("NoFacets: hits %v (%d), want %v (%d)", slugs(bare), bare.Total, slugs(r), r.Total)
	}
	if f := bare.Facets; f.Lang != nil || f.Tags != nil || f.Year != nil || f.Type != nil || f.Topics != nil {
		t.Errorf("NoFacets: facets %+v, want none", f)
	}
}

func TestSearchSnippets(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		q, slug, mark string
	}{
		{"van de", "vi-vande", "<mark>Vấn</mark> <mark>đề</mark>"},
		{"deployment", "en-cr", "<mark>Deployments</mark>"},
		{"負荷分散", "ja-lb", "<mark>負荷分散</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r, err := ix.Search(context.Background(), Query{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				if h.Key == tt.slug {
					if !strings.Contains(marked(h.Snippet), tt.mark) {
						t.Errorf("snippet %q lacks %q", marked(h.Snippet), tt.mark)
					}
					return
				}
			}
			t.Errorf("%s not found", tt.slug)
		})
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := testIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ix.Search(ctx, Query{Text: "kubernetes"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context: err = %v, want context.Canceled", err)
	}
}

// TestSearchNoWords checks that a query with no word to look for, only
// quotes or punctuation, answers with no hits rather than an error.
func TestSearchNoWords(t *testing.T) {
	ix := testIndex(t)
	for _, q := range []string{`"`, `""`, `" "`, `"""`, "「」", "@", "#"} {
		t.Run(q, func(t *testing.T) {
			r, err := ix.Search(context.Background(), Query{Text: q})
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			if q == `"` && r.Total != 0 {
				t.Errorf("Search(%q) = %d hits, want none", q, r.Total)
			}
		})
	}
}

func TestSearchTimeout(t *testing.T) {
	ix := testIndex(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	_, err := ix.Search(ctx, Query{Text: "kubernetes"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Search past its deadline: err = %v, want context.DeadlineExceeded", err)
	}
}

func TestUnchunkDocValues(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Documents(kb.Entry{Post: testPosts[0], Markdown: testPosts[0].Text})
	if err != nil {
		t.Fatal(err)
	}
	doc := document.NewDocument(ds[0].ID)
	if err := m.MapDocument(doc, ds[0].Fields); err != nil {
		t.Fatal(err)
	}
	unchunkDocValues(doc)
	seen := map[string]bool{}
	for _, f := range doc.Fields {
		unchunked := f.Options().SkipDVChunking() && f.Options().SkipDVCompression()
		if f.Options().IncludeDocValues() {
			seen[f.Name()] = true
			if !unchunked {
				t.Errorf("field %s has options %v, want its doc values unchunked and uncompressed", f.Name(), f.Options())
			}
		} else if unchunked {
			t.Errorf("field %s has no doc values, but options %v", f.Name(), f.Options())
		}
	}
	// The facets and the date order read doc values.
	for _, name := range []string{FieldLang, FieldType, FieldYear, FieldTags, FieldDateKey} {
		if !seen[name] {
			t.Errorf("document has no doc values of %s", name)
		}
	}
}

func TestSpell(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		text string
		want map[string]string
	}{
		{"kubebuilder", map[string]string{}},                             // in the index: taken as meant
		{"serverless day", map[string]string{}},                          // day is in a title only
		{"kubebuidler", map[string]string{"kubebuidler": "kubebuilder"}}, // a swap of two letters is one edit
		{"netwrok", map[string]string{"netwrok": "network"}},
		{"nutwerk", map[string]string{"nutwerk": ""}},                    // two edits: too many for seven letters
		{"dapleyments", map[string]string{"dapleyments": "deployments"}}, // but not for eight or more
		{"serverles day", map[string]string{"serverles": "serverless"}},
		{"zzzzzzzz", map[string]string{"zzzzzzzz": ""}},
		{"kubernetes contr", map[string]string{"contr": "controller"}}, // being typed: completed as a prefix, ranked as its commonest completion
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, err := ix.Plan(context.Background(), Query{Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			got := p.fixes
			if len(got) != len(tt.want) {
				t.Fatalf("spell(%q) = %v, want %v", tt.text, got, tt.want)
			}
			for k, v := range tt.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("spell(%q)[%q] = %q, want %q", tt.text, k, g, v)
				}
			}
		})
	}
	// A word being typed keeps the query's other words in play.
	r, err := ix.Search(context.Background(), Query{Text: "kubernetes contr"})
	if err != nil {
		t.Fatal(err)
	}
	if got := slugs(r); indexOf(got, "en-cr") < 0 {
		t.Errorf("Search(kubernetes contr) = %v, want en-cr", got)
	}
}

func TestBoundWords(t *testing.T) {
	long := strings.Repeat("あ", 200)
	many := strings.Repeat("kubernetes meetup và の the a ", 40)
	var distinct []string
	for i := range 50 {
		distinct = append(distinct, fmt.Sprintf("w%d", i))
	}
	tests := []struct {
		name, in string
		words    int
	}{
		{"short query as typed", `"service mesh" istio`, 3},
		{"repeated words once", many, 6},
		{"at most MaxQueryWords", strings.Join(distinct, " "), MaxQueryWords},
		{"long word cut", long, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := boundWords(tt.in)
			words := strings.Fields(got)
			if len(words) != tt.words {
				t.Errorf("boundWords kept %d words (%q), want %d", len(words), got, tt.words)
			}
			for _, w := range words {
				if utf8.RuneCountInString(w) > MaxWordRunes {
					t.Errorf("word of %d characters kept", utf8.RuneCountInString(w))
				}
			}
		})
	}
	if got := boundWords(`"service mesh" istio`); got != `"service mesh" istio` {
		t.Errorf("a short query changed: %q", got)
	}
}

// TestSearchOwnLanguageFirst checks that posts in another language found
// only through a translation of the words never outrank a post in the
// reader's language that has them, however many such posts there are
// ("ky su" is "kỹ sư", and エンジニア only in translation).
func TestSearchOwnLanguageFirst(t *testing.T) {
	tax, err := taxonomy.Parse([]byte(`
topics: []
terms:
  - slug: engineer
    labels: {en: Engineer, vi: Kỹ sư, ja: エンジニア}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), WithSynonyms(NewSynonyms(tax)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	add := func(p kb.Post) {
		t.Helper()
		ds, err := Documents(kb.Entry{Post: p, Markdown: p.Text})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	// More Japanese posts than a search reads for one page, each titled
	// with the translation, among many posts without it; and Vietnamese
	// posts that say kỹ sư in passing.
	for i := range 3 * DefaultSize * groupFactor {
		add(kb.Post{Slug: fmt.Sprintf("ja-%02d", i), Lang: kb.LangJA, Title: "エンジニア", Tags: []string{"エンジニア"}, Text: "エンジニア、エンジニア。"})
	}
	for i := range 300 {
		add(kb.Post{Slug: fmt.Sprintf("en-%03d", i), Lang: kb.LangEN, Title: "Container notes", Text: "Notes on container networking."})
	}
	for i := range 30 {
		add(kb.Post{Slug: fmt.Sprintf("vi-%02d", i), Lang: kb.LangVI, Title: "Ghi chép buổi gặp mặt",
			Text: "Buổi gặp mặt có một kỹ sư hệ thống đến từ Hà Nội. " + strings.Repeat("Chúng tôi nói về mạng, container và cách vận hành một cụm lớn. ", 20)})
	}
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ky su", "kỹ sư"} {
		r, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range r.Hits {
			if !strings.HasPrefix(h.Key, "vi-") {
				t.Errorf("Search(%q) = %v: %s at %d, want the Vietnamese posts first", q, slugs(r), h.Key, i+1)
				break
			}
		}
	}
	// A filter on the language is the reader's own choice.
	if r, err := ix.Search(context.Background(), Query{Text: "ky su", Lang: kb.LangJA}); err != nil || len(r.Hits) == 0 {
		t.Errorf("Search(ky su, lang ja): %v hits (%v), want the Japanese posts", r, err)
	}
}

// TestSearchLinked checks that a hit found through the accounts its post
// links to says which of the query's accounts it links.
func TestSearchLinked(t *testing.T) {
	ix := testIndex(t)
	r, err := ix.Search(context.Background(), Query{Text: "@spf13"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].Key != "en-linked" || !slices.Equal(r.Hits[0].Linked, []string{"spf13"}) {
		t.Fatalf("Search(@spf13) = %+v, want en-linked linking spf13", r.Hits)
	}
	if r, err := ix.Search(context.Background(), Query{Text: "istio"}); err != nil || slices.ContainsFunc(r.Hits, func(h Hit) bool { return len(h.Linked) > 0 }) {
		t.Errorf("Search(istio): a hit says it links the account, which the query was not looked up in (%v)", err)
	}
}

package post

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/markdown"
	"github.com/recaphq/recap/indexer/textfix"
)

func date(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	tests := []struct {
		name       string
		path, text string
		title      string
		date       time.Time
		lang       string
		format     string
		tags       []string
		categories []string
		body       string // a substring of Text
		notBody    string // must not be in Text
	}{
		{
			name:  "yaml jekyll",
			path:  "posts/2019-01-05-first.md",
			text:  "---\nlayout: post\ntitle:  \"Vietnam Kubernetes - First meetup\"\ndate:   2019-01-07 07:23:04 +0700\ncategories: Meetup Cloud\ntags:\n  - Kubernetes\n  - k8s\n---\n\nHôm nay **các kỹ sư** nói về [mạng](https://example.com) và công nghệ.\n",
			title: "Vietnam Kubernetes - First meetup",
			date:  date("2019-01-07 07:23:04 +0700"),
			lang:  kb.LangVI, format: kb.FormatYAML,
			tags: []string{"Kubernetes", "k8s"}, categories: []string{"Meetup", "Cloud"},
			body: "Hôm nay các kỹ sư nói về mạng và công nghệ.", notBody: "https://example.com",
		},
		{
			name:  "toml hugo",
			path:  "ja/gocon.md",
			text:  "+++\ntitle = \"Go Conference 参加レポート\"\ndate = 2019-05-18\ntags = [\"go\", \"golang\"]\n+++\n\n## セッション\n\nコンテナとネットワークの話を聞きました。\n",
			title: "Go Conference 参加レポート",
			date:  date("2019-05-18"),
			lang:  kb.LangJA, format: kb.FormatTOML,
			tags: []string{"go", "golang"},
			body: "コンテナとネットワークの話を聞きました。", notBody: "##",
		},
		{
			name:  "lang from front matter wins",
			path:  "x.md",
			text:  "---\ntitle: Notes\nlang: en-US\n---\nCác kỹ sư đã nói về mạng và công nghệ rất nhiều.\n",
			title: "Notes",
			lang:  kb.LangEN, format: kb.FormatYAML,
		},
		{
			name:  "date from file name",
			path:  "2019-03-14-sre-meetup.md",
			text:  "---\ntitle: SRE meetup\n---\nWe talked about monitoring and on-call.\n",
			title: "SRE meetup",
			date:  date("2019-03-14"),
			lang:  kb.LangEN, format: kb.FormatYAML,
		},
		{
			name:  "no date anywhere stays empty",
			path:  "notes/review.md",
			text:  "---\ntitle: Review\n---\nA meetup review in English, with several words.\n",
			title: "Review",
			lang:  kb.LangEN, format: kb.FormatYAML,
		},
		{
			name:  "plain text title and boilerplate",
			path:  "2019-02-01-review.txt",
			text:  "\n\nA Review of Something #3\n\nIt was a good meetup about controllers.\n\n  1. kubebuilder 入門 (30min) by Shingo Omura (@everpeace)\n\nPopular posts from this blog\n\nTechnical Memo: unrelated\n",
			title: "A Review of Something #3",
			date:  date("2019-02-01"),
			lang:  kb.LangEN, format: kb.FormatText,
			body: "kubebuilder 入門", notBody: "Technical Memo",
		},
		{
			name:  "markdown without front matter takes the heading",
			path:  "intro.markdown",
			text:  "# Hello meetup\n\nSome text in English about the talks we heard.\n",
			title: "Hello meetup",
			lang:  kb.LangEN, format: kb.FormatMarkdown,
		},
		{
			name:  "a section heading is not the title",
			path:  "viblo/can-bang-tai-voi-nginx.md",
			text:  "Bài này nói về cân bằng tải.\n\n# Giới thiệu\n\nNginx là một web server.\n",
			title: "Cân bằng tải voi Nginx",
			lang:  kb.LangVI, format: kb.FormatMarkdown,
		},
		{
			name:  "an opening heading that names a section is not the title",
			path:  "src/server/upload/tim-hieu-ve-service-mesh.md",
			text:  "# Mở đầu\n\nBài viết tìm hiểu về Service Mesh và tìm hiểu thêm về Istio.\n",
			title: "Tìm hiểu về Service Mesh",
			lang:  kb.LangVI, format: kb.FormatMarkdown,
		},
		{
			name:  "a paragraph set as a heading is not the title",
			path:  "upload/5-buoc-bao-mat.md",
			text:  "# " + strings.Repeat("Bảo mật dữ liệu là vô cùng quan trọng. ", 4) + "\n\nNội dung.\n",
			title: "5 buoc Bảo mật",
			lang:  kb.LangVI, format: kb.FormatMarkdown,
		},
		{
			name:  "a README is named by its folder, without the date",
			path:  "conference/2019_0415-CloudNativeDaysFukuoka2019-Meetup/README.md",
			text:  "Notes from the meetup, in English, about the talks.\n",
			title: "CloudNativeDaysFukuoka2019 Meetup",
			date:  time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC),
			lang:  kb.LangEN, format: kb.FormatMarkdown,
		},
		{
			name:  "a path flattened into a file name is named by its last part",
			path:  "corpus/vi/R2th__IntroSE-20APCS2-Group03__cam-ngo-ban-dau-ve-kubernetes.md",
			text:  "Cảm ngộ ban đầu về Kubernetes: bài viết của mình.\n",
			title: "Cảm ngộ ban đầu về Kubernetes",
			lang:  kb.LangVI, format: kb.FormatMarkdown,
		},
		{
			name:  "a flattened README is named by its folder, without the date",
			path:  "ja/loftkun__conference__2019_0415-CloudNativeDaysFukuoka2019-Meetup_README.md",
			text:  "Notes from the meetup, in English, about the talks.\n",
			title: "CloudNativeDaysFukuoka2019 Meetup",
			date:  time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC),
			lang:  kb.LangEN, format: kb.FormatMarkdown,
		},
		{
			name:  "a date inside a file name parts its words",
			path:  "notes/meetup-2019-04-15-tokyo.md",
			text:  "Notes in English about the talks of the evening.\n",
			title: "Meetup tokyo",
			date:  time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC),
			lang:  kb.LangEN, format: kb.FormatMarkdown,
		},
		{
			name:  "a comment in a code block is not the title",
			path:  "notes/k8s_setup.md",
			text:  "```sh\n# install kubectl\napt-get install kubectl\n```\n\nThen run the cluster and deploy the operator.\n",
			title: "K8s setup",
			lang:  kb.LangEN, format: kb.FormatMarkdown,
		},
		{
			name:  "raw html is not text",
			path:  "html.md",
			text:  "---\ntitle: HTML\n---\n<div class=\"note\">hidden note</div>\n\nVisible words in English here.\n",
			title: "HTML",
			lang:  kb.LangEN, format: kb.FormatYAML,
			body: "Visible words", notBody: "hidden note",
		},
		{
			name:  "kanji only is not japanese",
			path:  "zh.md",
			text:  "---\ntitle: 容器\n---\n容器网络技术分享会在北京举行。\n",
			title: "容器",
			lang:  kb.LangUnknown, format: kb.FormatYAML,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.path, tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Title != tt.title {
				t.Errorf("title = %q, want %q", p.Title, tt.title)
			}
			if !p.Date.Equal(tt.date) {
				t.Errorf("date = %v, want %v", p.Date, tt.date)
			}
			if p.Lang != tt.lang {
				t.Errorf("lang = %q, want %q", p.Lang, tt.lang)
			}
			if p.Format != tt.format {
				t.Errorf("format = %q, want %q", p.Format, tt.format)
			}
			if tt.tags != nil && strings.Join(p.Tags, ",") != strings.Join(tt.tags, ",") {
				t.Errorf("tags = %q, want %q", p.Tags, tt.tags)
			}
			if tt.categories != nil && strings.Join(p.Categories, ",") != strings.Join(tt.categories, ",") {
				t.Errorf("categories = %q, want %q", p.Categories, tt.categories)
			}
			if tt.body != "" && !strings.Contains(p.Text, tt.body) {
				t.Errorf("text lacks %q:\n%s", tt.body, p.Text)
			}
			if tt.notBody != "" && strings.Contains(p.Text, tt.notBody) {
				t.Errorf("text has %q:\n%s", tt.notBody, p.Text)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unclosed yaml", "---\ntitle: x\nno end\n", "no closing ---"},
		{"bad yaml", "---\ntitle: [unclosed\n---\nbody\n", "YAML front matter"},
		{"bad toml", "+++\ntitle = \n+++\nbody\n", "TOML front matter"},
		{"bad date", "---\ntitle: x\ndate: someday\n---\nbody\n", "date"},
		{"empty", "\n\n", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.md", tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"posts/vi/2019-01-07-Gặp mặt đầu tiên.md": "vi-2019-01-07-gap-mat-dau-tien",
		"_posts/2019-01-05-first.markdown":        "2019-01-05-first",
		"ja/勉強会レポート.md":                           "ja-勉強会レポート",
		"003_934c4508b4a555e0.txt":                "003-934c4508b4a555e0",
		"a/posts/b.md":                            "a-posts-b",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Trong những năm gần đây meetup giữa những người làm công nghệ ngày càng phổ biến.", kb.LangVI},
		{"Kubernetes Meetup Tokyo に参加してきました。コンテナの話が中心でした。", kb.LangJA},
		{"The key notes were kubebuilder/controller-runtime 入門 by Shingo Omura and メルカリのマイクロサービスにおける Kubernetes manifest の運用, both great talks about controllers and operations at scale in Tokyo.", kb.LangEN},
		{"A talk by Nguyễn Văn An about the Go scheduler and its internals, with many benchmarks and examples.", kb.LangEN},
		{"容器网络技术", kb.LangUnknown},
		{"", kb.LangUnknown},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.text); got != tt.want {
			t.Errorf("DetectLang(%.40q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestSeeds loads the two posts recap was designed from.
func TestSeeds(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	tests := []struct {
		file  string
		title string
		date  time.Time
		lang  string
	}{
		{"000_0df85c3de60ca942.txt", "Vietnam Kubernetes Community - First meetup", date("2019-01-07 07:23:04 +0700"), kb.LangVI},
		{"003_934c4508b4a555e0.txt", "A Review of Kubernetes Tokyo Meetup #18", time.Time{}, kb.LangEN},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if os.IsNotExist(err) {
				t.Skip("shared seeds not present")
			}
			if err != nil {
				t.Fatal(err)
			}
			text, _ := textfix.Repair(b)
			p, err := Parse(tt.file, text)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || !p.Date.Equal(tt.date) || p.Lang != tt.lang {
				t.Errorf("got title %q date %v lang %q; want %q %v %q", p.Title, p.Date, p.Lang, tt.title, tt.date, tt.lang)
			}
			if strings.Contains(p.Text, "Popular posts from this blog") {
				t.Error("blog boilerplate kept in the text")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("x.md", "---\ntitle: a\ndate: 2019-01-01\ntags: [a, b]\n---\nbody")
	f.Add("y.md", "+++\ntitle = \"b\"\n+++\n# h\n\ntext")
	f.Add("z.txt", "Title\n\nbody\nPopular posts from this blog\nx")
	f.Fuzz(func(t *testing.T, path, text string) {
		p, err := Parse(path, text)
		if err != nil {
			return
		}
		if p.Title == "" {
			t.Errorf("parsed post without a title")
		}
		if _, err := markdown.HTML(p.Markdown, p.Format == kb.FormatText); err != nil {
			t.Errorf("render: %v", err)
		}
	})
}

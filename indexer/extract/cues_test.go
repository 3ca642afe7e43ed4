package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/post"
	"github.com/recaphq/recap/indexer/textfix"
)

// talksOf extracts the talks of a Markdown post without a taxonomy.
func talksOf(t *testing.T, title, lang, md string) []kb.Talk {
	t.Helper()
	return Post(kb.Post{Slug: "p", Title: title, Lang: lang, Format: kb.FormatMarkdown, Markdown: md, Text: md}, nil).Talks
}

type wantTalk struct{ title, speaker string }

func checkTalks(t *testing.T, got []kb.Talk, want []wantTalk) {
	t.Helper()
	if len(got) != len(want) {
		var titles []string
		for _, g := range got {
			titles = append(titles, g.Title)
		}
		t.Fatalf("%d talks %q, want %d", len(got), titles, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Title != w.title {
			t.Errorf("talk %d title %q, want %q", i+1, g.Title, w.title)
		}
		if w.speaker == "" {
			if len(g.Speakers) != 0 {
				t.Errorf("talk %d speakers %+v, want none", i+1, g.Speakers)
			}
			continue
		}
		found := false
		for _, s := range g.Speakers {
			found = found || s.Name == w.speaker || s.Handle == w.speaker
		}
		if !found {
			t.Errorf("talk %d speakers %+v, want %s", i+1, g.Speakers, w.speaker)
		}
	}
}

// TestCueLayouts checks layouts of known cues that no line rule reads:
// each is found by the cue model.
func TestCueLayouts(t *testing.T) {
	tests := []struct {
		name, title, lang, md string
		want                  []wantTalk
	}{
		{"multi-line list items by a linked name", "Go Meetup report", "en",
			"Talks:\n\n  - Stupid Tricks,\n    by [Ann Lee](https://twitter.com/ann)\n    ([video](https://www.youtube.com/watch?v=1))\n  - Fast Builds,\n    by [Bob Ray](https://twitter.com/bob)\n",
			[]wantTalk{{"Stupid Tricks", "Ann Lee"}, {"Fast Builds", "Bob Ray"}}},
		{"linked title with emphasised by and a summary", "Conference recap", "en",
			"- [The State of Things](https://x.dev/talk) _by Ann Lee_ - Ann looks back at the year.\n- [Testing Techniques](https://x.dev/t2) _by Bob Ray_ - tips.\n",
			[]wantTalk{{"The State of Things", "Ann Lee"}, {"Testing Techniques", "Bob Ray"}}},
		{"headings with the speaker named in the prose below", "JS Conference 2019", "en",
			"Intro.\n\n## Micro Frontends in Practice\nAnn Lee talked about how her team splits a front end.\n\n## Readable Code\nBob Ray explained how to write code others can read.\n\n## Closing\nThanks!\n",
			[]wantTalk{{"Micro Frontends in Practice", "Ann Lee"}, {"Readable Code", "Bob Ray"}}},
		{"heading, dash, name, company", "DevFest recap", "en",
			"## A Door to the Future – Ann Lee – Acme\n\nText.\n\n## Keynote: Time to Build – Bob Ray, 1776\n\nMore.\n",
			[]wantTalk{{"A Door to the Future", "Ann Lee"}, {"Time to Build", "Bob Ray"}}},
		{"headings with no speaker among talk peers", "LT大会 レポート", "ja",
			"# 会場\n\n## OSSの話\nチャンカツさん\n\n- メモ\n\n## インフラの話\nろーかるゆーざーさん\n\n## セキュリティの話\n\n## GANばった話\n- 透明マント\n\n## まとめ\n楽しかった\n",
			[]wantTalk{{"OSSの話", "チャンカツ"}, {"インフラの話", "ろーかるゆーざー"}, {"セキュリティの話", ""}, {"GANばった話", ""}}},
		{"headings whose section embeds the talk's video", "Google I/O 2018 に参加", "ja",
			"## keynote\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n\n## Lunch\nおいしい\n\n## What's new in Web\n<iframe src=\"https://www.youtube.com/embed/def\"></iframe>\n",
			[]wantTalk{{"keynote", ""}, {"What's new in Web", ""}}},
		{"labelled peers exclude unlabelled sections", "完全に理解したTalk #11", "ja",
			"# 完全に理解したTalk #11\n\n# LT1: 簿記完全に理解した（@k-tky）\n\n# LT2: Rust完全に理解した（@kf）\n\n# トークタイム\n[動画](https://youtu.be/x)\n\n# チャレンジコーナー\n[動画](https://youtu.be/x)\n",
			[]wantTalk{{"簿記完全に理解した", "k-tky"}, {"Rust完全に理解した", "kf"}}},
		{"timetable headings with time slots and Twitter labels", "CloudNative Days", "ja",
			"## セッション\n\n### 12:20-13:00 落とし穴教えます\n\n[後藤隊長（@boot_vmlinuz）さん / Twitter](https://twitter.com/boot_vmlinuz)\n\n- メモ\n  - [servicemesh.es | Service Mesh Comparison](https://servicemesh.es/)\n\n### 13:20-14:00 1年間の運用で分かったこと\n\n[id（@ido_kara_deru）さん | Twitter](https://twitter.com/ido_kara_deru)\n",
			[]wantTalk{{"落とし穴教えます", "boot_vmlinuz"}, {"1年間の運用で分かったこと", "ido_kara_deru"}}},
		{"Vietnamese heading per session, speaker in the prose", "Vietnam Mobile Day 2018", "vi",
			"## Nghiên cứu hành vi người tiêu dùng\nMở đầu là bài chia sẻ của diễn giả Dương Thành Trung – Quản lý – Công ty Nielsen.\n\n## Build realtime apps\nBài chia sẻ của diễn giả **Lê Văn Giáp** - Team Leader - VCCorp.\n\n## Kết\nHay.\n",
			[]wantTalk{{"Nghiên cứu hành vi người tiêu dùng", "Dương Thành Trung"}, {"Build realtime apps", "Lê Văn Giáp"}}},
		{"Vietnamese prose with bold quoted titles", "Vietkubers meetup #2", "vi",
			"## Các bài trình bày\n\n**“Vận hành Kubernetes”** – anh Nguyễn Minh Đức. Anh Đức kể lại.\n\n**“Giám sát với Prometheus”** – chị Trần Thu Hà. Chị Hà trình bày.\n",
			[]wantTalk{{"Vận hành Kubernetes", "Nguyễn Minh Đức"}, {"Giám sát với Prometheus", "Trần Thu Hà"}}},
		{"Vietnamese prose: speaker, topic, quoted title", "Google I/O Extended Hanoi", "vi",
			"Tại phiên khai mạc, anh Hưng Aly đã phát biểu “Chào mừng”.\n\nGóp mặt còn có diễn giả quốc tế Warat Wongmaneekit với chủ đề **\"The Web in 2022\"**, cập nhật về web.\n",
			[]wantTalk{{"The Web in 2022", "Warat Wongmaneekit"}}},
		{"English prose with linked titles and linked speakers", "OSCON report", "en",
			"## Talks\n\n[Matt Stine](http://twitter.com/mstine) talked about switching with\n[A recovering Java developer learns Go](http://www.slideshare.net/x/y)\nwhile [Steve Francia](https://twitter.com/spf13) presented\n[Painless Data Storage](http://spf13.com/presentation/mongo).\n",
			[]wantTalk{{"A recovering Java developer learns Go", "Matt Stine"}, {"Painless Data Storage", "Steve Francia"}}},
		{"Markdown timetable without a header naming columns", "Meetup", "vi",
			"| | | |\n|---|---|---|\n| 18:30 | Check-in | |\n| 19:00 | Kubernetes cho người mới | Cao Xuân Hoàng |\n| 19:40 | Service mesh thực chiến | Nguyễn Văn An |\n| 20:20 | Giải lao | |\n",
			[]wantTalk{{"Kubernetes cho người mới", "Cao Xuân Hoàng"}, {"Service mesh thực chiến", "Nguyễn Văn An"}}},
		{"HTML agenda table with time, title, speaker, company", "Meetup", "vi",
			"<table>\n<tr><th>Thời gian</th><th>Nội dung</th><th>Diễn giả</th><th>Công ty</th></tr>\n<tr><td>9:00</td><td>Khai mạc</td><td>BTC</td><td></td></tr>\n<tr><td>9:15</td><td>GitOps với Argo CD</td><td>Trần Văn Bình</td><td>FPT Software</td></tr>\n</table>\n",
			[]wantTalk{{"GitOps với Argo CD", "Trần Văn Bình"}}},
		{"untitled talks told in prose, one per person", "Summit 2017 - a summary", "en",
			"# Streaming\n\nAnn Lee introduced it [in the opening keynote](https://www.youtube.com/watch?v=1). Bob Ray then gave [a very good demo](https://youtu.be/2) of it.\n\n[Another talk was from Cy Dee](https://youtu.be/3) about pipelines.\n",
			[]wantTalk{{"Talk by Ann Lee", "Ann Lee"}, {"Talk by Bob Ray", "Bob Ray"}, {"Talk by Cy Dee", "Cy Dee"}}},
		{"speakers listed after a sentence about their talks", "Mobile Day 2018", "vi",
			"Buổi sáng có 3 bài nói về Blockchain.\n\n3 diễn giả bao gồm:\n* Anh Nguyễn Trung Thành - Founder X\n* Anh Nguyễn Văn Vững - CEO Y\n* Anh Đào Hoàng Thanh - CEO Z\n",
			[]wantTalk{{"Bài trình bày của Nguyễn Trung Thành", "Nguyễn Trung Thành"}, {"Bài trình bày của Nguyễn Văn Vững", "Nguyễn Văn Vững"}, {"Bài trình bày của Đào Hoàng Thanh", "Đào Hoàng Thanh"}}},
		{"a bold paragraph over the paragraph naming its speaker", "Mobile Day 2018", "vi",
			"**BIGBOM - Ứng dụng etherum vào quảng cáo**\n\nĐây là bài nói ấn tượng. Bài nói của anh Nguyễn Văn Vững - CEO & Founder Bigbom về start-up của anh.\n\n**Kết luận**\n\nHay.\n",
			[]wantTalk{{"BIGBOM - Ứng dụng etherum vào quảng cáo", "Nguyễn Văn Vững"}}},
		{"headings that name the speaker over their talk", "Women in Tech conference", "en",
			"## **Ann Lee**\n\nAnn Lee is the CIO at Acme. She gave a very informative talk about leadership.\n\n## **Cy Dee**\n\nThe next talk was by Cy Dee, who spoke about careers.\n\n## **Bo Ray**\n\nOnce again Bo Ray was the MC for the conference; her opening talk was about community.\n",
			[]wantTalk{{"Talk by Ann Lee", "Ann Lee"}, {"Talk by Cy Dee", "Cy Dee"}}},
		{"list items: Title: Name (Role Company)", "Mobile Day 2018", "vi",
			"## AI\n- **Nền tảng nami.trade:  Giáp Văn Đại (CEO Nami)**\n- **Sử dụng tiếng Việt trong IoT**: **Phạm Văn Toàn (AI Leader Framgia)**\n- Venue sponsor: [Jabar Digital Service](https://x.id)\n",
			[]wantTalk{{"Nền tảng nami.trade", "Giáp Văn Đại"}, {"Sử dụng tiếng Việt trong IoT", "Phạm Văn Toàn"}}},
		{"a slide deck embedded with its owner", "Heroku meetup", "ja",
			"<div id=\"__ss_1\"><a href=\"http://www.slideshare.net/ann/days-with-x\" title=\"Days with X\">Days with X</a><iframe src=\"http://www.slideshare.net/slideshow/embed_code/1\"></iframe> View more from <a href=\"http://www.slideshare.net/ann\">Ann Lee</a></div>\n",
			[]wantTalk{{"Days with X", "Ann Lee"}}},
		{"a company before the person's name under a talk heading", "Meetup #4", "ja",
			"## アリババで荒ぶらナイと\n\n- オルターブース 知念さん\n- Alibaba Cloudとは\n\n## Side Story: L7 networking\n\nLINE Fukuoka Fujishima さん\n",
			[]wantTalk{{"アリババで荒ぶらナイと", "知念"}, {"Side Story: L7 networking", "Fujishima"}}},
		{"Vietnamese agenda table, then a heading per session with its speaker", "Cloud Native Day 2024", "vi",
			"## Chương trình\n\n| Thời gian | Chủ đề | Diễn giả | Đơn vị |\n|---|---|---|---|\n| 09:00 | Khai mạc | Ban tổ chức | |\n| 09:15 | Kubernetes trong production | Nguyễn Văn An | FPT Software |\n| 11:00 | GitOps thực chiến | Lê Minh Châu, Phạm Quốc Dũng | Tiki |\n\n" +
				"### Phiên 1: Kubernetes trong production\n**Diễn giả:** Nguyễn Văn An – Senior Engineer, FPT Software\n\n### Phiên 3: Service Mesh\nNgười trình bày: Hoàng Văn Em, Viettel\n\n### Tổng kết\nCảm ơn.\n",
			[]wantTalk{{"Kubernetes trong production", "Nguyễn Văn An"}, {"GitOps thực chiến", "Phạm Quốc Dũng"}, {"Service Mesh", "Hoàng Văn Em"}}},
		{"tutorial steps are not talks", "Hướng dẫn Kubernetes", "vi",
			"## Bước 1: Cài đặt\n[video](https://www.youtube.com/watch?v=1)\n\n## Bước 2: Cấu hình\n[video](https://www.youtube.com/watch?v=2)\n",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTalks(t, talksOf(t, tt.title, tt.lang, tt.md), tt.want)
		})
	}
}

func TestSpeakersArePeople(t *testing.T) {
	tests := []struct {
		line        string
		name, affil string // "" name: no person with a name
	}{
		{"Kohei Kimura, Nulab", "Kohei Kimura", "Nulab"},
		{"Yvonne Wassenaar, 1776", "Yvonne Wassenaar", "1776"},
		{"Twitter", "", ""},
		{"Speaker Deck", "", ""},
		{"株式会社フルエナジー", "", ""},
		{"Service Mesh Comparison", "", ""},
		{"IO Istio DevStats", "", ""},
		{"Cao Xuan Hoang, engineer at Genesis Cloud", "Cao Xuan Hoang", "Genesis Cloud"},
		{"Anh Nguyễn Anh Tiến", "Nguyễn Anh Tiến", ""},
		{"ヌーラボ木村さん", "木村", "ヌーラボ"},
		{"LINE Fukuoka Fujishima さん", "Fujishima", "LINE Fukuoka"},
		{"Hirokuni Kim / CircleCI", "Hirokuni Kim", "CircleCI"},
		{"GMOペパボ", "", ""},
		{"Bảo Mật", "", ""},
		{"Last July", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			ps := people(parseSpeakers(tt.line))
			if tt.name == "" {
				for _, p := range ps {
					if p.name != "" {
						t.Fatalf("people(%q) = %+v, want no named person", tt.line, ps)
					}
				}
				return
			}
			if len(ps) != 1 || ps[0].name != tt.name || ps[0].affiliation != tt.affil {
				t.Fatalf("people(%q) = %+v, want %s of %s", tt.line, ps, tt.name, tt.affil)
			}
		})
	}
}

func TestStripSlot(t *testing.T) {
	for in, want := range map[string]string{
		"10:00 - 10:30 コンテナの作り方": "コンテナの作り方",
		"12:20-13:00 落とし穴":       "落とし穴",
		"20-14:00 1年間のシステム運用":    "1年間のシステム運用",
		"9h30 Khai mạc":          "Khai mạc",
		"1年間のシステム運用":             "1年間のシステム運用",
	} {
		if got := stripSlot(in); got != want {
			t.Errorf("stripSlot(%q) = %q, want %q", in, got, want)
		}
	}
}

// The test's own notion of a non-person, independent of the extractor's
// filter: platforms and services the corpus links to, company forms, and
// strings shaped like products, files or pages.
var (
	testPlatforms = map[string]bool{"twitter": true, "x": true, "github": true, "speaker deck": true, "speakerdeck": true,
		"deck": true, "slideshare": true, "youtube": true, "@embed": true, "embed": true, "qiita": true, "connpass": true,
		"facebook": true, "zenn": true, "note": true, "medium": true, "google": true, "aws": true, "microsoft": true,
		"nulab": true, "ヌーラボ": true, "line": true, "mercari": true, "メルカリ": true, "red hat": true, "yahoo! japan": true,
		"cyberagent": true, "サイバーエージェント": true, "preferred networks": true, "genesis cloud": true, "fujitsu": true,
		"kubernetes": true, "docker": true, "istio": true, "helm": true, "firebase": true, "android": true}
	testLinkPlatforms = map[string]bool{"twitter": true, "github": true, "speaker deck": true, "deck": true,
		"slideshare": true, "youtube": true, "embed": true, "@embed": true, "qiita": true, "connpass": true}
	testCompanyForms = []string{"株式会社", "inc", "inc.", "corp", "corp.", "jsc", "co.", "ltd", "ltd.", "llc", "gmbh", "công ty"}
)

func testNotPerson(name string) string {
	l := strings.ToLower(strings.TrimSpace(name))
	if testPlatforms[l] {
		return "a platform or company"
	}
	for _, f := range testCompanyForms {
		if strings.HasPrefix(l, f) || strings.HasSuffix(l, " "+f) || strings.HasSuffix(l, f) && !isLatinSuffix(f) {
			return "a company form"
		}
	}
	if strings.Contains(l, "://") || strings.Contains(l, "/") || strings.HasSuffix(l, ".jpg") || strings.HasSuffix(l, ".png") {
		return "a link or file"
	}
	if strings.Count(name, " ") >= 1 && strings.ContainsAny(name, "0123456789") {
		return "a product-like name"
	}
	return ""
}

// TestCorpusSpeakers extracts every post of ../shared/corpus and lists
// every speaker found; none may be a platform, a company or a product,
// and no affiliation may be a platform.
func TestCorpusSpeakers(t *testing.T) {
	corpus := filepath.Join(sharedDir, "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s", corpus)
	}
	tax := loadTaxonomy(t)
	seen := make(map[string][]string)
	_ = filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") && !strings.HasSuffix(path, ".txt") {
			return nil
		}
		rel, _ := filepath.Rel(corpus, path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := textfix.Repair(b)
		p, err := post.Parse(filepath.ToSlash(rel), text)
		if err != nil {
			return nil // not a post: empty, or no text
		}
		res := Post(p, tax)
		for _, tk := range res.Talks {
			for _, s := range tk.Speakers {
				key := s.Name
				if key == "" {
					key = "@" + s.Handle
				}
				seen[key] = append(seen[key], rel+" :: "+tk.Title+" ["+tk.Source+"]")
				if why := testNotPerson(s.Name); why != "" {
					t.Errorf("%s: speaker %q of %q is %s", rel, s.Name, tk.Title, why)
				}
				if strings.EqualFold(s.Handle, "embed") {
					t.Errorf("%s: speaker handle %q of %q is an embed", rel, s.Handle, tk.Title)
				}
				if testLinkPlatforms[strings.ToLower(s.Affiliation)] {
					t.Errorf("%s: affiliation %q of %s is a platform", rel, s.Affiliation, s.Name)
				}
			}
		}
		return nil
	})
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteString("\n")
	}
	t.Logf("%d speakers:\n%s", len(names), b.String())
	if os.Getenv("SPEAKER_SOURCES") != "" {
		for _, n := range names {
			t.Logf("%s <- %v", n, seen[n])
		}
	}
}

package extract

import (
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/kb"
)

func TestStatedDate(t *testing.T) {
	posted := time.Date(2019, 4, 23, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name, line, lang string
		posted           time.Time
		want             string // "" for none
	}{
		{"ja with year", "2019年4月22日に開催されました", kb.LangJA, posted, "2019-04-22"},
		{"ja month and day", "昨日（4月22日）、勉強会に参加してきました。", kb.LangJA, posted, "2019-04-22"},
		{"ja year before the post", "12月20日に参加しました", kb.LangJA, time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC), "2019-12-20"},
		{"vi day/month/year", "Buổi meetup diễn ra ngày 22/4/2019 tại Hà Nội.", kb.LangVI, posted, "2019-04-22"},
		{"vi weekday day/month", "Tối thứ Sáu 19/4 mình tới buổi meetup.", kb.LangVI, posted, "2019-04-19"},
		{"vi words", "Sáng thứ Bảy, ngày 22 tháng 4 năm 2019, cộng đồng tổ chức meetup.", kb.LangVI, posted, "2019-04-22"},
		{"en on month day", "On April 22, about a hundred people met in Shibuya.", kb.LangEN, posted, "2019-04-22"},
		{"en day month year", "The meetup took place on 22 April 2019.", kb.LangEN, posted, "2019-04-22"},
		{"en month/day/year", "Held 4/22/2019 in Tokyo.", kb.LangEN, posted, "2019-04-22"},
		{"iso", "2019-04-22 19:00 – 21:30", kb.LangEN, posted, "2019-04-22"},
		{"may is a verb", "We may 5 times a year meet.", kb.LangEN, posted, ""},
		{"after the post", "The next meetup is on May 20, 2019.", kb.LangEN, posted, ""},
		{"long before the post", "Go 1.0 came out on March 28, 2012.", kb.LangEN, posted, ""},
		{"no year and no post date", "4月22日に参加", kb.LangJA, time.Time{}, ""},
		{"not a day", "2019年4月31日", kb.LangJA, posted, ""},
		{"a fraction", "Khoảng 1/2 số người tham dự là sinh viên.", kb.LangVI, posted, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := statedDate([]string{tt.line}, tt.posted, tt.lang)
			s := ""
			if !got.IsZero() {
				s = got.Format(time.DateOnly)
			}
			if s != tt.want {
				t.Errorf("statedDate(%q) = %q, want %q", tt.line, s, tt.want)
			}
		})
	}
}

func TestStatedVenue(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"ja label", "会場：ナレッジサロン（グランフロント大阪）", "ナレッジサロン（グランフロント大阪）"},
		{"ja nite", "株式会社メルカリさんにて開催されました。", "株式会社メルカリ"},
		{"ja topic marker is no venue", "会場は若手のエンジニアでいっぱいで、開始前からノートPCを開いている人がほとんどでした。", ""},
		{"en label", "Venue: Google Tokyo, Roppongi Hills", "Google Tokyo, Roppongi Hills"},
		{"en hosted in", "Last night I went to the first SRE meetup, hosted in the LINE Fukuoka office. It was fun.", "LINE Fukuoka office"},
		{"en held at, clause cut", "The meetup was held at Mercari, which sponsored the pizza.", "Mercari"},
		{"en sponsor label is no venue", "- Venue sponsor: Airy", ""},
		{"vi label", "Địa điểm: Keangnam Landmark 72, tầng 24", "Keangnam Landmark 72, tầng 24"},
		{"vi held at, time cut", "Buổi meetup được tổ chức tại Toong Coworking vào tối thứ Sáu.", "Toong Coworking"},
		{"sentence is no venue", "Venue: we met in a small room and it was really crowded with so many people that nobody could sit", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := statedVenue([]string{tt.line}); got != tt.want {
				t.Errorf("statedVenue(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func FuzzStatedDate(f *testing.F) {
	for _, s := range []string{"2019年4月22日", "ngày 22/4/2019", "On April 22, 2019", "thứ Sáu 23/8", "会場：東京", "held at Google, which"} {
		f.Add(s)
	}
	posted := time.Date(2019, 4, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{kb.LangEN, kb.LangJA, kb.LangVI} {
			d := statedDate([]string{s}, posted, lang)
			if !d.IsZero() && (d.After(posted.AddDate(0, 0, 1)) || d.Before(posted.AddDate(-2, 0, 0))) {
				t.Fatalf("statedDate(%q) = %v, outside the post's range", s, d)
			}
		}
		if v := statedVenue([]string{s}); runeLen(v) > 60 {
			t.Fatalf("statedVenue(%q) = %q, longer than a place name", s, v)
		}
	})
}

func TestEventBeside(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CloudNative Days Fukuoka 2019 Meetup", "cloudnative-days-fukuoka-2019-meetup"},
		{"CloudNative Days Fukuoka 2019", "cloudnative-days-fukuoka-2019"},
		{"CloudNative Days Fukuoka 2019 参加レポート", "cloudnative-days-fukuoka-2019"},
		{"Go Conference 2019 前夜祭", "go-conference-2019-前夜祭"},
		{"Kubernetes Meetup Tokyo #18 Meetup recap", "kubernetes-meetup-tokyo-18"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ev := eventFromName(tt.in)
			if ev == nil || ev.Slug != tt.want {
				t.Errorf("eventFromName(%q) = %+v, want slug %s", tt.in, ev, tt.want)
			}
		})
	}
}

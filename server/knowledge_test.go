package server

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode[T any](t *testing.T, s *Server, target string) T {
	t.Helper()
	rec := get(t, s, target)
	if rec.Code != 200 {
		t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	return v
}

func TestAPITalks(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		target  string
		want    []string // talk titles, in any order
		speaker string
	}{
		{"/api/talks?q=kubebuilder", []string{"kubebuilder/controller-runtime 入門", "Container-native ingress controller with kubebuilder"}, "Shingo Omura"},
		{"/api/talks?q=ingress&lang=ja", []string{"Container-native Ingress Controller の話"}, "Masaya Aoyama"},
		// The en and ja recaps tell one talk: it is listed once.
		{"/api/talks?speaker=masaya-aoyama", []string{"Container-native ingress controller with kubebuilder"}, "Masaya Aoyama"},
		{"/api/talks?topic=ingress&lang=ja", []string{"Container-native Ingress Controller の話"}, "amsy810"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r := decode[TalksResponse](t, s, tt.target)
			var got []string
			speakers := ""
			for _, talk := range r.Talks {
				got = append(got, talk.Title)
				b, _ := json.Marshal(talk.Speakers)
				speakers += string(b)
				if talk.URL != "/talks/"+talk.ID || talk.Post.URL == "" {
					t.Errorf("talk %s links to %q and post %q", talk.ID, talk.URL, talk.Post.URL)
				}
			}
			if strings.Join(sorted(got), "|") != strings.Join(sorted(tt.want), "|") || r.Total != len(tt.want) {
				t.Errorf("talks = %q (total %d), want %q", got, r.Total, tt.want)
			}
			if !strings.Contains(speakers, tt.speaker) {
				t.Errorf("speakers %s lack %s", speakers, tt.speaker)
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestAPITalkSpeakerEvent(t *testing.T) {
	s := newTestServer(t)
	talk := decode[TalkJSON](t, s, "/api/talks/en-2019-04-25-kmt18-t2")
	if talk.Title != "Container-native ingress controller with kubebuilder" || talk.Minutes != 30 ||
		talk.Slides != "https://example.com/slides/ingress" || talk.Event == nil || talk.Event.URL != "/events/kubernetes-meetup-tokyo-18" {
		t.Errorf("talk = %+v", talk)
	}

	// The en recap tells the talk best (front matter with slides); the ja
	// recap's own title and post are kept among its recaps.
	if len(talk.Recaps) != 2 || talk.Recaps[0].ID != "en-2019-04-25-kmt18-t2" || talk.Recaps[1].Title != "Container-native Ingress Controller の話" || talk.Recaps[1].Lang != "ja" {
		t.Errorf("talk recaps = %+v, want the en recap then the ja one", talk.Recaps)
	}
	// The ja recap's URL shows the same talk.
	if ja := decode[TalkJSON](t, s, "/api/talks/"+talk.Recaps[1].ID); ja.ID != talk.ID || len(ja.Recaps) != 2 {
		t.Errorf("/api/talks/%s = %s with %d recaps, want the talk %s", talk.Recaps[1].ID, ja.ID, len(ja.Recaps), talk.ID)
	}

	sp := decode[SpeakerResponse](t, s, "/api/speakers/masaya-aoyama")
	if sp.Speaker.Name != "Masaya Aoyama" || len(sp.Talks) != 1 {
		t.Errorf("speaker = %+v with %d talks, want Masaya Aoyama with 1 (the en and ja recaps of one talk)", sp.Speaker, len(sp.Talks))
	}
	langs := map[string]bool{}
	for _, tk := range sp.Talks {
		for _, r := range tk.Recaps {
			langs[r.Lang] = true
		}
	}
	if !langs["en"] || !langs["ja"] {
		t.Errorf("speaker's talks told in %v, want en and ja", langs)
	}

	ev := decode[EventResponse](t, s, "/api/events/kubernetes-meetup-tokyo-18")
	if ev.Event.Name != "Kubernetes Meetup Tokyo #18" || ev.Event.Date != "2019-04-22" || ev.Event.Venue != "Google Tokyo" || len(ev.Posts) != 3 || len(ev.Talks) != 2 {
		t.Errorf("event = %+v, %d posts, %d talks; want the three recaps merged with 2 talks", ev.Event, len(ev.Posts), len(ev.Talks))
	}
	// Running order is the en recap's, which lists both talks.
	if len(ev.Talks) == 2 && (ev.Talks[0].Title != "kubebuilder/controller-runtime 入門" || len(ev.Talks[1].Recaps) != 2) {
		t.Errorf("event talks = %q, %q; want the kubebuilder talk first, then the ingress talk with 2 recaps", ev.Talks[0].Title, ev.Talks[1].Title)
	}
}

func TestAPITopics(t *testing.T) {
	s := newTestServer(t)
	r := decode[TopicsResponse](t, s, "/api/topics?lang=vi")
	if len(r.Topics) < 40 {
		t.Fatalf("%d topics, want at least 40", len(r.Topics))
	}
	var ingress *TopicJSON
	for i, tp := range r.Topics {
		if tp.Slug == "ingress" {
			ingress = &r.Topics[i]
		}
	}
	if ingress == nil || ingress.Posts < 2 || ingress.Talks < 2 || ingress.Label != ingress.Labels["vi"] {
		t.Fatalf("ingress topic = %+v", ingress)
	}
	if r.Topics[0].Posts+r.Topics[0].Talks < ingress.Posts+ingress.Talks {
		t.Errorf("topics not ordered by use: first is %+v", r.Topics[0])
	}

	tr := decode[TopicResponse](t, s, "/api/topics/ingress")
	if tr.Topic.Slug != "ingress" || tr.Total != ingress.Posts+ingress.Talks || len(tr.Facets.Lang) == 0 || len(tr.Facets.Year) == 0 {
		t.Errorf("topic page = %+v total %d facets %+v", tr.Topic, tr.Total, tr.Facets)
	}
	for i := 1; i < len(tr.Hits); i++ {
		if tr.Hits[i].Date > tr.Hits[i-1].Date {
			t.Errorf("topic hits not newest first: %s after %s", tr.Hits[i].Date, tr.Hits[i-1].Date)
		}
	}
	only := decode[TopicResponse](t, s, "/api/topics/ingress?lang=ja")
	for _, h := range only.Hits {
		if h.Lang != "ja" {
			t.Errorf("lang=ja topic hit in %s", h.Lang)
		}
	}
}

func TestKnowledgePages(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		target string
		status int
		want   []string
	}{
		{"/talks/en-2019-04-25-kmt18-t1", 200, []string{"kubebuilder/controller-runtime 入門", `href="/speakers/shingo-omura"`, "Preferred Networks", `href="/events/kubernetes-meetup-tokyo-18"`}},
		{"/speakers/masaya-aoyama", 200, []string{"Masaya Aoyama", "@amsy810", "Container-native Ingress Controller の話"}},
		{"/events/kubernetes-meetup-tokyo-18", 200, []string{"Kubernetes Meetup Tokyo #18", "Google Tokyo", "Kubernetes Meetup Tokyo #18 レポート"}},
		{"/topics", 200, []string{`href="/topics/ingress?ui=en"`}},
		{"/topics?ui=ja", 200, []string{"トピック", "ネットワーク"}},
		{"/topics/ingress", 200, []string{"Container-native ingress controller with kubebuilder", "Kubernetes Meetup Tokyo #18 レポート", `href="/topics/ingress?topic=kubernetes"`}},
		{"/posts/en-2019-04-25-kmt18", 200, []string{"Talks in this recap (2)", `href="/talks/en-2019-04-25-kmt18-t1"`}},
		{"/talks/nope", 404, []string{"Page not found"}},
		{"/speakers/nobody-at-all", 404, []string{"Page not found"}},
		{"/events/nope", 404, []string{"Page not found"}},
		{"/topics/nope", 404, []string{"Page not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			// A topic page's facet lists the other topics, not its own.
			if strings.HasPrefix(tt.target, "/topics/") && strings.Contains(rec.Body.String(), `?topic=`+strings.TrimPrefix(tt.target, "/topics/")+`"`) {
				t.Errorf("topic page %s offers its own topic as a facet", tt.target)
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestKnowledgeAPIErrors(t *testing.T) {
	s := newTestServer(t)
	for target, code := range map[string]string{
		"/api/talks?size=1000":        "invalid_size",
		"/api/talks?lang=xx":          "invalid_lang",
		"/api/talks/nope":             "not_found",
		"/api/speakers/nobody-at-all": "not_found",
		"/api/events/nope":            "not_found",
		"/api/topics/nope":            "not_found",
		"/api/topics/ingress?page=0":  "invalid_page",
	} {
		rec := get(t, s, target)
		var e apiError
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != code {
			t.Errorf("%s: %d %s, want code %s", target, rec.Code, rec.Body, code)
		}
	}
}

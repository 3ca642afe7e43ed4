package kb

import (
	"slices"
	"testing"
)

func TestProfileHandles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"markdown link to a profile", "by [Steve Francia](http://twitter.com/spf13) (MongoDB)", []string{"spf13"}},
		{"deck under its author", "[Deck](https://speakerdeck.com/Puku0x/angular-react)", []string{"puku0x"}},
		{"repository owner", "see https://github.com/transnano/exporter.", []string{"transnano"}},
		{"www and trailing slash", "https://www.twitter.com/amsy810/", []string{"amsy810"}},
		{"medium wants its @", "https://medium.com/@someone/post-1 https://medium.com/topic/go", []string{"someone"}},
		{"linkedin wants /in/", "https://linkedin.com/in/jane-doe https://linkedin.com/company/acme", []string{"jane-doe"}},
		{"site pages are not accounts", "https://twitter.com/search?q=go https://twitter.com/hashtag/golang https://twitter.com/intent/tweet", nil},
		{"other sites name no one", "https://spf13.com/presentation/first-go-app https://golang.org/doc", nil},
		{"each once", "https://x.com/a_b https://twitter.com/A_B", []string{"a_b"}},
		{"no URL", "Steve Francia @spf13", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ProfileHandles(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("ProfileHandles(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

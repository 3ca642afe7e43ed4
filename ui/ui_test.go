package ui

import "testing"

func TestPlural(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 talks"},
		{"en", 1, "1 talk"},
		{"en", 2, "2 talks"},
		{"vi", 1, "1 bài nói"},
		{"ja", 1, "1 件の発表"},
		{"xx", 1, "1 talk"}, // an unknown language falls back to English
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := c.Plural(tt.lang, "count.talks", tt.n); got != tt.want {
				t.Errorf("Plural(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
			}
		})
	}
}

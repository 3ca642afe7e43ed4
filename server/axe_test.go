package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource reads axe-core as npm installed it at the root of the
// checkout (npm ci, which .ci/run runs), or skips the test.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skip("axe-core is not installed (npm ci at the root of the checkout)")
	}
	return string(b)
}

// TestAxe runs axe-core on every kind of page, at a desktop and a phone
// width, and expects no violation of any rule.
func TestAxe(t *testing.T) {
	ctx, base, _ := browse(t)
	axe := axeSource(t)
	pages := []string{
		"/",
		"/search?q=kubernetes",
		"/search?q=kubernetes&lang=ja",
		"/search?q=nothing-matches-this",
		"/posts/en-2019-04-25-kmt18",
		"/talks/en-2019-04-25-kmt18-t1",
		"/speakers/masaya-aoyama",
		"/events/kubernetes-meetup-tokyo-18",
		"/topics",
		"/topics/kubernetes",
		"/nope",
	}
	for _, width := range []int64{1280, 390} {
		for _, p := range pages {
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(base+p),
				chromedp.WaitReady(chromedp.CSS(`footer.site`)),
			); err != nil {
				t.Fatal(err)
			}
			run(t, ctx, chromedp.Evaluate[bool](axe+";true"))
			violations := run(t, ctx, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`, chromedp.EvalAwaitPromise))
			for _, v := range violations {
				t.Errorf("%s at %d px: %s", p, width, v)
			}
		}
	}
}

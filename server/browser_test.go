package server

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for a test, or skips the test when
// no Chromium is installed (.ci/run installs Debian's).
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no Chromium on this machine")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	// Collect console errors, exceptions and browser-log errors: a CSP
	// violation or a broken asset shows up there.
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
}

// TestBrowserSearch searches as a visitor does: type a query without
// accents on the start page, submit, open the first hit, narrow by a facet.
func TestBrowserSearch(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, problems := browser(t)

	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "ky su"),
		chromedp.Submit(chromedp.CSS(`input[name=q]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	summary := run(t, ctx, chromedp.Text(chromedp.CSS(`.summary`)))
	hits := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits > li").length`))
	firstTitle := run(t, ctx, chromedp.Text(chromedp.CSS(`ol.hits > li:first-child h3`)))
	// The stylesheet loaded under its hashed URL despite the CSP.
	bg := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("form.search button")).backgroundColor`))
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ol.hits > li:first-child h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`article.post`)),
	); err != nil {
		t.Fatal(err)
	}
	heading := run(t, ctx, chromedp.Text(chromedp.CSS(`article.post h1`)))
	lang := run(t, ctx, chromedp.AttributeValue(chromedp.CSS(`article.post`), "lang")).Value

	if hits == 0 || !strings.Contains(summary, "result") {
		t.Fatalf("no hits for ky su: %q", summary)
	}
	if firstTitle != "Gặp mặt cộng đồng Kubernetes Việt Nam" || heading != firstTitle || lang != "vi" {
		t.Errorf("first hit %q opened %q (lang %q)", firstTitle, heading, lang)
	}
	if bg == "" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("stylesheet not applied: button background %q", bg)
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/search?q=kubernetes"),
		chromedp.WaitVisible(chromedp.CSS(`aside.facets`)),
		chromedp.Click(chromedp.CSS(`aside.facets a[href*="lang=ja"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.filter`)),
	); err != nil {
		t.Fatal(err)
	}
	filter := run(t, ctx, chromedp.Text(chromedp.CSS(`a.filter`)))
	others := run(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("ol.hits > li")].filter(li => li.lang !== "ja").length`))
	if others != 0 || !strings.Contains(filter, "日本語") {
		t.Errorf("language facet: %d non-Japanese hits, filter %q", others, filter)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems: %q", p)
	}
}

// TestBrowserNarrowScreen checks the layout on a phone-sized window: the
// results are not wider than the screen.
func TestBrowserNarrowScreen(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, _ := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(ts.URL+"/search?q=kubernetes"),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	); err != nil {
		t.Fatal(err)
	}
	scrollWidth := run(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	innerWidth := run(t, ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if scrollWidth > innerWidth {
		t.Errorf("page scrolls sideways on a phone: %d > %d", scrollWidth, innerWidth)
	}
}

// run runs one browser action that returns a value, failing the test on
// error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserSuggest types the start of a word and expects the top hits
// to appear under the box before the form is sent.
func TestBrowserSuggest(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, problems := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "kuber"),
		chromedp.WaitVisible(chromedp.CSS(`ul.suggest li a`)),
	); err != nil {
		t.Fatal(err)
	}
	n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.suggest li").length`))
	href := run(t, ctx, chromedp.AttributeValue(chromedp.CSS(`ul.suggest li a`), "href")).Value
	if n == 0 || !(strings.HasPrefix(href, "/posts/") || strings.HasPrefix(href, "/talks/")) {
		t.Errorf("%d suggestions, first links to %q", n, href)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems: %q", p)
	}
}

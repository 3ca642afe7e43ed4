package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute) // the race detector and a busy machine slow every step
	// The console reader below ends when the browser's context does: the
	// cleanup cancels it, then waits for the reader.
	var wg sync.WaitGroup
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc(); wg.Wait() })

	// Collect console errors, exceptions and browser-log errors: a CSP
	// violation or a broken asset shows up there.
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	wg.Go(func() {
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
	})
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
}

// browse serves the test corpus and opens a browser on it: the browser's
// context, the server's URL, and the problems the browser has reported so
// far (see browser).
func browse(t *testing.T) (context.Context, string, func() []string) {
	t.Helper()
	ctx, problems := browser(t)
	ts := httptest.NewServer(newTestServer(t).Handler())
	t.Cleanup(ts.Close)
	return ctx, ts.URL, problems
}

// TestBrowserSearch searches as a visitor does: type a query without
// accents on the start page, submit, open the first hit, narrow by a facet.
func TestBrowserSearch(t *testing.T) {
	ctx, base, problems := browse(t)

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "ky su"),
		chromedp.Submit(chromedp.CSS(`input[name=q]`)),
		chromedp.WaitVisible(chromedp.CSS(`.results ol.hits`)),
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
		chromedp.Navigate(base+"/search?q=kubernetes"),
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
	ctx, base, _ := browse(t)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/search?q=kubernetes"),
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
	ctx, base, problems := browse(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "kuber"),
		chromedp.WaitVisible(chromedp.CSS(`ul.suggest li a`)),
	); err != nil {
		t.Fatal(err)
	}
	n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.suggest li").length`))
	hits := run(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("ul.suggest li a")].filter(a => /^\/(posts|talks)\//.test(a.getAttribute("href"))).length`))
	marked := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector("ul.suggest mark") || {}).textContent || ""`))
	if n == 0 || hits == 0 || !strings.EqualFold(marked, "kuber") {
		t.Errorf("%d suggestions, %d of posts or talks, highlighted %q", n, hits, marked)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems: %q", p)
	}
}

// TestBrowserPhoneFirstResult checks that on a phone the count and the
// first result are on the first screen, the filters folded behind their
// control, which opens them.
func TestBrowserPhoneFirstResult(t *testing.T) {
	ctx, base, problems := browse(t)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/search?q=kubernetes"),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	); err != nil {
		t.Fatal(err)
	}
	bottom := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector("ol.hits > li h3").getBoundingClientRect().bottom`))
	count := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector(".summary").getBoundingClientRect().bottom`))
	folded := run(t, ctx, chromedp.Evaluate[bool](`!document.getElementById("filters").open`))
	if bottom > 844 || count > 844 || !folded {
		t.Errorf("first result ends at %.0f px, count at %.0f px, filters folded %v; the screen is 844 px", bottom, count, folded)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a.filters-jump`)), chromedp.WaitVisible(chromedp.CSS(`aside.facets a[href*="lang=ja"]`))); err != nil {
		t.Fatal(err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems: %q", p)
	}
}

// TestBrowserLanguageKept chooses Vietnamese once and clicks three links:
// every page is Vietnamese.
func TestBrowserLanguageKept(t *testing.T) {
	ctx, base, _ := browse(t)
	lang := func() string { return run(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)) }
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`nav.ui-lang a[lang=vi]`)),
		chromedp.Click(chromedp.CSS(`nav.ui-lang a[lang=vi]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=vi] main`)),
	); err != nil {
		t.Fatal(err)
	}
	// Three clicks to addresses without ?ui=: the start page's example,
	// the first hit, the topic of the post.
	for i, sel := range []string{`p.examples a`, `ol.hits > li:first-child h3 a`, `nav.main-nav a`} {
		run(t, ctx, chromedp.Evaluate[bool](`document.querySelectorAll("a").forEach(a => { const u = new URL(a.href, location.href); u.searchParams.delete("ui"); a.href = u.pathname + u.search; }), true`))
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(sel)),
			chromedp.WaitVisible(chromedp.CSS(`main`)),
			chromedp.Sleep(200*time.Millisecond),
		); err != nil {
			t.Fatal(err)
		}
		if l := lang(); l != "vi" {
			t.Fatalf("click %d (%s) led to a page in %q", i+1, sel, l)
		}
	}
}

// TestBrowserComboboxKeyboard types, moves through the suggestions with
// the arrow keys and opens one with Enter, as a keyboard user does; the
// suggestions name a speaker and a topic.
func TestBrowserComboboxKeyboard(t *testing.T) {
	ctx, base, problems := browse(t)
	input := chromedp.CSS(`input[name=q]`)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(input),
		chromedp.SendKeys(input, "aoyama"),
		chromedp.WaitVisible(chromedp.CSS(`ul.suggest li a[href^="/speakers/"]`)),
		// The answers to earlier keystrokes may still be arriving.
		chromedp.Sleep(time.Second),
	); err != nil {
		t.Fatal(err)
	}
	role := run(t, ctx, chromedp.AttributeValue(input, "role")).Value
	expanded := run(t, ctx, chromedp.AttributeValue(input, "aria-expanded")).Value
	auto := run(t, ctx, chromedp.AttributeValue(input, "aria-autocomplete")).Value
	if role != "combobox" || expanded != "true" || auto != "list" {
		t.Errorf("input role %q aria-expanded %q aria-autocomplete %q", role, expanded, auto)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(input, kb.ArrowDown)); err != nil { // ArrowDown
		t.Fatal(err)
	}
	activeID := run(t, ctx, chromedp.AttributeValue(input, "aria-activedescendant")).Value
	selected := run(t, ctx, chromedp.Evaluate[string](`document.getElementById(document.querySelector("input[name=q]").getAttribute("aria-activedescendant")).getAttribute("aria-selected")`))
	href := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#" + document.querySelector("input[name=q]").getAttribute("aria-activedescendant") + " a").getAttribute("href")`))
	if activeID == "" || selected != "true" {
		t.Fatalf("ArrowDown: active %q selected %q", activeID, selected)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(input, kb.Enter)); err != nil {
		t.Fatal(err)
	}
	// A query started before the page changes loses its document, so
	// wait for the new address first.
	path := ""
	for range 100 {
		if path = run(t, ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`)); path == href {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if path != href {
		t.Fatalf("Enter opened %q, the active suggestion is %q", path, href)
	}
	// A topic is suggested too.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(input),
		chromedp.SendKeys(input, "kubern"),
		chromedp.WaitVisible(chromedp.CSS(`ul.suggest li a[href^="/topics/"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems: %q", p)
	}
}

// TestBrowserSortByDate chooses the newest first.
func TestBrowserSortByDate(t *testing.T) {
	ctx, base, _ := browse(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/search?q=kubernetes"),
		chromedp.WaitVisible(chromedp.CSS(`nav.sort`)),
		chromedp.Click(chromedp.CSS(`nav.sort a[href*="sort=date"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.sort a[aria-current][href*="sort=date"]`)),
	); err != nil {
		t.Fatal(err)
	}
	dates := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.hits > li time")].map(t => t.getAttribute("datetime"))`))
	if len(dates) < 2 || !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("sorted by date: %v", dates)
	}
}

// TestBrowserMultiSelectFacets chooses two languages in the facet, one
// after the other: the hits are in both and the third keeps its count.
func TestBrowserMultiSelectFacets(t *testing.T) {
	ctx, base, _ := browse(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/search?q=kubernetes"),
		chromedp.WaitVisible(chromedp.CSS(`aside.facets`)),
		chromedp.Click(chromedp.CSS(`aside.facets a[href*="lang=ja"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.filter`)),
		chromedp.Click(chromedp.CSS(`aside.facets a[href*="lang=en"]:not([aria-current])`)),
		chromedp.WaitVisible(chromedp.CSS(`a.filter + a.filter`)),
	); err != nil {
		t.Fatal(err)
	}
	langs := run(t, ctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll("ol.hits > li")].map(li => li.lang))].sort()`))
	chosen := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("aside.facets a[aria-current][href*=lang]").length`))
	vi := run(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("aside.facets li")].find(li => li.textContent.includes("Tiếng Việt"))?.querySelector(".count")?.textContent || ""`))
	if !slices.Equal(langs, []string{"en", "ja"}) || chosen != 2 || vi == "" {
		t.Errorf("hits in %v, %d languages chosen, Vietnamese count %q", langs, chosen, vi)
	}
}

// TestBrowserExcludeWord types a query with -word into the search box, as
// the search tips say: the hits shown are fewer and none of them says the
// word left out.
func TestBrowserExcludeWord(t *testing.T) {
	ctx, base, _ := browse(t)
	hrefs := func(q string) []string {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.CSS(`form.search input[name=q]`)),
			chromedp.SendKeys(chromedp.CSS(`form.search input[name=q]`), q),
			chromedp.Submit(chromedp.CSS(`form.search input[name=q]`)),
			// The home page lists recent recaps in ol.hits too: wait for the
			// results page.
			chromedp.WaitVisible(chromedp.CSS(`.results ol.hits`)),
		); err != nil {
			t.Fatal(err)
		}
		return run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.hits > li h3 a")].map(a => a.getAttribute("href"))`))
	}
	all, without := hrefs("kubernetes"), hrefs("kubernetes -ingress")
	if len(without) == 0 || len(without) >= len(all) {
		t.Fatalf("kubernetes: %d hits, kubernetes -ingress: %d; want fewer, but some", len(all), len(without))
	}
	for _, h := range without {
		u, err := url.Parse(h)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(u.Path, "/posts/") {
			continue // a talk page shows every recap of the talk, which may say it
		}
		res, err := http.Get(base + u.Path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if body := strings.ToLower(string(b)); strings.Contains(body, "ingress") {
			t.Errorf("kubernetes -ingress shows %s, which says ingress", u.Path)
		}
	}
}

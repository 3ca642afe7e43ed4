package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
	"github.com/recaphq/recap/server"
)

func runSearch(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	q := search.Query{Size: 10}
	index := envOr(getenv, "RECAP_INDEX", defaultIndex)
	data := envOr(getenv, "RECAP_DATA", defaultData)
	timeout := server.DefaultConfig().SearchTimeout
	fs := newFlagSet("search", "search [flags] QUERY [flags]\n\nFlags may come before or after the words of the query. A word that starts\nwith - and is not a flag, such as -ingress, is a word of the query (it\nexcludes what has it); after --, every argument is a word", s)
	fs.StringVar(&index, "index", index, "index folder (env RECAP_INDEX)")
	fs.StringVar(&data, "data", data, "data folder whose topics.yaml gives cross-language synonyms; recap's own when it has none (env RECAP_DATA)")
	fs.StringVar(&q.Lang, "lang", "", "only this language: vi, ja or en")
	fs.StringVar(&q.Tag, "tag", "", "only posts with this tag")
	fs.StringVar(&q.Topic, "topic", "", "only this topic (a slug of data/topics.yaml)")
	fs.StringVar(&q.Year, "year", "", "only this year")
	fs.StringVar(&q.Type, "type", "", "only posts or only talks: post or talk")
	fs.StringVar(&q.Sort, "sort", search.SortRelevance, "relevance or date")
	fs.IntVar(&q.Size, "n", q.Size, "number of hits to print")
	fs.DurationVar(&timeout, "timeout", timeout, "give up after this long")
	flags, words := splitArgs(fs, args)
	if err := fs.Parse(flags); err != nil {
		return err
	}
	q.Text = strings.Join(words, " ")
	if index == "" {
		return errors.New("--index: empty folder name")
	}
	tax, err := indexer.LoadTaxonomy(data)
	if err != nil {
		return err
	}
	ix, err := store.OpenIndex(index, search.WithSynonyms(search.NewSynonyms(tax)))
	if err != nil {
		return err
	}
	defer ix.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, err := ix.Search(ctx, q)
	if err != nil {
		return err
	}
	printHits(s.out, r)
	return nil
}

// splitArgs parts the arguments of a command whose arguments are words
// into the flags of fs, wherever they are, and the words. An argument is a
// flag when it names one of fs (-n, --n, -n=5), followed by its value
// unless it is a boolean flag or has one after "="; any other argument is
// a word, so that a query's -word keeps its minus. "--" ends the flags.
func splitArgs(fs *flag.FlagSet, args []string) (flags, words []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(words, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			words = append(words, a)
			continue
		}
		name, _, eq := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			if name == "h" || name == "help" {
				flags = append(flags, a) // asks for help
			} else {
				words = append(words, a)
			}
			continue
		}
		flags = append(flags, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); eq || ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, words
}

func printHits(w io.Writer, r *search.Result) {
	fmt.Fprintf(w, "%d results (%s)\n", r.Total, r.Took.Round(time.Microsecond))
	if r.Corrected != "" {
		fmt.Fprintf(w, "showing results for %q\n", r.Corrected)
	}
	for i, h := range r.Hits {
		date := "          "
		if !h.Date.IsZero() {
			date = h.Date.Format(time.DateOnly)
		}
		fmt.Fprintf(w, "\n%2d. [%s %s] %s  %s\n", i+1+(r.Query.Page-1)*r.Query.Size, h.Type, h.Lang, date, h.Title)
		if len(h.Speakers) > 0 {
			fmt.Fprintf(w, "    by %s\n", strings.Join(h.Speakers, ", "))
		}
		fmt.Fprintf(w, "    %s\n", server.HitPath(h))
		if snip := terminalSnippet(h.Snippet); snip != "" {
			fmt.Fprintf(w, "    %s\n", snip)
		}
	}
}

// terminalSnippet shows an excerpt on one line, the matched words in
// *stars*.
func terminalSnippet(e search.Excerpt) string {
	var b strings.Builder
	e.Pieces(func(text string, marked bool) {
		if marked {
			text = "*" + text + "*"
		}
		b.WriteString(text)
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

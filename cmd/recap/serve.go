package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/server"
)

// serveConfig is the configuration of `recap serve`.
type serveConfig struct {
	Index  string
	Data   string
	Watch  bool
	Server server.Config
}

func (c serveConfig) Validate() error {
	if c.Index == "" {
		return errors.New("--index: empty folder name")
	}
	if c.Watch && c.Data == "" {
		return errors.New("--watch: needs --data, the folder to watch")
	}
	return c.Server.Validate()
}

// writes reports whether the server re-indexes, and so is the index's
// writer: when it watches the data folder, or offers the admin API over it.
func (c serveConfig) writes() bool {
	return c.Data != "" && (c.Watch || c.Server.AdminToken != "")
}

func runServe(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	cfg := serveConfig{
		Index:  envOr(getenv, "RECAP_INDEX", defaultIndex),
		Data:   getenv("RECAP_DATA"),
		Server: server.DefaultConfig(),
	}
	cfg.Server.Addr = envOr(getenv, "RECAP_ADDR", cfg.Server.Addr)
	cfg.Server.AdminToken = getenv("RECAP_ADMIN_TOKEN")
	cfg.Server.BaseURL = getenv("RECAP_BASE_URL")
	cfg.Server.CORSOrigins = splitList(getenv("RECAP_CORS_ORIGINS"))
	fs := newFlagSet("serve", "serve [--index DIR] [--data DIR] [--watch] [--addr HOST:PORT]", s)
	fs.StringVar(&cfg.Index, "index", cfg.Index, "index folder (env RECAP_INDEX)")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "folder of posts; indexed first when the index does not exist (env RECAP_DATA)")
	fs.BoolVar(&cfg.Watch, "watch", false, "re-index the posts of --data as they are added, changed and deleted")
	fs.StringVar(&cfg.Server.Addr, "addr", cfg.Server.Addr, "address to listen on (env RECAP_ADDR)")
	fs.DurationVar(&cfg.Server.SearchTimeout, "search-timeout", cfg.Server.SearchTimeout, "longest time a search may take")
	fs.IntVar(&cfg.Server.MaxSearches, "max-searches", cfg.Server.MaxSearches, "searches that run at once; more wait up to --search-queue-wait, then get 503")
	fs.IntVar(&cfg.Server.MaxQueued, "max-queued", cfg.Server.MaxQueued, "searches that wait for a place at once; more get 503 at once")
	fs.DurationVar(&cfg.Server.SearchQueueWait, "search-queue-wait", cfg.Server.SearchQueueWait, "longest time a search waits for a place before a 503")
	fs.StringVar(&cfg.Server.BaseURL, "base-url", cfg.Server.BaseURL, "public address of the site for feeds, sitemap and canonical links, such as https://recap.example.org; empty uses each request's host (env RECAP_BASE_URL)")
	fs.Func("cors-origins", "comma-separated origins allowed to read GET /api/* from a browser, or *; none by default (env RECAP_CORS_ORIGINS)", func(v string) error {
		cfg.Server.CORSOrigins = splitList(v)
		return nil
	})
	if err := parseConfig(fs, args, &cfg); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(s.err, nil))
	// The taxonomy labels the topic pages and gives the searches their
	// cross-language synonyms.
	tax, err := indexer.LoadTaxonomy(cfg.Data)
	if err != nil {
		return err
	}
	searchOpts := []search.Option{search.WithSynonyms(search.NewSynonyms(tax))}
	if cfg.writes() {
		return serveWriter(ctx, cfg, tax, searchOpts, log)
	}
	if cfg.Server.AdminToken != "" {
		log.Warn("RECAP_ADMIN_TOKEN is set but there is no --data to re-index: the admin API is off")
		cfg.Server.AdminToken = ""
	}
	// build indexes --data into --index: a missing index, or one of an
	// older recap, is built before serving.
	build := func(msg string) error {
		log.Info(msg, "data", cfg.Data, "index", cfg.Index)
		sum, err := indexer.Run(ctx, indexer.Options{DataDir: cfg.Data, IndexDir: cfg.Index, Logger: log})
		if err != nil {
			return err
		}
		printSummary(s.err, indexConfig{Data: cfg.Data, Index: cfg.Index}, sum)
		return nil
	}
	if !store.Exists(cfg.Index) {
		if cfg.Data == "" {
			return fmt.Errorf("no index in %s: run recap index, or give --data to build one", cfg.Index)
		}
		if err := build("building index"); err != nil {
			return err
		}
	} else if cfg.Data != "" {
		if _, err := os.Stat(cfg.Data); err != nil {
			return fmt.Errorf("--data: %w", err)
		}
	}
	ix, err := store.OpenIndex(cfg.Index, searchOpts...)
	if errors.Is(err, search.ErrOtherMapping) && cfg.Data != "" {
		if err := build("rebuilding an index built by another version of recap"); err != nil {
			return err
		}
		ix, err = store.OpenIndex(cfg.Index, searchOpts...)
	}
	if errors.Is(err, search.ErrOtherMapping) {
		return fmt.Errorf("%w: run recap index to rebuild it, or give --data", err)
	}
	if err != nil {
		return err
	}
	live := store.NewLive(ix, searchOpts...)
	defer live.Close()
	// A reading server follows the generations that `recap index` runs
	// switch to, until it stops serving.
	follower := store.NewFollower(live, cfg.Index, followInterval, log)
	follower.Start(ctx)
	defer follower.Stop()

	files, err := dataFiles(cfg.Data)
	if err != nil {
		return err
	}
	srv, err := server.NewServer(cfg.Server, server.Deps{Index: live, Taxonomy: tax, Logger: log, Files: files})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx)
}

// dataFiles opens the data folder for the images its posts show; an
// os.Root keeps every read inside it, symbolic links included. No folder,
// no images.
func dataFiles(dir string) (fs.FS, error) {
	if dir == "" {
		return nil, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	return root.FS(), nil
}

// followInterval is how often a reading server checks for a new index.
const followInterval = 2 * time.Second

// serveWriter serves as the index's one writer: it holds the index lock,
// re-indexes on changes (--watch) and on the admin API's request.
func serveWriter(ctx context.Context, cfg serveConfig, tax *taxonomy.Taxonomy, searchOpts []search.Option, log *slog.Logger) error {
	w, err := indexer.OpenWriter(ctx, indexer.Options{DataDir: cfg.Data, IndexDir: cfg.Index, Logger: log, LockWait: 30 * time.Second, Search: searchOpts})
	if err != nil {
		return err
	}
	defer w.Close()
	if cfg.Watch {
		// Catch up with what changed while no server was watching.
		w.Trigger("start")
		// The Writer owns the watcher: Close stops it.
		if err := w.Watch(indexer.DefaultDebounce); err != nil {
			log.Error("watch not started", "err", err)
		}
	}
	files, err := dataFiles(cfg.Data)
	if err != nil {
		return err
	}
	srv, err := server.NewServer(cfg.Server, server.Deps{Index: w.Live(), Reindexer: reindexer{w}, Taxonomy: tax, Logger: log, Files: files})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx)
}

// reindexer shows an indexer.Writer to the server as a server.Reindexer.
// The server owns the types of its API and does not import the indexer,
// which would pull text extraction into it; main wires the two.
type reindexer struct{ w *indexer.Writer }

// Start begins a run; server.ErrBusy says one is going.
func (r reindexer) Start(full bool, trigger string) (string, error) {
	id, err := r.w.Start(full, trigger)
	if errors.Is(err, indexer.ErrBusy) {
		return "", server.ErrBusy
	}
	return id, err
}

// Status returns the current or last run, or nil before the first.
func (r reindexer) Status() *server.RunStatus {
	st := r.w.Status()
	if st == nil {
		return nil
	}
	failures := make([]server.Failure, len(st.Failures))
	for i, f := range st.Failures {
		failures[i] = server.Failure(f)
	}
	return &server.RunStatus{
		ID:        st.ID,
		State:     st.State,
		Full:      st.Full,
		Trigger:   st.Trigger,
		Started:   st.Started,
		Finished:  st.Finished,
		Added:     st.Added,
		Updated:   st.Updated,
		Removed:   st.Removed,
		Unchanged: st.Unchanged,
		Failures:  failures,
		Error:     st.Error,

		FailedRuns: st.FailedRuns,
		RetryAt:    st.RetryAt,
	}
}

// splitList splits a comma-separated flag or variable, dropping blanks.
func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

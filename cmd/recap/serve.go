package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/server"
)

// serveConfig is the configuration of `recap serve`.
type serveConfig struct {
	Index  string
	Data   string
	Server server.Config
}

func (c serveConfig) Validate() error {
	if c.Index == "" {
		return errors.New("--index: empty folder name")
	}
	return c.Server.Validate()
}

func runServe(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	cfg := serveConfig{
		Index:  envOr(getenv, "RECAP_INDEX", defaultIndex),
		Data:   getenv("RECAP_DATA"),
		Server: server.DefaultConfig(),
	}
	cfg.Server.Addr = envOr(getenv, "RECAP_ADDR", cfg.Server.Addr)
	fs := newFlagSet("serve", "serve [--index DIR] [--data DIR] [--addr HOST:PORT]", s)
	fs.StringVar(&cfg.Index, "index", cfg.Index, "index folder (env RECAP_INDEX)")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "folder of posts; indexed first when the index does not exist (env RECAP_DATA)")
	fs.StringVar(&cfg.Server.Addr, "addr", cfg.Server.Addr, "address to listen on (env RECAP_ADDR)")
	fs.DurationVar(&cfg.Server.SearchTimeout, "search-timeout", cfg.Server.SearchTimeout, "longest time a search may take")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(s.err, nil))

	if !indexer.Exists(cfg.Index) {
		if cfg.Data == "" {
			return fmt.Errorf("no index in %s: run recap index, or give --data to build one", cfg.Index)
		}
		log.Info("building index", "data", cfg.Data, "index", cfg.Index)
		sum, err := indexer.Build(ctx, indexer.Options{DataDir: cfg.Data, IndexDir: cfg.Index, Logger: log})
		if err != nil {
			return err
		}
		printSummary(s.err, indexConfig{Data: cfg.Data, Index: cfg.Index}, sum)
	} else if cfg.Data != "" {
		if _, err := os.Stat(cfg.Data); err != nil {
			return fmt.Errorf("--data: %w", err)
		}
	}
	ix, err := indexer.OpenIndex(cfg.Index)
	if err != nil {
		return err
	}
	live := indexer.NewLive(ix)
	defer live.Close()

	srv, err := server.NewServer(cfg.Server, server.Deps{Index: live, Logger: log})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx)
}

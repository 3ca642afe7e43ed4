package baseline

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/recaphq/recap/indexer/search"
)

// Handler serves the baseline index over HTTP as a minimal Go server
// would: GET /api/search?q=... answers the page of hits with their titles
// and highlighted fragments and the facets recap's /api/search shows, as
// bleve's JSON, and GET /healthz answers ok. It is the anchor of the
// serving benchmarks, so it does nothing recap's server does beyond that:
// no queue, no timeout, no rendering.
func Handler(ix *Index, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) {
		sr, err := ix.SearchResult(r.Context(), Request{
			Text: r.URL.Query().Get("q"), Size: search.DefaultSize, Facets: true, Highlight: true,
		})
		if err != nil {
			log.Error("search", "q", r.URL.Query().Get("q"), "err", err)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(sr); err != nil {
			log.Error("write search result", "err", err)
		}
	})
	return mux
}

# recap: build, run, test. Every target is phony: make decides nothing from
# file times; go's own cache does.
.PHONY: build run test lint bench relevance extract-eval fuzz clean

GO      ?= go
BIN     := bin/recap
DATA    ?= data
INDEX   ?= .recap/index
ADDR    ?= 127.0.0.1:8080

build:
	$(GO) build -o $(BIN) ./cmd/recap

# run rebuilds the index of data/ and serves it at http://localhost:8080.
run: build
	./$(BIN) index --data $(DATA) --index $(INDEX)
	./$(BIN) serve --data $(DATA) --index $(INDEX) --addr $(ADDR)

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./cmd/... ./indexer/...

# extract-eval prints talk precision and recall over hand-labelled posts of
# ../shared/corpus, and fails below the targets.
extract-eval:
	$(GO) test ./indexer/extract -run '^TestEval$$' -v -count=1

# fuzz runs every fuzz target for FUZZTIME each (go test fuzzes one at a time).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./indexer/post -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./indexer/extract -run '^$$' -fuzz '^FuzzPost$$' -fuzztime $(FUZZTIME)
	$(GO) test ./indexer/extract -run '^$$' -fuzz '^FuzzEventFromName$$' -fuzztime $(FUZZTIME)
	$(GO) test ./indexer/taxonomy -run '^$$' -fuzz '^FuzzMatchConcepts$$' -fuzztime $(FUZZTIME)

clean:
	rm -rf bin .recap

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

fuzz:
	$(GO) test ./indexer/post -run '^$$' -fuzz FuzzParse -fuzztime 30s

clean:
	rm -rf bin .recap

package textfix

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// viFreqGz holds Vietnamese syllable and syllable-pair counts; see doc.go
// for how it was made.
//
//go:embed data/vi-freq.tsv.gz
var viFreqGz []byte

// langModel scores Vietnamese syllables in context with counts of
// syllables and of adjacent syllable pairs, all in lower case.
type langModel struct {
	uni   map[string]float64
	bi    map[string]float64
	total float64
}

// loadModel is called only when a document has lost bytes, so that clean
// and ordinary damaged text never pay for decompressing the counts.
var loadModel = sync.OnceValue(func() *langModel {
	m, err := parseModel(bytes.NewReader(viFreqGz))
	if err != nil {
		// The data is embedded and checked by TestModelData; an empty
		// model still ranks candidates by the syllable rules alone.
		return &langModel{uni: map[string]float64{}, bi: map[string]float64{}}
	}
	return m
})

// parseModel reads gzip'd lines "u<TAB>syllable<TAB>count" and
// "b<TAB>syllable syllable<TAB>count".
func parseModel(r io.Reader) (*langModel, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read counts: %w", err)
	}
	m := &langModel{uni: make(map[string]float64, 8192), bi: make(map[string]float64, 65536)}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		n, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("read counts: line %q: %w", sc.Text(), err)
		}
		switch f[0] {
		case "u":
			m.uni[f[1]] = n
			m.total += n
		case "b":
			m.bi[f[1]] = n
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read counts: %w", err)
	}
	return m, nil
}

// mu is the Dirichlet prior weight that blends pair counts with the
// unigram distribution.
const mu = 4.0

func (m *langModel) p(w string) float64 {
	return (m.uni[w] + 0.1) / (m.total + 0.1*float64(len(m.uni)+1) + 1)
}

// pGiven is P(w | prev) smoothed towards P(w).
func (m *langModel) pGiven(prev, w string) float64 {
	return (m.bi[prev+" "+w] + mu*m.p(w)) / (m.uni[prev] + mu)
}

// logScore scores the syllable w between prev and next (either may be "",
// meaning no Vietnamese neighbour).
func (m *langModel) logScore(prev, w, next string) float64 {
	var s float64
	if prev != "" {
		s = math.Log(m.pGiven(prev, w))
	} else {
		s = math.Log(m.p(w))
	}
	if next != "" {
		s += math.Log(m.pGiven(w, next)) - math.Log(m.p(next))
	}
	return s
}

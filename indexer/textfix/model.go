package textfix

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sync"
)

// viFreqGz holds Vietnamese syllable and syllable-pair counts; see doc.go
// for how it was made.
//
//go:embed data/vi-freq.tsv.gz
var viFreqGz []byte

// langModel scores Vietnamese syllables in context with counts of
// syllables and of adjacent syllable pairs, all in lower case. Pairs are
// keyed by the two syllables' numbers, which keeps loading quick.
type langModel struct {
	id    map[string]uint32 // syllable → number
	count []float64         // by number
	bi    map[uint32]float64
	total float64
}

// loadModel is called only when a document has lost bytes, so that clean
// and ordinary damaged text never pay for decompressing the counts.
var loadModel = sync.OnceValue(func() *langModel {
	m, err := parseModel(bytes.NewReader(viFreqGz))
	if err != nil {
		// The data is embedded and checked by TestModelData; an empty
		// model still ranks candidates by the syllable rules alone.
		return &langModel{id: map[string]uint32{}, bi: map[uint32]float64{}}
	}
	return m
})

// parseModel reads gzip'd lines "u<TAB>syllable<TAB>count" and
// "b<TAB>syllable syllable<TAB>count".
func parseModel(r io.Reader) (*langModel, error) {
	data, err := gunzip(r)
	if err != nil {
		return nil, fmt.Errorf("read counts: %w", err)
	}
	m := &langModel{id: make(map[string]uint32, 4096), bi: make(map[uint32]float64, 65536)}
	// Syllables first, so that pairs can be keyed by their numbers.
	for _, kind := range []byte{'u', 'b'} {
		for line := range bytes.Lines(data) {
			if len(line) < 3 || line[0] != kind {
				continue
			}
			key, num, ok := bytes.Cut(bytes.TrimRight(line[2:], "\n"), []byte{'\t'})
			n, okn := atoi(num)
			if !ok || !okn {
				return nil, fmt.Errorf("read counts: bad line %q", line)
			}
			if kind == 'u' {
				m.id[string(key)] = uint32(len(m.count))
				m.count = append(m.count, float64(n))
				m.total += float64(n)
				continue
			}
			a, b, ok := bytes.Cut(key, []byte{' '})
			ia, oka := m.id[string(a)]
			ib, okb := m.id[string(b)]
			if !ok || !oka || !okb {
				return nil, fmt.Errorf("read counts: pair %q of unknown syllables", key)
			}
			m.bi[ia<<16|ib] = float64(n)
		}
	}
	if len(m.count) >= 1<<16 {
		return nil, fmt.Errorf("read counts: %d syllables, more than pair keys hold", len(m.count))
	}
	return m, nil
}

// atoi parses a count.
// gunzip reads all of the gzip'd stream r: the counts files, Vietnamese
// and Japanese, are stored so.
func gunzip(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// mu is the Dirichlet prior weight that blends pair counts with the
// unigram distribution.
const mu = 4.0

func (m *langModel) c(w string) float64 {
	if i, ok := m.id[w]; ok {
		return m.count[i]
	}
	return 0
}

func (m *langModel) p(w string) float64 {
	return (m.c(w) + 0.1) / (m.total + 0.1*float64(len(m.count)+1) + 1)
}

// pGiven is P(w | prev) smoothed towards P(w).
func (m *langModel) pGiven(prev, w string) float64 {
	var pair float64
	if a, ok := m.id[prev]; ok {
		if b, ok := m.id[w]; ok {
			pair = m.bi[a<<16|b]
		}
	}
	return (pair + mu*m.p(w)) / (m.c(prev) + mu)
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

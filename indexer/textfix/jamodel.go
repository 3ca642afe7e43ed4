package textfix

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sync"
	"unicode/utf8"
)

// jaFreqGz holds counts of Japanese characters and of pairs of adjacent
// ones; see doc.go for how it was made.
//
//go:embed data/ja-freq.tsv.gz
var jaFreqGz []byte

// jaModel scores Japanese characters by their neighbours, with counts of
// characters and of adjacent pairs.
type jaModel struct {
	uni   map[rune]float64
	bi    map[[2]rune]float64
	total float64
}

// loadJaModel is called only when Japanese characters lost bytes.
var loadJaModel = sync.OnceValue(func() *jaModel {
	m, err := parseJaModel(bytes.NewReader(jaFreqGz))
	if err != nil {
		// The data is embedded and checked by TestJaModelData; an
		// empty model leaves the choice to the dictionary.
		return &jaModel{uni: map[rune]float64{}, bi: map[[2]rune]float64{}}
	}
	return m
})

// parseJaModel reads gzip'd lines "u<TAB>c<TAB>count" and
// "b<TAB>cd<TAB>count".
func parseJaModel(r io.Reader) (*jaModel, error) {
	data, err := gunzip(r)
	if err != nil {
		return nil, fmt.Errorf("read Japanese counts: %w", err)
	}
	m := &jaModel{uni: make(map[rune]float64, 4096), bi: make(map[[2]rune]float64, 1<<16)}
	for line := range bytes.Lines(data) {
		line = bytes.TrimRight(line, "\n")
		if len(line) < 3 || line[1] != '\t' {
			return nil, fmt.Errorf("read Japanese counts: bad line %q", line)
		}
		key, num, ok := bytes.Cut(line[2:], []byte{'\t'})
		n, okn := atoi(num)
		if !ok || !okn {
			return nil, fmt.Errorf("read Japanese counts: bad line %q", line)
		}
		a, size := utf8.DecodeRune(key)
		switch {
		case line[0] == 'u' && size == len(key) && a != utf8.RuneError:
			m.uni[a] = float64(n)
			m.total += float64(n)
		case line[0] == 'b' && a != utf8.RuneError:
			b, size2 := utf8.DecodeRune(key[size:])
			if b == utf8.RuneError || size+size2 != len(key) {
				return nil, fmt.Errorf("read Japanese counts: bad pair %q", key)
			}
			m.bi[[2]rune{a, b}] = float64(n)
		default:
			return nil, fmt.Errorf("read Japanese counts: bad line %q", line)
		}
	}
	return m, nil
}

func (m *jaModel) p(c rune) float64 {
	return (m.uni[c] + 0.1) / (m.total + 0.1*float64(len(m.uni)+1) + 1)
}

// pGiven is P(c | prev) smoothed towards P(c).
func (m *jaModel) pGiven(prev, c rune) float64 {
	return (m.bi[[2]rune{prev, c}] + mu*m.p(c)) / (m.uni[prev] + mu)
}

// chainScore is the log probability of the Japanese characters of text,
// each given the one before it.
func (m *jaModel) chainScore(text []byte) float64 {
	s := 0.0
	var prev rune
	for _, r := range string(text) {
		if !isJapaneseCand(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			s += math.Log(m.pGiven(prev, r))
		} else {
			s += math.Log(m.p(r))
		}
		prev = r
	}
	return s
}

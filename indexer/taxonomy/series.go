package taxonomy

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// EventsFile names the meetup series file that Load reads when present.
const EventsFile = "events.yaml"

// SeriesEntry is one meetup series of events.yaml: the name its events are
// shown under, and the other names posts give it. Two posts that recap one
// meetup under different names ("Vietnam Kubernetes Community #1",
// "Vietkubers Meetup #1") then name one event.
type SeriesEntry struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

type eventsFile struct {
	Series []SeriesEntry `yaml:"series"`
}

// loadSeries reads events.yaml from fsys, if it is there, into t.
func (t *Taxonomy) loadSeries(fsys fs.FS) error {
	b, err := fs.ReadFile(fsys, EventsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load taxonomy: %w", err)
	}
	var ef eventsFile
	if err := decodeStrict(b, &ef); err != nil {
		return fmt.Errorf("%s: %w", EventsFile, err)
	}
	return t.setSeries(ef.Series)
}

// setSeries indexes the series by every name they go by. A name that two
// series claim is an error: recap never guesses which one was meant.
func (t *Taxonomy) setSeries(entries []SeriesEntry) error {
	t.seriesByName = make(map[string]string)
	var errs []error
	for i, e := range entries {
		name := strings.Join(strings.Fields(e.Name), " ")
		if name == "" {
			errs = append(errs, fmt.Errorf("%s: series[%d]: missing name", EventsFile, i))
			continue
		}
		for _, n := range append([]string{name}, e.Aliases...) {
			k := nameKey(n)
			if k == "" {
				continue
			}
			if other, ok := t.seriesByName[k]; ok && other != name {
				errs = append(errs, fmt.Errorf("%s: series[%d] (%s): %q also names %s", EventsFile, i, name, n, other))
				continue
			}
			t.seriesByName[k] = name
		}
	}
	return errors.Join(errs...)
}

// Series returns the name a meetup series is shown under: the name of the
// events.yaml entry that lists name, or name itself.
func (t *Taxonomy) Series(name string) string {
	if t != nil {
		if s, ok := t.seriesByName[nameKey(name)]; ok {
			return s
		}
	}
	return name
}

package post

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/recaphq/recap/indexer/kb"
	"go.yaml.in/yaml/v3"
)

// splitFrontMatter separates front matter from the body. A file that opens
// with a "---" line is YAML up to the next "---" (or "...") line; "+++" opens
// TOML. A fence that is never closed is an error, since the rest of the file
// would otherwise be taken as metadata or shown as garbage.
func splitFrontMatter(text string) (meta map[string]any, body, format string, err error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	first, rest, _ := strings.Cut(text, "\n")
	switch strings.TrimRight(first, " \t") {
	case "---":
		raw, body, ok := cutFence(rest, "---", "...")
		if !ok {
			return nil, "", "", fmt.Errorf("YAML front matter: no closing --- line")
		}
		meta = map[string]any{}
		if err := yaml.Unmarshal([]byte(raw), &meta); err != nil {
			return nil, "", "", fmt.Errorf("YAML front matter: %w", err)
		}
		return meta, body, kb.FormatYAML, nil
	case "+++":
		raw, body, ok := cutFence(rest, "+++")
		if !ok {
			return nil, "", "", fmt.Errorf("TOML front matter: no closing +++ line")
		}
		meta = map[string]any{}
		if _, err := toml.NewDecoder(bytes.NewReader([]byte(raw))).Decode(&meta); err != nil {
			return nil, "", "", fmt.Errorf("TOML front matter: %w", err)
		}
		return meta, body, kb.FormatTOML, nil
	}
	return nil, text, kb.FormatMarkdown, nil
}

func cutFence(s string, closers ...string) (inner, after string, ok bool) {
	off := 0
	for off <= len(s) {
		line, _, found := strings.Cut(s[off:], "\n")
		t := strings.TrimRight(line, " \t")
		for _, c := range closers {
			if t == c {
				end := off + len(line)
				if found {
					end++
				}
				return s[:off], s[end:], true
			}
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	return "", "", false
}

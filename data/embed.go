// Package data embeds recap's default topic taxonomy and speaker aliases,
// so that a data folder without its own topics.yaml still gets topics. The
// sample posts beside them are read from disk, never embedded.
package data

import "embed"

// Taxonomy holds topics.yaml and speakers.yaml.
//
//go:embed topics.yaml speakers.yaml
var Taxonomy embed.FS

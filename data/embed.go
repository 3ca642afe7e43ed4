// Package data embeds recap's default topic taxonomy, speaker aliases and
// meetup series, so that a data folder without its own topics.yaml still
// gets topics. The sample posts beside them are read from disk, never
// embedded.
package data

import "embed"

// Taxonomy holds topics.yaml, speakers.yaml and events.yaml.
//
//go:embed topics.yaml speakers.yaml events.yaml
var Taxonomy embed.FS

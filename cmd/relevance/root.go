package main

import (
	"os"
	"path/filepath"
)

// moduleRoot returns the folder of the nearest go.mod at or above the
// working directory, or "." when there is none. The benchmark's default
// paths (data/, ../shared, its query set) are relative to the repository
// root, and finding the root lets the command and its tests read them
// whether they run from the root (make relevance) or from this package's
// folder (go test, go run .), and keeps them right if the package moves.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}

package store

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"reflect"
	"testing"
)

func sampleManifest() *Manifest {
	return &Manifest{Files: map[string]*FileRecord{
		"2024/a.md":     {Size: 120, ModTime: 1_700_000_000_123456789, Hash: [32]byte{1, 2, 3}, Indexed: 1_700_000_001_000000000, Docs: []string{"post:a", "talk:a-1"}},
		"2024/ab.md":    {Size: 7, ModTime: -5, Hash: [32]byte{31: 9}, Indexed: 3, Docs: []string{"post:ab"}},
		"b.md":          {Size: 0, ModTime: 0, Failure: "front matter: unclosed"},
		"日本/ポスト.md":     {Size: 1 << 40, ModTime: 42, Docs: []string{"post:ja"}},
		"2024/sub/c.md": {Size: 1, Docs: []string{}},
	}}
}

func TestManifestRoundTrip(t *testing.T) {
	cases := map[string]*Manifest{
		"empty":  NewManifest(),
		"sample": sampleManifest(),
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			b, err := m.encode()
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeManifest(b)
			if err != nil {
				t.Fatal(err)
			}
			// An empty list of documents decodes as none.
			for _, r := range m.Files {
				if len(r.Docs) == 0 {
					r.Docs = nil
				}
			}
			if !reflect.DeepEqual(got, m) {
				t.Errorf("decoded %+v, want %+v", got, m)
			}
		})
	}
}

// TestManifestV1 checks that a manifest written by the version before
// (gzipped gob) is still read.
func TestManifestV1(t *testing.T) {
	m := sampleManifest()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gob.NewEncoder(zw).Encode(m); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	got, err := decodeManifest(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != len(m.Files) || got.Files["2024/a.md"].Docs[1] != "talk:a-1" {
		t.Errorf("decoded %+v", got.Files)
	}
}

func TestManifestCorrupt(t *testing.T) {
	good, err := sampleManifest().encode()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"truncated":     good[:len(good)-3],
		"trailing":      append(append([]byte{}, good...), 0),
		"huge count":    append([]byte("RMF2"), 0xff, 0xff, 0xff, 0xff, 0x0f),
		"shared beyond": append([]byte("RMF2"), 1, 5, 0),
		"magic only":    []byte("RMF2"),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := decodeManifest(b); err == nil {
				t.Error("no error")
			} else if name != "magic only" && !errors.Is(err, errManifestCorrupt) {
				t.Errorf("error %v, want errManifestCorrupt", err)
			}
		})
	}
}

// FuzzDecodeManifest checks that no input makes the decoder fail other than
// by an error, and that what it decodes encodes back to the same bytes.
func FuzzDecodeManifest(f *testing.F) {
	good, err := sampleManifest().encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("RMF2\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !bytes.HasPrefix(b, manifestMagic) {
			return // version 1 is gob's to fuzz
		}
		m, err := decodeManifest(b)
		if err != nil {
			return
		}
		again, err := m.encode()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := decodeManifest(again)
		if err != nil {
			t.Fatalf("re-encoded manifest does not decode: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Errorf("round trip changed the manifest")
		}
	})
}

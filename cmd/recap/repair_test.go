package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const (
	damagedPost = "../../data/posts/vi/2019-06-22-vietkubers-meetup-2-mojibake.md"
	cleanPost   = "../../indexer/textfix/testdata/vietkubers-meetup-2.clean.md"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunRepair(t *testing.T) {
	clean := string(readFile(t, cleanPost))
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("plain\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	image := filepath.Join(dir, "photo.png")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0x00, 0x01, 0x7f, 0xc3, 0x9e}, 200)...)
	if err := os.WriteFile(image, png, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantOut    string
		wantErr    bool
		errHas     string // in the returned error and stderr
		errOnly    string // in the returned error, which main prints
		stderrHas  []string
		stderrNone bool
	}{
		{name: "stdin", stdin: "vÃ\u00a0 cafÃ©\r\n", wantOut: "và café\n", stderrNone: true},
		{name: "stdin report", args: []string{"--report"}, stdin: "nhiá»u ngÆ°á»i Ä‘Ã£ Ä‘áº¿n", wantOut: "nhiều người đã đến",
			stderrHas: []string{"mojibake", "lost-byte", "nhiều", "người"}},
		{name: "files in order", args: []string{damagedPost, plain}, wantOut: clean + "plain\n", stderrNone: true},
		{name: "file report", args: []string{"-report", damagedPost}, wantOut: clean,
			stderrHas: []string{"== " + damagedPost, "encoding: utf-8; mojibake through windows-1252", "restored words"}},
		// A failed file is told once, in the error main prints, not also
		// on standard error.
		{name: "missing file", args: []string{filepath.Join(dir, "nope.md"), plain}, wantOut: "plain\n", wantErr: true,
			errOnly: "nope.md", stderrNone: true},
		{name: "binary file", args: []string{image, plain}, wantOut: "plain\n", wantErr: true,
			errOnly: "photo.png: binary: not text", stderrNone: true},
		{name: "binary stdin", stdin: "\x00\x01\x02\x03\x04\x05\x06\x07", wantErr: true,
			errOnly: "repair standard input: binary", wantOut: ""},
		{name: "bad flag", args: []string{"--frobnicate"}, wantErr: true, stderrHas: []string{"Usage: recap repair"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := runRepair(context.Background(), tt.args, strings.NewReader(tt.stdin), &out, &errb)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v; stderr:\n%s", err, tt.wantErr, errb.String())
			}
			if tt.errHas != "" && (!strings.Contains(err.Error(), tt.errHas) || !strings.Contains(errb.String(), tt.errHas)) {
				t.Errorf("error %q / stderr %q do not name %q", err, errb.String(), tt.errHas)
			}
			if tt.errOnly != "" && !strings.Contains(err.Error(), tt.errOnly) {
				t.Errorf("error %q does not name %q", err, tt.errOnly)
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", firstLine(out.String()), firstLine(tt.wantOut))
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(errb.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, errb.String())
				}
			}
			if tt.stderrNone && errb.Len() > 0 {
				t.Errorf("stderr not empty: %s", errb.String())
			}
		})
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 && i < len(s)-1 {
		return s[:i] + "…"
	}
	return s
}

func TestRunRepairHelp(t *testing.T) {
	var out, errb bytes.Buffer
	err := runRepair(context.Background(), []string{"-h"}, strings.NewReader(""), &out, &errb)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, s := range []string{"Usage: recap repair [--report] [FILE...]", "-report", "standard input"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("help on standard output lacks %q", s)
		}
	}
	if errb.Len() > 0 {
		t.Errorf("help asked for wrote to standard error: %s", errb.String())
	}
}

// BenchmarkRepairProcess measures `recap repair` as a whole process on
// 2 MB of input: start-up, reading, repairing and writing.
func BenchmarkRepairProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "recap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	if err := exec.Command(bin, "repair", "-h").Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() != 0 {
			b.Skip("this recap binary does not dispatch `repair` yet")
		}
	}
	inputs := []struct {
		name string
		unit []byte
	}{{"clean", readFile(b, cleanPost)}, {"damaged", readFile(b, damagedPost)}}
	// The Vietnamese posts of the shared corpus, as published (a few
	// lines not NFC) and as an NFC copy, which is clean.
	if vi := corpusPosts(b, "vi"); vi != nil {
		inputs = append(inputs, struct {
			name string
			unit []byte
		}{"vi-corpus", vi}, struct {
			name string
			unit []byte
		}{"vi-corpus-nfc", norm.NFC.Bytes(vi)})
	}
	for _, c := range inputs {
		in := bytes.Repeat(c.unit, (2<<20)/len(c.unit)+1)[:2<<20]
		// Cut at a line end so the input stays whole UTF-8.
		in = in[:bytes.LastIndexByte(in, '\n')+1]
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				cmd := exec.Command(bin, "repair")
				cmd.Stdin = bytes.NewReader(in)
				var out bytes.Buffer
				cmd.Stdout = &out
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				if out.Len() == 0 {
					b.Fatal("no output")
				}
			}
		})
	}
}

// corpusPosts returns the posts of ../shared/corpus in lang, joined in
// name order, or nil when there is no shared corpus.
func corpusPosts(tb testing.TB, lang string) []byte {
	tb.Helper()
	files, _ := filepath.Glob("../../../shared/corpus/" + lang + "/*.md")
	sort.Strings(files)
	var all []byte
	for _, f := range files {
		all = append(all, readFile(tb, f)...)
	}
	return all
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds recap once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "recap")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestBinaryEndToEnd indexes a folder with the built binary, serves it on a
// free port, queries the API, and stops the server with SIGTERM.
func TestBinaryEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "idx")
	posts := map[string]string{
		"vi/2019-01-07-a.md": "---\ntitle: Gặp mặt Kubernetes\n---\nCác kỹ sư nói về Kubernetes.\n",
		"ja/2019-04-22-b.md": "---\ntitle: Kubernetes 勉強会\n---\nコンテナの話をしました。Kubernetes も。\n",
		"en/2019-05-01-c.md": "---\ntitle: Kubernetes notes\n---\nTalks about Kubernetes.\n",
		"en/bad.md":          "---\ntitle: [\n---\n",
	}
	for name, body := range posts {
		p := filepath.Join(data, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(bin, "index", "--data", data, "--index", index).CombinedOutput()
	if err != nil {
		t.Fatalf("recap index: %v\n%s", err, out)
	}
	for _, want := range []string{"3 posts indexed", "en 1, ja 1, vi 1", "en/bad.md: YAML front matter"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("index output lacks %q:\n%s", want, out)
		}
	}

	out, err = exec.Command(bin, "search", "--index", index, "ky", "su").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("Gặp mặt Kubernetes")) {
		t.Errorf("recap search ky su: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "search", "--index", index, "kubernets").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(`showing results for "kubernetes"`)) {
		t.Errorf("recap search kubernets: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	srv := exec.Command(bin, "serve", "--index", index, "--addr", addr)
	var logs bytes.Buffer
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	waitHealthy(t, base)

	resp, err := http.Get(base + "/api/search?q=kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Total int `json:"total"`
		Hits  []struct {
			Lang string `json:"lang"`
			URL  string `json:"url"`
		} `json:"hits"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil || body.Total != 3 {
		t.Fatalf("search: total %d, err %v", body.Total, err)
	}
	langs := map[string]bool{}
	for _, h := range body.Hits {
		langs[h.Lang] = true
	}
	if len(langs) != 3 {
		t.Errorf("hits in languages %v, want vi, ja and en", langs)
	}
	if r, err := http.Get(base + body.Hits[0].URL); err != nil || r.StatusCode != 200 {
		t.Errorf("first hit's page: %v %v", r, err)
	}

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("no graceful shutdown in the log:\n%s", logs.String())
	}
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server at %s not healthy", base)
}

func TestRunUsage(t *testing.T) {
	// Help asked for is the output (stdout, so that it can be paged);
	// usage after a mistake goes with the mistake to stderr.
	const stdout, stderr = true, false
	tests := []struct {
		args   []string
		err    bool
		want   string
		stream bool
	}{
		{nil, true, "Commands:", stderr},
		{[]string{"help"}, false, "recap COMMAND", stdout},
		{[]string{"--help"}, false, "Commands:", stdout},
		{[]string{"-h"}, false, "Commands:", stdout},
		{[]string{"nope"}, true, `unknown command "nope"`, stderr},
		{[]string{"index", "--help"}, true, "Usage: recap index", stdout},
		{[]string{"index", "--bogus"}, true, "Usage: recap index", stderr},
		{[]string{"serve", "-h"}, true, "Usage: recap serve", stdout},
		{[]string{"search", "--help"}, true, "Usage: recap search", stdout},
		{[]string{"search", "kubernetes", "--help"}, true, "Usage: recap search", stdout},
		{[]string{"repair", "--help"}, true, "repair", stdout},
		{[]string{"--version"}, false, "recap ", stdout},
		{[]string{"version"}, false, "recap ", stdout},
		{[]string{"version", "x"}, true, "", stderr},
		{[]string{"index", "--data", ""}, true, "", stderr},
		{[]string{"serve", "--index", filepath.Join(os.TempDir(), "recap-none-"+fmt.Sprint(time.Now().UnixNano()))}, true, "", stderr},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), tt.args, stdio{strings.NewReader(""), &out, &errb}, func(string) string { return "" })
			if (err != nil) != tt.err {
				t.Errorf("err = %v, want error %v", err, tt.err)
			}
			got, other := errb.String(), out.String()
			if tt.stream == stdout {
				got, other = other, got
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output lacks %q:\nstdout: %s\nstderr: %s", tt.want, out.String(), errb.String())
			}
			if tt.want != "" && strings.Contains(other, tt.want) {
				t.Errorf("%q written to the wrong stream:\nstdout: %s\nstderr: %s", tt.want, out.String(), errb.String())
			}
		})
	}
}

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		args         []string
		flags, words []string
	}{
		{[]string{"ky", "su", "-n", "5"}, []string{"-n", "5"}, []string{"ky", "su"}},
		{[]string{"-n", "5", "ky", "su"}, []string{"-n", "5"}, []string{"ky", "su"}},
		{[]string{"kubernetes", "--lang=ja", "-ingress"}, []string{"--lang=ja"}, []string{"kubernetes", "-ingress"}},
		{[]string{"a", "--", "-n", "5"}, nil, []string{"a", "-n", "5"}},
		{[]string{"a", "-n"}, []string{"-n"}, []string{"a"}}, // Parse reports the missing value
		{[]string{"a", "--help"}, []string{"--help"}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("search", flag.ContinueOnError)
			fs.Int("n", 10, "")
			fs.String("lang", "", "")
			flags, words := splitArgs(fs, tt.args)
			if !slices.Equal(flags, tt.flags) || !slices.Equal(words, tt.words) {
				t.Errorf("flags %q words %q, want %q %q", flags, words, tt.flags, tt.words)
			}
		})
	}
}

func TestEnvDefaults(t *testing.T) {
	data := t.TempDir()
	index := filepath.Join(t.TempDir(), "idx")
	os.WriteFile(filepath.Join(data, "a.md"), []byte("---\ntitle: Env post\n---\nhello meetup\n"), 0o644)
	env := map[string]string{"RECAP_DATA": data, "RECAP_INDEX": index}
	var out bytes.Buffer
	err := run(context.Background(), []string{"index"}, stdio{nil, &out, &out}, func(k string) string { return env[k] })
	if err != nil || !strings.Contains(out.String(), "1 posts indexed") {
		t.Fatalf("index from env: %v\n%s", err, out.String())
	}
}

// TestProgressLines checks that a run off a terminal tells how far it is
// every progressEvery, however few files it has, and not on every file.
func TestProgressLines(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, slog.New(slog.NewTextHandler(&buf, nil)))
	clock := time.Unix(0, 0)
	p.now = func() time.Time { return clock }
	for done := 1; done <= 50; done++ {
		p.update(done, 100)
		clock = clock.Add(500 * time.Millisecond)
	}
	if n := strings.Count(buf.String(), "msg=indexing"); n < 10 || n > 13 {
		t.Errorf("%d progress lines over 25 s of run, want one every %v:\n%s", n, progressEvery, buf.String())
	}
	if !strings.Contains(buf.String(), "total=100") {
		t.Errorf("progress lines do not tell the total:\n%s", buf.String())
	}
}

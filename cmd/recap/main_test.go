package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
	tests := []struct {
		args []string
		err  bool
		want string
	}{
		{nil, true, "Commands:"},
		{[]string{"help"}, false, "recap COMMAND"},
		{[]string{"nope"}, true, `unknown command "nope"`},
		{[]string{"index", "--help"}, true, "Usage: recap index"},
		{[]string{"serve", "-h"}, true, "Usage: recap serve"},
		{[]string{"search", "--help"}, true, "Usage: recap search"},
		{[]string{"repair", "--help"}, true, "repair"},
		{[]string{"index", "--data", ""}, true, ""},
		{[]string{"serve", "--index", filepath.Join(os.TempDir(), "recap-none-"+fmt.Sprint(time.Now().UnixNano()))}, true, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), tt.args, stdio{strings.NewReader(""), &out, &errb}, func(string) string { return "" })
			if (err != nil) != tt.err {
				t.Errorf("err = %v, want error %v", err, tt.err)
			}
			if !strings.Contains(errb.String()+out.String(), tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, out.String(), errb.String())
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

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		defer outW.Close()
		done <- run(ctx, []string{"-world", "quiet", "-token", "T", "-problems"}, outW, &stderr)
	}()

	// Read the three environment lines.
	env := map[string]string{}
	sc := bufio.NewScanner(outR)
	for len(env) < 3 && sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		env[k] = v
	}
	if env["GH_ENTERPRISE_TOKEN"] != "T" || env["GH_HOST"] == "" {
		t.Fatalf("got environment %v, want GH_HOST, SSL_CERT_FILE and the token", env)
	}

	// A client configured from them only can list commits.
	status := getWithEnv(t, env, "/api/v3/repos/fake-org/repo-001/commits")
	if status != http.StatusOK {
		t.Errorf("got status %d, want 200", status)
	}
	status = getWithEnv(t, env, "/api/v3/repos/fake-org/empty/commits")
	if status != http.StatusConflict {
		t.Errorf("empty repository: got status %d, want 409", status)
	}

	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("got exit code %d, want %d", code, exitOK)
	}
	_, _ = io.Copy(io.Discard, outR)
	var st struct{ Requests, Counted int }
	if err := json.Unmarshal(stderr.Bytes(), &st); err != nil || st.Requests != 2 {
		t.Errorf("got stats %s (%v), want JSON with 2 requests", stderr.Bytes(), err)
	}
	if _, err := os.Stat(env["SSL_CERT_FILE"]); !os.IsNotExist(err) {
		t.Errorf("certificate %s left behind (stat: %v)", env["SSL_CERT_FILE"], err)
	}
}

func getWithEnv(t *testing.T, env map[string]string, path string) int {
	t.Helper()
	pem, err := os.ReadFile(env["SSL_CERT_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()

	req, _ := http.NewRequest(http.MethodGet, "https://"+env["GH_HOST"]+path, nil)
	req.Header.Set("Authorization", "token "+env["GH_ENTERPRISE_TOKEN"])
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"unknown world", []string{"-world", "mars"}, exitUsage},
		{"unknown flag", []string{"-nope"}, exitUsage},
		{"bad since", []string{"-since", "yesterday"}, exitUsage},
		{"help", []string{"-h"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(context.Background(), tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("got exit code %d, want %d (stderr: %s)", got, tt.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("got stdout %q, want nothing", stdout.String())
			}
		})
	}
}

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
	"github.com/hacktivity-fetch/hacktivity-fetch/stages"
)

// sampleSummary is a run with one failure of each kind and a bad input line.
func sampleSummary() runSummary {
	return runSummary{
		Summary: stages.Summary{
			Repos: 5, Complete: 3, Empty: 1, Commits: 12345, BadInput: 1, Operation: "op-1",
			Failures: []stages.Failure{
				{Repo: "fake-org/missing", Line: 4, Status: 404, Reason: "not found (HTTP 404)"},
				{Repo: "fake-org/slow", Line: 5, Reason: "context deadline exceeded"},
			},
		},
		Elapsed: 72*time.Second + 400*time.Millisecond,
		Sent:    limiter.Stats{Sent: 1312, Counted: 1290, NotModified: 22, Retries: 3},
		Quota: []stages.RateStatus{{Resource: "core", Limit: 5000, Remaining: 3688,
			Reset: time.Date(2026, 12, 3, 14, 5, 0, 0, time.Local)}},
		Input: []stages.InputError{{Source: stages.SourceStdin, Line: 6, Text: "foo bar",
			Reason: "no owner/name"}},
		ExitCode: exitPartial,
	}
}

func TestSummaryText(t *testing.T) {
	var b strings.Builder
	if err := sampleSummary().writeText(&b); err != nil {
		t.Fatal(err)
	}
	want := `repositories  5: 3 complete (1 empty), 2 failed
              fake-org/missing: not found (HTTP 404)
              fake-org/slow: context deadline exceeded
bad input     1 line
              stdin line 6: "foo bar": no owner/name
commits       12,345
requests      1,312 sent, 1,290 cost quota
elapsed       1m12s
quota left    3,688 of 5,000 (core), resets 14:05:00
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSummaryJSONFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.json")
	if err := sampleSummary().writeJSONFile(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got summaryJSON
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, data)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"operation", got.Operation, "op-1"},
		{"exit code", got.ExitCode, exitPartial},
		{"complete", got.Complete, 3},
		{"failed", got.Failed, 2},
		{"first failure", got.Failures[0].Repo, "fake-org/missing"},
		{"its status", got.Failures[0].Status, 404},
		{"bad input", got.BadInput, 1},
		{"commits", got.Commits, int64(12345)},
		{"requests sent", got.Requests.Sent, int64(1312)},
		{"requests that cost quota", got.Requests.Counted, int64(1290)},
		{"elapsed", got.ElapsedSeconds, 72.4},
		{"quota left", got.Quota[0].Remaining, 3688},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestErrorsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "errors.ndjson")
	if err := sampleSummary().writeErrorsFile(path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []errorLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l errorLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, l)
	}
	want := []errorLine{
		{Kind: "repository", Repo: "fake-org/missing", Line: 4, Status: 404},
		{Kind: "repository", Repo: "fake-org/slow", Line: 5},
		{Kind: "input", Source: "stdin", Line: 6, Text: "foo bar"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.Kind || g.Repo != w.Repo || g.Line != w.Line || g.Status != w.Status ||
			g.Source != w.Source || g.Text != w.Text {
			t.Errorf("line %d: got %+v, want %+v", i+1, g, w)
		}
		if g.Error == "" || g.Action == "" {
			t.Errorf("line %d does not say why and what to do: %+v", i+1, g)
		}
	}
}

func TestNoErrorsMakesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "errors.ndjson")
	if err := (runSummary{}).writeErrorsFile(path); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || len(data) != 0 {
		t.Errorf("got %q (%v), want an empty file", data, err)
	}
}

func TestFailureAction(t *testing.T) {
	tests := []struct {
		failure stages.Failure
		want    string // a word the advice must hold
	}{
		{stages.Failure{Status: 0}, "run again"},
		{stages.Failure{Status: 401}, "gh auth login"},
		{stages.Failure{Status: 403, Reason: "enforces SAML single sign-on"}, "SSO"},
		{stages.Failure{Status: 403}, "token"},
		{stages.Failure{Status: 404}, "check the name"},
		{stages.Failure{Status: 451}, "leave it out"},
		{stages.Failure{Status: 422}, "--branch"},
		{stages.Failure{Status: 502}, "later"},
	}
	for _, tt := range tests {
		if got := failureAction(tt.failure); !strings.Contains(got, tt.want) {
			t.Errorf("status %d: got %q, want it to say %q", tt.failure.Status, got, tt.want)
		}
	}
}

func TestPauseOf(t *testing.T) {
	tests := []struct {
		reason string
		want   stages.Pause
	}{
		{"", stages.NotPaused},
		{limiter.PauseRateLimit, stages.PauseRateLimit},
		{limiter.PauseSecondary, stages.PauseSecondary},
		{limiter.PauseCircuitOpen, stages.PauseCircuit},
	}
	for _, tt := range tests {
		if got := pauseOf(tt.reason); got != tt.want {
			t.Errorf("pauseOf(%q): got %d, want %d", tt.reason, got, tt.want)
		}
	}
}

package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestDecodePagesReadsConcatenatedArrays(t *testing.T) {
	o := &oracle{want: map[string]struct{}{
		commitKey("o/a", "1111"): {}, commitKey("o/a", "2222"): {}, commitKey("o/a", "3333"): {},
	}}
	tests := []struct {
		name    string
		out     string
		want    string
		wantErr bool
	}{
		{"pages one after another",
			`[{"sha":"1111"},{"sha":"2222"}][{"sha":"3333"}]`, "OK", false},
		{"pages on lines", "[{\"sha\":\"1111\"}]\n[{\"sha\":\"2222\"},{\"sha\":\"3333\"}]\n",
			"OK", false},
		{"empty window", `[]`, "MISMATCH (3 missing, 0 unexpected, 0 twice, 0 bad lines)",
			false},
		{"cut short", `[{"sha":"1111"},{"sh`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := o.newTally()
			err := decodePages(strings.NewReader(tt.out), "o/a", tl)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && tl.verdict() != tt.want {
				t.Errorf("got %q, want %q", tl.verdict(), tt.want)
			}
		})
	}
}

func TestCommitsPathAsksForTheWindowInFullPages(t *testing.T) {
	path, query, _ := strings.Cut(commitsPath("octo/repo"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{path, q.Get("since"), q.Get("until"), q.Get("per_page")}
	want := []string{"repos/octo/repo/commits", "2026-07-01T00:00:00Z", "2026-09-30T23:59:59Z",
		"100"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
}

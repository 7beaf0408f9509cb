package checkpoint

import (
	"regexp"
	"testing"
)

func TestParamsIDIsStable(t *testing.T) {
	// A changed ID would make every user's interrupted run start again after
	// an upgrade, so the value is pinned.
	got := testParams.ID()
	if want := "eb2c9dbd829f1924"; got != want {
		t.Errorf("got ID %s, want %s", got, want)
	}
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(got) {
		t.Errorf("got ID %q, want 16 lowercase hex digits", got)
	}
}

func TestParamsIDDependsOnEveryField(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Params)
	}{
		{"host", func(p *Params) { p.Host = "ghe.example.com" }},
		{"since", func(p *Params) { p.Since = "2026-01-02T00:00:00Z" }},
		{"until", func(p *Params) { p.Until = "2026-03-02T00:00:00Z" }},
		{"author", func(p *Params) { p.Author = "octocat" }},
		{"branch", func(p *Params) { p.Branch = "main" }},
		{"chunk days", func(p *Params) { p.ChunkDays = 7 }},
		// Fields must not bleed into each other.
		{"author moved to branch", func(p *Params) { p.Branch = p.Author; p.Author = "" }},
	}
	base := Params{Host: "github.com", Since: "a", Until: "b", Author: "x", ChunkDays: 30}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			tt.change(&p)
			if p.ID() == base.ID() {
				t.Errorf("got the same ID %s for %+v and %+v, want different", p.ID(), p, base)
			}
		})
	}
}

func TestTokenFingerprint(t *testing.T) {
	fp := TokenFingerprint("ghp_secret")
	if fp != TokenFingerprint("ghp_secret") {
		t.Errorf("got different fingerprints for one token")
	}
	if fp == TokenFingerprint("ghp_other") {
		t.Errorf("got the same fingerprint %s for two tokens", fp)
	}
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(fp) {
		t.Errorf("got fingerprint %q, want 16 lowercase hex digits", fp)
	}
}

package stages

import (
	"testing"
	"time"
)

func TestWindowSplitCoversWithoutOverlap(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		win     Window
		n       int
		max     time.Duration
		wantLen int
	}{
		{"a year in 10", Window{base, base.AddDate(1, 0, 0).Add(-time.Second)}, 10, 0, 10},
		{"bounded by max", Window{base, base.AddDate(1, 0, 0).Add(-time.Second)}, 2, 30 * 24 * time.Hour, 13},
		{"odd seconds", Window{base, base.Add(7 * time.Second)}, 3, 0, 3},
		{"too short to cut", Window{base, base}, 5, 0, 1},
		{"two seconds in many", Window{base, base.Add(time.Second)}, 9, 0, 2},
		{"one", Window{base, base.Add(time.Hour)}, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := tt.win.Split(tt.n, tt.max)
			if len(parts) != tt.wantLen {
				t.Fatalf("got %d windows, want %d", len(parts), tt.wantLen)
			}
			if !parts[0].Since.Equal(tt.win.Since) || !parts[len(parts)-1].Until.Equal(tt.win.Until) {
				t.Errorf("got %v..%v, want the ends of %v", parts[0].Since, parts[len(parts)-1].Until, tt.win)
			}
			for i, p := range parts {
				if p.Until.Before(p.Since) {
					t.Errorf("window %d is empty: %v", i, p)
				}
				if tt.max > 0 && p.Duration() > tt.max {
					t.Errorf("window %d lasts %v, longer than %v", i, p.Duration(), tt.max)
				}
				if i > 0 && !p.Since.Equal(parts[i-1].Until.Add(time.Second)) {
					t.Errorf("window %d starts at %v, want one second after %v", i, p.Since, parts[i-1].Until)
				}
			}
		})
	}
}

func TestLinks(t *testing.T) {
	// As GitHub sends it on page 2 of a walk (recorded-commits/09.json).
	h := `<{{base}}/repositories/1103607/commits?since=2008&per_page=100&page=1>; rel="prev", ` +
		`<{{base}}/repositories/1103607/commits?since=2008&per_page=100&page=3>; rel="next", ` +
		`<{{base}}/repositories/1103607/commits?since=2008&per_page=100&page=7>; rel="last", ` +
		`<{{base}}/repositories/1103607/commits?since=2008&per_page=100&page=1>; rel="first"`
	l := links(h)
	if got := pageOf(l["next"]); got != 3 {
		t.Errorf("next page: got %d, want 3", got)
	}
	if got := pageOf(l["last"]); got != 7 {
		t.Errorf("last page: got %d, want 7", got)
	}
	if got := pageOf(withPage(l["last"], 5)); got != 5 {
		t.Errorf("withPage: got page %d, want 5", got)
	}
	if got := len(links("")); got != 0 {
		t.Errorf("empty header: got %d links, want 0", got)
	}
}

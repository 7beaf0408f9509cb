package main

import (
	"testing"
	"time"
)

func TestMedianPicksOneRealRun(t *testing.T) {
	tests := []struct {
		name  string
		walls []time.Duration
		want  time.Duration
	}{
		{"one run", []time.Duration{3}, 3},
		{"odd count", []time.Duration{9, 1, 5}, 5},
		{"even count takes the lower middle", []time.Duration{4, 1, 8, 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []measurement
			for i, w := range tt.walls {
				ms = append(ms, measurement{wall: w, commits: i})
			}
			got := median(ms)
			if got.wall != tt.want {
				t.Fatalf("got wall %v, want %v", got.wall, tt.want)
			}
			if tt.walls[got.commits] != got.wall {
				t.Errorf("got figures of run %d with wall %v, want those of the run with %v",
					got.commits, tt.walls[got.commits], got.wall)
			}
		})
	}
}

func TestMedianShowsAFailedRun(t *testing.T) {
	ms := []measurement{
		{wall: 5, check: "OK"},
		{wall: 7, check: "FAILED: exit status 1", failed: true},
		{wall: 6, check: "OK"},
	}
	if got := median(ms); !got.failed || got.wall != 7 {
		t.Errorf("got %+v, want the failed run", got)
	}
}

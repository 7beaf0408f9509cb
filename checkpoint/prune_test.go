package checkpoint

import (
	"testing"
	"time"
)

func TestPruneRemovesOnlyOldOperations(t *testing.T) {
	const day = 24 * time.Hour
	clock := newTestClock(t0)
	s := openStore(t, t.TempDir(), clock)

	// old: begun and last touched at t0. revived: begun at t0 but an item
	// changed at t0+40d. recent: begun at t0+40d.
	old, revived, recent := testParams, testParams, testParams
	revived.Author, recent.Author = "revived", "recent"
	for _, p := range []Params{old, revived} {
		op, err := s.Begin(p, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := op.SavePage(key("o/r", 1), Page{Lines: lines(2)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutCachedPage("fp", Page{URL: "old-url", ETag: "e1", Lines: lines(1)}); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(40 * day))
	op, err := s.Begin(revived, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.MarkDone(key("o/r", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Begin(recent, t0.Add(40*day)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCachedPage("fp", Page{URL: "new-url", ETag: "e2", Lines: lines(1)}); err != nil {
		t.Fatal(err)
	}

	n, err := s.Prune(30*day, t0.Add(45*day))
	if err != nil || n != 1 {
		t.Fatalf("got %d pruned, error %v; want 1", n, err)
	}
	sums, err := s.Operations()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, sum := range sums {
		got[sum.Params.Author] = true
	}
	if len(got) != 2 || !got["revived"] || !got["recent"] {
		t.Errorf("got operations %v left, want revived and recent", got)
	}

	// The pruned operation starts afresh, without its old items.
	op, err = s.Begin(old, t0.Add(45*day))
	if err != nil {
		t.Fatal(err)
	}
	if items, _ := op.Items("o/r"); op.Resumed() || len(items) != 0 {
		t.Errorf("got resumed %v with %d items, want a fresh run", op.Resumed(), len(items))
	}
	for url, want := range map[string]bool{"old-url": false, "new-url": true} {
		if _, ok, err := s.CachedPage("fp", url); err != nil || ok != want {
			t.Errorf("%s: got cached %v, error %v; want %v", url, ok, err, want)
		}
	}
}

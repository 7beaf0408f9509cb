package checkpoint

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestSavePageRecordsProgress(t *testing.T) {
	clock := newTestClock(t0)
	s := openStore(t, t.TempDir(), clock)
	op := begin(t, s, testParams)
	k := key("o/r", 1)

	steps := []struct {
		name string
		pg   Page
		want Item
	}{
		{"first page pins the branch",
			Page{NextURL: "u2", PinnedSHA: "sha1", Lines: lines(100)},
			Item{State: InProgress, Pages: 1, Commits: 100, NextURL: "u2", PinnedSHA: "sha1"}},
		{"a page without a pin keeps it",
			Page{NextURL: "u3", Lines: lines(100)},
			Item{State: InProgress, Pages: 2, Commits: 200, NextURL: "u3", PinnedSHA: "sha1"}},
		{"last page has no next link",
			Page{Lines: lines(7)},
			Item{State: InProgress, Pages: 3, Commits: 207, PinnedSHA: "sha1"}},
	}
	for i, st := range steps {
		clock.Set(t0.Add(time.Duration(i) * time.Minute))
		if err := op.SavePage(k, st.pg); err != nil {
			t.Fatalf("%s: SavePage: %v", st.name, err)
		}
		got, ok, err := op.Item(k)
		if err != nil || !ok {
			t.Fatalf("%s: Item: ok %v err %v", st.name, ok, err)
		}
		st.want.Key, st.want.Updated = k, clock.Now()
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: got %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestPagesSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	op := begin(t, s, testParams)
	k := key("o/r", 2)
	var want []Page
	for seq := range 4 {
		pg := testPage(k, seq, 50, 1000)
		want = append(want, pg)
		if err := op.SavePage(k, pg); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	op = begin(t, openStore(t, dir, nil), testParams)
	var got []Page
	if err := op.Pages(k, func(pg Page) error { got = append(got, pg); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %d pages back, want the %d saved, byte for byte", len(got), len(want))
	}
	it, _, err := op.Item(k)
	if err != nil {
		t.Fatal(err)
	}
	if it.NextURL != want[3].NextURL || it.Pages != 4 || it.Commits != 200 {
		t.Errorf("got item %+v, want 4 pages, 200 commits, next %s", it, want[3].NextURL)
	}
}

func TestPagesStopsAtCallbackError(t *testing.T) {
	op := begin(t, openStore(t, t.TempDir(), nil), testParams)
	k := key("o/r", 1)
	for seq := range 3 {
		if err := op.SavePage(k, testPage(k, seq, 1, 10)); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stdout closed")
	calls := 0
	err := op.Pages(k, func(Page) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("got error %v after %d calls, want %v after 1", err, calls, stop)
	}
}

func TestLargePages(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	op := begin(t, s, testParams)
	k := key("o/big", 1)
	// A full page of long commits, and one larger than a Badger transaction
	// may hold inline, which must go to the value log.
	want := []Page{testPage(k, 0, 100, 3<<10), testPage(k, 1, 100, 40<<10)}
	for _, pg := range want {
		if err := op.SavePage(k, pg); err != nil {
			t.Fatalf("SavePage of %d bytes: %v", len(encodePage(pg)), err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	op = begin(t, openStore(t, dir, nil), testParams)
	i := 0
	err := op.Pages(k, func(pg Page) error {
		if !reflect.DeepEqual(pg, want[i]) {
			t.Errorf("page %d: got %d lines, want the %d saved, byte for byte",
				i, len(pg.Lines), len(want[i].Lines))
		}
		i++
		return nil
	})
	if err != nil || i != len(want) {
		t.Errorf("got %d pages, error %v; want %d", i, err, len(want))
	}
}

func TestPut(t *testing.T) {
	op := begin(t, openStore(t, t.TempDir(), nil), testParams)
	withPages, fresh := key("o/r", 1), key("o/r", 2)
	for seq := range 2 {
		if err := op.SavePage(withPages, testPage(withPages, seq, 10, 100)); err != nil {
			t.Fatal(err)
		}
	}
	next := testPage(withPages, 1, 10, 100).NextURL
	sha := testPage(withPages, 1, 10, 100).PinnedSHA

	tests := []struct {
		name string
		put  Item
		want Item
	}{
		{"a new window is pinned to its parent's commit",
			Item{Key: fresh, State: Pending, PinnedSHA: "parent-sha"},
			Item{Key: fresh, State: Pending, PinnedSHA: "parent-sha"}},
		{"page progress is kept: saved pages stay attached",
			Item{Key: withPages, State: Split, Pages: 0, Commits: 0},
			Item{Key: withPages, State: Split, Pages: 2, Commits: 20, NextURL: next,
				PinnedSHA: sha}},
		{"an empty pin keeps the stored one",
			Item{Key: withPages, State: Failed, Attempts: 3, Error: "e"},
			Item{Key: withPages, State: Failed, Attempts: 3, Error: "e", Pages: 2, Commits: 20,
				NextURL: next, PinnedSHA: sha}},
	}
	for _, tt := range tests {
		if err := op.Put(tt.put); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, _, err := op.Item(tt.put.Key)
		if err != nil {
			t.Fatal(err)
		}
		tt.want.Updated = got.Updated
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if n := countPages(t, op, withPages); n != 2 {
		t.Errorf("got %d stored pages, want 2", n)
	}
}

func TestMarkFailedCountsAttempts(t *testing.T) {
	op := begin(t, openStore(t, t.TempDir(), nil), testParams)
	k := key("o/r", 1)
	if err := op.SavePage(k, Page{NextURL: "u2", Lines: lines(3)}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want Item
	}{
		{"first failure", func() error { return op.MarkFailed(k, "502 bad gateway") },
			Item{State: Failed, Attempts: 1, Error: "502 bad gateway"}},
		{"second failure", func() error { return op.MarkFailed(k, "timeout") },
			Item{State: Failed, Attempts: 2, Error: "timeout"}},
		{"done at last", func() error { return op.MarkDone(k) },
			Item{State: Done, Attempts: 2}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, _, err := op.Item(k)
		if err != nil {
			t.Fatal(err)
		}
		// A retry goes on from the page the item stopped at.
		st.want.Key, st.want.Pages, st.want.Commits, st.want.NextURL = k, 1, 3, "u2"
		st.want.Updated = got.Updated
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: got %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestInvalidKeysAreRefused(t *testing.T) {
	op := begin(t, openStore(t, t.TempDir(), nil), testParams)
	for _, k := range []ItemKey{{Since: "a", Until: "b"}, {Repo: "o/r\x00x", Since: "a"}} {
		if err := op.SavePage(k, Page{}); err == nil {
			t.Errorf("got no error saving a page of %q, want one", k)
		}
	}
	if err := op.AddRepo(""); err == nil {
		t.Errorf("got no error adding an empty repository, want one")
	}
}

func TestConcurrentWorkers(t *testing.T) {
	const workers, pagesEach, linesEach = 8, 25, 10
	s := openStore(t, t.TempDir(), nil)
	op := begin(t, s, testParams)

	// Workers save pages of their own items while others add repositories,
	// fill the page cache and read, as the pipeline does.
	var wg sync.WaitGroup
	errs := make(chan error, 4*workers)
	for w := range workers {
		k := key(fmt.Sprintf("o/r%d", w), 1+w%3)
		wg.Go(func() {
			for seq := range pagesEach {
				if err := op.SavePage(k, testPage(k, seq, linesEach, 200)); err != nil {
					errs <- err
					return
				}
			}
			errs <- op.MarkDone(k)
		})
		wg.Go(func() {
			for i := range pagesEach {
				if err := op.AddRepo(fmt.Sprintf("o/r%d", (w+i)%workers)); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Go(func() {
			url := pageURL(k, w)
			errs <- s.PutCachedPage("fp", Page{URL: url, ETag: "e", Lines: [][]byte{[]byte(url)}})
		})
		wg.Go(func() {
			_, err := op.Items(k.Repo)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// Every item has every page, in order, and every repository is listed
	// once.
	for w := range workers {
		k := key(fmt.Sprintf("o/r%d", w), 1+w%3)
		it, _, err := op.Item(k)
		if err != nil {
			t.Fatal(err)
		}
		if it.State != Done || it.Pages != pagesEach || it.Commits != pagesEach*linesEach {
			t.Errorf("worker %d: got %+v, want done with %d pages", w, it, pagesEach)
		}
		seq := 0
		err = op.Pages(k, func(pg Page) error {
			if want := testPage(k, seq, linesEach, 200); !bytes.Equal(pg.Lines[0], want.Lines[0]) {
				t.Errorf("worker %d page %d: got %s, want %s", w, seq, pg.Lines[0], want.Lines[0])
			}
			seq++
			return nil
		})
		if err != nil || seq != pagesEach {
			t.Errorf("worker %d: got %d pages, error %v; want %d", w, seq, err, pagesEach)
		}
	}
	if repos, _ := op.Repos(); len(repos) != workers {
		t.Errorf("got %d repositories %q, want %d", len(repos), repos, workers)
	}
}

func lines(n int) [][]byte {
	ls := make([][]byte, n)
	for i := range ls {
		ls[i] = fmt.Appendf(nil, `{"sha":"%040d"}`, i)
	}
	return ls
}

func TestClearPagesForgetsOnlyThatItem(t *testing.T) {
	s := openStore(t, t.TempDir(), newTestClock(t0))
	op := begin(t, s, testParams)
	k, other := key("o/r", 1), key("o/r", 2)
	for _, kk := range []ItemKey{k, other} {
		for range 3 {
			if err := op.SavePage(kk, Page{URL: "u", NextURL: "last", Lines: lines(10)}); err != nil {
				t.Fatal(err)
			}
		}
	}

	if err := op.ClearPages(k); err != nil {
		t.Fatal(err)
	}
	count := func(kk ItemKey) (n int) {
		if err := op.Pages(kk, func(Page) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count(k); got != 0 {
		t.Errorf("cleared item: got %d pages, want 0", got)
	}
	it, _, _ := op.Item(k)
	if it.State != Pending || it.Pages != 0 || it.Commits != 0 || it.NextURL != "" {
		t.Errorf("cleared item: got %+v, want pending with no pages", it)
	}
	if got := count(other); got != 3 {
		t.Errorf("other item: got %d pages, want 3", got)
	}

	// Pages saved afterwards count from zero.
	if err := op.SavePage(k, Page{URL: "u", Lines: lines(4)}); err != nil {
		t.Fatal(err)
	}
	if it, _, _ := op.Item(k); it.Pages != 1 || it.Commits != 4 {
		t.Errorf("after a new page: got %+v, want 1 page of 4 commits", it)
	}
}

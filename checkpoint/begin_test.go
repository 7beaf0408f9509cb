package checkpoint

import (
	"reflect"
	"testing"
)

// record gives op one repository with a done item of two pages, and a second
// repository with a pending item.
func record(t *testing.T, op *Operation) {
	t.Helper()
	for _, r := range []string{"o/a", "o/b"} {
		if err := op.AddRepo(r); err != nil {
			t.Fatal(err)
		}
	}
	for seq := range 2 {
		if err := op.SavePage(key("o/a", 1), testPage(key("o/a", 1), seq, 3, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if err := op.MarkDone(key("o/a", 1)); err != nil {
		t.Fatal(err)
	}
	if err := op.Put(Item{Key: key("o/b", 1)}); err != nil {
		t.Fatal(err)
	}
}

func TestBeginResumesOnlyUnfinishedOperations(t *testing.T) {
	tests := []struct {
		name        string
		finish      bool
		replay      bool
		wantResumed bool
		wantRepos   []string
		wantPages   int // stored pages of the done item
	}{
		{"unfinished is resumed", false, false, true, []string{"o/a", "o/b"}, 2},
		{"finished runs again from scratch", true, false, false, nil, 0},
		{"replay of unfinished keeps all", false, true, true, []string{"o/a", "o/b"}, 2},
		{"replay of finished keeps all", true, true, true, []string{"o/a", "o/b"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir, nil)
			op := begin(t, s, testParams)
			if op.Resumed() {
				t.Errorf("got Resumed() true on a new directory, want false")
			}
			record(t, op)
			if tt.finish {
				if err := op.Finish(t0); err != nil {
					t.Fatal(err)
				}
			}

			// A new process: close and reopen.
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openStore(t, dir, nil)
			beginFn := s.Begin
			if tt.replay {
				beginFn = s.BeginReplay
			}
			op, err := beginFn(testParams, t0.Add(1))
			if err != nil {
				t.Fatal(err)
			}

			if op.Resumed() != tt.wantResumed {
				t.Errorf("got Resumed() %v, want %v", op.Resumed(), tt.wantResumed)
			}
			repos, err := op.Repos()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(repos, tt.wantRepos) {
				t.Errorf("got repos %q, want %q", repos, tt.wantRepos)
			}
			if got := countPages(t, op, key("o/a", 1)); got != tt.wantPages {
				t.Errorf("got %d stored pages, want %d", got, tt.wantPages)
			}
			it, ok, err := op.Item(key("o/a", 1))
			if err != nil {
				t.Fatal(err)
			}
			if wantOK := tt.wantPages > 0; ok != wantOK || (ok && it.State != Done) {
				t.Errorf("got item %+v (recorded %v), want recorded %v and done", it, ok, wantOK)
			}
		})
	}
}

func TestBeginOtherParamsIsAnotherOperation(t *testing.T) {
	s := openStore(t, t.TempDir(), nil)
	first := begin(t, s, testParams)
	record(t, first)

	other := testParams
	other.Author = "octocat"
	second := begin(t, s, other)
	if second.ID() == first.ID() || second.Resumed() {
		t.Errorf("got ID %s resumed %v, want a new operation beside %s",
			second.ID(), second.Resumed(), first.ID())
	}
	if items, _ := second.Items("o/a"); len(items) != 0 {
		t.Errorf("got %d items in the new operation, want 0", len(items))
	}

	// The first operation is untouched and still resumable.
	again := begin(t, s, testParams)
	items, err := again.Items("o/a")
	if err != nil {
		t.Fatal(err)
	}
	if !again.Resumed() || len(items) != 1 || items[0].State != Done {
		t.Errorf("got resumed %v items %+v, want the first operation's done item",
			again.Resumed(), items)
	}
}

func TestBeginFreshRunKeepsPageCache(t *testing.T) {
	s := openStore(t, t.TempDir(), nil)
	op := begin(t, s, testParams)
	url := pageURL(key("o/a", 1), 0)
	if err := s.PutCachedPage("fp", Page{URL: url, ETag: `"v1"`, Lines: [][]byte{[]byte("{}")}}); err != nil {
		t.Fatal(err)
	}
	if err := op.Finish(t0); err != nil {
		t.Fatal(err)
	}
	begin(t, s, testParams)
	if pg, ok, err := s.CachedPage("fp", url); err != nil || !ok || pg.ETag != `"v1"` {
		t.Errorf("got etag %q ok %v err %v after a fresh run, want the cached %q",
			pg.ETag, ok, err, `"v1"`)
	}
}

func TestAddRepoKeepsFirstSeenOrderAcrossResume(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	op := begin(t, s, testParams)
	for _, r := range []string{"o/c", "o/a", "o/c", "o/b"} {
		if err := op.AddRepo(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir, nil)
	op = begin(t, s, testParams)
	for _, r := range []string{"o/a", "o/d"} {
		if err := op.AddRepo(r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := op.Repos()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"o/c", "o/a", "o/b", "o/d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got repos %q, want %q", got, want)
	}
}

func TestWindowIsKeptOnlyForResume(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	p := testParams
	p.Since = "7d" // relative: the window must not move on resume
	op := begin(t, s, p)
	if _, _, ok := op.Window(); ok {
		t.Errorf("got a window on a new operation, want none")
	}
	if err := op.SetWindow("2026-02-22T12:00:00Z", "2026-03-01T12:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir, nil)
	op = begin(t, s, p)
	since, until, ok := op.Window()
	if !ok || since != "2026-02-22T12:00:00Z" || until != "2026-03-01T12:00:00Z" {
		t.Errorf("got window %s..%s (%v) on resume, want the recorded one", since, until, ok)
	}

	// Once finished, the same command covers a new window.
	if err := op.Finish(t0); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := begin(t, s, p).Window(); ok {
		t.Errorf("got the old window after a finished operation, want none")
	}
}

func countPages(t *testing.T, op *Operation, k ItemKey) int {
	t.Helper()
	n := 0
	if err := op.Pages(k, func(Page) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

package checkpoint

import (
	"reflect"
	"testing"
	"time"
)

func TestOperationsListsRepositoriesByState(t *testing.T) {
	clock := newTestClock(t0)
	s := openStore(t, t.TempDir(), clock)
	op := begin(t, s, testParams)
	for _, r := range []string{"o/done", "o/split", "o/failed", "o/partial", "o/quiet", "o/todo"} {
		if err := op.AddRepo(r); err != nil {
			t.Fatal(err)
		}
	}
	save := func(k ItemKey, commits int) {
		t.Helper()
		if err := op.SavePage(k, Page{Lines: lines(commits)}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// o/done: two done windows. o/split: a split window whose parts are
	// done. o/failed: one done, one failed. o/partial: one done, one in
	// progress. o/quiet: a done window without commits. o/todo: nothing yet.
	save(key("o/done", 1), 10)
	check(op.MarkDone(key("o/done", 1)))
	save(key("o/done", 2), 5)
	check(op.MarkDone(key("o/done", 2)))
	save(key("o/split", 1), 100)
	check(op.Put(Item{Key: key("o/split", 1), State: Split}))
	for _, half := range []ItemKey{
		{Repo: "o/split", Since: "2026-01-01T00:00:00Z", Until: "2026-01-16T00:00:00Z"},
		{Repo: "o/split", Since: "2026-01-16T00:00:00Z", Until: "2026-02-01T00:00:00Z"},
	} {
		save(half, 60)
		check(op.MarkDone(half))
	}
	save(key("o/failed", 1), 1)
	check(op.MarkDone(key("o/failed", 1)))
	check(op.MarkFailed(key("o/failed", 2), "404"))
	save(key("o/partial", 1), 2)
	check(op.MarkDone(key("o/partial", 1)))
	clock.Set(t0.Add(time.Hour))
	save(key("o/partial", 2), 3)
	check(op.MarkDone(key("o/quiet", 1)))

	sums, err := s.Operations()
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{{
		ID: testParams.ID(), Params: testParams, Started: t0, Updated: t0.Add(time.Hour),
		Done:    []string{"o/done", "o/split", "o/quiet"},
		Failed:  []string{"o/failed"},
		Pending: []string{"o/partial", "o/todo"},
		Commits: 10 + 5 + 120 + 1 + 2 + 3,
	}}
	if !reflect.DeepEqual(sums, want) {
		t.Errorf("got %+v,\nwant %+v", sums, want)
	}

	// Finishing shows in the listing.
	check(op.Finish(t0.Add(2 * time.Hour)))
	sums, err = s.Operations()
	check(err)
	if len(sums) != 1 || !sums[0].Finished.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("got %+v, want one operation finished at %v", sums, t0.Add(2*time.Hour))
	}
}

func TestOperationsListsEachParams(t *testing.T) {
	s := openStore(t, t.TempDir(), nil)
	other := testParams
	other.Branch = "main"
	for i, p := range []Params{testParams, other, testParams} {
		if _, err := s.Begin(p, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := s.Operations()
	if err != nil {
		t.Fatal(err)
	}
	var got []Params
	for _, sum := range sums {
		got = append(got, sum.Params)
	}
	if want := []Params{testParams, other}; !reflect.DeepEqual(got, want) {
		t.Errorf("got operations %+v, want %+v oldest first", got, want)
	}
}

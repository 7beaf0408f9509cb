package checkpoint

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"testing"
)

// TestSavedPagesSurviveKill runs a child that saves pages from several
// goroutines, kills it with SIGKILL once it has reported enough, and checks
// that every page and done mark it reported is in the store.
func TestSavedPagesSurviveKill(t *testing.T) {
	for _, after := range []int{1, 37} {
		t.Run(fmt.Sprintf("after %d reports", after), func(t *testing.T) {
			dir := t.TempDir()
			saved, done := runSaverUntil(t, dir, after)

			op := begin(t, openStore(t, dir, nil), testParams)
			if !op.Resumed() {
				t.Errorf("got Resumed() false after a kill, want true")
			}
			for k, n := range saved {
				checkItem(t, op, k, n, done[k])
			}
		})
	}
}

// runSaverUntil starts the saver child on dir, reads its reports until it has
// after of them, kills it, and returns how many pages each item had saved
// and which items were done, as reported.
func runSaverUntil(t *testing.T, dir string, after int) (map[ItemKey]int, map[ItemKey]bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envSaverDir+"="+dir)
	cmd.Stderr = t.Output()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	saved, done := map[ItemKey]int{}, map[ItemKey]bool{}
	sc := bufio.NewScanner(stdout)
	for n := 0; n < after && sc.Scan(); n++ {
		var w, i, seq int
		switch {
		case scanf(sc.Text(), "page %d %d %d", &w, &i, &seq):
			saved[saverKey(w, i)] = seq + 1
		case scanf(sc.Text(), "done %d %d", &w, &i):
			done[saverKey(w, i)] = true
		default:
			t.Fatalf("got report %q from the child, want page or done", sc.Text())
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if len(saved) == 0 {
		t.Fatalf("got no reports from the child (scan error %v)", sc.Err())
	}
	return saved, done
}

// checkItem checks that item k holds at least the reported pages, exactly as
// the child built them: the child may have saved more before it died.
func checkItem(t *testing.T, op *Operation, k ItemKey, reported int, reportedDone bool) {
	t.Helper()
	it, ok, err := op.Item(k)
	if err != nil || !ok {
		t.Fatalf("%s: got recorded %v, error %v; want the item recorded", k, ok, err)
	}
	if it.Pages < reported || (reportedDone && it.State != Done) {
		t.Errorf("%s: got %d pages, state %s; want at least %d reported, done %v",
			k, it.Pages, it.State, reported, reportedDone)
	}
	seq := 0
	err = op.Pages(k, func(pg Page) error {
		if want := saverPage(k, seq); !reflect.DeepEqual(pg, want) {
			t.Errorf("%s page %d: got a page other than the one saved", k, seq)
		}
		seq++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	last := saverPage(k, seq-1)
	if seq != it.Pages || it.Commits != seq*saverLines || it.NextURL != last.NextURL {
		t.Errorf("%s: got %d stored pages for item %+v, want the record to match them", k, seq, it)
	}
}

func scanf(s, format string, args ...any) bool {
	n, err := fmt.Sscanf(s, format, args...)
	return err == nil && n == len(args)
}

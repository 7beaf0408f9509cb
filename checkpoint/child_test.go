package checkpoint

import (
	"bufio"
	"fmt"
	"os"
	"sync"
)

// Environment variables that turn the test binary into a child process.
const (
	envSaverDir = "HF_CHECKPOINT_TEST_SAVER_DIR"
	envOpenDir  = "HF_CHECKPOINT_TEST_OPEN_DIR"
)

// Shape of the work the saver child does: saverWorkers goroutines, each
// walking its own items of saverPages pages of saverLines lines.
const (
	saverWorkers = 4
	saverPages   = 5
	saverLines   = 20
)

// childMain runs the child process a test asked for, if any.
func childMain() (code int, ok bool) {
	if dir := os.Getenv(envSaverDir); dir != "" {
		return runSaver(dir), true
	}
	if dir := os.Getenv(envOpenDir); dir != "" {
		return runOpener(dir), true
	}
	return 0, false
}

// runSaver saves pages until it is killed, printing "page W I S" after
// page S of item I of worker W is saved and "done W I" after the item is
// marked done. It stops by itself after a bound, in case nobody kills it.
func runSaver(dir string) int {
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	op, err := s.Begin(testParams, t0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	var outMu sync.Mutex
	report := func(format string, args ...any) {
		outMu.Lock()
		defer outMu.Unlock()
		fmt.Fprintf(out, format, args...)
		_ = out.Flush()
	}

	var wg sync.WaitGroup
	errs := make(chan error, saverWorkers)
	for w := range saverWorkers {
		wg.Go(func() {
			for i := range 200 {
				k := saverKey(w, i)
				for seq := range saverPages {
					if err := op.SavePage(k, saverPage(k, seq)); err != nil {
						errs <- err
						return
					}
					report("page %d %d %d\n", w, i, seq)
				}
				if err := op.MarkDone(k); err != nil {
					errs <- err
					return
				}
				report("done %d %d\n", w, i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func saverKey(worker, item int) ItemKey {
	return key(fmt.Sprintf("owner/repo-%d-%d", worker, item), 1)
}

func saverPage(k ItemKey, seq int) Page {
	pg := testPage(k, seq, saverLines, 700)
	if seq == saverPages-1 {
		pg.NextURL = ""
	}
	return pg
}

// runOpener tries to open dir and prints the error, for tests that need
// another user or process.
func runOpener(dir string) int {
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println(err)
		return 0
	}
	_ = s.Close()
	fmt.Println("opened")
	return 0
}

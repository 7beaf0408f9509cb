package checkpoint

import (
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain doubles as the entry point of the child processes that some tests
// start from this same binary (see childMain).
func TestMain(m *testing.M) {
	if code, ok := childMain(); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}

// testClock is an injectable clock; tests move it by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{t: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openStore opens dir with a test logger and closes it when the test ends.
func openStore(t testing.TB, dir string, clock *testClock) *Store {
	t.Helper()
	o := Options{Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
	if clock != nil {
		o.Now = clock.Now
	}
	s, err := Open(dir, o)
	if err != nil {
		t.Fatalf("Open(%q): %v", dir, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func begin(t testing.TB, s *Store, p Params) *Operation {
	t.Helper()
	op, err := s.Begin(p, t0)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	return op
}

var testParams = Params{
	Host: "github.com", Since: "2026-01-01T00:00:00Z", Until: "2026-03-01T00:00:00Z",
	ChunkDays: 30,
}

func key(repo string, month int) ItemKey {
	return ItemKey{
		Repo:  repo,
		Since: time.Date(2026, time.Month(month), 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339),
		Until: time.Date(2026, time.Month(month+1), 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339),
	}
}

// testPage builds page seq of item k with n distinct lines of about size
// bytes each, so tests can check exactly what came back.
func testPage(k ItemKey, seq, n, size int) Page {
	pg := Page{
		URL:       pageURL(k, seq),
		ETag:      `W/"etag-` + k.Repo + `"`,
		NextURL:   pageURL(k, seq+1),
		PinnedSHA: "0123456789abcdef0123456789abcdef01234567",
	}
	for i := range n {
		line := []byte(`{"repo":"` + k.Repo + `","since":"` + k.Since + `","page":` +
			itoa(seq) + `,"line":` + itoa(i) + `,"pad":"`)
		for len(line) < size-2 {
			line = append(line, 'x')
		}
		pg.Lines = append(pg.Lines, append(line, '"', '}'))
	}
	return pg
}

func pageURL(k ItemKey, seq int) string {
	return "https://api.github.com/repos/" + k.Repo + "/commits?since=" + k.Since +
		"&until=" + k.Until + "&per_page=100&page=" + itoa(seq+1)
}

func itoa(i int) string { return strconv.Itoa(i) }

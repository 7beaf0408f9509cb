package stages

import (
	"fmt"
	"time"
)

// Window is a span of commit dates, both ends included, at whole seconds: GitHub's since
// and until both include the instant they name, so neighbouring windows are one second
// apart and never share a commit.
type Window struct {
	Since, Until time.Time
}

// String renders the window as GitHub's query wants it: UTC RFC 3339.
func (w Window) String() string {
	return fmt.Sprintf("%s..%s", stamp(w.Since), stamp(w.Until))
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Duration is the length of the window.
func (w Window) Duration() time.Duration { return w.Until.Sub(w.Since) }

// Split cuts the window into n windows of nearly equal length that together cover it, each
// no longer than max (when max > 0). It returns the window itself when it cannot be cut.
func (w Window) Split(n int, max time.Duration) []Window {
	if max > 0 {
		if m := int((w.Duration() + max - 1) / max); m > n {
			n = m
		}
	}
	// The window holds secs whole-second instants; each part takes its share of them,
	// starting one second after the part before ends, the last ending where w ends.
	secs := int64(w.Duration()/time.Second) + 1
	n = int(min(int64(n), secs))
	if n < 2 {
		return []Window{w}
	}
	out := make([]Window, 0, n)
	start := w.Since
	for i := 1; i <= n; i++ {
		end := w.Until
		if i < n {
			end = w.Since.Add(time.Duration(secs*int64(i)/int64(n)-1) * time.Second)
		}
		out = append(out, Window{Since: start, Until: end})
		start = end.Add(time.Second)
	}
	return out
}

// Contains reports whether v lies inside w.
func (w Window) Contains(v Window) bool {
	return !v.Since.Before(w.Since) && !v.Until.After(w.Until)
}

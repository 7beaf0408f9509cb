package stages

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRead feeds arbitrary stdin to a Reader. Whatever the input, Read must end
// without panicking, send only valid distinct names with lines that exist, and
// account for everything in Stats.
func FuzzRead(f *testing.F) {
	for _, tc := range readFormCases {
		f.Add(tc.input)
	}
	for _, broken := range []string{
		`{"nameWithOwner":"a/b"` + "\n" + `{"nameWithOwner":"c/d"}` + "\n",
		"[\n  {\n    \"nameWithOwner\": \"a/b\"\n    \"x\": 1\n  },\n  \"c/d\"\n]\n",
		`["a/b", 1, {"owner":{"login":"c"},"name":"d"}, [["e/f"]]]`,
		"\"a/b\nc/d\n",
		"\xEF\xBBa/b\n\xEF\xBB\xBFc/d\n",
		`"key": "a/b"` + "\n}\n]\n,\n",
		`{"a":"\"}\\"}` + "\n",
	} {
		f.Add(broken)
	}

	f.Fuzz(func(t *testing.T, input string) {
		r := &Reader{}
		var res readerResult
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			res = runReader(t, r, input)
		}()

		// A generous bound that only turns a hang into a failure the fuzzer records;
		// inputs here are a few kilobytes and take microseconds.
		select {
		case <-finished:
		case <-time.After(30 * time.Second):
			t.Fatalf("Read still running after 30s on %q", input)
		}
		if res.err != nil {
			t.Fatalf("got error %v, want nil", res.err)
		}
		checkFuzzResult(t, r, input, res)
	})
}

func checkFuzzResult(t *testing.T, r *Reader, input string, res readerResult) {
	lines := strings.Count(input, "\n") + 1
	seen := make(map[string]bool)
	for _, repo := range res.repos {
		owner, name, ok := strings.Cut(repo.Name, "/")
		if !ok || !validOwner(owner) || !validRepoName(name) {
			t.Errorf("got invalid name %q", repo.Name)
		}
		if key := strings.ToLower(repo.Name); seen[key] {
			t.Errorf("got %q twice", repo.Name)
		} else {
			seen[key] = true
		}
		if repo.Line < 1 || repo.Line > lines || repo.Source != SourceStdin {
			t.Errorf("got %q at %s line %d, want stdin line 1 to %d",
				repo.Name, repo.Source, repo.Line, lines)
		}
	}
	for _, e := range res.bad {
		if e.Line < 1 || e.Line > lines || e.Reason == "" {
			t.Errorf("got input error %q at line %d, want a reason and a line 1 to %d",
				e.Reason, e.Line, lines)
		}
		if n := utf8.RuneCountInString(e.Text); n > maxTextRunes {
			t.Errorf("got error text of %d runes, want at most %d", n, maxTextRunes)
		}
	}
	read, _, bad := r.Stats()
	if read != len(res.repos) || bad != len(res.bad) {
		t.Errorf("got Stats read %d bad %d, want %d and %d", read, bad, len(res.repos), len(res.bad))
	}
}

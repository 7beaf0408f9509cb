package stages

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"go.uber.org/goleak"
)

// readerResult is everything one Read call produced.
type readerResult struct {
	repos []Repo
	bad   []*InputError
	err   error
}

// runReader runs a Reader to the end over stdin and args.
func runReader(t testing.TB, r *Reader, stdin string, args ...string) readerResult {
	t.Helper()
	var res readerResult
	r.OnError = func(e *InputError) { res.bad = append(res.bad, e) }
	out := make(chan Repo)
	done := make(chan error, 1)
	go func() { done <- r.Read(context.Background(), strings.NewReader(stdin), args, out) }()
	for repo := range out {
		res.repos = append(res.repos, repo)
	}
	res.err = <-done
	return res
}

// repoNames returns "name@line" for each repository, the shape most tests compare.
func repoNames(repos []Repo) string {
	var parts []string
	for _, r := range repos {
		parts = append(parts, fmt.Sprintf("%s@%d", r.Name, r.Line))
	}
	return strings.Join(parts, " ")
}

// inputReasons returns "line: reason" for each input error.
func inputReasons(errs []*InputError) string {
	var parts []string
	for _, e := range errs {
		parts = append(parts, fmt.Sprintf("%d: %s", e.Line, e.Reason))
	}
	return strings.Join(parts, "; ")
}

var (
	pushedOct = time.Date(2026, 10, 3, 12, 30, 0, 0, time.UTC)
	pushedSep = time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
)

// readFormCases are the input forms users pipe in; FuzzRead seeds from them too.
var readFormCases = []struct {
	name   string
	input  string
	want   string      // "name@line ..."
	pushed []time.Time // PushedAt of the first repositories, when checked
}{
	{name: "plain owner/name", input: "cli/cli\n", want: "cli/cli@1"},
	{name: "last line without new line",
		input: "cli/cli\nOcto-Org/my.repo_2", want: "cli/cli@1 Octo-Org/my.repo_2@2"},
	{name: "first field of a plain line", input: "cli/cli  the GitHub CLI\n", want: "cli/cli@1"},
	{name: "case kept", input: "Cli/CLI\n", want: "Cli/CLI@1"},
	{name: "https URL", input: "https://github.com/cli/cli\n", want: "cli/cli@1"},
	{name: "https URL with .git", input: "https://github.com/cli/cli.git\n", want: "cli/cli@1"},
	{name: "URL with trailing slash", input: "https://github.com/cli/cli/\n", want: "cli/cli@1"},
	{name: "http URL", input: "http://github.com/cli/cli\n", want: "cli/cli@1"},
	{name: "URL of a page in the repository",
		input: "https://github.com/cli/cli/tree/trunk\n", want: "cli/cli@1"},
	{name: "Enterprise host", input: "https://ghe.example.com/team/tool\n", want: "team/tool@1"},
	{name: "Enterprise host with port",
		input: "https://127.0.0.1:8443/team/tool\n", want: "team/tool@1"},
	{name: "host without scheme", input: "github.com/cli/cli\n", want: "cli/cli@1"},
	{name: "scp-style SSH", input: "git@github.com:cli/cli.git\n", want: "cli/cli@1"},
	{name: "ssh URL", input: "ssh://git@github.com/cli/cli.git\n", want: "cli/cli@1"},
	{name: "git URL", input: "git://github.com/cli/cli.git\n", want: "cli/cli@1"},
	{name: "NDJSON nameWithOwner", input: `{"nameWithOwner":"cli/cli"}` + "\n", want: "cli/cli@1"},
	{name: "NDJSON full_name",
		input: `{"id":1,"full_name":"cli/cli","private":false}` + "\n", want: "cli/cli@1"},
	{name: "NDJSON owner and name", input: `{"owner":"cli","name":"cli"}` + "\n", want: "cli/cli@1"},
	{name: "NDJSON owner login and name",
		input: `{"name":"cli","owner":{"id":"MDQ6","login":"cli"}}` + "\n", want: "cli/cli@1"},
	{name: "NDJSON url", input: `{"url":"https://github.com/cli/cli"}` + "\n", want: "cli/cli@1"},
	{name: "NDJSON pushedAt",
		input: `{"nameWithOwner":"cli/cli","pushedAt":"2026-10-03T12:30:00Z"}` + "\n",
		want:  "cli/cli@1", pushed: []time.Time{pushedOct}},
	{name: "NDJSON pushed_at",
		input: `{"full_name":"cli/cli","pushed_at":"2026-10-03T14:30:00+02:00"}` + "\n",
		want:  "cli/cli@1", pushed: []time.Time{pushedOct}},
	{name: "NDJSON bad pushedAt ignored",
		input: `{"nameWithOwner":"cli/cli","pushedAt":"yesterday"}` + "\n",
		want:  "cli/cli@1", pushed: []time.Time{{}}},
	{name: "NDJSON lines",
		input: `{"nameWithOwner":"a/b"}` + "\n" + `{"nameWithOwner":"c/d"}` + "\n",
		want:  "a/b@1 c/d@2"},
	{name: "JSON string", input: `"cli/cli"` + "\n", want: "cli/cli@1"},
	{name: "JSON string with URL",
		input: `"https://github.com/cli/cli.git"` + "\n", want: "cli/cli@1"},
	{name: "compact array of objects",
		input: `[{"nameWithOwner":"a/b","pushedAt":"2026-10-03T12:30:00Z"},` +
			`{"nameWithOwner":"c/d","pushedAt":"2026-09-01T08:00:00Z"}]` + "\n",
		want: "a/b@1 c/d@1", pushed: []time.Time{pushedOct, pushedSep}},
	{name: "compact array of strings", input: `["a/b","c/d"]`, want: "a/b@1 c/d@1"},
	{name: "empty array", input: "[]\n", want: ""},
	{name: "pretty array as jq prints it",
		input: "[\n" +
			"  {\n" +
			"    \"nameWithOwner\": \"a/b\",\n" +
			"    \"pushedAt\": \"2026-10-03T12:30:00Z\"\n" +
			"  },\n" +
			"  {\n" +
			"    \"nameWithOwner\": \"c/d\",\n" +
			"    \"pushedAt\": \"2026-09-01T08:00:00Z\"\n" +
			"  }\n" +
			"]\n",
		want: "a/b@2 c/d@6", pushed: []time.Time{pushedOct, pushedSep}},
	{name: "pretty array of strings", input: "[\n  \"a/b\",\n  \"c/d\"\n]\n", want: "a/b@2 c/d@3"},
	{name: "several arrays in a row",
		input: "[\"a/b\"]\n[\"c/d\"]\n[\n\"e/f\"\n]\n", want: "a/b@1 c/d@2 e/f@4"},
	{name: "pretty objects one after another",
		input: "{\n  \"nameWithOwner\": \"a/b\"\n}\n{\n  \"nameWithOwner\": \"c/d\"\n}\n",
		want:  "a/b@1 c/d@4"},
	{name: "nested arrays and objects in an element",
		input: `[{"nameWithOwner":"a/b","topics":[{"name":"x"},["y",1,true,null,-2.5e3]],` +
			`"s":"]}\"{["}]`,
		want: "a/b@1"},
	{name: "gh repo list tab-separated",
		input: "cli/cli\tGitHub’s official command line tool\tpublic\t2026-10-03T12:30:00Z\n" +
			"cli/go-gh\t\tpublic, fork\t2026-09-01T08:00:00Z\n",
		want: "cli/cli@1 cli/go-gh@2", pushed: []time.Time{pushedOct, pushedSep}},
	{name: "tab-separated with a bad time", input: "cli/cli\tdesc\tpublic\tabout 2 days ago\n",
		want: "cli/cli@1", pushed: []time.Time{{}}},
	{name: "blank lines and comments",
		input: "\n# my repositories\n  # indented comment\n\t\ncli/cli\n\n", want: "cli/cli@5"},
	{name: "CRLF line ends",
		input: "a/b\r\n" + `{"nameWithOwner":"c/d"}` + "\r\n\"e/f\"\r\n", want: "a/b@1 c/d@2 e/f@3"},
	{name: "byte-order mark before text", input: "\xEF\xBB\xBFa/b\n", want: "a/b@1"},
	{name: "byte-order mark before JSON", input: "\xEF\xBB\xBF[\"a/b\"]\n", want: "a/b@1"},
	{name: "mixed forms",
		input: "a/b\n[\"c/d\"]\n" + `{"full_name":"e/f"}` + "\nhttps://github.com/g/h\n",
		want:  "a/b@1 c/d@2 e/f@3 g/h@4"},
	{name: "longest owner and name",
		input: strings.Repeat("o", 39) + "/" + strings.Repeat("n", 100) + "\n",
		want:  strings.Repeat("o", 39) + "/" + strings.Repeat("n", 100) + "@1"},
}

func TestReadForms(t *testing.T) {
	t.Parallel()
	for _, tc := range readFormCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := runReader(t, &Reader{}, tc.input)
			if res.err != nil || len(res.bad) > 0 {
				t.Fatalf("got error %v and bad input %q, want none", res.err, inputReasons(res.bad))
			}
			if got := repoNames(res.repos); got != tc.want {
				t.Errorf("got repos %q, want %q", got, tc.want)
			}
			for i, want := range tc.pushed {
				if got := res.repos[i].PushedAt; !got.Equal(want) {
					t.Errorf("repo %d: got PushedAt %v, want %v", i, got, want)
				}
			}
			for _, r := range res.repos {
				if r.Source != SourceStdin {
					t.Errorf("got source %q, want %q", r.Source, SourceStdin)
				}
			}
		})
	}
}

func TestReadArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		want     string
		wantBad  string
		wantText string
	}{
		{name: "one per argument",
			args: []string{"a/b", "https://github.com/c/d.git", `{"nameWithOwner":"e/f"}`},
			want: "a/b@1 c/d@2 e/f@3"},
		{name: "array in one argument", args: []string{"x/y", `["a/b","c/d"]`},
			want: "x/y@1 a/b@2 c/d@2"},
		{name: "bad argument", args: []string{"a/b", "nonsense", "c/d"}, want: "a/b@1 c/d@3",
			wantBad: "2: no owner/name", wantText: `argument 2: "nonsense": no owner/name`},
		{name: "duplicate arguments", args: []string{"a/b", "A/B"}, want: "a/b@1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := runReader(t, &Reader{}, "stdin/ignored\n", tc.args...)
			if res.err != nil {
				t.Fatalf("got error %v, want nil", res.err)
			}
			if got := repoNames(res.repos); got != tc.want {
				t.Errorf("got repos %q, want %q", got, tc.want)
			}
			for _, r := range res.repos {
				if r.Source != SourceArgument {
					t.Errorf("got source %q, want %q", r.Source, SourceArgument)
				}
			}
			if got := inputReasons(res.bad); got != tc.wantBad {
				t.Errorf("got bad input %q, want %q", got, tc.wantBad)
			}
			if tc.wantText != "" && res.bad[0].Error() != tc.wantText {
				t.Errorf("got message %q, want %q", res.bad[0].Error(), tc.wantText)
			}
		})
	}
}

// TestReadArgumentLikeStdin checks that every input form given as one argument names
// the same repositories as on stdin, all at that argument's index.
func TestReadArgumentLikeStdin(t *testing.T) {
	t.Parallel()
	for _, tc := range readFormCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := runReader(t, &Reader{}, "", "x/first", tc.input)
			if res.err != nil || len(res.bad) > 0 {
				t.Fatalf("got error %v and bad input %q, want none", res.err, inputReasons(res.bad))
			}
			want := "x/first@1"
			for _, w := range strings.Fields(tc.want) {
				name, _, _ := strings.Cut(w, "@")
				want += " " + name + "@2"
			}
			if got := repoNames(res.repos); got != want {
				t.Errorf("got repos %q, want %q", got, want)
			}
		})
	}
}

// TestReadStreams checks that each repository is sent as soon as its line or array
// element is complete, with the rest of the input not yet written.
func TestReadStreams(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	steps := []struct {
		write string
		want  string // repo expected after the write, "" for none
	}{
		{write: "a/b\n", want: "a/b"},
		{write: "# comment\n\n", want: ""},
		{write: `{"nameWithOwner":"c/d"}` + "\n", want: "c/d"},
		{write: `[{"nameWithOwner":"e/f"},`, want: "e/f"},
		{write: "\n  {\"nameWithOwner\":\n\"g/h\"}", want: "g/h"},
		{write: `, "i/j",`, want: "i/j"},
		{write: "]\nk/", want: ""},
		{write: "l\n", want: "k/l"},
	}

	pr, pw := io.Pipe()
	out := make(chan Repo)
	done := make(chan error, 1)
	r := &Reader{}
	go func() { done <- r.Read(context.Background(), pr, nil, out) }()
	for i, step := range steps {
		if _, err := io.WriteString(pw, step.write); err != nil {
			t.Fatalf("step %d: write: %v", i, err)
		}
		if step.want == "" {
			continue
		}
		if got := (<-out).Name; got != step.want {
			t.Fatalf("step %d: got %q, want %q", i, got, step.want)
		}
	}
	pw.Close()
	if repo, ok := <-out; ok {
		t.Errorf("got %q after the end of input, want out closed", repo.Name)
	}
	if err := <-done; err != nil {
		t.Errorf("got error %v, want nil", err)
	}
}

// The rules for names, as InputError reasons state them.
const (
	ownerRuleText = "want 1-39 letters, digits or hyphens, not starting with a hyphen"
	nameRuleText  = "want 1-100 letters, digits, '.', '-' or '_', other than . and .."
)

func TestReadReportsBadInputAndGoesOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		input   string
		want    string // repositories still read, "name@line ..."
		wantBad string // "line: reason; ..."
	}{
		{name: "no slash", input: "a/b\nfoo bar\nc/d\n",
			want: "a/b@1 c/d@3", wantBad: "2: no owner/name"},
		{name: "too many slashes", input: "a/b/c\n", wantBad: "1: too many slashes for owner/name"},
		{name: "owner with a space", input: `{"owner":"a b","name":"c"}`,
			wantBad: `1: invalid owner "a b": ` + ownerRuleText},
		{name: "owner with a leading hyphen", input: "-a/b\n",
			wantBad: `1: invalid owner "-a": ` + ownerRuleText},
		{name: "owner too long", input: strings.Repeat("o", 40) + "/b\n",
			wantBad: `1: invalid owner "` + strings.Repeat("o", 40) + `": ` + ownerRuleText},
		{name: "name too long", input: "a/" + strings.Repeat("n", 101) + "\n",
			wantBad: `1: invalid name "` + strings.Repeat("n", 37) + `...": ` + nameRuleText},
		{name: "name with a space", input: `{"owner":"a","name":"b c"}`,
			wantBad: `1: invalid name "b c": ` + nameRuleText},
		{name: "name dot", input: "a/.\n", wantBad: `1: invalid name ".": ` + nameRuleText},
		{name: "name dot dot", input: "https://github.com/a/..\n",
			wantBad: `1: invalid name "..": ` + nameRuleText},
		{name: "URL without repository", input: "https://github.com/cli\n",
			wantBad: "1: no owner/name"},
		{name: "URL without host", input: "file:///a/b\n", wantBad: "1: invalid URL"},
		{name: "object without a name", input: "a/b\n" + `{"name":"cli","private":true}` + "\nc/d\n",
			want: "a/b@1 c/d@3", wantBad: "2: " + reasonNoNameObject},
		{name: "bad JSON literal", input: `{"nameWithOwner":"a/b","x":tru}` + "\nc/d\n",
			want:    "c/d@2",
			wantBad: "1: invalid JSON: invalid character '}' in literal true (expecting 'e')"},
		{name: "bad JSON on its line", input: `{"nameWithOwner" "a/b"} "x/y"` + "\nc/d\n",
			want: "c/d@2", wantBad: `1: invalid JSON: unexpected '"'`},
		{name: "member outside an object", input: `"nameWithOwner": "a/b"` + "\nc/d\n",
			want: "c/d@2", wantBad: "1: JSON object member outside an object"},
		{name: "text after a value", input: `"a/b" c/d` + "\ne/f\n",
			want: "a/b@1 e/f@2", wantBad: "1: unexpected text; want a JSON object or string"},
		{name: "numbers in an array", input: "[1, 2]\na/b\n",
			want: "a/b@2", wantBad: "1: unexpected text; want a JSON object or string"},
		{name: "unclosed object then NDJSON",
			input: `{"nameWithOwner":"a/b"` + "\n" +
				`{"nameWithOwner":"c/d"}` + "\n" +
				`{"nameWithOwner":"e/f"}` + "\n",
			want: "c/d@2 e/f@3", wantBad: "1: invalid JSON: unexpected '{'"},
		{name: "unclosed object at the end", input: "a/b\n" + `{"nameWithOwner":"c/d",` + "\n",
			want: "a/b@1", wantBad: "2: invalid JSON: unexpected end of input"},
		{name: "unclosed string", input: "\"a/b\nc/d\n",
			want: "c/d@2", wantBad: "1: invalid JSON: string not closed on its line"},
		{name: "broken pretty object costs one error",
			input: "[\n" +
				"  {\n" +
				"    \"nameWithOwner\": \"a/b\"\n" + // the comma is missing
				"    \"pushedAt\": \"x\",\n" +
				"    \"owner\": {\n" +
				"      \"login\": \"a\"\n" +
				"    }\n" +
				"  },\n" +
				"  {\n" +
				"    \"nameWithOwner\": \"c/d\"\n" +
				"  }\n" +
				"]\n",
			want: "c/d@9", wantBad: `2: invalid JSON: unexpected '"'`},
		{name: "too deep", input: strings.Repeat("[", 3) + strings.Repeat(`{"a":`, 40) + "\ne/f\n",
			want: "e/f@2", wantBad: "1: invalid JSON: nested deeper than 32 levels"},
		{name: "value over 1 MiB on one line",
			input: `{"a":"` + strings.Repeat("x", maxValueBytes) + "\"}\ne/f\n",
			want:  "e/f@2", wantBad: "1: JSON value longer than 1 MiB"},
		{name: "value over 1 MiB over many lines",
			input: `{"a":{` + "\n" + strings.Repeat(`"k": 1,`+"\n", 140000) + "e/f\n",
			want:  "e/f@140002", wantBad: "1: JSON value longer than 1 MiB"},
		{name: "text line over 1 MiB", input: strings.Repeat("x", maxValueBytes+10) + "\ne/f\n",
			want: "e/f@2", wantBad: "1: line longer than 1 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &Reader{}
			res := runReader(t, r, tc.input)
			if res.err != nil {
				t.Fatalf("got error %v, want nil", res.err)
			}
			if got := repoNames(res.repos); got != tc.want {
				t.Errorf("got repos %q, want %q", got, tc.want)
			}
			if got := inputReasons(res.bad); got != tc.wantBad {
				t.Errorf("got bad input %q, want %q", got, tc.wantBad)
			}
			if _, _, bad := r.Stats(); bad != len(res.bad) {
				t.Errorf("got Stats bad %d, want %d", bad, len(res.bad))
			}
		})
	}
}

func TestInputErrorMessage(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100)
	tests := []struct {
		name string
		err  InputError
		want string
	}{
		{name: "stdin",
			err:  InputError{Source: SourceStdin, Line: 12, Text: "foo bar", Reason: "no owner/name"},
			want: `stdin line 12: "foo bar": no owner/name`},
		{name: "argument",
			err:  InputError{Source: SourceArgument, Line: 2, Text: "foo", Reason: "no owner/name"},
			want: `argument 2: "foo": no owner/name`},
		{name: "long text shortened",
			err:  InputError{Source: SourceStdin, Line: 1, Text: long, Reason: "r"},
			want: `stdin line 1: "` + long[:57] + `...": r`},
		{name: "control characters quoted",
			err:  InputError{Source: SourceStdin, Line: 3, Text: "a\x00b", Reason: "r"},
			want: `stdin line 3: "a\x00b": r`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestReadErrorText checks that the text kept for a multi-line value is its first line
// and that the text of a long line is bounded.
func TestReadErrorText(t *testing.T) {
	t.Parallel()
	input := "{\n  \"nameWithOwner\": \"a/b\"\n\n" + strings.Repeat("y", 5000) + " z\n"
	res := runReader(t, &Reader{}, input)
	if len(res.bad) != 2 {
		t.Fatalf("got bad input %q, want 2 errors", inputReasons(res.bad))
	}
	if got, want := res.bad[0].Text, "{"; got != want {
		t.Errorf("got text %q, want %q", got, want)
	}
	if got := len([]rune(res.bad[1].Text)); got != maxTextRunes {
		t.Errorf("got text of %d runes, want %d", got, maxTextRunes)
	}
}

func TestReadDropsDuplicates(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := &Reader{Logger: logger}
	input := "cli/cli\nother/repo\nCLI/Cli\n[\"https://github.com/cli/CLI.git\"]\n"
	res := runReader(t, r, input)
	if got, want := repoNames(res.repos), "cli/cli@1 other/repo@2"; got != want {
		t.Errorf("got repos %q, want %q", got, want)
	}
	read, dups, bad := r.Stats()
	if read != 2 || dups != 2 || bad != 0 {
		t.Errorf("got Stats %d, %d, %d; want 2, 2, 0", read, dups, bad)
	}
	for _, want := range []string{
		`level=DEBUG msg="duplicate repository" repo=CLI/Cli source=stdin line=3 first_line=1`,
		`level=DEBUG msg="duplicate repository" repo=cli/CLI source=stdin line=4 first_line=1`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("got log %q, want a line with %q", logs.String(), want)
		}
	}
}

func TestReadWarnsAtGhDefaultLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		repos    int
		dups     int
		wantWarn bool
	}{
		{name: "29", repos: 29},
		{name: "30", repos: 30, wantWarn: true},
		{name: "31", repos: 31},
		{name: "30 after dropping duplicates", repos: 30, dups: 3, wantWarn: true},
		{name: "27 and 3 duplicates", repos: 27, dups: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var input strings.Builder
			for i := range tc.repos {
				fmt.Fprintf(&input, "owner/repo-%d\n", i)
			}
			for i := range tc.dups {
				fmt.Fprintf(&input, "OWNER/REPO-%d\n", i)
			}
			var logs bytes.Buffer
			r := &Reader{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			runReader(t, r, input.String())
			got := strings.Count(logs.String(), "level=WARN")
			want := 0
			if tc.wantWarn {
				want = 1
			}
			if got != want {
				t.Errorf("got %d warnings, want %d; log: %q", got, want, logs.String())
			}
			if want == 1 && !strings.Contains(logs.String(), "gh repo list --limit N") {
				t.Errorf("got log %q, want a hint naming gh repo list --limit N", logs.String())
			}
		})
	}
}

// TestReadLongLine reads a compact array of 1,000 repositories on one line, bigger
// than bufio.Scanner's default token.
func TestReadLongLine(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("[")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"nameWithOwner":"some-owner/repository-%04d",`+
			`"pushedAt":"2026-10-03T12:30:00Z"}`, i)
	}
	b.WriteString("]\nlast/one\n")
	if b.Len() < 64*1024 {
		t.Fatalf("input is %d bytes, want more than 64 KiB", b.Len())
	}
	res := runReader(t, &Reader{}, b.String())
	if res.err != nil || len(res.bad) > 0 {
		t.Fatalf("got error %v and bad input %q, want none", res.err, inputReasons(res.bad))
	}
	if got, want := len(res.repos), 1001; got != want {
		t.Fatalf("got %d repos, want %d", got, want)
	}
	if got, want := res.repos[999].Name, "some-owner/repository-0999"; got != want {
		t.Errorf("got repo 999 %q, want %q", got, want)
	}
	want := Repo{Name: "last/one", Source: SourceStdin, Line: 2}
	if got := res.repos[1000]; got != want {
		t.Errorf("got last repo %+v, want %+v", got, want)
	}
}

// TestReadLogsBadInputWithoutOnError checks that bad input is not lost when the
// caller sets no OnError.
func TestReadLogsBadInputWithoutOnError(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	r := &Reader{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	out := make(chan Repo, 10)
	if err := r.Read(context.Background(), strings.NewReader("nonsense\n"), nil, out); err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	want := `level=WARN msg="skip input" error="stdin line 1: \"nonsense\": no owner/name"`
	if !strings.Contains(logs.String(), want) {
		t.Errorf("got log %q, want a line with %q", logs.String(), want)
	}
}

func TestReadStopsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Repo) // nobody receives: Read blocks on its first send
	done := make(chan error, 1)
	go func() { done <- (&Reader{}).Read(ctx, strings.NewReader("a/b\nc/d\n"), nil, out) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
	if _, ok := <-out; ok {
		t.Errorf("got a repo after cancel, want out closed")
	}
}

func TestReadReturnsStdinError(t *testing.T) {
	t.Parallel()
	failure := errors.New("disk on fire")
	stdin := io.MultiReader(strings.NewReader("a/b\nc/"), iotest.ErrReader(failure))
	out := make(chan Repo, 10)
	err := (&Reader{}).Read(context.Background(), stdin, nil, out)
	if !errors.Is(err, failure) || !strings.Contains(err.Error(), "read stdin") {
		t.Errorf("got error %v, want %q wrapped with read stdin", err, failure)
	}
	var got []string
	for r := range out {
		got = append(got, r.Name)
	}
	if len(got) != 1 || got[0] != "a/b" {
		t.Errorf("got repos %q, want [a/b]", got)
	}
}

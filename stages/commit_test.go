package stages

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/tidwall/gjson"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestConvertRecordedPages turns every recorded GitHub page into NDJSON and compares it
// with the golden file, so any change to the output schema shows up in review.
func TestConvertRecordedPages(t *testing.T) {
	files, err := filepath.Glob("../testdata/recorded-commits/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded pages: %v", err)
	}
	var out bytes.Buffer
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body := gjson.GetBytes(raw, "response.body").Raw
		lines, err := ConvertPage("example-org/example-repo", []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if want := int(gjson.Get(body, "#").Int()); len(lines) != want {
			t.Errorf("%s: got %d lines, want %d", f, len(lines), want)
		}
		for _, l := range lines {
			if !json.Valid(l.JSON) {
				t.Fatalf("%s: invalid JSON line %s", f, l.JSON)
			}
			out.Write(l.JSON)
			out.WriteByte('\n')
		}
	}

	golden := filepath.Join("testdata", "recorded-commits.golden.ndjson")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./stages -run TestConvertRecordedPages -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("NDJSON differs from %s; rerun with -update if the change is intended", golden)
	}
}

func TestConvertCommitFields(t *testing.T) {
	body := `[{"sha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "commit":{"author":{"name":"Zoë \"Z\"","email":"z@example.invalid","date":"2026-10-02T03:04:05Z"},
	            "committer":{"name":"GitHub","email":"noreply@github.com","date":"2026-10-02T03:04:06Z"},
	            "message":"line one\n\nünïcödé ✓ \u0001"},
	  "html_url":"https://github.com/o/n/commit/aaaa",
	  "author":null,
	  "committer":{"login":"web-flow","id":1},
	  "parents":[{"sha":"bbbb"},{"sha":"cccc"}]}]`
	lines, err := ConvertPage(`o/n"x`, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1", len(lines))
	}
	var got struct {
		Repo   string `json:"repo"`
		SHA    string `json:"sha"`
		Author struct {
			Name  string  `json:"name"`
			Login *string `json:"login"`
			Date  string  `json:"date"`
		} `json:"author"`
		Committer struct {
			Login *string `json:"login"`
		} `json:"committer"`
		Message string   `json:"message"`
		URL     string   `json:"url"`
		Parents []string `json:"parents"`
	}
	if err := json.Unmarshal(lines[0].JSON, &got); err != nil {
		t.Fatalf("%v: %s", err, lines[0].JSON)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"repo", got.Repo, `o/n"x`},
		{"sha", got.SHA, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"author name", got.Author.Name, `Zoë "Z"`},
		{"author login", got.Author.Login == nil, true},
		{"author date", got.Author.Date, "2026-10-02T03:04:05Z"},
		{"committer login", *got.Committer.Login, "web-flow"},
		{"message", got.Message, "line one\n\nünïcödé ✓ \u0001"},
		{"url", got.URL, "https://github.com/o/n/commit/aaaa"},
		{"parents", len(got.Parents), 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestConvertRejectsNonArray(t *testing.T) {
	if _, err := ConvertPage("o/n", []byte(`{"message":"Not Found"}`)); err == nil {
		t.Error("got no error for an object, want one")
	}
}

func BenchmarkConvertPage(b *testing.B) {
	raw, err := os.ReadFile("../testdata/recorded-commits/06.json")
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(gjson.GetBytes(raw, "response.body").Raw)
	n := int(gjson.GetBytes(body, "#").Int())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ConvertPage("example-org/example-repo", body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "commits/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/commit")
}

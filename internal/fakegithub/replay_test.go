package fakegithub_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestReplayServesFixtures(t *testing.T) {
	s := fakegithub.StartReplay(fixtureDir)
	t.Cleanup(s.Close)
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if len(files) != 14 {
		t.Fatalf("got %d fixtures, want 14", len(files))
	}

	for _, prefix := range []string{"", "/api/v3"} {
		for _, file := range files {
			name := strings.TrimSuffix(filepath.Base(file), ".json")
			t.Run(prefix+"/"+name, func(t *testing.T) {
				rec := readFixture(t, name)
				resp, body := get(t, s, prefix+rec.Request.Path)
				if resp.StatusCode != rec.Response.Status {
					t.Errorf("got status %d, want %d", resp.StatusCode, rec.Response.Status)
				}
				want := strings.ReplaceAll(rec.Response.Headers["Link"], "{{base}}", s.URL()+prefix)
				if got := resp.Header.Get("Link"); got != want {
					t.Errorf("got Link %q, want %q", got, want)
				}
				if got := resp.Header.Get("ETag"); got != rec.Response.Headers["ETag"] {
					t.Errorf("got ETag %q, want %q", got, rec.Response.Headers["ETag"])
				}
				var gotBody, wantBody bytes.Buffer
				_ = json.Compact(&wantBody, rec.Response.Body)
				_ = json.Compact(&gotBody, body)
				if !bytes.Equal(gotBody.Bytes(), wantBody.Bytes()) {
					t.Errorf("got body of %d bytes, want the recorded %d",
						gotBody.Len(), wantBody.Len())
				}
			})
		}
	}
}

func TestReplayMatchesQueryInAnyOrder(t *testing.T) {
	s := fakegithub.StartReplay(fixtureDir)
	t.Cleanup(s.Close)
	rec := readFixture(t, "04")
	u, _ := url.Parse(rec.Request.Path)
	reordered := u.Path + "?" + u.Query().Encode() // sorted keys, other escaping

	if resp, _ := get(t, s, reordered); resp.StatusCode != http.StatusOK {
		t.Errorf("reordered query: got status %d, want 200", resp.StatusCode)
	}
	if resp, _ := get(t, s, u.Path+"?author=someone-else"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unrecorded query: got status %d, want 404", resp.StatusCode)
	}
	if got := s.Stats().Requests; got != 2 {
		t.Errorf("got %d requests in Stats, want 2", got)
	}
}

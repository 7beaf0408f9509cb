package checkpoint

import (
	"reflect"
	"testing"
)

func TestPageCache(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	alice, bob := TokenFingerprint("alice-token"), TokenFingerprint("bob-token")
	url := "https://api.github.com/repos/o/r/commits?page=1"
	if err := s.PutCachedPage(alice, Page{URL: url, ETag: `"v1"`, Lines: lines(3)}); err != nil {
		t.Fatal(err)
	}
	// A URL that extends another is a different entry.
	if err := s.PutCachedPage(alice, Page{URL: url + "0", ETag: `"v10"`, Lines: lines(1)}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCachedPage(alice, Page{URL: url, ETag: `"v2"`, Lines: lines(2)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir, nil)

	tests := []struct {
		name, fp, url string
		wantOK        bool
		wantETag      string
		wantLines     [][]byte
	}{
		{"latest entry wins", alice, url, true, `"v2"`, lines(2)},
		{"longer url", alice, url + "0", true, `"v10"`, lines(1)},
		{"other token", bob, url, false, "", nil},
		{"unknown url", alice, url + "&x", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg, ok, err := s.CachedPage(tt.fp, tt.url)
			etag, ls := pg.ETag, pg.Lines
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.wantOK || etag != tt.wantETag || !reflect.DeepEqual(ls, tt.wantLines) {
				t.Errorf("got %v %q %q, want %v %q %q",
					ok, etag, ls, tt.wantOK, tt.wantETag, tt.wantLines)
			}
		})
	}
}

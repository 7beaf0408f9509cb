package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMayReachScreen(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()

	tests := []struct {
		name string
		f    *os.File
		want bool
	}{
		{"pipe (| jq)", w, true},
		{"file (> out)", file, false},
		{"/dev/null", null, false},
	}
	for _, tt := range tests {
		if got := mayReachScreen(tt.f); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEndTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	for _, tt := range []struct {
		content string
		want    bool
	}{{"", false}, {"{}\n", false}, {"{}\n{\"a\":", true}} {
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := endTornLine(f)
		f.Close()
		data, _ := os.ReadFile(path)
		if got != tt.want || (got && data[len(data)-1] != '\n') {
			t.Errorf("%q: got %v and %q, want %v", tt.content, got, data, tt.want)
		}
	}
}

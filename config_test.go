package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsPrecedence checks flag > environment > file > default for the settings the
// original hacktivity kept in its config file.
func TestSettingsPrecedence(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		env      map[string]string
		args     []string
		workers  int
		parallel bool
	}{
		{"default", "", nil, nil, 4, true},
		{"file", "[github]\nmax_workers = 7\nparallel_enabled = false\n", nil, nil, 7, false},
		{"env over file", "[github]\nmax_workers = 7\n",
			map[string]string{"HACKTIVITY_MAX_WORKERS": "9"}, nil, 9, true},
		{"flag over env", "[github]\nmax_workers = 7\n",
			map[string]string{"HACKTIVITY_MAX_WORKERS": "9"}, []string{"-j", "2"}, 2, true},
		{"flag over file", "[github]\nparallel_enabled = false\n", nil, []string{"--parallel"}, 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("HOME", home)
			t.Setenv("HACKTIVITY_MAX_WORKERS", "")
			os.Unsetenv("HACKTIVITY_MAX_WORKERS")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.file != "" {
				dir := filepath.Join(home, ".hacktivity")
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var out, errb bytes.Buffer
			c, k, _, code := parse(append(tt.args, "o/n"), &out, &errb)
			if k == nil {
				t.Fatalf("parse stopped with code %d: %s", code, errb.String())
			}
			if c.Fetch.MaxWorkers != tt.workers || c.Fetch.Parallel != tt.parallel {
				t.Errorf("got workers %d parallel %v, want %d %v",
					c.Fetch.MaxWorkers, c.Fetch.Parallel, tt.workers, tt.parallel)
			}
		})
	}
}

// TestOutOfRangeNamesSource runs the program and checks the one-line error names the
// setting, where the value came from, and the range.
func TestOutOfRangeNamesSource(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		args []string
		want []string
	}{
		{"flag", "", nil, []string{"-j", "12"},
			[]string{"max-workers is 12", "flag --max-workers", "1 to 10"}},
		{"environment", "", map[string]string{"HACKTIVITY_RATE_LIMIT_BUFFER": "10"}, nil,
			[]string{"rate-limit-buffer is 10", "HACKTIVITY_RATE_LIMIT_BUFFER", "50 to 500"}},
		{"file", "[github]\nmax_workers = 11\n", nil, nil,
			[]string{"max-workers is 11", "[github] max_workers in config file", "1 to 10"}},
		{"named file", "", nil, []string{"--config", "/nonexistent/hf.toml"},
			[]string{"/nonexistent/hf.toml"}},
		{"unknown key", "[github]\nmax_wrkers = 3\n", nil, nil,
			[]string{`unknown setting "github.max_wrkers"`}},
		{"bad since", "", nil, []string{"--since", "last tuesday"},
			[]string{"--since", "last tuesday", "7d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("HOME", home)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.file != "" {
				dir := filepath.Join(home, ".hacktivity")
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "config.toml"), []byte(tt.file), 0o644)
			}
			var out, errb bytes.Buffer
			code := run(t.Context(), append(tt.args, "o/n"), strings.NewReader(""), &out, &errb)
			if code == exitOK {
				t.Fatalf("exit code 0, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
			if out.Len() != 0 {
				t.Errorf("stdout has %q, want nothing", out.String())
			}
		})
	}
}

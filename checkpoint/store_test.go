package checkpoint

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func TestOpenCreatesMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "hf")
	s := openStore(t, dir, nil)
	if _, err := s.Begin(testParams, t0); err != nil {
		t.Fatalf("Begin: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "MANIFEST")); err != nil || fi.IsDir() {
		t.Errorf("got MANIFEST stat %v, want a file in the new directory", err)
	}
}

func TestOpenTwiceIsLocked(t *testing.T) {
	dir := t.TempDir()
	first := openStore(t, dir, nil)

	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got error %v, want ErrLocked", err)
	}
	if msg := err.Error(); !strings.Contains(msg, dir) ||
		!strings.Contains(msg, "pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("got message %q, want it to name %s and pid %d", msg, dir, os.Getpid())
	}

	// Closing releases the directory for the next run.
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	openStore(t, dir, nil)
}

func TestOpenRefusesBadPaths(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(base, "home")
	if err := os.Mkdir(foreign, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		dir  string
		want error
	}{
		{"path is a file", file, ErrNotDir},
		{"path is below a file", filepath.Join(file, "sub"), ErrNotDir},
		{"directory holds other files", foreign, ErrNotCheckpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, base)
			_, err := Open(tt.dir, Options{})
			t.Logf("error: %v", err)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.dir) {
				t.Errorf("got message %q, want it to name %s", err, tt.dir)
			}
			if after := snapshot(t, base); !reflect.DeepEqual(after, before) {
				t.Errorf("got files %v after the failed open, want them unchanged: %v",
					after, before)
			}
		})
	}
}

func TestOpenRefusesCorruptStoreAndKeepsIt(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"garbage in MANIFEST", func(t *testing.T, dir string) {
			garbage := []byte(strings.Repeat("this is not a badger manifest\n", 20))
			if err := os.WriteFile(filepath.Join(dir, "MANIFEST"), garbage, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"MANIFEST missing", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "MANIFEST")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fillStore(t, dir)
			tt.damage(t, dir)
			before := snapshot(t, dir)

			_, err := Open(dir, Options{})
			t.Logf("error: %v", err)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got error %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "corrupt") {
				t.Errorf("got message %q, want it to name %s and say corrupt", err, dir)
			}
			if after := snapshot(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("got files %v after the failed open, want them unchanged: %v",
					after, before)
			}
		})
	}
}

func TestOpenRefusesOtherFormat(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(keyFormat), []byte("99"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Twice: a failed open must release the lock, or the second would say
	// ErrLocked.
	for range 2 {
		_, err = Open(dir, Options{})
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), dir) {
			t.Errorf("got error %v, want ErrFormat naming %s", err, dir)
		}
	}
}

func TestOpenWithoutWritePermission(t *testing.T) {
	base := t.TempDir()
	readOnly := filepath.Join(base, "ro")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, dir string }{
		{"read-only directory", readOnly},
		{"missing below a read-only directory", filepath.Join(readOnly, "hf")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if os.Geteuid() == 0 {
				// Root ignores permission bits: ask a child running as
				// nobody, which root may start.
				out := openAsNobody(t, base, tt.dir)
				t.Logf("child: %s", out)
				if !strings.Contains(out, tt.dir) || !strings.Contains(out, "permission denied") {
					t.Errorf("got %q from the child, want permission denied naming %s", out, tt.dir)
				}
				return
			}
			_, err := Open(tt.dir, Options{})
			if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), tt.dir) {
				t.Errorf("got error %v, want a permission error naming %s", err, tt.dir)
			}
		})
	}
}

// openAsNobody runs Open on dir in a child process as user nobody and returns
// what it printed. base, a test directory above dir, and its parent are opened
// to others, and the test binary is copied into base where nobody can run it.
func openAsNobody(t *testing.T, base, dir string) string {
	t.Helper()
	for _, d := range []string{filepath.Dir(base), base} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(base, "checkpoint.test")
	if _, err := os.Stat(bin); err != nil {
		self, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, self, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), envOpenDir+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("cannot run a child as nobody: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// fillStore writes an operation with some pages to dir and closes it, so the
// directory holds tables and value logs.
func fillStore(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	op := begin(t, s, testParams)
	for i := range 3 {
		if err := op.SavePage(key("o/r", 1), testPage(key("o/r", 1), i, 10, 2000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// snapshot maps every file under dir (except the lock file, whose pid hint
// changes) to a digest of its content.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == lockFileName {
			return err
		}
		b, err := os.ReadFile(path)
		files[strings.TrimPrefix(path, dir)] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

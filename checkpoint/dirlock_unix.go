//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package checkpoint

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// dirLock is an exclusive flock on a file in the checkpoint directory. Badger
// locks the directory too, but its error cannot be told apart from others;
// taking our own lock first gives callers ErrLocked and the holder's pid.
type dirLock struct {
	f *os.File
}

// lockDir takes the lock without waiting. The kernel drops it when the
// process dies, so a killed run never leaves the directory locked.
func lockDir(dir string) (*dirLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		pid := readPID(f)
		_ = f.Close()
		return nil, fmt.Errorf("%w (pid %s)", ErrLocked, pid)
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}

	// The pid is only a hint for the error message of the next opener.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dirLock{f: f}, nil
}

// release drops the lock. The file stays: removing it would let a second
// opener lock a new file while a third still holds the old one.
func (l *dirLock) release() error {
	return l.f.Close()
}

func readPID(f *os.File) string {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil || len(strings.TrimSpace(string(b))) == 0 {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

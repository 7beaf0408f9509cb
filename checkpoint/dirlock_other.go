//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package checkpoint

// dirLock does nothing where flock is unavailable; Badger's own directory
// lock still refuses a second opener, and Open maps its error to ErrLocked.
type dirLock struct{}

func lockDir(string) (*dirLock, error) { return &dirLock{}, nil }

func (*dirLock) release() error { return nil }

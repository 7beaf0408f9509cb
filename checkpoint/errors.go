package checkpoint

import "errors"

// Errors returned by Open and the store's methods, wrapped with the directory
// or record they concern. Check them with errors.Is.
var (
	// ErrLocked means another process (or another Store in this process) has
	// the directory open.
	ErrLocked = errors.New("checkpoint directory is in use by another process")

	// ErrNotDir means the checkpoint path exists and is not a directory.
	ErrNotDir = errors.New("not a directory")

	// ErrNotCheckpoint means the directory holds files that are not a
	// checkpoint's; Open refuses to write among them.
	ErrNotCheckpoint = errors.New("directory holds other files and no checkpoint")

	// ErrCorrupt means the stored data cannot be read. The store never deletes
	// or rewrites such data; the user must move it away.
	ErrCorrupt = errors.New("checkpoint is corrupt or unreadable")

	// ErrFormat means the checkpoint was written in a format this program does
	// not read.
	ErrFormat = errors.New("checkpoint format not supported")
)

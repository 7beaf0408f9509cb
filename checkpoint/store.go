package checkpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// lockFileName is the file Open locks; it is not part of Badger's data.
const lockFileName = "hacktivity-fetch.lock"

// Store is an open checkpoint directory. It is safe for concurrent use; the
// caller must call Close, which releases the directory for the next process.
type Store struct {
	dir  string
	db   *badger.DB
	lock *dirLock
	now  func() time.Time

	// mu serialises the changes to operation records (Begin, BeginReplay,
	// Finish) and Prune, which read and rewrite them in several steps.
	mu sync.Mutex

	closeOnce sync.Once
	closeErr  error
}

// Open opens the checkpoint in dir, creating dir if it is missing. Errors name
// dir and wrap ErrLocked, ErrNotDir, ErrNotCheckpoint, ErrCorrupt, ErrFormat
// or the os error (permissions). Open never deletes or rewrites data it cannot
// read.
func Open(dir string, o Options) (*Store, error) {
	s, err := open(dir, o)
	if err != nil {
		return nil, fmt.Errorf("open checkpoint %q: %w", dir, err)
	}
	return s, nil
}

func open(dir string, o Options) (*Store, error) {
	// Check the path and refuse directories Badger would damage.
	if err := prepareDir(dir); err != nil {
		return nil, err
	}
	if err := inspectDir(dir); err != nil {
		return nil, err
	}

	// Lock before Badger touches anything.
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	db, err := badger.Open(badgerOptions(dir, o))
	if err != nil {
		_ = lock.release()
		return nil, classifyOpenError(err)
	}

	// Refuse data written in another format before any write.
	s := &Store{dir: dir, db: db, lock: lock, now: o.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.checkFormat(); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// prepareDir creates dir if missing and checks that it is a directory.
func prepareDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o700)
	case errors.Is(err, syscall.ENOTDIR):
		return ErrNotDir
	case err != nil:
		return err
	case !fi.IsDir():
		return ErrNotDir
	}
	return nil
}

// inspectDir refuses a directory without a MANIFEST that holds Badger tables
// or logs, because Badger would delete tables the manifest does not list, and
// a directory of unrelated files, where Badger would scatter its own.
func inspectDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var data, foreign []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == "MANIFEST":
			return nil
		case strings.HasSuffix(name, ".sst"), strings.HasSuffix(name, ".vlog"),
			strings.HasSuffix(name, ".mem"):
			data = append(data, name)
		case !isBadgerBootstrapFile(name):
			foreign = append(foreign, name)
		}
	}
	if len(data) > 0 {
		return fmt.Errorf("%w: %s present but MANIFEST missing", ErrCorrupt, data[0])
	}
	if len(foreign) > 0 {
		return fmt.Errorf("%w (found %s)", ErrNotCheckpoint, foreign[0])
	}
	return nil
}

// isBadgerBootstrapFile reports whether name may exist before MANIFEST: the
// files Badger or Open create first, which a run killed during its very first
// open can leave behind.
func isBadgerBootstrapFile(name string) bool {
	switch name {
	case lockFileName, "LOCK", "MANIFEST-REWRITE", "KEYREGISTRY", "KEYREGISTRY-REWRITE", "DISCARD":
		return true
	}
	return false
}

// classifyOpenError maps a badger.Open error to our sentinels. Badger formats
// the errors it wraps with %+v, so only their text survives to match on.
func classifyOpenError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Cannot acquire directory lock"):
		return fmt.Errorf("%w: %v", ErrLocked, err)
	case errors.Is(err, fs.ErrPermission), strings.Contains(msg, "permission denied"):
		return fmt.Errorf("%w: %v", fs.ErrPermission, err)
	case strings.Contains(msg, "no space left on device"):
		return err
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// checkFormat stamps a new store with storeFormat and refuses other formats.
func (s *Store) checkFormat() error {
	return s.db.Update(func(txn *badger.Txn) error {
		v, err := getValue(txn, []byte(keyFormat))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set([]byte(keyFormat), []byte(storeFormat))
		}
		if err != nil {
			return err
		}
		if string(v) != storeFormat {
			return fmt.Errorf("%w: format %q, this program reads %q", ErrFormat, v, storeFormat)
		}
		return nil
	})
}

// Close flushes and closes the database and releases the directory lock.
// Operations begun on s must not be used afterwards. Calling Close again
// returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		err := s.db.Close()
		if lerr := s.lock.release(); err == nil {
			err = lerr
		}
		if err != nil {
			s.closeErr = fmt.Errorf("close checkpoint %q: %w", s.dir, err)
		}
	})
	return s.closeErr
}

// Dir returns the directory the store was opened on.
func (s *Store) Dir() string { return s.dir }

// getValue returns a copy of the value of key, or badger.ErrKeyNotFound.
func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	it, err := txn.Get(key)
	if err != nil {
		return nil, err
	}
	return it.ValueCopy(nil)
}

// scanKeys calls fn with a copy of every key that starts with prefix, in
// order, without reading the values.
func scanKeys(txn *badger.Txn, prefix []byte, fn func(key []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if err := fn(it.Item().KeyCopy(nil)); err != nil {
			return err
		}
	}
	return nil
}

// scan calls fn with the key and a copy of the value of every key that
// starts with prefix, in order.
func scan(txn *badger.Txn, prefix []byte, fn func(key, value []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := fn(item.Key(), v); err != nil {
			return err
		}
	}
	return nil
}

// deletePrefixes deletes every key under the given prefixes. It uses a
// WriteBatch, which splits the deletes into transactions of a size Badger
// accepts, so it is not atomic: callers delete an operation's record first,
// and Begin clears what a crash left of an operation without a record.
func (s *Store) deletePrefixes(prefixes ...[]byte) error {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range prefixes {
			err := scanKeys(txn, p, func(k []byte) error {
				keys = append(keys, k)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(keys) == 0 {
		return err
	}
	return s.deleteKeys(keys)
}

// deleteKeys deletes the given keys in as few transactions as Badger allows.
func (s *Store) deleteKeys(keys [][]byte) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range keys {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return wb.Flush()
}

package checkpoint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// windowKey holds the absolute window an operation resolved its parameters to. Params may
// name an age ("7d"), which means another window each time it is resolved; a resumed
// operation must ask for the window it started with.
func windowKey(id string) []byte { return []byte("window/" + id) }

// Window returns the window recorded by SetWindow, as UTC RFC 3339 times.
func (o *Operation) Window() (since, until string, ok bool) {
	var v []byte
	err := o.s.db.View(func(txn *badger.Txn) (err error) {
		v, err = getValue(txn, windowKey(o.id))
		return err
	})
	if err != nil {
		return "", "", false
	}
	since, until, ok = strings.Cut(string(v), " ")
	return since, until, ok
}

// SetWindow records the absolute window of the operation, durably.
func (o *Operation) SetWindow(since, until string) error {
	if strings.Contains(since, " ") || strings.Contains(until, " ") {
		return errors.New("set window: times must not contain spaces")
	}
	err := o.s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(windowKey(o.id), []byte(since+" "+until))
	})
	if err != nil {
		return fmt.Errorf("set window: %w", err)
	}
	return nil
}

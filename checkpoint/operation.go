package checkpoint

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// itemLockStripes is how many mutexes share the work items of an Operation.
// Workers on different items rarely share one, so their synced commits run
// concurrently and Badger can group them into one fsync.
const itemLockStripes = 64

// Operation is one run of a command, resumable through the store. It is safe
// for concurrent use by many workers. Every write is durable when it returns.
// Get one from Store.Begin or Store.BeginReplay, and call Finish when every
// item is done; an Operation must not be used after its Store is closed.
type Operation struct {
	s       *Store
	id      string
	params  Params
	resumed bool

	// repoMu guards the set of recorded repositories and the next sequence
	// number, loaded once by Begin because only this Operation appends.
	repoMu   sync.Mutex
	repoSeen map[string]bool
	repoNext int

	itemMu [itemLockStripes]sync.Mutex
}

// ID returns the operation's identifier, Params().ID().
func (o *Operation) ID() string { return o.id }

// Params returns the parameters the operation was begun with.
func (o *Operation) Params() Params { return o.params }

// Resumed reports whether Begin continued an interrupted run (or, for
// BeginReplay, found items to replay) rather than starting afresh.
func (o *Operation) Resumed() bool { return o.resumed }

// AddRepo records a repository read from the input. The list keeps the order
// repositories were first added; adding one again does nothing.
func (o *Operation) AddRepo(repo string) error {
	if repo == "" || strings.ContainsRune(repo, 0) {
		return fmt.Errorf("add repository %q: invalid name", repo)
	}
	o.repoMu.Lock()
	defer o.repoMu.Unlock()
	if o.repoSeen[repo] {
		return nil
	}
	err := o.s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(repoKey(o.id, o.repoNext), []byte(repo))
	})
	if err != nil {
		return fmt.Errorf("add repository %s: %w", repo, err)
	}
	o.repoSeen[repo] = true
	o.repoNext++
	return nil
}

// Repos returns the recorded input repositories in first-seen order.
func (o *Operation) Repos() ([]string, error) {
	var repos []string
	err := o.s.db.View(func(txn *badger.Txn) error {
		return scan(txn, repoPrefix(o.id), func(_, v []byte) error {
			repos = append(repos, string(v))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list repositories of %s: %w", o.id, err)
	}
	return repos, nil
}

// Items returns every item recorded for repo, ordered by window.
func (o *Operation) Items(repo string) ([]Item, error) {
	var items []Item
	err := o.s.db.View(func(txn *badger.Txn) error {
		return scan(txn, repoItemsPrefix(o.id, repo), func(_, v []byte) error {
			it, err := decodeItem(v)
			items = append(items, it)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list items of %s: %w", repo, err)
	}
	return items, nil
}

// Item returns the recorded item for k; ok is false if none is recorded.
func (o *Operation) Item(k ItemKey) (it Item, ok bool, err error) {
	err = o.s.db.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, itemKey(o.id, k))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		it, err = decodeItem(v)
		return err
	})
	if err != nil {
		return Item{}, false, fmt.Errorf("read item %s: %w", k, err)
	}
	return it, ok, nil
}

// Put records an item's State, Attempts and Error, and its PinnedSHA when
// set, so that windows split from a pinned one start pinned; use it for
// Pending, Split and Failed items. The page progress (Pages, Commits,
// NextURL) belongs to SavePage: Put keeps the stored values, so it can never
// detach saved pages from their item.
func (o *Operation) Put(it Item) error {
	err := o.update(it.Key, func(_ *badger.Txn, cur *Item) error {
		cur.State = it.State
		cur.Attempts = it.Attempts
		cur.Error = it.Error
		if it.PinnedSHA != "" {
			cur.PinnedSHA = it.PinnedSHA
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put item %s: %w", it.Key, err)
	}
	return nil
}

// SavePage appends pg to the item's stored pages and records the progress:
// State InProgress, Pages+1, Commits+len(pg.Lines), NextURL pg.NextURL, and
// PinnedSHA pg.PinnedSHA when it is set. Call it only after the page's lines
// are flushed to stdout.
func (o *Operation) SavePage(k ItemKey, pg Page) error {
	err := o.update(k, func(txn *badger.Txn, cur *Item) error {
		if err := txn.Set(pageKey(o.id, k, cur.Pages), encodePage(pg)); err != nil {
			return err
		}
		cur.State = InProgress
		cur.Pages++
		cur.Commits += len(pg.Lines)
		cur.NextURL = pg.NextURL
		if pg.PinnedSHA != "" {
			cur.PinnedSHA = pg.PinnedSHA
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save page of %s: %w", k, err)
	}
	return nil
}

// MarkDone records that every commit of the item is on stdout.
func (o *Operation) MarkDone(k ItemKey) error {
	err := o.update(k, func(_ *badger.Txn, cur *Item) error {
		cur.State = Done
		cur.Error = ""
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark %s done: %w", k, err)
	}
	return nil
}

// MarkFailed records that the item stopped on an error, counting the attempt.
// Its saved pages and NextURL are kept, so a retry goes on from there.
func (o *Operation) MarkFailed(k ItemKey, msg string) error {
	err := o.update(k, func(_ *badger.Txn, cur *Item) error {
		cur.State = Failed
		cur.Attempts++
		cur.Error = msg
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark %s failed: %w", k, err)
	}
	return nil
}

// Pages calls fn with each stored page of the item, in the order saved, and
// stops at the first error fn returns. fn may keep the pages it is given.
func (o *Operation) Pages(k ItemKey, fn func(Page) error) error {
	err := o.s.db.View(func(txn *badger.Txn) error {
		return scan(txn, itemPagesPrefix(o.id, k), func(_, v []byte) error {
			pg, err := decodePage(v)
			if err != nil {
				return err
			}
			return fn(pg)
		})
	})
	if err != nil {
		return fmt.Errorf("read pages of %s: %w", k, err)
	}
	return nil
}

// Finish marks the operation finished, so that the next Begin with the same
// Params starts a fresh run instead of resuming.
func (o *Operation) Finish(now time.Time) error {
	err := o.updateRecord(func(rec *opRecord) {
		rec.Finished = now.UTC()
		rec.Updated = now.UTC()
	})
	if err != nil {
		return fmt.Errorf("finish operation %s: %w", o.id, err)
	}
	return nil
}

// updateRecord changes the operation's record in one synced transaction.
func (o *Operation) updateRecord(change func(*opRecord)) error {
	o.s.mu.Lock()
	defer o.s.mu.Unlock()
	return o.s.db.Update(func(txn *badger.Txn) error {
		rec, err := loadOp(txn, o.id)
		if err != nil {
			return err
		}
		change(&rec)
		return putOp(txn, o.id, rec)
	})
}

// update applies change to the stored item k (or a new Pending one) in one
// synced transaction, holding k's stripe lock so that read-modify-write
// cycles on one item never interleave.
func (o *Operation) update(k ItemKey, change func(*badger.Txn, *Item) error) error {
	if err := k.validate(); err != nil {
		return err
	}
	mu := o.itemLock(k)
	mu.Lock()
	defer mu.Unlock()
	return o.s.db.Update(func(txn *badger.Txn) error {
		cur := Item{Key: k}
		v, err := getValue(txn, itemKey(o.id, k))
		switch {
		case err == nil:
			if cur, err = decodeItem(v); err != nil {
				return err
			}
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		if err := change(txn, &cur); err != nil {
			return err
		}
		cur.Updated = o.s.now().UTC()
		b, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		return txn.Set(itemKey(o.id, k), b)
	})
}

func (o *Operation) itemLock(k ItemKey) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(k.Repo + "\x00" + k.Since + "\x00" + k.Until))
	return &o.itemMu[h.Sum32()%itemLockStripes]
}

func decodeItem(v []byte) (Item, error) {
	var it Item
	if err := json.Unmarshal(v, &it); err != nil {
		return Item{}, fmt.Errorf("%w: item record: %v", ErrCorrupt, err)
	}
	return it, nil
}

// ClearPages forgets the item's saved pages and makes it Pending again, in one synced
// transaction: for a window that will be fetched again whole, whose pages would
// otherwise be kept twice.
func (o *Operation) ClearPages(k ItemKey) error {
	err := o.update(k, func(txn *badger.Txn, cur *Item) error {
		var keys [][]byte
		err := scanKeys(txn, itemPagesPrefix(o.id, k), func(key []byte) error {
			keys = append(keys, key)
			return nil
		})
		if err != nil {
			return err
		}
		for _, key := range keys {
			if err := txn.Delete(key); err != nil {
				return err
			}
		}
		cur.State = Pending
		cur.Pages, cur.Commits = 0, 0
		cur.NextURL = ""
		return nil
	})
	if err != nil {
		return fmt.Errorf("clear pages of %s: %w", k, err)
	}
	return nil
}

package checkpoint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// TokenFingerprint returns a short hex digest naming token in the page
// cache. ETags are only valid for the token that fetched them, and the store
// must never hold the token itself.
func TokenFingerprint(token string) string {
	sum := sha256.Sum256([]byte("hf:" + token))
	return hex.EncodeToString(sum[:8])
}

// CachedPage returns the page last stored for url under the token fingerprint: its
// ETag, its lines, and whatever the caller kept in NextURL. ok is false when nothing is
// cached.
func (s *Store) CachedPage(tokenFP, url string) (pg Page, ok bool, err error) {
	var v []byte
	err = s.db.View(func(txn *badger.Txn) (err error) {
		v, err = getValue(txn, cacheKey(tokenFP, url))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Page{}, false, nil
	}
	if err == nil {
		if _, pg, err = decodeCacheEntry(v); err == nil {
			return pg, true, nil
		}
	}
	return Page{}, false, fmt.Errorf("read cached page %s: %w", url, err)
}

// PutCachedPage stores pg under the token fingerprint and pg.URL, replacing any earlier
// entry. Its timestamp, from the store's clock, lets Prune drop entries nobody refreshed.
func (s *Store) PutCachedPage(tokenFP string, pg Page) error {
	v := encodeCacheEntry(s.now(), pg)
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(cacheKey(tokenFP, pg.URL), v)
	})
	if err != nil {
		return fmt.Errorf("cache page %s: %w", pg.URL, err)
	}
	return nil
}

// encodeCacheEntry prefixes an encoded page with its write time.
func encodeCacheEntry(at time.Time, pg Page) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano()))
	return append(b, encodePage(pg)...)
}

func decodeCacheEntry(v []byte) (time.Time, Page, error) {
	if len(v) < 8 {
		return time.Time{}, Page{}, fmt.Errorf("%w: %w", ErrCorrupt, errShortPage)
	}
	at := time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
	pg, err := decodePage(v[8:])
	return at, pg, err
}

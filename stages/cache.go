package stages

import (
	"log/slog"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
)

// answerCache keeps GitHub's answers with their ETags in the checkpoint store, so a run
// that asks again is answered 304, which costs no quota. ETags belong to a token, so
// entries are kept under the token's fingerprint. Without a store it keeps nothing.
type answerCache struct {
	store *checkpoint.Store
	fp    string
	log   *slog.Logger
}

// key names an answer by the repository as the input wrote it as well as by address: the
// lines carry that name, and later pages of a renamed repository share their addresses
// (/repositories/ID/...) with the repository under its new name.
func key(repo, url string) string { return repo + " " + url }

func (c answerCache) get(repo, url string) (checkpoint.Page, bool) {
	if c.store == nil {
		return checkpoint.Page{}, false
	}
	pg, ok, err := c.store.CachedPage(c.fp, key(repo, url))
	if err != nil {
		c.log.Warn("read answer cache", "url", url, "error", err)
		return checkpoint.Page{}, false
	}
	pg.URL = url
	return pg, ok && pg.ETag != ""
}

// put keeps an answer; failing to is no reason to fail the run, only to ask in full
// next time.
func (c answerCache) put(repo string, a checkpoint.Page) {
	if c.store == nil || a.ETag == "" {
		return
	}
	a.URL = key(repo, a.URL)
	if err := c.store.PutCachedPage(c.fp, a); err != nil {
		c.log.Warn("keep answer in cache", "url", a.URL, "error", err)
	}
}

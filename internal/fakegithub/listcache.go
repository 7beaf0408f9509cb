package fakegithub

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxCachedViews bounds the cache; past it the cache starts again empty,
// which only costs recomputing.
const maxCachedViews = 4096

// listCache remembers, per repository, where each SHA is and, per query,
// which commits pass the filters, so that a page of a 60,000-commit history
// costs a slice window rather than a scan. Safe for concurrent use.
type listCache struct {
	mu    sync.Mutex
	shas  map[*Repo]map[string]shaRef
	views map[string][]int32
}

// shaRef locates a commit: its branch ("" for the default one) and index.
type shaRef struct {
	branch string
	index  int
}

func newListCache() *listCache {
	return &listCache{shas: map[*Repo]map[string]shaRef{}, views: map[string][]int32{}}
}

// history is the commits a ref names: a branch, or a commit and its
// ancestors. key identifies it in the cache.
type history struct {
	commits []Commit
	key     string
}

// resolve finds the history ref names in r: "" or "HEAD" for the default
// branch, a branch name, or a commit SHA (7 hex digits or more).
func (lc *listCache) resolve(r *Repo, ref string) (history, bool) {
	name := strings.TrimPrefix(ref, "refs/heads/")
	switch {
	case ref == "" || ref == "HEAD" || name == r.defaultBranch():
		return history{r.Commits, "b:"}, true
	case r.Branches[name] != nil:
		return history{r.Branches[name], "b:" + name}, true
	case len(ref) < 7 || len(ref) > 40 || !isHex(ref):
		return history{}, false
	}
	at, ok := lc.findSHA(r, strings.ToLower(ref))
	if !ok {
		return history{}, false
	}
	list := r.Commits
	if at.branch != "" {
		list = r.Branches[at.branch]
	}
	return history{list[at.index:], "c:" + list[at.index].SHA}, true
}

// findSHA looks a full or abbreviated SHA up, default branch first.
func (lc *listCache) findSHA(r *Repo, sha string) (shaRef, bool) {
	lc.mu.Lock()
	idx := lc.shas[r]
	if idx == nil {
		idx = indexSHAs(r)
		lc.shas[r] = idx
	}
	lc.mu.Unlock()

	if at, ok := idx[sha]; ok || len(sha) == 40 {
		return at, ok
	}
	for full, at := range idx {
		if strings.HasPrefix(full, sha) {
			return at, true
		}
	}
	return shaRef{}, false
}

func indexSHAs(r *Repo) map[string]shaRef {
	idx := make(map[string]shaRef, len(r.Commits))
	for name, list := range r.Branches {
		for i := range list {
			idx[strings.ToLower(list[i].SHA)] = shaRef{name, i}
		}
	}
	// The default branch wins for commits that branches share.
	for i := range r.Commits {
		idx[strings.ToLower(r.Commits[i].SHA)] = shaRef{"", i}
	}
	return idx
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// view returns the indexes in h.commits that pass f, or nil with all true
// when f keeps everything.
func (lc *listCache) view(r *Repo, h history, f filter) (idx []int32, all bool) {
	if f.isZero() {
		return nil, true
	}
	key := strconv.FormatInt(r.ID, 10) + "|" + h.key + "|" + timeKey(f.since) + "|" +
		timeKey(f.until) + "|" + strings.ToLower(f.author)
	lc.mu.Lock()
	idx, ok := lc.views[key]
	lc.mu.Unlock()
	if ok {
		return idx, false
	}

	// Two requests may compute the same view at once; both get the same.
	idx = make([]int32, 0)
	for i := range h.commits {
		if f.match(&h.commits[i]) {
			idx = append(idx, int32(i))
		}
	}
	lc.mu.Lock()
	if len(lc.views) >= maxCachedViews {
		lc.views = map[string][]int32{}
	}
	lc.views[key] = idx
	lc.mu.Unlock()
	return idx, false
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return strconv.FormatInt(t.UnixNano(), 10)
}

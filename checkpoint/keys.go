package checkpoint

import "fmt"

// The key layout. Operation ids are fixed-length hex, so an id followed by
// "/" never prefixes another id. Item fields are separated by NUL, which no
// repository name or timestamp contains, and sequence numbers are fixed-width
// hex so that keys sort in insertion order.
//
//	m/format                          format version of the whole store
//	o/<op>                            operation record (JSON)
//	r/<op>/<seq>                      input repository, in first-seen order
//	i/<op>/<repo>\0<since>\0<until>   work item (JSON)
//	p/<op>/<repo>\0<since>\0<until>\0<seq>
//	                                  saved page (binary, see encodePage)
//	c/<token fp>/<url>                cached page for conditional requests
//	window/<op>                       absolute window (see windowKey)
const (
	keyFormat   = "m/format"
	prefixOp    = "o/"
	prefixRepo  = "r/"
	prefixItem  = "i/"
	prefixPage  = "p/"
	prefixCache = "c/"
)

// storeFormat is the value of keyFormat this package writes and reads.
const storeFormat = "1"

func opKey(id string) []byte { return []byte(prefixOp + id) }

func repoPrefix(id string) []byte { return []byte(prefixRepo + id + "/") }

func repoKey(id string, seq int) []byte {
	return fmt.Appendf(repoPrefix(id), "%08x", seq)
}

func itemsPrefix(id string) []byte { return []byte(prefixItem + id + "/") }

func repoItemsPrefix(id, repo string) []byte {
	return []byte(prefixItem + id + "/" + repo + "\x00")
}

func itemKey(id string, k ItemKey) []byte {
	return []byte(prefixItem + id + "/" + k.Repo + "\x00" + k.Since + "\x00" + k.Until)
}

func pagesPrefix(id string) []byte { return []byte(prefixPage + id + "/") }

func itemPagesPrefix(id string, k ItemKey) []byte {
	return []byte(prefixPage + id + "/" + k.Repo + "\x00" + k.Since + "\x00" + k.Until + "\x00")
}

func pageKey(id string, k ItemKey, seq int) []byte {
	return fmt.Appendf(itemPagesPrefix(id, k), "%08x", seq)
}

func cacheKey(tokenFP, url string) []byte {
	return []byte(prefixCache + tokenFP + "/" + url)
}

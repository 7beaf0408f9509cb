package stages

import (
	"net/url"
	"strconv"
	"strings"
)

// links parses GitHub's Link header into its relations ("next", "last", ...).
func links(header string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(header, ",") {
		target, params, ok := strings.Cut(part, ";")
		if !ok {
			continue
		}
		target = strings.Trim(strings.TrimSpace(target), "<>")
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if k == "rel" {
				for _, rel := range strings.Fields(strings.Trim(v, `"`)) {
					out[rel] = target
				}
			}
		}
	}
	return out
}

// pageOf returns the page query parameter of a paginated address, 1 when it has none.
func pageOf(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(u.Query().Get("page"))
	if err != nil {
		return 1
	}
	return n
}

// withPage returns the address raw asking for page n, every other parameter kept.
func withPage(raw string, n int) string {
	return withParam(raw, "page", strconv.Itoa(n))
}

// withParam returns the address raw with the query parameter key set to v.
func withParam(raw, key, v string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(key, v)
	u.RawQuery = q.Encode()
	return u.String()
}

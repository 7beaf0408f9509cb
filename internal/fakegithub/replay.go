package fakegithub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// StartReplay serves the exchanges recorded in dir (testdata/recorded-commits
// format: one JSON file per exchange) until Close. A request matching an
// exchange's method, path and query (in any order and encoding) gets its
// recorded status, headers and body, with {{base}} in headers replaced by
// the server's own API root. Exchanges recorded more than once for the same
// request are served in file-name order, the last one repeating. Other
// requests get 404. Faults, Stats and Log work as with Start; there is no
// quota. It panics if dir cannot be read, as httptest does when it cannot
// listen.
func StartReplay(dir string) *Server {
	rp, err := loadReplay(dir)
	if err != nil {
		panic(fmt.Sprintf("fakegithub: %v", err))
	}
	return start(&Server{world: &World{}, opts: Options{}.withDefaults(), replay: rp})
}

// replayer holds recorded exchanges by request. Safe for concurrent use.
type replayer struct {
	mu    sync.Mutex
	byKey map[string][]*exchange
	next  map[string]int
}

// exchange is one recorded request and its response.
type exchange struct {
	status int
	header http.Header
	body   []byte
}

// recording is the file format of an exchange.
type recording struct {
	Request struct {
		Method string `json:"method"`
		Path   string `json:"path"`
	} `json:"request"`
	Response struct {
		Status  int                        `json:"status"`
		Headers map[string]json.RawMessage `json:"headers"`
		Body    json.RawMessage            `json:"body"`
	} `json:"response"`
}

func loadReplay(dir string) (*replayer, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no recorded exchanges in %q", dir)
	}
	sort.Strings(files)
	rp := &replayer{byKey: map[string][]*exchange{}, next: map[string]int{}}
	for _, f := range files {
		key, ex, err := loadExchange(f)
		if err != nil {
			return nil, err
		}
		rp.byKey[key] = append(rp.byKey[key], ex)
	}
	return rp, nil
}

func loadExchange(file string) (string, *exchange, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", nil, fmt.Errorf("read exchange: %w", err)
	}
	var rec recording
	if err := json.Unmarshal(data, &rec); err != nil {
		return "", nil, fmt.Errorf("parse exchange %q: %w", file, err)
	}
	u, err := url.Parse(rec.Request.Path)
	if err != nil {
		return "", nil, fmt.Errorf("parse request path in %q: %w", file, err)
	}

	ex := &exchange{status: rec.Response.Status, header: http.Header{}}
	for k, raw := range rec.Response.Headers {
		var one string
		var many []string
		if json.Unmarshal(raw, &one) == nil {
			many = []string{one}
		} else if err := json.Unmarshal(raw, &many); err != nil {
			return "", nil, fmt.Errorf("parse header %s in %q: %w", k, file, err)
		}
		for _, v := range many {
			ex.header.Add(k, v)
		}
	}
	if len(rec.Response.Body) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, rec.Response.Body); err != nil {
			return "", nil, fmt.Errorf("compact body in %q: %w", file, err)
		}
		ex.body = buf.Bytes()
	}
	return replayKey(rec.Request.Method, u.Path, u.Query()), ex, nil
}

// replayKey identifies a request whatever the order and encoding of its
// query.
func replayKey(method, path string, q url.Values) string {
	return strings.ToUpper(method) + " " + path + "?" + q.Encode()
}

// answer returns the recorded reply to c, or 404.
func (rp *replayer) answer(c *call) *reply {
	key := replayKey(c.r.Method, c.path, c.r.URL.Query())
	rp.mu.Lock()
	list := rp.byKey[key]
	n := rp.next[key]
	rp.next[key] = n + 1
	rp.mu.Unlock()
	if len(list) == 0 {
		return notFound()
	}

	ex := list[min(n, len(list)-1)]
	rep := &reply{status: ex.status, header: http.Header{}, body: ex.body}
	for k, vs := range ex.header {
		for _, v := range vs {
			rep.header.Add(k, strings.ReplaceAll(v, "{{base}}", c.apiBase()))
		}
	}
	rep.header.Del("Content-Length")
	if rep.body != nil {
		rep.header.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	return rep
}

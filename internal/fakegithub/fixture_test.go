package fakegithub_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

const fixtureDir = "../../testdata/recorded-commits"

// fixture is one recorded exchange, headers reduced to single values.
type fixture struct {
	Request struct {
		Method string `json:"method"`
		Path   string `json:"path"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"-"`
		RawHdr  map[string]any    `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

func readFixture(t *testing.T, name string) fixture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("parse fixture %s: %v", name, err)
	}
	f.Response.Headers = map[string]string{}
	for k, v := range f.Response.RawHdr {
		if s, ok := v.(string); ok {
			f.Response.Headers[k] = s
		}
	}
	return f
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

package checkpoint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Params identify an operation: running the same command again produces the
// same Params and so resumes the same operation. The caller normalises them
// (times in UTC RFC 3339, host lowercased) because the store compares them
// exactly.
type Params struct {
	Host      string `json:"host"`
	Since     string `json:"since"`
	Until     string `json:"until"`
	Author    string `json:"author,omitempty"`
	Branch    string `json:"branch,omitempty"`
	ChunkDays int    `json:"chunk_days"`
}

// ID returns a short hex identifier of p, stable across releases, so that a
// checkpoint written by one version is resumed by the next.
func (p Params) ID() string {
	// Quoting every field keeps the encoding unambiguous whatever the
	// values contain.
	canonical := fmt.Sprintf("hacktivity-fetch operation v1\n"+
		"host=%q\nsince=%q\nuntil=%q\nauthor=%q\nbranch=%q\nchunk_days=%d\n",
		p.Host, p.Since, p.Until, p.Author, p.Branch, p.ChunkDays)
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:8])
}

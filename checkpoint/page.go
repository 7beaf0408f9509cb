package checkpoint

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Page is one page of a work item as the fetcher emitted it: where it came
// from, its ETag, the link to the next page, and its NDJSON lines. The store
// keeps the line bytes exactly as given.
type Page struct {
	URL       string
	ETag      string
	NextURL   string
	PinnedSHA string
	Lines     [][]byte
}

// pageFormat is the first byte of every stored page, so a later format can
// be told apart.
const pageFormat = 1

// maxDeflateRatio bounds how much a deflate stream can expand; a stored
// length beyond it is garbage, not a reason to allocate.
const maxDeflateRatio = 1032

// errShortPage is wrapped in ErrCorrupt when a stored page ends early.
var errShortPage = errors.New("truncated page record")

// Compressing pages keeps the value log, which Badger memory-maps, about six
// times smaller for GitHub's JSON; deflate is in the standard library and
// fast at its lowest level. Its state is large, so it is pooled.
var (
	deflaters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed) // only fails for a bad level
		return w
	}}
	inflaters = sync.Pool{New: func() any { return flate.NewReader(nil) }}
)

// encodePage stores pg as its format byte, the length of its raw encoding,
// and the raw encoding deflated. The raw encoding is streamed into the
// compressor rather than built, to spare a copy of every page.
func encodePage(pg Page) []byte {
	out := bytes.NewBuffer(make([]byte, 0, 1024))
	out.WriteByte(pageFormat)
	out.Write(binary.AppendUvarint(nil, uint64(rawPageSize(pg))))
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(out)
	// Writes to a bytes.Buffer cannot fail.
	_ = writeRawPage(w, pg)
	_ = w.Close()
	return out.Bytes()
}

// writeRawPage writes pg's fields with length prefixes. A binary layout keeps
// the lines as they are, where JSON would base64 them.
func writeRawPage(w io.Writer, pg Page) error {
	var prefix [binary.MaxVarintLen64]byte
	field := func(b []byte) error {
		n := binary.PutUvarint(prefix[:], uint64(len(b)))
		if _, err := w.Write(prefix[:n]); err != nil {
			return err
		}
		_, err := w.Write(b)
		return err
	}
	for _, s := range []string{pg.URL, pg.ETag, pg.NextURL, pg.PinnedSHA} {
		if err := field([]byte(s)); err != nil {
			return err
		}
	}
	n := binary.PutUvarint(prefix[:], uint64(len(pg.Lines)))
	if _, err := w.Write(prefix[:n]); err != nil {
		return err
	}
	for _, l := range pg.Lines {
		if err := field(l); err != nil {
			return err
		}
	}
	return nil
}

// rawPageSize is the length writeRawPage produces for pg.
func rawPageSize(pg Page) int {
	size := uvarintLen(len(pg.Lines))
	for _, s := range []string{pg.URL, pg.ETag, pg.NextURL, pg.PinnedSHA} {
		size += uvarintLen(len(s)) + len(s)
	}
	for _, l := range pg.Lines {
		size += uvarintLen(len(l)) + len(l)
	}
	return size
}

func uvarintLen(n int) int {
	return len(binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64), uint64(n)))
}

// decodePage reads a page written by encodePage.
func decodePage(b []byte) (Page, error) {
	raw, err := decompressPage(b)
	if err != nil {
		return Page{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	d := decoder{b: raw}
	pg := Page{URL: d.str(), ETag: d.str(), NextURL: d.str(), PinnedSHA: d.str()}
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		// Each line costs at least one byte, so a larger count is garbage.
		return Page{}, fmt.Errorf("%w: %w", ErrCorrupt, errShortPage)
	}
	pg.Lines = make([][]byte, 0, n)
	for range n {
		pg.Lines = append(pg.Lines, d.bytes())
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("trailing bytes after page record")
	}
	if d.err != nil {
		return Page{}, fmt.Errorf("%w: %w", ErrCorrupt, d.err)
	}
	return pg, nil
}

// decompressPage returns the raw encoding of a stored page. Lines decoded
// from it share its memory, which is fresh for every call.
func decompressPage(b []byte) ([]byte, error) {
	if len(b) == 0 || b[0] != pageFormat {
		return nil, errors.New("unknown page record format")
	}
	size, n := binary.Uvarint(b[1:])
	body := b[1+max(n, 0):]
	if n <= 0 || size > uint64(len(body))*maxDeflateRatio+64 {
		return nil, errShortPage
	}
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(body), nil); err != nil {
		return nil, err
	}
	raw := make([]byte, size)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("inflate page: %w", err)
	}
	if k, err := r.Read(make([]byte, 1)); k > 0 || err != io.EOF {
		return nil, errors.New("page longer than recorded")
	}
	return raw, nil
}

// decoder reads length-prefixed fields and remembers the first error, so
// decodePage can check once at the end.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShortPage
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errShortPage
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return string(d.bytes()) }

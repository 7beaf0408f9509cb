package checkpoint

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
)

func TestPageEncodingRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		pg   Page
	}{
		{"empty", Page{Lines: [][]byte{}}},
		{"fields only", Page{URL: "u", ETag: `"e"`, NextURL: "n", PinnedSHA: "s",
			Lines: [][]byte{}}},
		{"empty and binary lines", Page{Lines: [][]byte{{}, {0, 1, 2, 0xff}, []byte("{}")}}},
		{"full page", testPage(key("o/r", 1), 3, 100, 1024)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodePage(encodePage(tt.pg))
			if err != nil {
				t.Fatalf("decodePage: %v", err)
			}
			if !reflect.DeepEqual(got, tt.pg) {
				t.Errorf("got %+v, want %+v", got, tt.pg)
			}
		})
	}
}

func TestDecodePageRejectsDamage(t *testing.T) {
	whole := encodePage(testPage(key("o/r", 1), 0, 3, 50))
	var buf bytes.Buffer
	if err := writeRawPage(&buf, testPage(key("o/r", 1), 0, 3, 50)); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	lying := append([]byte{pageFormat}, 0xff, 0xff, 0xff, 0xff, 0x0f)
	tests := []struct {
		name string
		b    []byte
	}{
		{"nothing", nil},
		{"unknown format", append([]byte{9}, whole[1:]...)},
		{"cut in the compressed stream", whole[:len(whole)-5]},
		{"length larger than deflate allows", append(lying, whole[2:]...)},
		{"not deflate", append([]byte{pageFormat, 10}, "plain text"...)},
		{"cut in a line", deflated(t, raw[:len(raw)-5])},
		{"trailing bytes", deflated(t, append(raw[:len(raw):len(raw)], 0))},
		{"huge line count", deflated(t, []byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodePage(tt.b)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("got error %v, want ErrCorrupt", err)
			}
		})
	}
}

// deflated stores raw as encodePage would store a page whose raw encoding
// it is, so tests can damage the encoding inside the compression.
func deflated(t *testing.T, raw []byte) []byte {
	t.Helper()
	out := bytes.NewBuffer([]byte{pageFormat})
	out.Write(binary.AppendUvarint(nil, uint64(len(raw))))
	w, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

package checkpoint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// BenchmarkMemory100kCommits measures what the store adds to the program:
// four workers save 100,000 commit lines (real commits from testdata, about
// 1.7 KiB each) across 1,000 pages, then every page is read back as --replay
// does. Run it alone, since peak RSS is per process:
//
//	go test -run '^$' -bench Memory -benchtime 1x ./checkpoint/
func BenchmarkMemory100kCommits(b *testing.B) {
	const workers, items, pagesPerItem, linesPerPage = 4, 100, 10, 100
	corpus := loadCorpus(b)
	baseRSS := procStatusMiB(b, "VmRSS")
	var peakHeap uint64
	var peakAnon, peakFile float64
	var peakMu sync.Mutex
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peakMu.Lock()
		peakHeap = max(peakHeap, ms.HeapInuse)
		peakAnon = max(peakAnon, procStatusMiB(b, "RssAnon"))
		peakFile = max(peakFile, procStatusMiB(b, "RssFile"))
		peakMu.Unlock()
	}

	for b.Loop() {
		s := openStore(b, b.TempDir(), nil)
		op := begin(b, s, testParams)

		// Save: each worker walks its share of the items page by page.
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < items; i += workers {
					k := key(fmt.Sprintf("owner/repo-%d", i), 1)
					for seq := range pagesPerItem {
						ls := corpus.page(i*pagesPerItem+seq, linesPerPage)
						pg := Page{URL: pageURL(k, seq), Lines: ls}
						if err := op.SavePage(k, pg); err != nil {
							b.Error(err)
							return
						}
						sample()
					}
				}
			})
		}
		wg.Wait()

		// Replay: read every page back.
		got := 0
		for i := range items {
			err := op.Pages(key(fmt.Sprintf("owner/repo-%d", i), 1), func(pg Page) error {
				got += len(pg.Lines)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			sample()
		}
		if got != items*pagesPerItem*linesPerPage {
			b.Fatalf("got %d lines back, want %d", got, items*pagesPerItem*linesPerPage)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(procStatusMiB(b, "VmHWM"), "peak-RSS-MiB")
	b.ReportMetric(baseRSS, "start-RSS-MiB")
	b.ReportMetric(peakAnon, "peak-anon-MiB")
	b.ReportMetric(peakFile, "peak-file-MiB")
	b.ReportMetric(float64(corpus.bytes)/float64(len(corpus.lines)), "B/line")
}

// procStatusMiB reads a kB field of /proc/self/status, in MiB; 0 where there
// is no /proc.
func procStatusMiB(b *testing.B, field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), " kB"))
		if err != nil {
			b.Fatalf("parse %s %q: %v", field, value, err)
		}
		return float64(kb) / 1024
	}
	return 0
}

// corpus is the real commits recorded in testdata, as compact JSON lines, so
// that sizes and compressibility are those of GitHub's answers.
type corpus struct {
	lines [][]byte
	bytes int
}

func loadCorpus(b *testing.B) *corpus {
	files, err := filepath.Glob("../testdata/recorded-commits/*.json")
	if err != nil || len(files) == 0 {
		b.Fatalf("got recorded commits %v, error %v; want some", files, err)
	}
	c := &corpus{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var exchange struct {
			Response struct {
				Body []json.RawMessage `json:"body"`
			} `json:"response"`
		}
		if err := json.Unmarshal(raw, &exchange); err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		for _, commit := range exchange.Response.Body {
			var line bytes.Buffer
			if err := json.Compact(&line, commit); err != nil {
				b.Fatal(err)
			}
			c.lines = append(c.lines, line.Bytes())
			c.bytes += line.Len()
		}
	}
	return c
}

// page returns n lines for page number seq, walking through the corpus.
func (c *corpus) page(seq, n int) [][]byte {
	ls := make([][]byte, n)
	for i := range ls {
		ls[i] = c.lines[(seq*n+i)%len(c.lines)]
	}
	return ls
}

//go:build !unix

package main

import "os"

// peakRSSKiB is 0 where the process's rusage is not available.
func peakRSSKiB(*os.ProcessState) int64 { return 0 }

package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// describeMachine names what the figures were measured on: CPUs usable by this process
// (what nproc prints), the CPU model, the platform and the Go toolchain.
func describeMachine() string {
	return fmt.Sprintf("%d CPUs (nproc), %s, %s/%s, %s", runtime.NumCPU(), cpuModel(),
		runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// cpuModel is the first "model name" of /proc/cpuinfo, or "unknown CPU model" where
// there is none.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU model"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown CPU model"
}

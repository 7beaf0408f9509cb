package limiter_test

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// Most tests here spend their time waiting out real pauses and windows,
	// not computing, so more of them may run at once than there are CPUs.
	// An explicit -parallel still wins.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", "8")
	}
	goleak.VerifyTestMain(m)
}

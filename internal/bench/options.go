package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// options is what the flags say.
type options struct {
	worlds      []string      // world names, "all" expanded
	configs     []string      // configuration names; empty means each world's defaults
	latency     time.Duration // added by the fake to every request
	runs        int           // runs of each configuration; the median is reported
	out         string        // markdown table file, "" for none
	seed        int64         // seed of the generated worlds
	peerTimeout time.Duration // cap on the whole gh peer run of one world
	installGh   bool          // install Debian's gh when it is missing and we are root
}

// allWorlds is what -world all runs, in order.
var allWorlds = []string{"fifty", "huge", "quiet", "100k"}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var worlds, configs string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&worlds, "world", "all",
		"worlds, comma-separated: fifty, huge, quiet, 100k, tiny, or all (all but tiny)")
	fs.StringVar(&configs, "configs", "",
		"configurations, comma-separated: "+strings.Join(configNames(), ", ")+
			" (default: each world's own list)")
	fs.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency of every request")
	fs.IntVar(&o.runs, "runs", 1, "runs of each configuration; the median is reported")
	fs.StringVar(&o.out, "out", "", "also write the table as markdown to this file")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the generated worlds")
	fs.DurationVar(&o.peerTimeout, "peer-timeout", 10*time.Minute,
		"stop the gh peer of one world after this long and report it as capped")
	fs.BoolVar(&o.installGh, "install-gh", true,
		"when gh is missing and we are root, apt-get install Debian's gh")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.resolve(worlds, configs, fs.Args()); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return o, err
	}
	return o, nil
}

// resolve checks and expands the list flags.
func (o *options) resolve(worlds, configs string, rest []string) error {
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %q", rest)
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	for _, w := range splitList(worlds) {
		switch {
		case w == "all":
			o.worlds = append(o.worlds, allWorlds...)
		case worldSpecs[w] != nil:
			o.worlds = append(o.worlds, w)
		default:
			return fmt.Errorf("unknown world %q", w)
		}
	}
	for _, c := range splitList(configs) {
		if !slices.Contains(configNames(), c) {
			return fmt.Errorf("unknown configuration %q: want one of %s",
				c, strings.Join(configNames(), ", "))
		}
		o.configs = append(o.configs, c)
	}
	if len(o.worlds) == 0 {
		return errors.New("-world names no world")
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

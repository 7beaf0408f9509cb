package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var ageRE = regexp.MustCompile(`^(\d+)([smhdw])$`)

// normalizeTime turns a --since or --until value into the form the checkpoint compares:
// an absolute time in UTC RFC 3339, or an age kept as written ("7d", "now"), so that the
// same command run again is the same operation.
func normalizeTime(flag, v string, isUntil bool) (string, error) {
	v = strings.TrimSpace(strings.ToLower(v))
	if v == "now" || ageRE.MatchString(v) {
		return v, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return v, nil
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(v)); err == nil {
		return stamp(t), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		if isUntil {
			// A date as the end means up to the start of that day, so that
			// --since 2026-10-01 --until 2026-11-01 is October.
			t = t.Add(-time.Second)
		}
		return stamp(t), nil
	}
	return "", fmt.Errorf("--%s %q: want a date (2026-11-01), an RFC 3339 time "+
		"(2026-11-01T09:00:00Z), an age (7d, 24h, 2w, 90m) or now", flag, v)
}

// resolveTime turns a normalised value into a time, ages counted back from now.
func resolveTime(v string, now time.Time) time.Time {
	if v == "now" {
		return now.UTC().Truncate(time.Second)
	}
	if m := ageRE.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{
			"s": time.Second, "m": time.Minute, "h": time.Hour,
			"d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
		}[m[2]]
		return now.Add(-time.Duration(n) * unit).UTC().Truncate(time.Second)
	}
	if d, err := time.ParseDuration(v); err == nil {
		return now.Add(-d).UTC().Truncate(time.Second)
	}
	t, _ := time.Parse(time.RFC3339, v)
	return t.UTC()
}

func stamp(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

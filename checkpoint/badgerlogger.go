package checkpoint

import (
	"fmt"
	"log/slog"
	"strings"
)

// badgerLogger routes Badger's log lines to the program's logger. Only
// warnings and errors pass: Badger's info lines describe its internals on
// every open and would drown the program's own log.
type badgerLogger struct {
	l *slog.Logger
}

func (b badgerLogger) Errorf(format string, args ...any) {
	b.l.Error("badger", "detail", strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (b badgerLogger) Warningf(format string, args ...any) {
	b.l.Warn("badger", "detail", strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (badgerLogger) Infof(string, ...any) {}

func (badgerLogger) Debugf(string, ...any) {}

// Package deps pins the modules that parallel work in this session needs, so that
// nobody edits go.mod at the same time. It is removed before the session ends.
package deps

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/alecthomas/kong"
	_ "github.com/cenkalti/backoff/v5"
	_ "github.com/cli/go-gh/v2/pkg/api"
	_ "github.com/creack/pty"
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/mattn/go-isatty"
	_ "github.com/sony/gobreaker/v2"
	_ "github.com/sourcegraph/conc/pool"
	_ "github.com/tidwall/gjson"
	_ "github.com/vbauerster/mpb/v8"
	_ "go.uber.org/goleak"
)

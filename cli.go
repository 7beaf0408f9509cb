package main

import (
	"github.com/alecthomas/kong"
)

// cli is the command line. Settings that users of the original hacktivity keep in
// ~/.hacktivity/config.toml name their key in a toml tag.
type cli struct {
	Config string `placeholder:"FILE" env:"HACKTIVITY_CONFIG" help:"TOML settings file (default ~/.hacktivity/config.toml)."`

	Fetch   fetchCmd         `cmd:"" default:"withargs" help:"Write every commit of the window as NDJSON (the default command)."`
	Status  statusCmd        `cmd:"" help:"List the operations a checkpoint directory holds."`
	Prune   pruneCmd         `cmd:"" help:"Remove old operations from a checkpoint directory."`
	Version kong.VersionFlag `help:"Print the version and exit."`
}

type fetchCmd struct {
	Repos []string `arg:"" optional:"" name:"repo" help:"Repositories as owner/name; stdin is read when none are given."`

	Since  string `default:"7d" env:"HACKTIVITY_SINCE" toml:"since" help:"Start of the window: a date (2026-11-01), an RFC 3339 time, or an age (7d, 24h, 2w)."`
	Until  string `default:"now" env:"HACKTIVITY_UNTIL" toml:"until" help:"End of the window: a date (excluded: the window stops where that day starts), an RFC 3339 time, an age, or now."`
	Author string `env:"HACKTIVITY_AUTHOR" toml:"author" help:"Only commits by this login or e-mail address; @me is the token's owner."`
	Branch string `env:"HACKTIVITY_BRANCH" toml:"branch" help:"Branch to list (default: each repository's default branch)."`

	ChunkDays       int  `name:"chunk-days" default:"30" env:"HACKTIVITY_CHUNK_DAYS" toml:"chunk_days" help:"Longest window one work item covers when a busy repository is split (1-366)."`
	MaxWorkers      int  `short:"j" default:"4" env:"HACKTIVITY_MAX_WORKERS" toml:"github.max_workers" help:"Requests in flight at most (1-10)."`
	RateLimitBuffer int  `default:"100" env:"HACKTIVITY_RATE_LIMIT_BUFFER" toml:"github.rate_limit_buffer" help:"Requests of the hourly quota never spent (50-500)."`
	Parallel        bool `default:"true" negatable:"" env:"HACKTIVITY_PARALLEL" toml:"github.parallel_enabled" help:"Send requests in parallel; --no-parallel sends one at a time."`
	PerPage         int  `default:"100" env:"HACKTIVITY_PER_PAGE" toml:"github.per_page" help:"Commits per page (1-100)."`
	Timeout         int  `default:"30" env:"HACKTIVITY_TIMEOUT,HACKTIVITY_TIMEOUT_SECONDS" toml:"github.timeout_seconds" help:"Seconds one request may take (1-600)."`
	RetryAttempts   int  `default:"5" env:"HACKTIVITY_RETRY_ATTEMPTS" toml:"github.retry_attempts" help:"Tries of a request that failed on a server error or the network (1-20)."`

	Hostname   string `placeholder:"HOST" help:"GitHub host, for Enterprise Server (default: GH_HOST, else the host gh is logged in to)."`
	Checkpoint string `placeholder:"DIR" env:"HACKTIVITY_CHECKPOINT" toml:"checkpoint" help:"Keep progress in DIR so that an interrupted run resumes where it stopped."`
	Replay     bool   `help:"With --checkpoint: write again the commits already fetched, and fetch only the rest."`
	SkipStale  bool   `default:"true" negatable:"" help:"Skip without a request a repository the input says was last pushed before --since."`

	Progress         string `enum:"auto,bar,plain,json,none" default:"auto" env:"HACKTIVITY_PROGRESS" toml:"progress" help:"Progress on stderr: auto (a live display on a terminal, plain lines elsewhere), bar, plain, json or none."`
	ProgressInterval int    `default:"10" env:"HACKTIVITY_PROGRESS_INTERVAL" toml:"progress_interval" help:"Seconds between plain or json progress lines (1-3600)."`
	SummaryJSON      string `name:"summary-json" placeholder:"FILE" help:"Write the end-of-run summary to FILE as one JSON object."`
	Errors           string `placeholder:"FILE" help:"Write one NDJSON line per failed repository or input line to FILE."`

	logFlags
}

type statusCmd struct {
	Checkpoint string `required:"" placeholder:"DIR" env:"HACKTIVITY_CHECKPOINT" help:"Checkpoint directory."`
	JSON       bool   `help:"One JSON object per operation."`
}

type pruneCmd struct {
	Checkpoint string `required:"" placeholder:"DIR" env:"HACKTIVITY_CHECKPOINT" help:"Checkpoint directory."`
	OlderThan  string `default:"30d" help:"Remove operations not touched for this long (30d, 12h)."`
}

type logFlags struct {
	LogFormat string `enum:"text,json" default:"text" env:"HACKTIVITY_LOG_FORMAT" toml:"log_format" help:"Log format on stderr: text or json."`
	LogLevel  string `enum:"debug,info,warn,error" default:"info" env:"HACKTIVITY_LOG_LEVEL" toml:"log_level" help:"Least important log level shown."`
	Quiet     bool   `short:"q" help:"Log errors only."`
}

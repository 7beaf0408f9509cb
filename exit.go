package main

// Exit codes, documented in README.md.
const (
	exitOK          = 0   // every repository complete
	exitFatal       = 1   // nothing more could be done: authentication, configuration, I/O
	exitUsage       = 2   // the command line is wrong
	exitPartial     = 3   // some repositories or input lines failed; the rest was written
	exitInterrupted = 130 // SIGINT or SIGTERM: stopped after the lines being written
	exitPipe        = 141 // stdout was closed early (| head): as if killed by SIGPIPE
)

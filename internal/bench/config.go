package main

// Configurations -configs can name.
const (
	cfgNoParallel = "no-parallel" // hacktivity-fetch --no-parallel
	cfgJ4         = "j4"          // hacktivity-fetch -j 4
	cfgJ10        = "j10"         // hacktivity-fetch -j 10
	cfgPeer       = "gh"          // gh api --paginate per repository, in sequence
	cfgPushed     = "pushed"      // -j 4 fed `gh repo list` lines with pushedAt
	cfgCheckpoint = "checkpoint"  // -j 4 --checkpoint DIR, twice on one fake
)

func configNames() []string {
	return []string{cfgNoParallel, cfgJ4, cfgJ10, cfgPeer, cfgPushed, cfgCheckpoint}
}

// Row labels, as the table shows them.
const (
	labelNoParallel = "--no-parallel"
	labelJ4         = "-j 4"
	labelJ10        = "-j 10"
	labelPeer       = "gh api --paginate, sequential"
	labelPushed     = "-j 4, input with pushedAt"
	labelFirst      = "-j 4 --checkpoint, 1st run"
	labelSecond     = "-j 4 --checkpoint, 2nd run"
)

// productConfig is how one configuration runs hacktivity-fetch.
type productConfig struct {
	label  string
	flags  []string
	pushed bool // input in `gh repo list` form, with when each repository was pushed
}

// productConfigs are the single-run configurations of hacktivity-fetch.
var productConfigs = map[string]productConfig{
	cfgNoParallel: {label: labelNoParallel, flags: []string{"--no-parallel"}},
	cfgJ4:         {label: labelJ4, flags: []string{"-j", "4"}},
	cfgJ10:        {label: labelJ10, flags: []string{"-j", "10"}},
	cfgPushed:     {label: labelPushed, flags: []string{"-j", "4"}, pushed: true},
}

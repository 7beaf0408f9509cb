package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// peer is how people list commits without hacktivity-fetch: one
// `gh api --paginate 'repos/O/N/commits?since=..&until=..&per_page=100'` per
// repository, one after another. A zero gh means the peer is skipped, for the reason
// in skipped.
type peer struct {
	gh      string
	version string
	skipped string

	// token is what the fake asks of gh: benchToken, or "" when gh leaves the token
	// off for a host with a port and the fake must take anonymous requests instead.
	token string
}

// findPeer finds gh, installing Debian's package when allowed and possible.
func findPeer(ctx context.Context, install bool, log io.Writer) peer {
	if path, err := exec.LookPath("gh"); err == nil {
		return peer{gh: path, version: ghVersion(ctx, path), token: benchToken}
	}
	switch {
	case !install:
		return peer{skipped: "gh is not installed and -install-gh=false"}
	case os.Geteuid() != 0:
		return peer{skipped: "gh is not installed and installing Debian's gh needs root"}
	}
	if err := aptInstallGh(ctx, log); err != nil {
		return peer{skipped: "gh is not installed: " + err.Error()}
	}
	path, err := exec.LookPath("gh")
	if err != nil {
		return peer{skipped: "gh is still not on PATH after apt-get install gh"}
	}
	return peer{gh: path, version: ghVersion(ctx, path), token: benchToken}
}

// aptInstallGh runs apt-get update and apt-get install -y gh.
func aptInstallGh(ctx context.Context, log io.Writer) error {
	fmt.Fprintln(log, "bench: gh is missing; apt-get update && apt-get install -y gh")
	for _, args := range [][]string{{"update"}, {"install", "-y", "gh"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", strings.Join(args, " "), err)
		}
	}
	return nil
}

func ghVersion(ctx context.Context, path string) string {
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "unknown"
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first)
}

// probeToken asks the fake for /user through gh once, and falls back to an anonymous
// fake when gh sent no token to a host with a port. It returns a note for the report
// when it had to, and skips the peer when gh cannot reach the fake at all.
func (p *peer) probeToken(ctx context.Context, dir string) (note string) {
	f, err := startFake(&fakegithub.World{}, 0, benchToken, dir)
	if err != nil {
		p.gh, p.skipped = "", "cannot start a fake for gh: "+err.Error()
		return ""
	}
	defer f.Close()
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, p.gh, "api", "user")
	cmd.Env, cmd.Stderr = f.env, &errb
	err = cmd.Run()
	switch {
	case err == nil:
		return ""
	case f.srv.Stats().Unauthenticated > 0:
		p.token = ""
		return "gh sent no token to the host with a port, so the fake took " +
			"anonymous requests from the gh peer"
	}
	p.gh, p.skipped = "", fmt.Sprintf("gh api user against the fake failed: %v: %s",
		err, strings.TrimSpace(errb.String()))
	return ""
}

// run lists every repository of wd with gh against f, in sequence, stopping after
// timeout, and tallies the commits.
func (p peer) run(ctx context.Context, f *fake, wd *world, timeout time.Duration) measurement {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := wd.oracle.newTally()
	var m measurement
	for i, repo := range wd.repos {
		proc := runProcess(ctx, p.gh, []string{"api", "--paginate", commitsPath(repo)},
			f.env, nil, func(r io.Reader) error { return decodePages(r, repo, t) })
		m.wall += proc.wall // one gh after another, as a shell loop runs them
		m.rssKiB = max(m.rssKiB, proc.rssKiB)
		if proc.err != nil {
			m.failed = true
			m.check = fmt.Sprintf("FAILED on %s: %v", repo, proc.err)
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				m.capped = true
				m.check = fmt.Sprintf("CAPPED at -peer-timeout %s after %d of %d repositories",
					timeout, i, len(wd.repos))
			}
			break
		}
	}
	m.commits = t.lines
	if !m.failed {
		m.check = t.verdict()
	}
	return m
}

// commitsPath is the gh api path for the window's commits of repo, 100 a page.
func commitsPath(repo string) string {
	q := url.Values{}
	q.Set("since", windowSince.Format(time.RFC3339))
	q.Set("until", windowUntil.Format(time.RFC3339))
	q.Set("per_page", "100")
	return "repos/" + repo + "/commits?" + q.Encode()
}

// decodePages tallies the commits of the JSON arrays gh --paginate writes one after
// another.
func decodePages(r io.Reader, repo string, t *tally) error {
	dec := json.NewDecoder(r)
	for {
		var page []struct {
			SHA string `json:"sha"`
		}
		err := dec.Decode(&page)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("decode gh output for %s: %w", repo, err)
		}
		for _, c := range page {
			t.add(repo, c.SHA)
		}
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// benchToken is the token the fake asks for and every client is given.
const benchToken = "ghp_benchToken0123456789abcdefABCDEF"

// fake is one fake GitHub serving a world, with the environment that points both
// hacktivity-fetch and gh at it the way an Enterprise Server user does: GH_HOST with the
// port, GH_ENTERPRISE_TOKEN and SSL_CERT_FILE, in a home of its own. The caller must
// Close it.
type fake struct {
	srv *fakegithub.Server
	env []string
}

// startFake serves w with latency under dir, which must exist. An empty token makes a
// fake that accepts anonymous requests.
func startFake(w *fakegithub.World, latency time.Duration, token, dir string) (*fake, error) {
	srv := fakegithub.Start(w, fakegithub.Options{Token: token, Latency: latency})
	cert, err := srv.WriteCert(dir)
	if err != nil {
		srv.Close()
		return nil, err
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		srv.Close()
		return nil, fmt.Errorf("create home: %w", err)
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"GH_CONFIG_DIR=" + filepath.Join(dir, "gh-config"),
		"GH_PATH=/nonexistent", // hacktivity-fetch must not ask a real gh for a token
		"GH_HOST=" + srv.Host(),
		"GH_ENTERPRISE_TOKEN=" + token,
		"SSL_CERT_FILE=" + cert,
		"GH_NO_UPDATE_NOTIFIER=1",
		"GH_PROMPT_DISABLED=1",
		"NO_COLOR=1",
	}
	return &fake{srv: srv, env: env}, nil
}

// Close stops the server once the requests in flight are answered, so Stats read
// afterwards count every request.
func (f *fake) Close() { f.srv.Close() }

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/alecthomas/kong"
)

// defaultConfig is where the original hacktivity kept its settings.
const defaultConfig = "~/.hacktivity/config.toml"

// configFile is a loaded TOML settings file. As a kong resolver it fills in a flag that
// was given neither on the command line nor in the environment: flag > environment > file
// > default.
type configFile struct {
	path   string
	values map[string]any // dotted keys: "github.max_workers"
}

// loadConfig reads the settings file. A missing file is no error unless the user named it.
func loadConfig(path string, named bool) (*configFile, error) {
	expanded := expandHome(path)
	data, err := os.ReadFile(expanded)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return &configFile{path: expanded}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}

	var tree map[string]any
	if _, err := toml.Decode(string(data), &tree); err != nil {
		return nil, fmt.Errorf("config file %s: %w", expanded, err)
	}
	c := &configFile{path: expanded, values: map[string]any{}}
	flatten("", tree, c.values)
	return c, nil
}

// expandHome resolves a leading ~/ from $HOME, as a shell would (kong's own expansion
// asks the password database, which ignores HOME).
func expandHome(path string) string {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path
	}
	return filepath.Join(home, rest)
}

func flatten(prefix string, tree map[string]any, out map[string]any) {
	for k, v := range tree {
		if sub, ok := v.(map[string]any); ok {
			flatten(prefix+k+".", sub, out)
			continue
		}
		out[prefix+k] = v
	}
}

// Validate reports keys that no setting reads, so a typo does not pass in silence.
func (c *configFile) Validate(app *kong.Application) error {
	known := map[string]bool{}
	for _, node := range app.Leaves(false) {
		for _, f := range node.Flags {
			if k := f.Tag.Get("toml"); k != "" {
				known[k] = true
			}
		}
	}
	for k := range c.values {
		if !known[k] {
			return fmt.Errorf("config file %s: unknown setting %q", c.path, k)
		}
	}
	return nil
}

// Resolve gives the file's value for flag, unless the environment sets it.
func (c *configFile) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	v, ok := c.lookup(flag)
	if !ok || envSet(flag) {
		return nil, nil
	}
	return v, nil
}

func (c *configFile) lookup(flag *kong.Flag) (any, bool) {
	key := flag.Tag.Get("toml")
	if key == "" || c.values == nil {
		return nil, false
	}
	v, ok := c.values[key]
	return v, ok
}

func envSet(flag *kong.Flag) bool {
	for _, e := range flag.Tag.Envs {
		if _, ok := os.LookupEnv(e); ok {
			return true
		}
	}
	return false
}

// source names where a flag's value came from, for error messages.
func (c *configFile) source(k *kong.Context, name string) string {
	flag := findFlag(k, name)
	if flag == nil {
		return "default"
	}
	for _, p := range k.Path {
		if p.Flag == flag && !p.Resolved {
			return "flag --" + name
		}
	}
	for _, e := range flag.Tag.Envs {
		if _, ok := os.LookupEnv(e); ok {
			return "environment variable " + e
		}
	}
	if _, ok := c.lookup(flag); ok {
		key := flag.Tag.Get("toml")
		if section, field, found := strings.Cut(key, "."); found {
			key = "[" + section + "] " + field
		}
		return fmt.Sprintf("%s in config file %s", key, c.path)
	}
	return "default"
}

func findFlag(k *kong.Context, name string) *kong.Flag {
	for _, f := range k.Flags() {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// configPath finds --config (or HACKTIVITY_CONFIG) before kong parses, because the file
// must be loaded to resolve the other flags.
func configPath(args []string, getenv func(string) string) (path string, named bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			return v, true
		}
		if a == "--config" && i+1 < len(args) {
			return args[i+1], true
		}
	}
	if v := getenv("HACKTIVITY_CONFIG"); v != "" {
		return v, true
	}
	return filepath.FromSlash(defaultConfig), false
}

// bound is a setting with an allowed range.
type bound struct {
	name     string
	value    int
	min, max int
}

// checkBounds returns an error naming the first setting out of its range and its source.
func (c *configFile) checkBounds(k *kong.Context, bounds []bound) error {
	for _, b := range bounds {
		if b.value < b.min || b.value > b.max {
			return fmt.Errorf("%s is %d (from %s): must be from %d to %d",
				b.name, b.value, c.source(k, b.name), b.min, b.max)
		}
	}
	return nil
}

package stages

import (
	"encoding/json"
	"fmt"

	"github.com/tidwall/gjson"
)

// Line is one output line: a commit as NDJSON without its newline, and its SHA.
type Line struct {
	SHA  string
	JSON []byte
}

// ConvertPage turns one page of GET /repos/{o}/{r}/commits into output lines for repo.
// Strings are copied from the body as GitHub escaped them, so they need no second pass.
func ConvertPage(repo string, body []byte) ([]Line, error) {
	page := gjson.ParseBytes(body)
	if !page.IsArray() {
		return nil, fmt.Errorf("commits page is not a JSON array")
	}
	repoJSON, _ := json.Marshal(repo)

	var lines []Line
	var err error
	page.ForEach(func(_, c gjson.Result) bool {
		var l Line
		l, err = convertCommit(repoJSON, c)
		if err != nil {
			return false
		}
		lines = append(lines, l)
		return true
	})
	return lines, err
}

func convertCommit(repoJSON []byte, c gjson.Result) (Line, error) {
	sha := c.Get("sha")
	if sha.Type != gjson.String || sha.Str == "" {
		return Line{}, fmt.Errorf("commit without sha in page")
	}
	parts := gjson.GetMany(c.Raw, "commit.author", "commit.committer", "author.login",
		"committer.login", "commit.message", "html_url", "parents.#.sha")

	b := make([]byte, 0, 256+len(c.Raw)/4)
	b = append(b, `{"repo":`...)
	b = append(b, repoJSON...)
	b = append(b, `,"sha":`...)
	b = append(b, sha.Raw...)
	b = append(b, `,"author":`...)
	b = appendPerson(b, parts[0], parts[2])
	b = append(b, `,"committer":`...)
	b = appendPerson(b, parts[1], parts[3])
	b = append(b, `,"message":`...)
	b = appendRaw(b, parts[4], `""`)
	b = append(b, `,"url":`...)
	b = appendRaw(b, parts[5], "null")
	b = append(b, `,"parents":`...)
	b = appendRaw(b, parts[6], "[]")
	b = append(b, '}')
	return Line{SHA: sha.Str, JSON: b}, nil
}

// appendPerson writes {name, email, login, date}; login is null when GitHub could not link
// the e-mail address to an account.
func appendPerson(b []byte, git, login gjson.Result) []byte {
	b = append(b, `{"name":`...)
	b = appendRaw(b, git.Get("name"), "null")
	b = append(b, `,"email":`...)
	b = appendRaw(b, git.Get("email"), "null")
	b = append(b, `,"login":`...)
	b = appendRaw(b, login, "null")
	b = append(b, `,"date":`...)
	b = appendRaw(b, git.Get("date"), "null")
	return append(b, '}')
}

func appendRaw(b []byte, r gjson.Result, missing string) []byte {
	if !r.Exists() || r.Raw == "" {
		return append(b, missing...)
	}
	return append(b, r.Raw...)
}

// shaOf reads the sha of an output line.
func shaOf(line []byte) string {
	return gjson.GetBytes(line, "sha").String()
}

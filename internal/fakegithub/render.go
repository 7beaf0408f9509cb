package fakegithub

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"hash/fnv"
	"strconv"
	"time"
)

// The types below are GitHub's JSON shapes, fields in GitHub's order.

type commitJSON struct {
	SHA         string        `json:"sha"`
	NodeID      string        `json:"node_id"`
	Commit      gitCommitJSON `json:"commit"`
	URL         string        `json:"url"`
	HTMLURL     string        `json:"html_url"`
	CommentsURL string        `json:"comments_url"`
	Author      *userJSON     `json:"author"`
	Committer   *userJSON     `json:"committer"`
	Parents     []parentJSON  `json:"parents"`
}

// fullCommitJSON is what GET /repos/{o}/{r}/commits/{ref} adds.
type fullCommitJSON struct {
	commitJSON
	Stats struct {
		Total     int `json:"total"`
		Additions int `json:"additions"`
		Deletions int `json:"deletions"`
	} `json:"stats"`
	Files []struct{} `json:"files"`
}

type gitCommitJSON struct {
	Author       signatureJSON    `json:"author"`
	Committer    signatureJSON    `json:"committer"`
	Message      string           `json:"message"`
	Tree         treeJSON         `json:"tree"`
	URL          string           `json:"url"`
	CommentCount int              `json:"comment_count"`
	Verification verificationJSON `json:"verification"`
}

type signatureJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Date  string `json:"date"`
}

type treeJSON struct {
	SHA string `json:"sha"`
	URL string `json:"url"`
}

type verificationJSON struct {
	Verified  bool    `json:"verified"`
	Reason    string  `json:"reason"`
	Signature *string `json:"signature"`
	Payload   *string `json:"payload"`
}

type parentJSON struct {
	SHA     string `json:"sha"`
	URL     string `json:"url"`
	HTMLURL string `json:"html_url"`
}

type userJSON struct {
	Login             string `json:"login"`
	ID                int64  `json:"id"`
	NodeID            string `json:"node_id"`
	AvatarURL         string `json:"avatar_url"`
	GravatarID        string `json:"gravatar_id"`
	URL               string `json:"url"`
	HTMLURL           string `json:"html_url"`
	FollowersURL      string `json:"followers_url"`
	FollowingURL      string `json:"following_url"`
	GistsURL          string `json:"gists_url"`
	StarredURL        string `json:"starred_url"`
	SubscriptionsURL  string `json:"subscriptions_url"`
	OrganizationsURL  string `json:"organizations_url"`
	ReposURL          string `json:"repos_url"`
	EventsURL         string `json:"events_url"`
	ReceivedEventsURL string `json:"received_events_url"`
	Type              string `json:"type"`
	UserViewType      string `json:"user_view_type"`
	SiteAdmin         bool   `json:"site_admin"`
}

// renderer turns world data into JSON shapes with URLs that point back at
// the server as the client reached it.
type renderer struct {
	api  string // e.g. https://127.0.0.1:PORT/api/v3
	html string // e.g. https://127.0.0.1:PORT
	repo *Repo
}

func (rd renderer) commit(c *Commit) commitJSON {
	repoAPI := rd.api + "/repos/" + rd.repo.FullName()
	repoHTML := rd.html + "/" + rd.repo.FullName()
	tree := treeSHA(c.SHA)
	out := commitJSON{
		SHA:    c.SHA,
		NodeID: nodeID("06:Commit" + strconv.FormatInt(rd.repo.ID, 10) + ":" + c.SHA),
		Commit: gitCommitJSON{
			Author:    signatureJSON{c.AuthorName, c.AuthorEmail, gitDate(c.AuthorDate)},
			Committer: signatureJSON{c.CommitterName, c.CommitterEmail, gitDate(c.CommitDate)},
			Message:   c.Message,
			Tree:      treeJSON{SHA: tree, URL: repoAPI + "/git/trees/" + tree},
			URL:       repoAPI + "/git/commits/" + c.SHA,
			Verification: verificationJSON{
				Reason: "unsigned",
			},
		},
		URL:         repoAPI + "/commits/" + c.SHA,
		HTMLURL:     repoHTML + "/commit/" + c.SHA,
		CommentsURL: repoAPI + "/commits/" + c.SHA + "/comments",
		Author:      rd.user(c.AuthorLogin, "User"),
		Committer:   rd.user(c.CommitterLogin, "User"),
		Parents:     make([]parentJSON, 0, len(c.Parents)),
	}
	for _, p := range c.Parents {
		out.Parents = append(out.Parents, parentJSON{
			SHA:     p,
			URL:     repoAPI + "/commits/" + p,
			HTMLURL: repoHTML + "/commit/" + p,
		})
	}
	return out
}

// user returns the account object for login, or nil (JSON null) for "".
func (rd renderer) user(login, kind string) *userJSON {
	if login == "" {
		return nil
	}
	id := userID(login)
	ids := strconv.FormatInt(id, 10)
	u := rd.api + "/users/" + login
	return &userJSON{
		Login:             login,
		ID:                id,
		NodeID:            nodeID("04:" + kind + ids),
		AvatarURL:         "https://avatars.githubusercontent.com/u/" + ids + "?v=4",
		URL:               u,
		HTMLURL:           rd.html + "/" + login,
		FollowersURL:      u + "/followers",
		FollowingURL:      u + "/following{/other_user}",
		GistsURL:          u + "/gists{/gist_id}",
		StarredURL:        u + "/starred{/owner}{/repo}",
		SubscriptionsURL:  u + "/subscriptions",
		OrganizationsURL:  u + "/orgs",
		ReposURL:          u + "/repos",
		EventsURL:         u + "/events{/privacy}",
		ReceivedEventsURL: u + "/received_events",
		Type:              kind,
		UserViewType:      "public",
	}
}

// userID gives every login a stable ID; the authenticated user is ID 1 and
// octocat has its real one.
func userID(login string) int64 {
	if login == "octocat" {
		return 583231
	}
	h := fnv.New32a()
	h.Write([]byte(login))
	return 1000 + int64(h.Sum32()%50_000_000)
}

// nodeID encodes a GraphQL global ID the legacy way GitHub still shows.
func nodeID(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// treeSHA invents a stable tree SHA for a commit.
func treeSHA(commit string) string {
	sum := sha1.Sum([]byte("tree " + commit))
	return hex.EncodeToString(sum[:])
}

// gitDate formats a time as GitHub does in commit objects.
func gitDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

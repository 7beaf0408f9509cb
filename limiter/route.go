package limiter

import (
	"net/http"
	"strings"
)

// idSegments says, for a path segment naming a collection, how many of the
// segments after it are names or ids rather than route.
var idSegments = map[string]int{
	"repos":        2, // owner, repository
	"repositories": 1,
	"users":        1,
	"orgs":         1,
	"commits":      1,
	"branches":     1,
	"issues":       1,
	"pulls":        1,
	"teams":        1,
	"gists":        1,
}

// apiPath returns the request's path without the prefix that GitHub
// Enterprise Server puts before its REST and GraphQL APIs.
func apiPath(req *http.Request) string {
	p := req.URL.Path
	if strings.HasPrefix(p, "/api/v3/") || p == "/api/v3" {
		return strings.TrimPrefix(p, "/api/v3")
	}
	if p == "/api/graphql" {
		return "/graphql"
	}
	return p
}

// endpointOf names the endpoint a request goes to, for its circuit breaker:
// host, method and route with names and ids replaced by "*", as in
// "api.github.com GET /repos/*/*/commits".
func endpointOf(req *http.Request) string {
	segs := strings.Split(strings.Trim(apiPath(req), "/"), "/")
	names := 0
	for i, s := range segs {
		switch {
		case names > 0:
			segs[i] = "*"
			names--
		case idSegments[s] > 0:
			names = idSegments[s]
		case isNumber(s):
			segs[i] = "*"
		}
	}
	return req.URL.Host + " " + req.Method + " /" + strings.Join(segs, "/")
}

// resourceOf guesses which budget GitHub will charge for a request, before
// any answer says so. GET /rate_limit is free and gets an empty name.
func resourceOf(req *http.Request) resourceKey {
	p := apiPath(req)
	k := resourceKey{host: req.URL.Host, name: "core"}
	switch {
	case p == "/rate_limit":
		k.name = ""
	case strings.HasPrefix(p, "/search/code"):
		k.name = "code_search"
	case strings.HasPrefix(p, "/search/"):
		k.name = "search"
	case p == "/graphql":
		k.name = "graphql"
	}
	return k
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

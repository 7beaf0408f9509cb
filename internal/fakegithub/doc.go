// Package fakegithub is a fake GitHub REST API for tests and benchmarks.
//
// It serves, over TLS on loopback, the few endpoints hacktivity-fetch uses
// (list commits, one commit, one repository, the authenticated user and the
// rate limit) in the shapes api.github.com and GitHub Enterprise Server send,
// both at the root and under /api/v3. The data comes from a World, usually
// generated deterministically from a seed, and World.Expected is the oracle
// tests compare the fetcher's output against.
//
// The server keeps a primary quota with X-RateLimit-* headers, answers 304 to
// matching If-None-Match without charging the quota, can open secondary-limit
// pauses and inject faults, and records every request so that tests can assert
// on what a client did (Stats, Log) rather than on how long it took.
// StartReplay serves recorded real exchanges instead of a World.
package fakegithub

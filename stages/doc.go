// Package stages is the pipeline of hacktivity-fetch: read turns input into repository
// names, plan turns each repository into work (a whole window, or only what a checkpoint
// does not hold yet), fetch asks GitHub for pages of commits and splits windows that turn
// out dense, and emit writes each page to stdout as NDJSON from a single writer. The
// stages are joined by channels and a queue; Run wires them together.
package stages

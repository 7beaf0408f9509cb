package stages

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Sources a Repo or an InputError can come from.
const (
	SourceStdin    = "stdin"
	SourceArgument = "argument"
)

const (
	// maxValueBytes bounds one JSON value or one text line. Nothing that names a
	// repository comes near it; input that does is broken, and the bound keeps an
	// unclosed value from swallowing the rest of the input.
	maxValueBytes = 1 << 20

	// maxJSONDepth bounds JSON nesting; repository objects nest three or four levels.
	maxJSONDepth = 32

	// maxTextRunes bounds InputError.Text so that a broken 1 MiB value is not kept
	// around, or printed, whole.
	maxTextRunes = 200

	// ghDefaultLimit is how many repositories `gh repo list` prints without --limit.
	ghDefaultLimit = 30
)

// Reasons shared by several forms of input.
const (
	reasonNoName       = "no owner/name"
	reasonNoNameObject = "JSON object has no nameWithOwner, full_name or owner+name"
)

// Repo is one repository named by the input.
type Repo struct {
	Name     string    // "owner/name" as the input spelled it, case kept
	Source   string    // SourceStdin or SourceArgument
	Line     int       // 1-based stdin line where the value starts, or argument index
	PushedAt time.Time // when the input says the repository was last pushed; else zero
}

// InputError is one piece of input that names no repository.
type InputError struct {
	Source string // SourceStdin or SourceArgument
	Line   int    // 1-based stdin line where the piece starts, or argument index
	Text   string // the piece on one line, shortened to 200 characters
	Reason string // what is wrong with it
}

// Error returns the error on one line, with the text shortened to about 60 characters:
// `stdin line 12: "foo bar": no owner/name`.
func (e *InputError) Error() string {
	where := fmt.Sprintf("%s line %d", e.Source, e.Line)
	if e.Source == SourceArgument {
		where = fmt.Sprintf("argument %d", e.Line)
	}
	return fmt.Sprintf("%s: %q: %s", where, shortenRunes(e.Text, 60), e.Reason)
}

// Reader turns input into repository names: the first stage of the pipeline. It
// accepts, line by line and mixed freely, NDJSON objects, JSON strings, JSON arrays of
// either (compact or pretty-printed), the tab-separated text `gh repo list` prints,
// plain owner/name, and web or clone URLs of any host.
//
// The zero value is ready to use. A Reader runs one Read at a time; Stats is safe to
// call concurrently with Read.
type Reader struct {
	// Logger receives a debug record for each duplicate and a warning when exactly
	// 30 repositories were read. Nil discards them.
	Logger *slog.Logger

	// OnError is called, from the goroutine running Read, for every piece of input
	// that names no repository; the run goes on. Nil logs them at warn level instead.
	OnError func(*InputError)

	nRead, nDuplicates, nBad atomic.Int64 // for Stats
}

// Read sends on out every distinct repository named by args or, when there are no
// args, by stdin. Each argument is read like one line of stdin. Repositories are sent
// as soon as the value naming them is complete, without waiting for the end of the
// input. Read owns out and closes it before returning.
//
// Read returns nil at the end of the input, ctx.Err() when ctx is done first, and a
// wrapped error when stdin fails. Bad input is no error: it goes to OnError. A read
// blocked on stdin is not interrupted by ctx; closing stdin ends it.
func (r *Reader) Read(ctx context.Context, stdin io.Reader, args []string, out chan<- Repo) error {
	defer close(out)
	r.nRead.Store(0)
	r.nDuplicates.Store(0)
	r.nBad.Store(0)
	run := &readRun{r: r, log: r.logger(), out: out, seen: make(map[string]int)}

	// Arguments replace stdin entirely, so that `xargs` and scripts stay predictable.
	if len(args) > 0 {
		for i, arg := range args {
			err := run.readAll(ctx, strings.NewReader(arg), SourceArgument, i+1)
			if err != nil {
				return err
			}
		}
	} else if err := run.readAll(ctx, stdin, SourceStdin, 0); err != nil {
		return err
	}

	// Exactly gh's default limit suggests the list was cut short, which looks
	// like a complete run otherwise.
	if r.nRead.Load() == ghDefaultLimit {
		run.log.Warn("exactly 30 repositories read, the default limit of gh repo list",
			"hint", "use gh repo list --limit N if the list was cut short")
	}
	return nil
}

// Stats returns how many distinct repositories were sent, how many duplicates were
// dropped and how many pieces of input named no repository.
func (r *Reader) Stats() (read, duplicates, bad int) {
	return int(r.nRead.Load()), int(r.nDuplicates.Load()), int(r.nBad.Load())
}

func (r *Reader) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

// readRun is the state of one Read call.
type readRun struct {
	r    *Reader
	log  *slog.Logger
	out  chan<- Repo
	seen map[string]int // lower-cased name -> line it was first read on
}

// readAll reads every piece of in. A non-zero argIndex is the line of every piece.
func (run *readRun) readAll(ctx context.Context, in io.Reader, source string, argIndex int) error {
	lx := newLexer(in)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := lx.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", source, err)
		}
		if argIndex > 0 {
			p.line = argIndex
		}
		if err := run.take(ctx, p, source); err != nil {
			return err
		}
	}
}

// take sends the repository p names, drops it as a duplicate, or reports why p
// names none.
func (run *readRun) take(ctx context.Context, p piece, source string) error {
	name, pushed, reason := parsePiece(p)
	if reason != "" {
		run.reject(&InputError{Source: source, Line: p.line, Text: p.excerpt(), Reason: reason})
		return nil
	}

	// GitHub names are case-insensitive, so O/N and o/n are one repository.
	key := strings.ToLower(name)
	if first, ok := run.seen[key]; ok {
		run.r.nDuplicates.Add(1)
		run.log.Debug("duplicate repository",
			"repo", name, "source", source, "line", p.line, "first_line", first)
		return nil
	}
	run.seen[key] = p.line

	repo := Repo{Name: name, Source: source, Line: p.line, PushedAt: pushed}
	select {
	case run.out <- repo:
		run.r.nRead.Add(1)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (run *readRun) reject(e *InputError) {
	run.r.nBad.Add(1)
	if run.r.OnError != nil {
		run.r.OnError(e)
		return
	}
	run.log.Warn("skip input", "error", e)
}

// parsePiece returns the repository p names and when it was pushed, or the reason it
// names none.
func parsePiece(p piece) (name string, pushed time.Time, reason string) {
	switch p.kind {
	case pieceJSON:
		return parseJSON(p.text)
	case pieceText:
		return parseText(string(p.text))
	}
	return "", time.Time{}, p.reason
}

// parseJSON reads a JSON string or object that the lexer found complete.
func parseJSON(b []byte) (name string, pushed time.Time, reason string) {
	if !gjson.ValidBytes(b) {
		// encoding/json explains what is wrong better than a yes/no validator.
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return "", time.Time{}, "invalid JSON: " + err.Error()
		}
		return "", time.Time{}, "invalid JSON"
	}
	v := gjson.ParseBytes(b)
	if v.Type == gjson.String {
		name, reason = parseRef(strings.TrimSpace(v.Str))
		return name, time.Time{}, reason
	}
	pushed = parsePushed(v.Get("pushedAt").Str)
	if pushed.IsZero() {
		pushed = parsePushed(v.Get("pushed_at").Str)
	}
	name, reason = objectName(v)
	return name, pushed, reason
}

// objectName finds the repository in the fields gh (nameWithOwner, owner, name, url)
// or the REST API (full_name, owner.login, name) print.
func objectName(v gjson.Result) (name, reason string) {
	for _, key := range []string{"nameWithOwner", "full_name"} {
		if f := v.Get(key); f.Type == gjson.String {
			return parseRef(strings.TrimSpace(f.Str))
		}
	}
	owner, repo := v.Get("owner"), v.Get("name")
	if owner.IsObject() {
		owner = owner.Get("login")
	}
	if owner.Type == gjson.String && repo.Type == gjson.String {
		return joinName(owner.Str, repo.Str)
	}
	if u := v.Get("url"); u.Type == gjson.String {
		return parseRef(strings.TrimSpace(u.Str))
	}
	return "", reasonNoNameObject
}

// parseText reads a text line: its first field names the repository, and in the
// tab-separated output of `gh repo list` the fourth column is the last push.
func parseText(line string) (name string, pushed time.Time, reason string) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "", time.Time{}, reasonNoName
	}
	if cols := strings.Split(line, "\t"); len(cols) >= 4 {
		pushed = parsePushed(strings.TrimSpace(cols[3]))
	}
	name, reason = parseRef(fields[0])
	return name, pushed, reason
}

// parsePushed returns the RFC 3339 time in s, or zero: a bad time costs the planner a
// hint, which is no reason to drop the repository.
func parsePushed(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// parseRef finds owner/name in the forms people paste: owner/name, host/owner/name,
// a web or clone URL of any host (https, http, ssh, git), or an scp-style address
// such as git@github.com:owner/name.git.
func parseRef(s string) (name, reason string) {
	path, hosted := s, false
	at, colon := strings.IndexByte(s, '@'), strings.IndexByte(s, ':')
	switch {
	case strings.Contains(s, "://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", "invalid URL"
		}
		path, hosted = u.Path, true
	case at >= 0 && colon > at:
		path, hosted = s[colon+1:], true
	}

	// Owners never hold a dot or a colon, so a first part with one is a host.
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if !hosted && len(parts) > 2 && strings.ContainsAny(parts[0], ".:") {
		parts, hosted = parts[1:], true
	}
	switch {
	case len(parts) < 2:
		return "", reasonNoName
	case len(parts) > 2 && !hosted:
		return "", "too many slashes for owner/name"
	}

	// Beyond owner/name a URL may go on (/tree/main, /pull/1): it names the same
	// repository.
	repo := parts[1]
	if hosted {
		repo = strings.TrimSuffix(repo, ".git")
	}
	return joinName(parts[0], repo)
}

// joinName validates owner and repo as GitHub does and joins them.
func joinName(owner, repo string) (name, reason string) {
	if !validOwner(owner) {
		return "", fmt.Sprintf("invalid owner %q: want 1-39 letters, digits or hyphens, "+
			"not starting with a hyphen", shortenRunes(owner, 40))
	}
	if !validRepoName(repo) {
		return "", fmt.Sprintf("invalid name %q: want 1-100 letters, digits, '.', '-' or '_', "+
			"other than . and ..", shortenRunes(repo, 40))
	}
	return owner + "/" + repo, ""
}

func validOwner(s string) bool {
	if len(s) < 1 || len(s) > 39 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

func validRepoName(s string) bool {
	if len(s) < 1 || len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// shortenRunes returns s cut to at most n runes, the last three of them "..." when cut.
func shortenRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n-3 {
			return s[:i] + "..."
		}
		count++
	}
	return s
}

// pieceKind says what a piece of input is.
type pieceKind int

const (
	pieceJSON pieceKind = iota // a complete JSON object or string
	pieceText                  // a line of text
	pieceBad                   // input the lexer could not make sense of
)

// piece is one unit of input that may name a repository.
type piece struct {
	kind   pieceKind
	line   int    // 1-based line where the piece starts
	text   []byte // valid until the next call of lexer.next
	reason string // for pieceBad: what is wrong
}

// excerpt returns the piece's text on one line: runs of white space, new lines
// included, become one space.
func (p piece) excerpt() string {
	b := p.text
	if len(b) > 4*maxTextRunes {
		b = b[:4*maxTextRunes]
	}
	return shortenRunes(strings.Join(strings.Fields(string(b)), " "), maxTextRunes)
}

// lexer splits a stream into pieces byte by byte, so that a piece is ready as soon as
// its last byte arrives: the end of a line for text, the closing brace or quote for
// JSON. Inside JSON arrays '[', ']' and ',' only separate elements, which is how an
// array streams element by element whether compact or pretty-printed. Not safe for
// concurrent use.
type lexer struct {
	br        *bufio.Reader
	err       error  // first read error; kept, since a terminal can give more after EOF
	replay    []byte // bytes to read again, ahead of br, after a broken value
	line      int    // line of the next byte
	fresh     bool   // only white space read so far on this line
	started   bool   // the byte-order mark check is done
	resyncing bool   // skipping the inside of a broken value, up to a new value
	buf       []byte
	sc        jsonScanner
}

var byteOrderMark = []byte{0xEF, 0xBB, 0xBF}

func newLexer(r io.Reader) *lexer {
	return &lexer{br: bufio.NewReader(r), line: 1, fresh: true}
}

// next returns the next piece, or io.EOF at the end of the input, or a read error.
func (lx *lexer) next() (piece, error) {
	if !lx.started {
		lx.skipByteOrderMark()
	}
	for {
		c, err := lx.readByte()
		if err != nil {
			return piece{}, err
		}
		if lx.resyncing && lx.fresh && (c == '}' || c == ']') {
			lx.skipLine()
			continue
		}
		switch {
		case c == '\n':
			lx.newLine()
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
		case c == '[' || c == ']' || c == ',':
			lx.fresh = false
		case c == '{':
			lx.resyncing = false
			return lx.value(c)
		case c == '"':
			if p, ok, err := lx.stringValue(); ok || err != nil {
				return p, err
			}
		case c == '#' && lx.fresh:
			lx.skipLine()
		case lx.fresh:
			lx.resyncing = false
			return lx.textLine(c)
		default:
			return lx.junk(c)
		}
	}
}

// stringValue reads a JSON string whose quote was just read. A string followed by a
// colon is an object member out of its object: while resyncing it is the inside of a
// broken value and is skipped (ok false); otherwise it is one error for the line.
func (lx *lexer) stringValue() (p piece, ok bool, err error) {
	p, err = lx.value('"')
	if err != nil || p.kind == pieceBad {
		return p, true, err
	}
	member, err := lx.colonFollows()
	switch {
	case err != nil:
		return piece{}, true, err
	case member && lx.resyncing:
		lx.skipLine()
		return piece{}, false, nil
	case member:
		p.kind, p.reason = pieceBad, "JSON object member outside an object"
		lx.skipLine()
		return p, true, nil
	}
	lx.resyncing = false
	return p, true, nil
}

// colonFollows reports whether a colon comes next on the line, consuming it if so.
// It waits for the byte after a string, which in real input (a new line, a comma)
// arrives with the string.
func (lx *lexer) colonFollows() (bool, error) {
	for {
		c, err := lx.readByte()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch c {
		case ' ', '\t', '\r':
			continue
		case ':':
			return true, nil
		}
		lx.unread(c)
		return false, nil
	}
}

// value reads the JSON value that starts with first.
func (lx *lexer) value(first byte) (piece, error) {
	start := lx.line
	lx.fresh = false
	lx.sc.reset()
	lx.buf = append(lx.buf[:0], first)
	res := lx.sc.step(first)
	for res == scanMore {
		if len(lx.buf) >= maxValueBytes {
			return lx.resync(start, "JSON value longer than 1 MiB"), nil
		}
		c, err := lx.readByte()
		if errors.Is(err, io.EOF) {
			return lx.resync(start, "invalid JSON: unexpected end of input"), nil
		}
		if err != nil {
			return piece{}, err
		}
		lx.buf = append(lx.buf, c)
		if c == '\n' {
			lx.line++
		}
		res = lx.sc.step(c)
	}
	if res == scanFail {
		return lx.resync(start, "invalid JSON: "+lx.sc.err), nil
	}
	return piece{kind: pieceJSON, line: start, text: lx.buf}, nil
}

// resync gives up the value in buf, which started on line start, and returns it as
// a bad piece. Reading goes on at the line after start, so that an unclosed value
// costs one error and not the rest of the input; lines that only continue a value
// (object members, closing brackets) are skipped up to the next value.
//
// Re-reading stays cheap: a value started on a replayed line can fail again only if
// it is still open where the first one failed, so such values nest inside each other
// and maxJSONDepth bounds how often the same bytes are read.
func (lx *lexer) resync(start int, reason string) piece {
	bad := piece{kind: pieceBad, line: start, text: lx.buf, reason: reason}
	lx.resyncing = true
	i := bytes.IndexByte(lx.buf, '\n')
	if i < 0 {
		lx.skipLine()
		return bad
	}
	rest := lx.buf[i+1:]
	lx.replay = append(append(make([]byte, 0, len(rest)+len(lx.replay)), rest...), lx.replay...)
	lx.line, lx.fresh = start+1, true
	bad.text = lx.buf[:i]
	return bad
}

// textLine reads the rest of a text line that starts with first.
func (lx *lexer) textLine(first byte) (piece, error) {
	start := lx.line
	lx.fresh = false
	lx.buf = append(lx.buf[:0], first)
	for {
		c, err := lx.readByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return piece{}, err
		}
		if c == '\n' {
			lx.newLine()
			break
		}
		if len(lx.buf) >= maxValueBytes {
			lx.skipLine()
			return piece{kind: pieceBad, line: start, text: lx.buf,
				reason: "line longer than 1 MiB"}, nil
		}
		lx.buf = append(lx.buf, c)
	}
	return piece{kind: pieceText, line: start, text: lx.buf}, nil
}

// junk reports the rest of a line that goes on with text after a JSON value or
// bracket.
func (lx *lexer) junk(first byte) (piece, error) {
	p, err := lx.textLine(first)
	if err != nil || p.kind == pieceBad {
		return p, err
	}
	p.kind, p.reason = pieceBad, "unexpected text; want a JSON object or string"
	return p, nil
}

// skipLine discards input up to and including the next new line.
func (lx *lexer) skipLine() {
	for {
		c, err := lx.readByte()
		if err != nil {
			return
		}
		if c == '\n' {
			lx.newLine()
			return
		}
	}
}

func (lx *lexer) newLine() {
	lx.line++
	lx.fresh = true
}

// skipByteOrderMark drops a UTF-8 byte-order mark at the start of the input. It
// reads a second byte only after a first 0xEF, so that streaming input is not held.
func (lx *lexer) skipByteOrderMark() {
	lx.started = true
	var got []byte
	for _, want := range byteOrderMark {
		c, err := lx.readByte()
		if err != nil {
			break
		}
		got = append(got, c)
		if c != want {
			break
		}
	}
	if !bytes.Equal(got, byteOrderMark) {
		lx.replay = append(got, lx.replay...)
	}
}

func (lx *lexer) readByte() (byte, error) {
	if len(lx.replay) > 0 {
		c := lx.replay[0]
		lx.replay = lx.replay[1:]
		return c, nil
	}
	if lx.err != nil {
		return 0, lx.err
	}
	c, err := lx.br.ReadByte()
	lx.err = err
	return c, err
}

func (lx *lexer) unread(c byte) {
	lx.replay = append([]byte{c}, lx.replay...)
}

// scanResult is what a jsonScanner says after a byte.
type scanResult int

const (
	scanMore scanResult = iota // the value goes on
	scanDone                   // the byte ended the value
	scanFail                   // the byte cannot be part of the value
)

// scanState is what a jsonScanner expects next.
type scanState int

const (
	expValue      scanState = iota // any value
	expValueOrEnd                  // a value or ']', just after '['
	expKeyOrEnd                    // a key or '}', just after '{'
	expKey                         // a key, after ',' in an object
	expColon                       // ':' after a key
	expCommaOrEnd                  // ',' or the end of the container, after a value
	inString                       // inside a string
	inLiteral                      // inside a number, true, false or null
)

// jsonScanner follows a JSON value byte by byte to find where it ends. It checks the
// grammar enough to notice early a value that cannot end well, such as a line that
// opens a new object where a closing brace was due; the complete value is then
// validated by gjson, which also checks literals and escapes.
type jsonScanner struct {
	stack  []byte // open containers, '{' or '['
	state  scanState
	key    bool // the string being read is an object key
	escape bool // the previous byte was a backslash inside a string
	err    string
}

func (s *jsonScanner) reset() {
	*s = jsonScanner{stack: s.stack[:0]}
}

// step takes the next byte of the value.
func (s *jsonScanner) step(c byte) scanResult {
	switch s.state {
	case inString:
		return s.stepString(c)
	case inLiteral:
		if isLiteralByte(c) {
			return scanMore
		}
		// Literals only occur inside containers: the byte after one is its delimiter.
		s.state = expCommaOrEnd
	}
	if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
		return scanMore
	}
	switch s.state {
	case expValue, expValueOrEnd:
		if c == ']' && s.state == expValueOrEnd {
			return s.close(c)
		}
		return s.begin(c)
	case expKeyOrEnd, expKey:
		if c == '}' && s.state == expKeyOrEnd {
			return s.close(c)
		}
		if c == '"' {
			s.state, s.key = inString, true
			return scanMore
		}
	case expColon:
		if c == ':' {
			s.state = expValue
			return scanMore
		}
	case expCommaOrEnd:
		if c == ',' {
			s.state = expValue
			if s.stack[len(s.stack)-1] == '{' {
				s.state = expKey
			}
			return scanMore
		}
		if c == '}' || c == ']' {
			return s.close(c)
		}
	}
	return s.fail(fmt.Sprintf("unexpected %q", c))
}

// begin starts a value with its first byte.
func (s *jsonScanner) begin(c byte) scanResult {
	switch {
	case c == '{' || c == '[':
		if len(s.stack) == maxJSONDepth {
			return s.fail("nested deeper than 32 levels")
		}
		s.stack = append(s.stack, c)
		s.state = expValueOrEnd
		if c == '{' {
			s.state = expKeyOrEnd
		}
		return scanMore
	case c == '"':
		s.state, s.key = inString, false
		return scanMore
	case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
		if len(s.stack) == 0 {
			return s.fail(fmt.Sprintf("unexpected %q", c))
		}
		s.state = inLiteral
		return scanMore
	}
	return s.fail(fmt.Sprintf("unexpected %q", c))
}

func (s *jsonScanner) stepString(c byte) scanResult {
	switch {
	case s.escape:
		s.escape = false
	case c == '\\':
		s.escape = true
	case c == '"':
		if s.key {
			s.state = expColon
			return scanMore
		}
		return s.ended()
	case c == '\n':
		return s.fail("string not closed on its line")
	case c < 0x20:
		return s.fail(fmt.Sprintf("control character %q in string", c))
	}
	return scanMore
}

// close ends the innermost container with c.
func (s *jsonScanner) close(c byte) scanResult {
	open := s.stack[len(s.stack)-1]
	if open == '{' && c != '}' || open == '[' && c != ']' {
		return s.fail(fmt.Sprintf("unexpected %q", c))
	}
	s.stack = s.stack[:len(s.stack)-1]
	return s.ended()
}

// ended moves past a complete value: the whole value ends with the outermost one.
func (s *jsonScanner) ended() scanResult {
	if len(s.stack) == 0 {
		return scanDone
	}
	s.state = expCommaOrEnd
	return scanMore
}

func (s *jsonScanner) fail(msg string) scanResult {
	s.err = msg
	return scanFail
}

func isLiteralByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '+' || c == '-'
}

package stages

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Progress counts a run's work as it happens, for a display to read with Snapshot. The
// pipeline updates it; it is safe for concurrent use. The zero value is ready.
type Progress struct {
	reposRead   atomic.Int64
	reposDone   atomic.Int64
	reposFailed atomic.Int64
	reposEmpty  atomic.Int64
	inputDone   atomic.Bool
	tasksTotal  atomic.Int64
	tasksDone   atomic.Int64
	commits     atomic.Int64
	requests    atomic.Int64

	mu     sync.Mutex
	start  time.Time
	nextID int
	active map[int]Activity
}

// Activity is what one worker is doing.
type Activity struct {
	Repo   string
	Window string
	Page   int // 1 for a window's first page
	Since  time.Time
}

// Snapshot is the state of a run at one moment.
type Snapshot struct {
	Started     time.Time
	ReposRead   int64 // repositories read so far; final once InputDone
	InputDone   bool
	ReposDone   int64 // finished, failed ones included
	ReposFailed int64
	ReposEmpty  int64
	TasksTotal  int64 // pages and windows queued so far
	TasksDone   int64
	Commits     int64
	Requests    int64
	Active      []Activity // sorted by repository
}

func (p *Progress) begin(now time.Time) {
	p.mu.Lock()
	p.start = now
	p.mu.Unlock()
}

// working records that a worker took up a task; the returned func records it finished.
func (p *Progress) working(a Activity) func() {
	p.mu.Lock()
	if p.active == nil {
		p.active = map[int]Activity{}
	}
	id := p.nextID
	p.nextID++
	p.active[id] = a
	p.mu.Unlock()
	return func() {
		p.mu.Lock()
		delete(p.active, id)
		p.mu.Unlock()
		p.tasksDone.Add(1)
	}
}

// Snapshot returns the current counts.
func (p *Progress) Snapshot() Snapshot {
	p.mu.Lock()
	active := make([]Activity, 0, len(p.active))
	for _, a := range p.active {
		active = append(active, a)
	}
	start := p.start
	p.mu.Unlock()
	slices.SortFunc(active, func(a, b Activity) int {
		if c := strings.Compare(a.Repo, b.Repo); c != 0 {
			return c
		}
		return a.Page - b.Page
	})
	return Snapshot{
		Started:     start,
		ReposRead:   p.reposRead.Load(),
		InputDone:   p.inputDone.Load(),
		ReposDone:   p.reposDone.Load(),
		ReposFailed: p.reposFailed.Load(),
		ReposEmpty:  p.reposEmpty.Load(),
		TasksTotal:  p.tasksTotal.Load(),
		TasksDone:   p.tasksDone.Load(),
		Commits:     p.commits.Load(),
		Requests:    p.requests.Load(),
		Active:      active,
	}
}

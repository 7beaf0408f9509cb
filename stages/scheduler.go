package stages

import (
	"sync"
	"time"
)

// task is one unit of work for a worker: the first page of a window (page 0, the probe),
// one later page of a window fetched in parallel, or (page -1) a resumed window that has
// nothing left to fetch.
type task struct {
	w    *windowRun
	page int
	url  string
	tmpl string // the window's last-page address, from which every page's is made
}

// scheduler is the queue between the planner and the workers. Workers add the tasks a
// page reveals (more pages, smaller windows) without ever blocking, so a full pool cannot
// deadlock on its own work. Safe for concurrent use.
type scheduler struct {
	prog        *Progress
	mu          sync.Mutex
	queue       []task
	outstanding int // tasks queued or running
	wake        chan struct{}
}

func newScheduler(prog *Progress) *scheduler {
	return &scheduler{prog: prog, wake: make(chan struct{}, 1)}
}

// push queues tasks ahead of the ones already waiting: work that a window revealed goes
// first, so a big repository is finished by all workers together.
func (s *scheduler) push(ts ...task) {
	s.mu.Lock()
	s.queue = append(ts, s.queue...)
	s.outstanding += len(ts)
	s.mu.Unlock()
	s.prog.tasksTotal.Add(int64(len(ts)))
	s.signal()
}

// add queues a task behind the others (a new repository from the input).
func (s *scheduler) add(t task) {
	s.mu.Lock()
	s.queue = append(s.queue, t)
	s.outstanding++
	s.mu.Unlock()
	s.prog.tasksTotal.Add(1)
	s.signal()
}

// pop takes the next task, if any.
func (s *scheduler) pop() (task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return task{}, false
	}
	t := s.queue[0]
	s.queue[0] = task{}
	s.queue = s.queue[1:]
	return t, true
}

// done marks a popped task finished.
func (s *scheduler) done() {
	s.mu.Lock()
	s.outstanding--
	s.mu.Unlock()
	s.signal()
}

// idle reports whether nothing is queued or running.
func (s *scheduler) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.outstanding == 0
}

func (s *scheduler) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (t task) activity() Activity {
	return Activity{
		Repo:   t.w.repo.repo.Name,
		Window: t.w.win.String(),
		Page:   max(t.page, 1),
		Since:  time.Now(),
	}
}

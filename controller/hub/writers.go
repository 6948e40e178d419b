package hub

import "sync"

// readyQueue holds the links with frames to write, in the order they
// became ready, and runs the writers that write them. A fan-out to ten
// thousand boards starts at most maxWriters goroutines, each taking link
// after link, instead of a goroutine per board parked on a semaphore and
// woken one by one. A writer ends when no link is ready, so an idle hub
// runs none; at most maxWriters links are written at once, so a fan-out
// holds that many write buffers at most, and a board that stopped
// reading holds one writer for writeWait at most.
//
// The queue is unbounded: the hub's goroutine pushes while it holds a
// link's lock and must never wait for a writer.
type readyQueue struct {
	mu      sync.Mutex
	links   []*client
	head    int
	writers int
}

// push makes c ready; the caller has set c.writing, so c is on the queue
// at most once.
func (q *readyQueue) push(c *client) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.links = append(q.links, c)
	if q.writers < maxWriters {
		q.writers++
		go q.write()
	}
}

// next takes the oldest ready link; false means none is ready and the
// writer calling it must end.
func (q *readyQueue) next() (*client, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.head == len(q.links) {
		// Empty: start again from the front of the same array, or let a
		// burst's large array go.
		if cap(q.links) > 4*maxWriters {
			q.links = nil
		} else {
			q.links = q.links[:0]
		}
		q.head = 0
		q.writers--
		return nil, false
	}
	c := q.links[q.head]
	q.links[q.head] = nil
	q.head++
	return c, true
}

// write is one writer: it writes ready links until none is left.
func (q *readyQueue) write() {
	for {
		c, ok := q.next()
		if !ok {
			return
		}
		c.writeQueued()
	}
}

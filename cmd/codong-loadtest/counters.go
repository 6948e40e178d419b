package main

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
	"sync/atomic"
)

// counters add up what every board sent and received, and what went wrong
// on the boards' side.
type counters struct {
	manifests      atomic.Int64 // manifests received and verified
	acks           atomic.Int64
	statuses       atomic.Int64
	screenshots    atomic.Int64 // sent when the controller asked
	playsRecorded  atomic.Int64
	playsSent      atomic.Int64 // records, resends included
	playsConfirmed atomic.Int64
	fetches        atomic.Int64
	fetchBytes     atomic.Int64
	connects       atomic.Int64 // links established
	failures       atomic.Int64 // links that failed or ended unasked

	mu       sync.Mutex
	problems map[string]int
}

// maxProblemKinds bounds the distinct problems kept: a broken controller
// must not grow the report without end.
const maxProblemKinds = 20

// addrPattern matches the addresses in network errors, which differ for
// every board and would make each error its own kind.
var addrPattern = regexp.MustCompile(`\[?[0-9a-f.:]+\]?:\d+`)

// problem counts one thing that went wrong on a board: what it was doing
// (Vietnamese) and the error.
func (c *counters) problem(doing string, err error) {
	c.failures.Add(1)
	key := doing + ": " + addrPattern.ReplaceAllString(err.Error(), "…")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.problems == nil {
		c.problems = make(map[string]int)
	}
	if _, ok := c.problems[key]; !ok && len(c.problems) >= maxProblemKinds {
		key = "các lỗi khác"
	}
	c.problems[key]++
}

// top is the most frequent problem, "" if none.
func (c *counters) top() string {
	if list := c.problemList(); len(list) > 0 {
		return list[0]
	}
	return ""
}

// problemList is every problem with its count, most frequent first.
func (c *counters) problemList() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.problems))
	for k := range c.problems {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c.problems[keys[i]] != c.problems[keys[j]] {
			return c.problems[keys[i]] > c.problems[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s (×%d)", k, c.problems[k])
	}
	return out
}

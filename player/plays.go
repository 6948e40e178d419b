package player

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"

	"codong/atomicfile"
	"codong/protocol"
)

// journal keeps a record of every play on disk until the controller
// confirms it, so no play goes unreported across outages and restarts.
// Records are appended one line of JSON each and synced; a line cut short
// by a power cut is skipped when read.
type journal struct {
	path string
	mu   sync.Mutex
}

const journalFile = "plays.jsonl"

func openJournal(dir string) *journal { return &journal{path: filepath.Join(dir, journalFile)} }

func (j *journal) append(p protocol.Play) error {
	line, err := json.Marshal(p)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := os.OpenFile(j.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(append(line, '\n')); err != nil {
		return err
	}
	return f.Sync()
}

// pending returns up to limit unconfirmed records, oldest first.
func (j *journal) pending(limit int) ([]protocol.Play, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	all, err := j.read()
	if len(all) > limit {
		all = all[:limit]
	}
	return all, err
}

func (j *journal) read() ([]protocol.Play, error) {
	data, err := os.ReadFile(j.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []protocol.Play
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var p protocol.Play
		if json.Unmarshal(sc.Bytes(), &p) == nil && p.ID != 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// confirm forgets the records the controller has stored: exactly those
// sent, not every record with a smaller ID, since a clock corrected
// backwards can write later records with smaller IDs.
func (j *journal) confirm(sent map[int64]bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	all, err := j.read()
	if err != nil {
		return err
	}
	return atomicfile.Write(j.path, 0o600, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		for _, p := range all {
			if !sent[p.ID] {
				if err := enc.Encode(p); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// drop forgets every unconfirmed record.
func (j *journal) drop() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	err := os.Remove(j.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

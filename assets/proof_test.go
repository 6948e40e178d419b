package assets

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The proof (issue 25): every slogan of every corpus file on every board
// below, set as a sign-writer would. Each check lists all its faults, so
// the next person sees what is left to fix, not only the first.

// proofBoard is a board of the proof and the scroll speed it runs at:
// LED boards scroll, so a long slogan on them turns pages.
type proofBoard struct {
	size  Size
	speed int
}

func (b proofBoard) String() string { return b.size.String() }

var proofBoards = []proofBoard{
	{Size{1920, 1080}, 0}, {Size{1080, 1920}, 0},
	{Size{384, 128}, 60}, {Size{192, 64}, 60}, {Size{256, 128}, 60},
}

// corpusSlogan is one line of a corpus file.
type corpusSlogan struct {
	file string
	line int
	text string
}

func (s corpusSlogan) String() string { return fmt.Sprintf("%s:%d", filepath.Base(s.file), s.line) }

// corpusSlogans reads every testdata/slogans-*.txt, each slogan once.
func corpusSlogans(t testing.TB) []corpusSlogan {
	t.Helper()
	out, err := readCorpus()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readCorpus() ([]corpusSlogan, error) {
	files, err := filepath.Glob("testdata/slogans-*.txt")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no corpus files in testdata (%v)", err)
	}
	slices.Sort(files)
	seen := make(map[string]bool)
	var out []corpusSlogan
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		for n, line := range strings.Split(string(b), "\n") {
			if s := strings.TrimSpace(line); s != "" && !seen[s] {
				seen[s] = true
				out = append(out, corpusSlogan{name, n + 1, s})
			}
		}
	}
	return out, nil
}

// proofCase is one slogan on one board as the renderer set it, reduced to
// what the checks read: the tokens as shown and where lines and pages end.
type proofCase struct {
	slogan corpusSlogan
	board  proofBoard
	layout Layout
	toks   []string
	ends   []int        // index after each line's last token
	page   map[int]bool // ends that close a page
	err    error
}

// where names a case and one of its lines for a fault message.
func (c *proofCase) where(line int) string {
	return fmt.Sprintf("%s on %s, line %d of %d %q", c.slogan, c.board, line+1, len(c.ends), c.layout.Lines[line].Text)
}

func newProofCase(r *Renderer, s corpusSlogan, b proofBoard) *proofCase {
	c := &proofCase{slogan: s, board: b, page: make(map[int]bool)}
	// The plan, not Render: the checks read the layout only, and the
	// PNG encoding would double the proof's time.
	p, err := r.plan(Request{Text: s.text, Size: b.size, ScrollSpeed: b.speed})
	if err != nil {
		c.err = err
		return c
	}
	c.read(p.layout.clone())
	// The checks trust the lines to hold the slogan's words, each once,
	// in order: a layout that lost or doubled one is a fault of its own.
	if para, err := r.paragraph(s.text); err == nil && len(para.toks) != len(c.toks) {
		c.err = fmt.Errorf("the lines hold %d words, the slogan %d: %q", len(c.toks), len(para.toks), lineTexts(c.layout))
	}
	return c
}

// read takes the tokens, line ends and page ends from a layout.
func (c *proofCase) read(l Layout) {
	c.layout = l
	for i, line := range l.Lines {
		c.toks = append(c.toks, strings.Fields(line.Text)...)
		c.ends = append(c.ends, len(c.toks))
		if i+1 == len(l.Lines) || l.Lines[i+1].Page != line.Page {
			c.page[len(c.toks)] = true
		}
	}
}

// proofCases renders the corpus on every board once for all the checks,
// on every core: under -race a render costs ten times more.
var proofCases = sync.OnceValues(func() ([]*proofCase, error) {
	r, err := sharedRenderer()
	if err != nil {
		return nil, err
	}
	slogans, err := readCorpus()
	if err != nil {
		return nil, err
	}
	cases := make([]*proofCase, 0, len(slogans)*len(proofBoards))
	for _, s := range slogans {
		for _, b := range proofBoards {
			cases = append(cases, &proofCase{slogan: s, board: b})
		}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				cases[i] = newProofCase(r, cases[i].slogan, cases[i].board)
			}
		})
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	return cases, nil
})

// A proofCheck returns the faults of one case, each a sentence that names
// the slogan, the board and the line.
type proofCheck func(t testing.TB, c *proofCase) []string

// TestProof runs every check over the corpus: one subtest per check and
// board, with every fault listed and their count logged.
func TestProof(t *testing.T) {
	cases, err := proofCases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.err != nil {
			t.Errorf("%s on %s: %v", c.slogan, c.board, c.err)
		}
	}
	checks := []struct {
		name  string
		check proofCheck
	}{
		{"words", checkWordsWhole},
		{"lone", checkNoLoneSyllable},
		{"leaning", checkNoLeaningEnd},
		{"names", checkNamesWhole},
		{"floor", checkLegible},
	}
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			for _, b := range proofBoards {
				t.Run(b.String(), func(t *testing.T) {
					n := 0
					for _, c := range cases {
						if c.board != b || c.err != nil {
							continue
						}
						for _, f := range ch.check(t, c) {
							t.Error(f)
							n++
						}
					}
					t.Logf("%s on %s: %d faults", ch.name, b, n)
				})
			}
		})
	}
}

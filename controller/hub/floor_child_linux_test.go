package hub

// The boards' side of BenchmarkSocketFloorProcess: a child process of
// this test binary, and what it takes to start, pin and stop it.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gorilla/websocket"
)

// TestFloorBoardsChild is not a test: it is the child process of
// BenchmarkSocketFloorProcess, N boards answering every frame with an
// acknowledgement. It returns at once unless the benchmark started it.
func TestFloorBoardsChild(t *testing.T) {
	url := os.Getenv(floorURLEnv)
	if url == "" {
		return
	}
	n, err := strconv.Atoi(os.Getenv(floorLinksEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor child:", err)
		os.Exit(2)
	}
	if err := raiseFileLimit(n + 64); err != nil {
		fmt.Fprintln(os.Stderr, "floor child:", err)
		os.Exit(2)
	}
	if cpu := os.Getenv(floorCPUEnv); cpu != "" {
		c, _ := strconv.Atoi(cpu)
		if err := pinProcess(c); err != nil {
			fmt.Fprintln(os.Stderr, "floor child:", err)
			os.Exit(2)
		}
	}
	dialer := websocket.Dialer{ReadBufferSize: 4096, WriteBufferSize: 1024, HandshakeTimeout: 30 * time.Second}
	var dials sync.WaitGroup
	sem := make(chan struct{}, 32) // a handshake storm the listen backlog takes
	var failed atomic.Pointer[error]
	for range n {
		sem <- struct{}{}
		dials.Add(1)
		go func() {
			c, _, err := dialer.Dial(url, nil)
			<-sem
			dials.Done()
			if err != nil {
				failed.Store(&err)
				return
			}
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				if err := c.WriteMessage(websocket.TextMessage, floorAck); err != nil {
					return
				}
			}
		}()
	}
	dials.Wait()
	if err := failed.Load(); err != nil {
		fmt.Fprintln(os.Stderr, "floor child: dial:", *err)
		os.Exit(2)
	}
	// The parent closes stdin when it is done (or dies); the links end
	// with the process.
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// child is a running TestFloorBoardsChild.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	exit  chan error
}

// startChild re-executes this test binary as n boards dialling url,
// pinned to the CPU after ours when we are pinned to one.
func startChild(b *testing.B, url string, n int) *child {
	exe, err := os.Executable()
	if err != nil {
		b.Skipf("cannot start the boards' process: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^TestFloorBoardsChild$", "-test.count=1", "-test.bench=^$")
	cmd.Env = append(os.Environ(), floorURLEnv+"="+url, floorLinksEnv+"="+strconv.Itoa(n))
	if cpu, ok := pinnedCPU(); ok {
		cmd.Env = append(cmd.Env, floorCPUEnv+"="+strconv.Itoa((cpu+1)%cpuCount()))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Skipf("cannot start the boards' process: %v", err)
	}
	if err := cmd.Start(); err != nil {
		b.Skipf("cannot start the boards' process: %v", err)
	}
	ch := &child{cmd: cmd, stdin: stdin, exit: make(chan error, 1)}
	go func() {
		err := cmd.Wait()
		if err == nil && stderr.Len() > 0 {
			err = fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
		} else if err != nil {
			err = fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
		ch.exit <- err
	}()
	return ch
}

func (c *child) stop() {
	c.stdin.Close()
	select {
	case <-c.exit:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-c.exit
	}
}

// raiseFileLimit makes room for n open files, up to the hard limit.
func raiseFileLimit(n int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur >= uint64(n) {
		return nil
	}
	if lim.Max < uint64(n) {
		return fmt.Errorf("the links need %d open files, the hard limit is %d", n, lim.Max)
	}
	lim.Cur = uint64(n)
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
}

// cpuSet is the kernel's CPU mask, large enough for this machine.
type cpuSet [16]uint64

// pinnedCPU tells the one CPU this process may run on, if only one.
func pinnedCPU() (int, bool) {
	var set cpuSet
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(set), uintptr(unsafe.Pointer(&set))); e != 0 {
		return 0, false
	}
	cpu, count := 0, 0
	for i, word := range set {
		for bit := range 64 {
			if word&(1<<bit) != 0 {
				cpu, count = i*64+bit, count+1
			}
		}
	}
	return cpu, count == 1
}

// cpuCount is how many CPUs the machine has online.
func cpuCount() int {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 1
	}
	defer f.Close()
	n := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		line := s.Text()
		if strings.HasPrefix(line, "cpu") && len(line) > 3 && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return max(n, 1)
}

// pinProcess pins every thread of this process to cpu. Affinity is per
// thread in Linux: each thread that exists is pinned, and threads the
// runtime starts later inherit it from the thread that starts them.
func pinProcess(cpu int) error {
	var set cpuSet
	set[cpu/64] |= 1 << (cpu % 64)
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid), unsafe.Sizeof(set), uintptr(unsafe.Pointer(&set))); e != 0 {
			return fmt.Errorf("pinning thread %d to CPU %d: %v", tid, cpu, e)
		}
	}
	return nil
}

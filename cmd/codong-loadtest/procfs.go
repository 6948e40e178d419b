package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat:
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// readRSS returns a process's resident memory in KiB (VmRSS).
func readRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "VmRSS:" {
			return strconv.ParseInt(fields[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("không thấy VmRSS của tiến trình %d", pid)
}

// readCPUTicks returns the CPU time a process has used, user and system,
// in clock ticks.
func readCPUTicks(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from after its closing parenthesis (field 3, state, comes first).
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 || i+2 > len(data) {
		return 0, fmt.Errorf("không đọc được /proc/%d/stat", pid)
	}
	f := strings.Fields(string(data[i+2:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("không đọc được /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("không đọc được thời gian CPU trong /proc/%d/stat", pid)
	}
	return utime + stime, nil
}

// tcpListen is the state of a listening socket in /proc/net/tcp.
const tcpListen = "0A"

// findListener returns the process listening on a TCP port: the socket's
// inode from /proc/net/tcp{,6}, then the process holding a descriptor to
// that socket.
func findListener(port int) (int, error) {
	inodes := make(map[string]bool)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		listeningInodes(table, port, inodes)
	}
	if len(inodes) == 0 {
		return 0, fmt.Errorf("không thấy tiến trình nào nghe ở cổng %d", port)
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*/fd")
	for _, dir := range dirs {
		fds, err := os.ReadDir(dir)
		if err != nil {
			continue // another user's process
		}
		for _, fd := range fds {
			link, err := os.Readlink(filepath.Join(dir, fd.Name()))
			if err == nil && strings.HasPrefix(link, "socket:[") && inodes[strings.TrimSuffix(link[len("socket:["):], "]")] {
				return strconv.Atoi(filepath.Base(filepath.Dir(dir)))
			}
		}
	}
	return 0, fmt.Errorf("có socket nghe ở cổng %d nhưng không tìm được tiến trình của nó (thiếu quyền?); hãy dùng -pid", port)
}

// listeningInodes adds the inodes of the sockets listening on port, as
// listed in one /proc/net table, to into.
func listeningInodes(table string, port int, into map[string]bool) {
	f, err := os.Open(table)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	want := fmt.Sprintf(":%04X", port)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 10 && fields[3] == tcpListen && strings.HasSuffix(fields[1], want) {
			into[fields[9]] = true
		}
	}
}

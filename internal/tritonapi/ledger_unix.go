//go:build unix

package tritonapi

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
)

// privateDir makes dir if needed and reports whether it is this user's own: a
// directory, not a symlink, owned by the effective user, with no access for
// others (a wider mode on our own directory is narrowed). A directory another user
// made in the shared temporary directory could plant entries or symlinks.
func privateDir(dir string) bool {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false
	}
	info, err := os.Lstat(dir)
	if err != nil || info.Mode()&os.ModeSymlink != 0 || !info.IsDir() {
		return false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || int64(st.Uid) != int64(os.Geteuid()) {
		return false
	}
	if info.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700) == nil
	}
	return true
}

// processAlive reports whether a process with this pid exists and is not a
// zombie (a killed provider whose new parent has not reaped it yet is gone).
func processAlive(pid int) bool {
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
			return b[i+2] != 'Z' && b[i+2] != 'X'
		}
	} else if _, serr := os.Stat("/proc/self/stat"); serr == nil {
		return false // /proc works and has no such process
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

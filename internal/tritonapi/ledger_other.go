//go:build !unix

package tritonapi

import "os"

// privateDir makes dir if needed and reports whether it is a directory, not a
// symlink (ownership is not checked on this system: its temporary directory is
// the user's own).
func privateDir(dir string) bool {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false
	}
	info, err := os.Lstat(dir)
	return err == nil && info.Mode()&os.ModeSymlink == 0 && info.IsDir()
}

// processAlive cannot tell here: a pending create is taken as still waiting unless
// its run was marked.
func processAlive(int) bool { return true }

package tritonapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Terraform starts one provider process per provider configuration: two aliases
// on the same base URL never share memory. What must hold across them within one
// Terraform run (creates of one name waiting for each other, and an object one
// instance created never being adopted by another) therefore also goes through a
// directory that the provider processes of that run share: they have the same
// parent, the Terraform process. Two different runs (two pipelines) have different
// directories: they cannot be told apart by any client of this API anyway, and
// they are usually on different machines.

// RunDirRoot is where the per-run directories live (tests point it elsewhere).
var RunDirRoot = filepath.Join(os.TempDir(), "terraform-provider-triton")

// runDir is the directory this run's provider processes share for baseURL, or ""
// when it cannot be made (the in-process coordination still holds then).
func runDir(baseURL string) string {
	if !privateDir(RunDirRoot) {
		return "" // another user's directory (or a symlink) in the shared temporary directory
	}
	sum := sha256.Sum256([]byte(baseURL))
	dir := filepath.Join(RunDirRoot, fmt.Sprintf("run-%d-%s", os.Getppid(), hex.EncodeToString(sum[:6])))
	if err := os.MkdirAll(filepath.Join(dir, "claims"), 0o700); err != nil {
		return ""
	}
	return dir
}

// sweepRunDirs removes run directories untouched for a day (runs long over).
func sweepRunDirs() {
	entries, err := os.ReadDir(RunDirRoot)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), "run-") && time.Since(info.ModTime()) > 24*time.Hour {
			_ = os.RemoveAll(filepath.Join(RunDirRoot, e.Name()))
		}
	}
}

func fileKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:12])
}

// runLock is the cross-process half of a create lock: a file lock in the run
// directory, which records when its last holder let go.
type runLock struct {
	fl   *flock.Flock
	path string
}

// lockRun takes the run-wide lock for key, giving up when ctx ends. It returns
// nil (and no error) when there is no run directory.
func (s *shared) lockRun(ctx context.Context, key string) (*runLock, error) {
	if s.dir == "" {
		return nil, nil
	}
	path := filepath.Join(s.dir, "lock-"+fileKey(key))
	fl := flock.New(path)
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, nil //nolint:nilerr // a lock file that cannot be used leaves the in-process lock alone
	}
	if !ok {
		return nil, ctx.Err()
	}
	return &runLock{fl: fl, path: path}, nil
}

// lastRelease is when the previous holder (in any process of the run) let go.
func (l *runLock) lastRelease() time.Time {
	if l == nil {
		return time.Time{}
	}
	b, err := os.ReadFile(l.path + ".released")
	if err != nil {
		return time.Time{}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func (l *runLock) unlock() {
	if l == nil {
		return
	}
	_ = os.WriteFile(l.path+".released", []byte(strconv.FormatInt(time.Now().UnixNano(), 10)), 0o600)
	_ = l.fl.Unlock()
}

// claimRun records uuid as held in the run directory; false when another process
// of the run holds it already.
func (s *shared) claimRun(uuid string) bool {
	if s.dir == "" {
		return true
	}
	f, err := os.OpenFile(filepath.Join(s.dir, "claims", fileKey(uuid)), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return false
	}
	if err == nil {
		_ = f.Close()
	}
	return true
}

func (s *shared) claimedRun(uuid string) bool {
	if s.dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(s.dir, "claims", fileKey(uuid)))
	return err == nil
}

// runGen is a list's run-wide write generation: the size of its generation file.
func (s *shared) runGen(list string) uint64 {
	if s.dir == "" {
		return 0
	}
	info, err := os.Stat(filepath.Join(s.dir, "gen-"+fileKey(list)))
	if err != nil {
		return 0
	}
	return uint64(info.Size()) //nolint:gosec // a file size is never negative
}

// bumpRun appends one byte to a list's generation file; false when it cannot.
func (s *shared) bumpRun(list string) bool {
	if s.dir == "" {
		return false
	}
	f, err := os.OpenFile(filepath.Join(s.dir, "gen-"+fileKey(list)), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Write([]byte{'.'})
	return err == nil
}

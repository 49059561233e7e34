package sqlite_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/interview/storetest"
)

func TestStoreConformance(t *testing.T) {
	var (
		mu    sync.Mutex
		paths = map[*testing.T]string{}
	)
	storetest.Run(t, func(t *testing.T) interview.Store {
		mu.Lock()
		path, ok := paths[t]
		if !ok {
			path = filepath.Join(t.TempDir(), "mockinterview.db")
			paths[t] = path
		}
		mu.Unlock()
		st, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

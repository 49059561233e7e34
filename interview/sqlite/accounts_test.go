package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/interview/storetest"
)

func openFile(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "mockinterview.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) storetest.AccountStore { return openFile(t) })
}

func TestReviewConformance(t *testing.T) {
	storetest.RunReview(t, func(t *testing.T) storetest.ReviewStore { return openFile(t) })
}

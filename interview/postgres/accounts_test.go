package postgres_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/interview/storetest"
)

func TestAccountsConformance(t *testing.T) {
	t.Parallel()
	baseURL(t)
	storetest.RunAccounts(t, func(t *testing.T) storetest.AccountStore {
		u, _ := testSchema(t, nil)
		return openStore(t, u)
	})
}

func TestReviewConformance(t *testing.T) {
	t.Parallel()
	baseURL(t)
	storetest.RunReview(t, func(t *testing.T) storetest.ReviewStore {
		u, _ := testSchema(t, nil)
		return openStore(t, u)
	})
}

package postgres_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/interview/storetest"
)

func TestRecordingsConformance(t *testing.T) {
	t.Parallel()
	baseURL(t)
	storetest.RunRecordings(t, func(t *testing.T) storetest.RecordingStore {
		u, _ := testSchema(t, nil)
		return openStore(t, u)
	})
}

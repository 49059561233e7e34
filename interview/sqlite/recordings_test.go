package sqlite_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/interview/storetest"
)

func TestRecordingsConformance(t *testing.T) {
	storetest.RunRecordings(t, func(t *testing.T) storetest.RecordingStore { return openFile(t) })
}

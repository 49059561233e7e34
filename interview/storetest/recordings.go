package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// RecordingStore is what the recordings suite checks.
type RecordingStore interface {
	interview.Store
	interview.RecordingStore
}

// RunRecordings checks that recordings are stored, replaced, transcribed
// and listed; open is as for Run.
func RunRecordings(t *testing.T, open func(t *testing.T) RecordingStore) {
	st := open(t)
	ctx := ctxT(t)
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := newSession("rec-1", "alice", created)
	if _, err := st.CreateSession(ctx, s, nil); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	wav := speech.EncodeWAV(make([]int16, 1600), speech.SampleRate)
	r := interview.Recording{SessionID: "rec-1", Turn: 1, Audio: wav, DurationMS: 100, CreatedAt: created}
	if err := st.SaveRecording(ctx, r); err != nil {
		t.Fatalf("SaveRecording: %v", err)
	}
	if err := st.SaveRecording(ctx, interview.Recording{SessionID: "nope", Turn: 1, Audio: wav, CreatedAt: created}); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("SaveRecording(unknown session) = %v; want ErrNotFound", err)
	}
	got, err := st.Recording(ctx, "rec-1", 1, 0)
	if err != nil || !bytes.Equal(got.Audio, wav) || got.Bytes != len(wav) || got.DurationMS != 100 || got.Transcript != nil || !got.CreatedAt.Equal(created) {
		t.Fatalf("Recording = %+v, %v; want the stored audio without a transcript", got, err)
	}
	if _, err := st.Recording(ctx, "rec-1", 2, 0); !errors.Is(err, interview.ErrRecordingNotFound) {
		t.Errorf("Recording(turn 2) = %v; want ErrRecordingNotFound", err)
	}
	tr := speech.NewTranscript("fake", 0.1, speech.Recognition{Words: []speech.Word{{Word: "hello", Start: 0, End: 0.05}}})
	if err := st.SetTranscript(ctx, "rec-1", 1, 0, tr); err != nil {
		t.Fatalf("SetTranscript: %v", err)
	}
	if err := st.SetTranscript(ctx, "rec-1", 1, 1, tr); !errors.Is(err, interview.ErrRecordingNotFound) {
		t.Errorf("SetTranscript(no recording) = %v; want ErrRecordingNotFound", err)
	}
	// A follow-up answer's recording sits beside the main one.
	if err := st.SaveRecording(ctx, interview.Recording{SessionID: "rec-1", Turn: 1, FollowUp: 1, Audio: wav[:100], DurationMS: 2, CreatedAt: created}); err != nil {
		t.Fatalf("SaveRecording(follow-up): %v", err)
	}
	list, err := st.Recordings(ctx, "rec-1")
	if err != nil || len(list) != 2 || list[0].Transcript == nil || list[0].Transcript.Text != "hello" || list[0].Audio != nil || list[1].FollowUp != 1 {
		t.Fatalf("Recordings = %+v, %v; want two, the first transcribed, without audio", list, err)
	}
	// A re-recording replaces the audio and drops the old transcript.
	r.Audio, r.DurationMS = wav[:200], 5
	if err := st.SaveRecording(ctx, r); err != nil {
		t.Fatalf("SaveRecording again: %v", err)
	}
	if got, err := st.Recording(ctx, "rec-1", 1, 0); err != nil || got.Bytes != 200 || got.Transcript != nil {
		t.Errorf("re-recorded = %d bytes, transcript %v, %v; want 200 bytes and none", got.Bytes, got.Transcript, err)
	}
}

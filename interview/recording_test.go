package interview_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// spokenWords times the words of text as said: one every 0.4 s, with a
// 3.5 s pause before the word at pauseAt.
func spokenWords(text string, pauseAt int) []speech.Word {
	var ws []speech.Word
	at := 0.0
	for i, w := range strings.Fields(text) {
		if i == pauseAt {
			at += 3.5
		}
		ws = append(ws, speech.Word{Word: w, Start: at, End: at + 0.3})
		at += 0.4
	}
	return ws
}

func voiceService(t *testing.T, h *harness) *interview.Service {
	svc := interview.New(h.store, h.bank, scoring.New(h.bank), interview.WithClock(h.clock.Now), interview.WithRecordings(h.store))
	t.Cleanup(func() { svc.Close(context.Background()) })
	return svc
}

func TestVoiceAnswer(t *testing.T) {
	h := newHarness(t, nil)
	h.svc = voiceService(t, h)
	ctx := t.Context()
	sess := h.create("alice", interview.PlanRequest{Role: "backend-developer", Categories: []string{"behavioral"}, Count: 1, Mode: "exam", Seed: seed(3)})
	audio := speech.Audio{Samples: make([]int16, 3*speech.SampleRate)}
	if _, err := h.svc.Record(ctx, sess.ID, 1, audio); !errors.Is(err, interview.ErrNotStarted) {
		t.Fatalf("Record before start = %v; want ErrNotStarted", err)
	}
	if err := h.svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Record(ctx, sess.ID, 2, audio); !errors.Is(err, interview.ErrWrongTurn) {
		t.Fatalf("Record(turn 2) = %v; want ErrWrongTurn", err)
	}
	rec, err := h.svc.Record(ctx, sess.ID, 1, audio)
	if err != nil || rec.Bytes != 44+2*len(audio.Samples) || rec.DurationMS != 3000 {
		t.Fatalf("Record = %+v, %v", rec, err)
	}
	stored, err := h.svc.Recording(ctx, sess.ID, 1, 0)
	if err != nil || len(stored.Audio) != rec.Bytes {
		t.Fatalf("Recording = %d bytes, %v; want the stored audio", len(stored.Audio), err)
	}
	const said = "At my last job our deploys failed weekly. I owned the pipeline. I added canary releases and then I wrote rollback scripts. As a result failures fell by 80 percent."
	tr := speech.NewTranscript("fake", 30, speech.Recognition{Text: said, Words: spokenWords(said, 18)})
	if err := h.svc.SetTranscript(ctx, sess.ID, 1, 0, tr); err != nil {
		t.Fatal(err)
	}
	// The candidate corrects one word of the transcript and submits it.
	answer := strings.Replace(said, "weekly", "every week", 1)
	if err := h.svc.Answer(ctx, sess.ID, 1, answer); err != nil {
		t.Fatal(err)
	}
	evs := h.untilType(sess.ID, 0, interview.EventFinished)
	var score *interview.ScoreData
	for _, ev := range evs {
		if ev.Type == interview.EventScore {
			s := decode[interview.ScoreData](t, ev)
			score = &s
			raw, _ := ev.MarshalJSON()
			var msg struct {
				Result struct {
					Delivery map[string]any `json:"delivery"`
				} `json:"result"`
			}
			if err := json.Unmarshal(raw, &msg); err != nil {
				t.Fatal(err)
			}
			// One delivery object: the text's findings and the recording's timings.
			if d := msg.Result.Delivery; d["words"] != float64(30) || d["words_per_minute"] == nil || d["spans"] == nil {
				t.Errorf("score message lacks the merged result.delivery: %.300s", raw)
			}
		}
	}
	if score == nil || score.Delivery == nil {
		t.Fatalf("no score with delivery in %s", describe(evs))
	}
	d := score.Delivery
	if len(d.Pauses) != 1 || d.Pauses[0].Part == "" || d.LongPauses != 1 {
		t.Errorf("delivery pauses = %+v; want one long pause placed in a STAR part", d.Pauses)
	}
	got, err := h.svc.Session(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	turn := got.Turns[0]
	if len(turn.Recordings) != 1 || turn.Recordings[0].Transcript == nil || turn.Delivery == nil || turn.Delivery.Words != 30 {
		t.Errorf("transcript turn: recordings %+v, delivery %+v", turn.Recordings, turn.Delivery)
	}
	if _, err := h.svc.Record(ctx, sess.ID, 1, audio); !errors.Is(err, interview.ErrFinished) {
		t.Errorf("Record after the end = %v; want ErrFinished", err)
	}
}

func TestTypedOverRecordingHasNoDelivery(t *testing.T) {
	h := newHarness(t, nil)
	h.svc = voiceService(t, h)
	ctx := t.Context()
	sess := h.create("bob", interview.PlanRequest{Role: "backend-developer", Count: 1, Mode: "exam", Seed: seed(4)})
	h.svc.Start(ctx, sess.ID)
	if _, err := h.svc.Record(ctx, sess.ID, 1, speech.Audio{Samples: make([]int16, 16000)}); err != nil {
		t.Fatal(err)
	}
	heard := "something entirely different about cats and dogs and weather"
	h.svc.SetTranscript(ctx, sess.ID, 1, 0, speech.NewTranscript("fake", 5, speech.Recognition{Words: spokenWords(heard, -1)}))
	if err := h.svc.Answer(ctx, sess.ID, 1, "I rewrote the cache layer and cut latency in half."); err != nil {
		t.Fatal(err)
	}
	h.untilType(sess.ID, 0, interview.EventFinished)
	got, _ := h.svc.Session(ctx, sess.ID)
	if got.Turns[0].Delivery != nil || got.Turns[0].Score == nil {
		t.Errorf("typed answer: delivery %+v, score %v; want no delivery, a score", got.Turns[0].Delivery, got.Turns[0].Score != nil)
	}
}

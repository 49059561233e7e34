package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// TestLiveNext: in practice mode the next question waits for next over a
// real websocket; a next out of order (before start, while the question is
// open, twice, in exam mode, after the end) is an error message with a
// code, and the session goes on.
func TestLiveNext(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{}, interview.WithMaxFollowUps(0))
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":2,"pace":"candidate","seed":3}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"next"}`)
	if m := c.read(); m.Type != "error" || m.Code != interview.CodeNotStarted {
		t.Fatalf("next before start: %s; want not_started", m.raw)
	}
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	c.send(`{"type":"next"}`)
	if m := c.readUntil("error"); m[len(m)-1].Code != interview.CodeNotWaiting || !strings.Contains(m[len(m)-1].Message, "answer or skip it first") {
		t.Fatalf("next with the question open: %s; want not_waiting", m[len(m)-1].raw)
	}
	c.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": goodAnswer})
	msgs := c.readUntil("ready")
	ready := msgs[len(msgs)-1]
	if ready.Turn != 2 || ready.Total != 2 {
		t.Errorf("ready %s; want turn 2 of 2", ready.raw)
	}
	for _, m := range msgs {
		if m.Type == "question" {
			t.Errorf("question %s before next", m.raw)
		}
	}
	if tr := g.transcript(t, created.ID); len(tr.Turns) != 1 || tr.Turns[0].InitialScore == nil || tr.Turns[0].InitialScore.Overall != tr.Turns[0].Score.Overall {
		t.Errorf("transcript while waiting: %d turns, initial score %v; want 1 turn whose initial score is its score", len(tr.Turns), tr.Turns[0].InitialScore)
	}
	c.send(`{"type":"next"}`)
	if q := c.readUntil("question"); q[len(q)-1].Turn != 2 {
		t.Fatalf("after next: %s; want question 2", q[len(q)-1].raw)
	}
	c.send(`{"type":"next"}`)
	if m := c.read(); m.Code != interview.CodeNotWaiting || m.Turn != 2 {
		t.Errorf("next twice: %s; want not_waiting for turn 2", m.raw)
	}
	c.send(`{"type":"draft","turn":2,"followup":-1,"text":"x"}`)
	if m := c.read(); m.Code != web.CodeBadMessage || !strings.Contains(m.Message, "followup") {
		t.Errorf("draft with followup -1: %s; want bad_message naming followup", m.raw)
	}
	c.send(`{"type":"draft","turn":2,"followup":1,"text":"for a follow-up never asked"}`)
	c.send(`{"type":"draft","turn":2,"followup":0,"text":"the main answer"}`)
	c.send(`{"type":"skip","turn":2}`)
	c.readUntil("finished")
	tr := g.transcript(t, created.ID)
	if tr.Turns[1].Draft != "" || !tr.Turns[1].Skipped {
		t.Errorf("turn 2 after the skip: draft %q, skipped %v", tr.Turns[1].Draft, tr.Turns[1].Skipped)
	}
	c.send(`{"type":"next"}`)
	if m := c.read(); m.Code != interview.CodeFinished {
		t.Errorf("next after the end: %s; want finished", m.raw)
	}
	c.send(`{"type":"dance"}`)
	if m := c.read(); m.Code != web.CodeUnknownType || !strings.Contains(m.Message, "next") {
		t.Errorf("unknown type: %s; want the list to name next", m.raw)
	}

	// Exam mode flows on: next is refused.
	exam := g.createSession(t, `{"role":"backend-developer","count":2,"mode":"exam","seed":3}`)
	e := g.dial(t, exam.ID)
	e.send(`{"type":"start"}`)
	e.readUntil("question")
	e.send(`{"type":"next"}`)
	if m := e.read(); m.Code != interview.CodeNotWaiting || !strings.Contains(m.Message, "exam mode") {
		t.Errorf("next in exam mode: %s; want not_waiting", m.raw)
	}

	// A practice session created without a pace flows as DESIGN.md's
	// clients expect: the next question follows the score, no ready.
	flow := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":2,"seed":3}`)
	f := g.dial(t, flow.ID)
	f.send(`{"type":"start"}`)
	f.readUntil("question")
	f.send(`{"type":"answer","turn":1,"text":` + strconv.Quote(goodAnswer) + `}`)
	for {
		m := f.read()
		if m.Type == "ready" {
			t.Fatalf("a flowing session sent ready: %s", m.raw)
		}
		if m.Type == "followup" {
			f.send(`{"type":"skip","turn":1}`)
		}
		if m.Type == "question" {
			break
		}
	}
	f.send(`{"type":"next"}`)
	if m := f.read(); m.Code != interview.CodeNotWaiting || !strings.Contains(m.Message, `"pace":"candidate"`) {
		t.Errorf("next in a flowing session: %s; want not_waiting naming the pace", m.raw)
	}
	for _, body := range []string{`{"role":"backend-developer","pace":"slow"}`, `{"role":"backend-developer","mode":"exam","pace":"candidate"}`} {
		if status, b := g.do(t, "POST", "/api/v1/sessions", body); status != http.StatusBadRequest || !strings.Contains(string(b), `"field":"pace"`) {
			t.Errorf("POST %s = %d %s; want 400 on field pace", body, status, b)
		}
	}
}

// TestLiveDraftForItsAttempt: a draft names its attempt; the transcript
// says which attempt the stored draft is for, and a draft of the main
// answer arriving after it was answered never lands in the follow-up.
func TestLiveDraftForItsAttempt(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"pace":"candidate","seed":8}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	c.sendJSON(map[string]any{"type": "draft", "turn": 1, "followup": 0, "text": "I am not sure"})
	c.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": "I am not sure, I think it depends on the situation really."})
	c.readUntil("followup")
	c.sendJSON(map[string]any{"type": "draft", "turn": 1, "followup": 0, "text": "I am not sure, I think"}) // late
	c.sendJSON(map[string]any{"type": "draft", "turn": 1, "followup": 1, "text": "It got"})
	c.sendJSON(map[string]any{"type": "draft", "turn": 1, "followup": 0, "text": "I am not sure, I think it"}) // late again
	waitFor(t, "the follow-up's draft", func() bool {
		tr := g.transcript(t, created.ID)
		return tr.Turns[0].Draft == "It got"
	})
	tr := g.transcript(t, created.ID)
	if tr.Turns[0].DraftFollowUp != 1 {
		t.Errorf("draft %q for attempt %d; want follow-up 1's", tr.Turns[0].Draft, tr.Turns[0].DraftFollowUp)
	}
	status, raw := g.do(t, "GET", "/api/v1/sessions/"+created.ID, "")
	if status != 200 || !strings.Contains(string(raw), `"draft_followup":1`) {
		t.Errorf("GET transcript %d: want draft_followup 1 in %s", status, raw)
	}
}

package web_test

import (
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

// TestWatcherGetsAnswerText: a coach watching live gets each answer's text
// with its answer.ack, live and on replay; the candidate's own connection
// gets the ack as before, without it.
func TestWatcherGetsAnswerText(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	created := cand.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":2,"mode":"exam"}`)
	live := cand.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	watcher := coach.dial(t, created.ID)
	watcher.send(`{"type":"resume","last_seq":0}`)
	watcher.readUntil("question")

	const first = "I owned the migration and cut p99 latency from 2 s to 180 ms."
	live.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": first})
	own := live.readUntil("answer.ack")
	if ack := own[len(own)-1]; ack.Text != "" || strings.Contains(string(ack.raw), `"text"`) {
		t.Errorf("the candidate's answer.ack = %s; want no text (unchanged)", ack.raw)
	}
	got := watcher.readUntil("answer.ack")
	if ack := got[len(got)-1]; ack.Turn != 1 || ack.Text != first {
		t.Errorf("the watcher's answer.ack = %s; want turn 1 with the answer's text", ack.raw)
	}
	live.send(`{"type":"skip","turn":2}`)
	got = watcher.readUntil("answer.ack")
	if ack := got[len(got)-1]; ack.Turn != 2 || strings.Contains(string(ack.raw), `"text"`) {
		t.Errorf("the watcher's answer.ack of a skip = %s; want no text", ack.raw)
	}

	// A watcher who comes later gets the texts in the replay.
	late := coach.dial(t, created.ID)
	late.send(`{"type":"resume","last_seq":0}`)
	replay := late.readUntil("answer.ack")
	if ack := replay[len(replay)-1]; ack.Text != first {
		t.Errorf("the replayed answer.ack = %s; want the answer's text", ack.raw)
	}
}

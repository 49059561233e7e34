package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/web"
)

// newVoiceServer is newLiveServer with speech (stt) and recordings.
func newVoiceServer(t *testing.T, stt speech.Transcriber) *liveServer {
	t.Helper()
	store := openStore(t)
	bank := testBank(t)
	scorer := scoring.New(bank)
	engine := interview.New(store, bank, scorer, interview.WithRecordings(store))
	hub := web.NewHub(web.HubConfig{})
	deps := web.Deps{Bank: bank, Scorer: scorer, Keys: sqliteStores{store}, Ready: store,
		Sessions: engine, Hub: hub, Recordings: engine}
	withSpeech(stt)(&deps)
	s, err := web.New(web.Config{}, deps)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Close()
		_ = hub.Close(ctx)
		_ = engine.Close(ctx)
	})
	return &liveServer{Server: srv, engine: engine, hub: hub, ts: &testServer{Server: srv, web: s, store: store, bank: bank}}
}

// upload sends a recording as the guest's browser does.
func (g *guest) upload(t *testing.T, path string, body []byte) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest("POST", g.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range g.header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "audio/wav")
	res, err := g.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

const spokenAnswer = "In my last role our checkout API slowed down at peak. I owned the fix. " +
	"I profiled the service and found a slow query, then I added an index and a cache. " +
	"As a result latency fell from two seconds to 180 milliseconds."

func TestVoiceAnswerLive(t *testing.T) {
	stt := &fakeSTT{text: spokenAnswer, silenceAt: 20}
	srv := newVoiceServer(t, stt)
	g := srv.newGuest(t)
	sess := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"mode":"exam"}`)
	c := g.dial(t, sess.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	path := "/api/v1/sessions/" + sess.ID + "/turns/1/audio"

	wav := testWAV(16, 48000)
	status, body, _ := g.upload(t, path, wav)
	if status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	var up web.RecordedAnswer
	if err := json.Unmarshal(body, &up); err != nil {
		t.Fatal(err)
	}
	if up.Transcript == nil || up.Transcript.Text != spokenAnswer || up.Recording.Bytes != 44+16*32000 || up.AudioURL != path {
		t.Fatalf("upload answer = %s", body)
	}

	// The candidate submits the transcript, corrected, as the answer.
	c.sendJSON(map[string]any{"type": "answer", "turn": 1, "text": strings.Replace(spokenAnswer, "two seconds", "2 seconds", 1)})
	msgs := c.readUntil("finished")
	var score *wireMsg
	for i := range msgs {
		if msgs[i].Type == "score" {
			score = &msgs[i]
		}
	}
	if score == nil {
		t.Fatal("no score message")
	}
	var withDelivery struct {
		Result struct {
			Overall  int              `json:"overall"`
			Delivery *speech.Delivery `json:"delivery"`
		} `json:"result"`
	}
	if err := json.Unmarshal(score.raw, &withDelivery); err != nil || withDelivery.Result.Delivery == nil {
		t.Fatalf("score message has no result.delivery: %.400s", score.raw)
	}
	if d := withDelivery.Result.Delivery; len(d.Pauses) != 1 || d.WordsPerMinute < 100 {
		t.Errorf("delivery = %+v", d)
	}

	tr := g.transcript(t, sess.ID)
	if turn := tr.Turns[0]; turn.Delivery == nil || len(turn.Recordings) != 1 {
		t.Errorf("transcript turn: delivery %v, recordings %+v", turn.Delivery, turn.Recordings)
	}

	// Replay: the candidate gets the audio back, someone else does not.
	status, audio := g.do(t, "GET", path, "")
	if status != 200 || !bytes.Equal(audio[:4], []byte("RIFF")) || len(audio) != up.Recording.Bytes {
		t.Errorf("replay: %d, %d bytes; want the stored WAV", status, len(audio))
	}
	other := srv.newGuest(t)
	other.createSession(t, `{"role":"backend-developer","count":1}`)
	if status, _ := other.do(t, "GET", path, ""); status != 404 {
		t.Errorf("replay by another guest: %d; want 404", status)
	}
	if status, _, _ := other.upload(t, path, wav); status != 404 {
		t.Errorf("upload by another guest: %d; want 404", status)
	}
	// The turn is answered: no more recordings for it.
	status, body, _ = g.upload(t, path, wav)
	if status != http.StatusConflict || !strings.Contains(string(body), "finished") {
		t.Errorf("upload after the end: %d %s; want 409", status, body)
	}
}

func TestVoiceUploadRefusals(t *testing.T) {
	stt := &fakeSTT{text: "hello there"}
	srv := newVoiceServer(t, stt)
	g := srv.newGuest(t)
	sess := g.createSession(t, `{"role":"backend-developer","count":2}`)
	base := "/api/v1/sessions/" + sess.ID + "/turns/"
	if status, body, _ := g.upload(t, base+"1/audio", testWAV(1, 16000)); status != http.StatusConflict || !strings.Contains(string(body), "not_started") {
		t.Errorf("before start: %d %s; want 409 not_started", status, body)
	}
	c := g.dial(t, sess.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	tests := []struct {
		name   string
		path   string
		body   []byte
		status int
	}{
		{"wrong turn", base + "2/audio", testWAV(1, 16000), 409},
		{"bad turn", base + "x/audio", testWAV(1, 16000), 400},
		{"not audio", base + "1/audio", []byte("hello"), 415},
		{"truncated", base + "1/audio", testWAV(1, 16000)[:200], 400},
		{"too long", base + "1/audio", testWAV(21, 16000), 413},
	}
	for _, tt := range tests {
		status, body, _ := g.upload(t, tt.path, tt.body)
		if status != tt.status {
			t.Errorf("%s: %d %s; want %d", tt.name, status, body, tt.status)
		}
	}
	if status, _ := g.do(t, "GET", base+"1/audio", ""); status != 404 {
		t.Errorf("replay before any upload: %d; want 404", status)
	}

	// The engine fails: the audio is kept and acknowledged, the page is
	// told to retry or type.
	stt.fail.Store(true)
	status, body, _ := g.upload(t, base+"1/audio", testWAV(2, 16000))
	var up web.RecordedAnswer
	json.Unmarshal(body, &up)
	if status != http.StatusCreated || up.Transcript != nil || up.TranscriptionError == nil || up.TranscriptionError.Code != web.CodeTranscriptionFailed {
		t.Fatalf("upload with the engine down: %d %s; want 201 with a transcription_error", status, body)
	}
	if status, audio := g.do(t, "GET", base+"1/audio", ""); status != 200 || len(audio) != 44+2*32000 {
		t.Errorf("the audio was not kept: %d, %d bytes", status, len(audio))
	}
	// Retry once the engine is back: the new upload replaces the old one.
	stt.fail.Store(false)
	if status, body, _ := g.upload(t, base+"1/audio", testWAV(1, 16000)); status != 201 || !strings.Contains(string(body), `"text":"hello there"`) {
		t.Errorf("retry: %d %s", status, body)
	}
}

// TestCoachReplaysVoiceAnswer: a candidate of the coach's team answers by
// voice; the coach's transcript page has the player and the delivery, the
// coach may fetch the audio, and the export lists the recording.
func TestCoachReplaysVoiceAnswer(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach-voice@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "voice team")
	cand := srv.newGuest(t)
	cand.signup(t, "cand-voice@example.com", team.Invite)
	created := cand.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"mode":"exam"}`)
	ctx := context.Background()
	if err := srv.engine.Start(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/sessions/" + created.ID + "/turns/1/audio"
	status, body, _ := cand.upload(t, path, testWAV(3, 16000))
	if status != 201 {
		t.Fatalf("upload: %d %s", status, body)
	}
	// The candidate submits what the fake engine heard.
	if err := srv.engine.Answer(ctx, created.ID, 1, spokenAnswer); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the score", func() bool {
		s, err := srv.engine.Session(ctx, created.ID)
		return err == nil && s.State == interview.StateFinished
	})
	page := coach.page(t, "/coach/sessions/"+created.ID)
	for _, want := range []string{`<audio controls preload="none" src="` + path + `"`, "Spoken answer", `class="delivery"`} {
		if !strings.Contains(page, want) {
			t.Errorf("coach page lacks %q", want)
		}
	}
	if status, audio := coach.do(t, "GET", path, ""); status != 200 || len(audio) != 44+3*32000 {
		t.Errorf("coach replay: %d, %d bytes", status, len(audio))
	}
	md := coach.getExport(t, created.ID, "md", "text/markdown")
	if !strings.Contains(md, "Spoken answer: 3 s recording, `"+path+"`") || !strings.Contains(md, "Delivery: ") {
		t.Errorf("export lacks the recording:\n%s", md)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

// liveServer is a real server with the real engine on a real SQLite file
// and the real scorer.
type liveServer struct {
	*httptest.Server
	engine *interview.Service
	hub    *web.Hub
	ts     *testServer
}

func newLiveServer(t *testing.T, hubCfg web.HubConfig, opts ...interview.Option) *liveServer {
	t.Helper()
	store := openStore(t)
	bank := testBank(t)
	scorer := scoring.New(bank)
	engine := interview.New(store, bank, scorer, opts...)
	hub := web.NewHub(hubCfg)
	s, err := web.New(web.Config{}, web.Deps{
		Bank: bank, Scorer: scorer, Keys: sqliteStores{store}, Ready: store,
		Sessions: engine, Hub: hub,
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Close()
		if err := hub.Close(ctx); err != nil {
			t.Errorf("hub.Close: %v", err)
		}
		if err := engine.Close(ctx); err != nil {
			t.Errorf("engine.Close: %v", err)
		}
	})
	return &liveServer{Server: srv, engine: engine, hub: hub,
		ts: &testServer{Server: srv, web: s, store: store, bank: bank}}
}

// guest is a browser: a cookie jar and nothing else.
type guest struct {
	srv    *liveServer
	jar    http.CookieJar
	client *http.Client
	header http.Header // sent with every request (an API key)
}

func (s *liveServer) newGuest(t *testing.T) *guest {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &guest{srv: s, jar: jar, client: &http.Client{Jar: jar}, header: http.Header{}}
}

func (g *guest) do(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	return g.doType(t, method, path, "application/json", body)
}

// doType is do with the body's Content-Type given (a multipart upload).
func (g *guest) doType(t *testing.T, method, path, contentType, body string) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, g.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range g.header {
		req.Header[k] = v
	}
	res, err := g.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

func (g *guest) createSession(t *testing.T, body string) web.CreatedSession {
	t.Helper()
	status, b := g.do(t, "POST", "/api/v1/sessions", body)
	if status != http.StatusCreated {
		t.Fatalf("POST /api/v1/sessions %s: status %d; want 201 (body %s)", body, status, b)
	}
	var out web.CreatedSession
	if err := decodeStrict(b, &out); err != nil {
		t.Fatalf("created session %s: %v", b, err)
	}
	return out
}

func (g *guest) transcript(t *testing.T, id string) web.Transcript {
	t.Helper()
	status, b := g.do(t, "GET", "/api/v1/sessions/"+id, "")
	if status != http.StatusOK {
		t.Fatalf("GET session: status %d (body %s)", status, b)
	}
	var tr web.Transcript
	if err := decodeStrict(b, &tr); err != nil {
		t.Fatalf("transcript %s: %v", b, err)
	}
	return tr
}

func (g *guest) wsURL(id string) string {
	return "ws" + strings.TrimPrefix(g.srv.URL, "http") + "/api/v1/sessions/" + id + "/live"
}

// dialRaw opens the websocket with extra headers, returning the handshake
// response on failure.
func (g *guest) dialRaw(id string, header http.Header) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{Jar: g.jar, HandshakeTimeout: 10 * time.Second}
	h := http.Header{}
	for k, v := range g.header {
		h[k] = v
	}
	for k, v := range header {
		h[k] = v
	}
	return d.Dial(g.wsURL(id), h)
}

func (g *guest) dial(t *testing.T, id string) *liveClient {
	t.Helper()
	ws, res, err := g.dialRaw(id, nil)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", id, err, status)
	}
	t.Cleanup(func() { ws.Close() })
	return &liveClient{t: t, ws: ws}
}

// wireMsg is any server message.
type wireMsg struct {
	Type       string             `json:"type"`
	Seq        int64              `json:"seq"`
	Turn       int                `json:"turn"`
	Text       string             `json:"text"`
	ID         string             `json:"id"`
	Index      int                `json:"index"`
	Total      int                `json:"total"`
	TimeLimitS int                `json:"time_limit_s"`
	FollowUp   int                `json:"followup"`
	Code       string             `json:"code"`
	Message    string             `json:"message"`
	Result     *scoring.Result    `json:"result"`
	Summary    *interview.Summary `json:"summary"`
	raw        []byte
}

type liveClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func (c *liveClient) send(msg string) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		c.t.Fatalf("send %s: %v", msg, err)
	}
}

func (c *liveClient) sendJSON(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(string(b))
}

// read returns the next server message. The deadline only turns a hang
// into a failure.
func (c *liveClient) read() wireMsg {
	c.t.Helper()
	m, err := c.tryRead()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return m
}

func (c *liveClient) tryRead() (wireMsg, error) {
	_ = c.ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	kind, data, err := c.ws.ReadMessage()
	if err != nil {
		return wireMsg{}, err
	}
	if kind != websocket.TextMessage {
		return wireMsg{}, fmt.Errorf("message of kind %d; want text", kind)
	}
	var m wireMsg
	if err := json.Unmarshal(data, &m); err != nil {
		return wireMsg{}, fmt.Errorf("message %s: %v", data, err)
	}
	m.raw = data
	return m, nil
}

// readUntil reads up to and including the first message of type typ.
func (c *liveClient) readUntil(typ string) []wireMsg {
	c.t.Helper()
	var out []wireMsg
	for {
		m := c.read()
		out = append(out, m)
		if m.Type == typ {
			return out
		}
	}
}

// closeCode reads until the server closes and returns its close code.
func (c *liveClient) closeCode() int {
	c.t.Helper()
	for {
		_, err := c.tryRead()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		c.t.Fatalf("read: %v; want a close frame", err)
	}
}

const followUpAnswer = `I owned the fix myself: I wrote the index migration, set up the cache and ran the load test. ` +
	`The result was measurable: p99 went from 2 seconds to 180 ms, and errors fell by 90 percent.`

// sequence checks that seqs run 1, 2, 3... with no gap and no repeat.
type sequence struct {
	t    *testing.T
	last int64
}

func (s *sequence) see(m wireMsg) {
	s.t.Helper()
	if m.Seq != s.last+1 {
		s.t.Fatalf("message %s has seq %d; want %d", m.raw, m.Seq, s.last+1)
	}
	s.last = m.Seq
}

func checkResult(t *testing.T, turn int, r *scoring.Result) {
	t.Helper()
	if r == nil {
		t.Fatalf("score of turn %d has no result", turn)
	}
	if r.Overall < 0 || r.Overall > 100 || r.Band < 1 || r.Band > 5 {
		t.Errorf("turn %d: overall %d band %d; want 0-100 and 1-5", turn, r.Overall, r.Band)
	}
	if r.Category == "" || r.Engine.Version == "" || r.Feedback.Summary == "" {
		t.Errorf("turn %d: result lacks category, engine version or feedback summary: %+v", turn, r)
	}
	if len(r.Star.Sentences) == 0 || r.Metrics.Words == 0 {
		t.Errorf("turn %d: result has no sentences or words", turn)
	}
	for _, s := range r.Star.Sentences {
		if s.Start < 0 || s.End > len(goodAnswer)+2+len(followUpAnswer) || s.Start >= s.End {
			t.Errorf("turn %d: sentence span [%d,%d) out of the answer", turn, s.Start, s.End)
		}
	}
}

// playInterview answers every question (and follow-up) with good answers
// until finished, checking the order of the messages; it returns them.
func playInterview(t *testing.T, c *liveClient, seq *sequence, mode string, total int) []wireMsg {
	t.Helper()
	return playFrom(t, c, seq, mode, total, nil)
}

// playFrom is playInterview going on after the messages before.
func playFrom(t *testing.T, c *liveClient, seq *sequence, mode string, total int, before []wireMsg) []wireMsg {
	t.Helper()
	var all []wireMsg
	acked := map[int]bool{}
	scored := map[int]bool{}
	deltas := map[int]string{}
	questions := 0
	for i := 0; ; i++ {
		var m wireMsg
		replay := i < len(before)
		if replay {
			m = before[i]
		} else {
			m = c.read()
			seq.see(m)
			all = append(all, m)
		}
		switch m.Type {
		case "session":
			if m.Seq != 1 {
				t.Errorf("session message has seq %d; want 1", m.Seq)
			}
		case "question.delta":
			deltas[m.Turn] += m.Text
		case "question":
			questions++
			if m.Turn != questions || m.Index != questions || m.Total != total || m.TimeLimitS <= 0 || m.ID == "" {
				t.Errorf("question %s: want turn and index %d of %d with a time limit", m.raw, questions, total)
			}
			if deltas[m.Turn] != m.Text {
				t.Errorf("question.delta pieces of turn %d make %q; want %q", m.Turn, deltas[m.Turn], m.Text)
			}
			if mode == "practice" && m.Turn > 1 && !scored[m.Turn-1] {
				t.Errorf("practice: question %d asked before turn %d was scored", m.Turn, m.Turn-1)
			}
			if !replay {
				c.sendJSON(map[string]any{"type": "answer", "turn": m.Turn, "text": goodAnswer})
			}
		case "answer.ack":
			if scored[m.Turn] && m.FollowUp == 0 {
				t.Errorf("answer.ack of turn %d after its score", m.Turn)
			}
			acked[m.Turn] = true
		case "score.delta":
			if !acked[m.Turn] {
				t.Errorf("score.delta of turn %d before its answer.ack", m.Turn)
			}
		case "score":
			if !acked[m.Turn] {
				t.Errorf("score of turn %d before its answer.ack", m.Turn)
			}
			if mode == "exam" && len(acked) < total {
				t.Errorf("exam: score of turn %d before every answer was given", m.Turn)
			}
			checkResult(t, m.Turn, m.Result)
			scored[m.Turn] = true
		case "followup":
			if mode == "exam" {
				t.Errorf("exam mode asked a follow-up: %s", m.raw)
			}
			if !replay {
				c.sendJSON(map[string]any{"type": "answer", "turn": m.Turn, "text": followUpAnswer})
			}
		case "ready":
			if mode == "exam" {
				t.Errorf("exam mode waited for next: %s", m.raw)
			}
			if !scored[m.Turn-1] {
				t.Errorf("ready for turn %d before turn %d was scored", m.Turn, m.Turn-1)
			}
			if !replay {
				c.sendJSON(map[string]any{"type": "next"})
			}
		case "finished":
			if m.Summary == nil || m.Summary.Answered != total || m.Summary.Scored != total {
				t.Errorf("finished %s: want %d answered and scored", m.raw, total)
			}
			if questions != total {
				t.Errorf("%d questions asked; want %d", questions, total)
			}
			return all
		case "error":
			t.Fatalf("unexpected error message %s", m.raw)
		default:
			t.Fatalf("unknown message type %s", m.raw)
		}
	}
}

func TestLiveInterview(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	for _, mode := range []string{"practice", "exam"} {
		t.Run(mode, func(t *testing.T) {
			g := srv.newGuest(t)
			created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral","technical"],"count":2,"mode":"`+mode+`","seed":7}`)
			if created.ID == "" || created.LiveURL != "/api/v1/sessions/"+created.ID+"/live" ||
				created.Plan.Count != 2 || string(created.Plan.Mode) != mode || created.State != interview.StateCreated {
				t.Fatalf("created %+v", created)
			}
			c := g.dial(t, created.ID)
			c.send(`{"type":"start"}`)
			seq := &sequence{t: t}
			msgs := playInterview(t, c, seq, mode, 2)

			tr := g.transcript(t, created.ID)
			if tr.State != interview.StateFinished || len(tr.Turns) != 2 || tr.Summary == nil {
				t.Fatalf("transcript: state %s, %d turns, summary %v", tr.State, len(tr.Turns), tr.Summary)
			}
			followUps := 0
			for _, m := range msgs {
				if m.Type == "followup" {
					followUps++
				}
			}
			got := 0
			for i, turn := range tr.Turns {
				if turn.Index != i+1 || !strings.HasPrefix(turn.Answer, goodAnswer) || turn.Score == nil ||
					turn.SubmittedAt == nil || turn.Question.Text == "" || turn.Status != interview.TurnScored {
					t.Errorf("transcript turn %d: %+v", i+1, turn)
				}
				for _, f := range turn.FollowUps {
					got++
					if f.Answer != followUpAnswer || f.AnsweredAt == nil {
						t.Errorf("turn %d follow-up %q: answer %q", turn.Index, f.Text, f.Answer)
					}
				}
			}
			if got != followUps {
				t.Errorf("transcript has %d follow-ups; the live interview asked %d", got, followUps)
			}

			status, b := g.do(t, "GET", "/api/v1/sessions", "")
			var list web.SessionList
			if status != 200 || decodeStrict(b, &list) != nil || len(list.Sessions) != 1 || list.Sessions[0].ID != created.ID ||
				list.Sessions[0].Summary == nil {
				t.Errorf("GET /api/v1/sessions: %d %s; want the one finished session", status, b)
			}
		})
	}
}

func TestLiveResume(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":2,"mode":"practice","seed":3}`)

	// First connection: start, save a draft, answer turn 1, drop the line
	// right after the acknowledgement.
	c1 := g.dial(t, created.ID)
	c1.send(`{"type":"start"}`)
	seq := &sequence{t: t}
	var seen [][]byte
	var before []wireMsg
	for _, m := range c1.readUntil("question") {
		seq.see(m)
		seen = append(seen, m.raw)
		before = append(before, m)
	}
	c1.send(`{"type":"draft","turn":1,"text":"In my last role our chec"}`)
	waitFor(t, "draft stored", func() bool {
		tr := g.transcript(t, created.ID)
		return len(tr.Turns) == 1 && tr.Turns[0].Draft == "In my last role our chec"
	})
	c1.send(`{"type":"answer","turn":1,"text":` + quoteJSON(goodAnswer) + `}`)
	for _, m := range c1.readUntil("answer.ack") {
		seq.see(m)
		seen = append(seen, m.raw)
		before = append(before, m)
	}
	c1.ws.UnderlyingConn().Close() // no close frame: a dropped network

	// Second connection: resume after the last seq seen, finish.
	c2 := g.dial(t, created.ID)
	c2.sendJSON(map[string]any{"type": "resume", "last_seq": seq.last})
	for _, m := range playFrom(t, c2, seq, "practice", 2, before) {
		seen = append(seen, m.raw)
	}

	// Third connection: resume from 0 replays every message, byte for
	// byte, once.
	c3 := g.dial(t, created.ID)
	c3.send(`{"type":"resume","last_seq":0}`)
	for i, want := range seen {
		m := c3.read()
		if string(m.raw) != string(want) {
			t.Fatalf("replay message %d = %s; want %s", i+1, m.raw, want)
		}
	}
	// Nothing more is replayed: the next message is a new one.
	c3.send(`{"type":"skip","turn":1}`)
	if m := c3.read(); m.Seq != int64(len(seen))+1 || m.Type != "error" || m.Code != interview.CodeFinished {
		t.Errorf("after the replay got %s; want error finished with seq %d", m.raw, len(seen)+1)
	}

	// A resume in the middle of a question's stream restores nothing twice.
	c4 := g.dial(t, created.ID)
	c4.sendJSON(map[string]any{"type": "resume", "last_seq": 3})
	if m := c4.read(); m.Seq != 4 {
		t.Errorf("resume after 3: first message %s; want seq 4", m.raw)
	}
}

func TestLiveDraftRestoredOnResume(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	const draft = "Zürich — the first draft ✓"
	c.sendJSON(map[string]any{"type": "draft", "turn": 1, "text": draft})
	c.send(`{"type":"draft","turn":9,"text":"x"}`) // refused after the first draft is stored
	if m := c.read(); m.Code != interview.CodeWrongTurn {
		t.Fatalf("draft for turn 9: %s; want wrong_turn", m.raw)
	}
	tr := g.transcript(t, created.ID)
	if tr.Turns[0].Draft != draft || tr.Turns[0].FirstKeystrokeAt == nil {
		t.Errorf("transcript draft %q, first keystroke %v; want %q and a time", tr.Turns[0].Draft, tr.Turns[0].FirstKeystrokeAt, draft)
	}
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitFor polls cond until it holds; the bound only turns a hang into a
// failure.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLiveBadInput(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)

	// started opens a new exam session of count questions and reads until
	// its first question.
	started := func(t *testing.T, count int) (*liveClient, *sequence) {
		created := g.createSession(t, fmt.Sprintf(`{"role":"backend-developer","count":%d,"mode":"exam"}`, count))
		c := g.dial(t, created.ID)
		c.send(`{"type":"start"}`)
		seq := &sequence{t: t}
		for _, m := range c.readUntil("question") {
			seq.see(m)
		}
		return c, seq
	}
	answer := func(turn int) string {
		return fmt.Sprintf(`{"type":"answer","turn":%d,"text":%s}`, turn, quoteJSON(goodAnswer))
	}
	tests := []struct {
		name  string
		setup func(c *liveClient, seq *sequence)
		send  string
		code  string
	}{
		{"malformed JSON", nil, `{"type":"answer",`, web.CodeBadMessage},
		{"not an object", nil, `[1,2]`, web.CodeBadMessage},
		{"no type", nil, `{"turn":1}`, web.CodeBadMessage},
		{"unknown type", nil, `{"type":"dance"}`, web.CodeUnknownType},
		{"missing text", nil, `{"type":"answer","turn":1}`, web.CodeBadMessage},
		{"missing turn", nil, `{"type":"skip"}`, web.CodeBadMessage},
		{"turn of the wrong type", nil, `{"type":"answer","turn":"one","text":"x"}`, web.CodeBadMessage},
		{"negative last_seq", nil, `{"type":"resume","last_seq":-1}`, web.CodeBadMessage},
		{"resume twice", nil, `{"type":"resume","last_seq":0}`, web.CodeAlreadyFollowing},
		{"wrong turn", nil, answer(2), interview.CodeWrongTurn},
		{"turn zero", nil, answer(0), interview.CodeWrongTurn},
		{"empty answer", nil, `{"type":"answer","turn":1,"text":"  "}`, interview.CodeEmptyAnswer},
		{"answer too long", nil, `{"type":"answer","turn":1,"text":"` + strings.Repeat("a", interview.MaxAnswerBytes+1) + `"}`, interview.CodeAnswerTooLong},
		{"second answer for the same turn", func(c *liveClient, seq *sequence) {
			c.send(answer(1))
			for _, m := range c.readUntil("question") { // exam: the next question follows the ack
				seq.see(m)
			}
		}, answer(1), interview.CodeAlreadyAnswered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seq := started(t, 2)
			if tt.setup != nil {
				tt.setup(c, seq)
			}
			c.send(tt.send)
			m := c.read()
			seq.see(m)
			if m.Type != "error" || m.Code != tt.code || m.Message == "" {
				t.Fatalf("sent %.80s: got %s; want error %s", tt.send, m.raw, tt.code)
			}
			assertNoGoErrorText(t, m.raw)
			// The session goes on unharmed.
			c.send(`{"type":"end"}`)
			for _, m := range c.readUntil("finished") {
				seq.see(m)
			}
		})
	}

	t.Run("binary message", func(t *testing.T) {
		c, seq := started(t, 1)
		if err := c.ws.WriteMessage(websocket.BinaryMessage, []byte(`{"type":"end"}`)); err != nil {
			t.Fatal(err)
		}
		m := c.read()
		seq.see(m)
		if m.Code != web.CodeBadMessage {
			t.Errorf("binary message: got %s; want bad_message", m.raw)
		}
	})

	t.Run("anything after finish", func(t *testing.T) {
		c, seq := started(t, 1)
		c.send(answer(1))
		for _, m := range c.readUntil("finished") {
			seq.see(m)
		}
		for _, msg := range []string{answer(1), `{"type":"skip","turn":1}`, `{"type":"end"}`} {
			c.send(msg)
			m := c.read()
			seq.see(m)
			if m.Code != interview.CodeFinished {
				t.Errorf("after finish, %s: got %s; want error finished", msg, m.raw)
			}
		}
	})

	t.Run("message before start", func(t *testing.T) {
		created := g.createSession(t, `{"role":"backend-developer","count":1}`)
		c := g.dial(t, created.ID)
		c.send(answer(1))
		m := c.read()
		if m.Type != "error" || m.Code != interview.CodeNotStarted || m.Seq != 2 {
			t.Fatalf("answer before start: got %s; want error not_started with seq 2", m.raw)
		}
		c.send(`{"type":"start"}`) // already following: start goes on from seq 2
		if m := c.read(); m.Type != "question.delta" || m.Seq != 3 {
			t.Errorf("after start: got %s; want question.delta with seq 3", m.raw)
		}
	})

	t.Run("oversize message closes with 1009", func(t *testing.T) {
		c, _ := started(t, 1)
		c.send(`{"type":"draft","turn":1,"text":"` + strings.Repeat("b", web.DefaultReadLimit) + `"}`)
		if code := c.closeCode(); code != websocket.CloseMessageTooBig {
			t.Errorf("close code %d; want 1009", code)
		}
	})

	t.Run("garbage closes with 1008", func(t *testing.T) {
		c, seq := started(t, 1)
		for range web.DefaultMaxErrors + 1 {
			c.send(`not json`)
		}
		for range web.DefaultMaxErrors {
			m := c.read()
			seq.see(m)
			if m.Code != web.CodeBadMessage {
				t.Fatalf("got %s; want bad_message", m.raw)
			}
		}
		if code := c.closeCode(); code != websocket.ClosePolicyViolation {
			t.Errorf("close code %d; want 1008", code)
		}
	})
}

func TestLiveHandshake(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	owner := srv.newGuest(t)
	created := owner.createSession(t, `{"role":"backend-developer","count":1}`)
	other := srv.newGuest(t)
	other.createSession(t, `{"role":"backend-developer","count":1}`) // has a cookie of its own
	nobody := srv.newGuest(t)
	host := strings.TrimPrefix(srv.URL, "http://")

	tests := []struct {
		name   string
		g      *guest
		id     string
		origin string
		status int
	}{
		{"owner, same origin", owner, created.ID, "http://" + host, 101},
		{"owner, no origin", owner, created.ID, "", 101},
		{"owner, other origin", owner, created.ID, "http://evil.example", 403},
		{"owner, other port", owner, created.ID, "http://127.0.0.1:1", 403},
		{"owner, bad origin", owner, created.ID, "::", 403},
		{"another guest", other, created.ID, "", 404},
		{"no cookie", nobody, created.ID, "", 404},
		{"unknown session", owner, "AAAAAAAAAAAAAAAAAAAAAA", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.origin != "" {
				h.Set("Origin", tt.origin)
			}
			ws, res, err := tt.g.dialRaw(tt.id, h)
			if tt.status == 101 {
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				ws.Close()
				return
			}
			if err == nil {
				ws.Close()
				t.Fatalf("dial succeeded; want status %d", tt.status)
			}
			if res == nil || res.StatusCode != tt.status {
				t.Fatalf("dial: %v, response %v; want status %d", err, res, tt.status)
			}
		})
	}

	t.Run("not a websocket", func(t *testing.T) {
		status, b := owner.do(t, "GET", "/api/v1/sessions/"+created.ID+"/live", "")
		if status != http.StatusUpgradeRequired || !strings.Contains(string(b), web.CodeUpgradeRequired) {
			t.Errorf("plain GET: %d %s; want 426 upgrade_required", status, b)
		}
	})
}

func TestSessionsREST(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	owner := srv.newGuest(t)
	created := owner.createSession(t, `{"role":"backend-developer","count":2,"seed":42}`)
	second := owner.createSession(t, `{"role":"backend-developer","count":1,"mode":"exam"}`)

	t.Run("guest cookie", func(t *testing.T) {
		u := srv.URL + "/"
		req, _ := http.NewRequest("GET", u, nil)
		var cookie *http.Cookie
		for _, c := range owner.jar.Cookies(req.URL) {
			if c.Name == "mi_guest" {
				cookie = c
			}
		}
		if cookie == nil || len(cookie.Value) < 22 {
			t.Fatalf("no guest cookie of at least 128 bits: %v", cookie)
		}
		// Its attributes, as set on a first visit of the page.
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		set := res.Header.Get("Set-Cookie")
		for _, want := range []string{"mi_guest=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(set, want) {
				t.Errorf("Set-Cookie %q lacks %s", set, want)
			}
		}
		if strings.Contains(set, "Secure") {
			t.Errorf("Set-Cookie %q is Secure without TLS", set)
		}
	})

	t.Run("list newest first", func(t *testing.T) {
		status, b := owner.do(t, "GET", "/api/v1/sessions", "")
		var list web.SessionList
		if status != 200 || decodeStrict(b, &list) != nil {
			t.Fatalf("list: %d %s", status, b)
		}
		if len(list.Sessions) != 2 || list.Sessions[0].ID != second.ID || list.Sessions[1].ID != created.ID {
			t.Errorf("list %s; want %s then %s", b, second.ID, created.ID)
		}
		if strings.Contains(string(b), "question_ids") || strings.Contains(string(b), "owner") {
			t.Errorf("list shows question ids or owners: %s", b)
		}
		status, b = owner.do(t, "GET", "/api/v1/sessions?limit=1", "")
		if status != 200 || !strings.Contains(string(b), second.ID) || strings.Contains(string(b), created.ID) {
			t.Errorf("limit=1: %d %s", status, b)
		}
	})

	t.Run("transcript", func(t *testing.T) {
		tr := owner.transcript(t, created.ID)
		if tr.ID != created.ID || tr.State != interview.StateCreated || tr.Plan.Seed != 42 || len(tr.Turns) != 0 {
			t.Errorf("transcript %+v", tr)
		}
	})

	t.Run("others see nothing", func(t *testing.T) {
		other := srv.newGuest(t)
		other.createSession(t, `{"role":"backend-developer","count":1}`)
		status, b := other.do(t, "GET", "/api/v1/sessions/"+created.ID, "")
		if status != 404 || !strings.Contains(string(b), `"not_found"`) {
			t.Errorf("another guest's GET: %d %s; want 404 not_found", status, b)
		}
		_, b = other.do(t, "GET", "/api/v1/sessions", "")
		if strings.Contains(string(b), created.ID) {
			t.Errorf("another guest's list shows the session: %s", b)
		}
		nobody := srv.newGuest(t)
		if status, b := nobody.do(t, "GET", "/api/v1/sessions", ""); status != 200 || string(b) != `{"sessions":[]}` {
			t.Errorf("cookieless list: %d %s; want an empty list", status, b)
		}
		if status, _ := nobody.do(t, "GET", "/api/v1/sessions/"+created.ID, ""); status != 404 {
			t.Errorf("cookieless GET: %d; want 404", status)
		}
	})

	t.Run("API key callers own their sessions", func(t *testing.T) {
		_, key := srv.ts.createKey(t, "coach tool")
		a := srv.newGuest(t)
		a.header.Set("Authorization", "Bearer "+key)
		s := a.createSession(t, `{"role":"backend-developer","count":1}`)
		b := srv.newGuest(t)
		b.header.Set("Authorization", "Bearer "+key)
		if status, body := b.do(t, "GET", "/api/v1/sessions/"+s.ID, ""); status != 200 {
			t.Errorf("same key, other client: %d %s; want 200", status, body)
		}
		if status, _ := owner.do(t, "GET", "/api/v1/sessions/"+s.ID, ""); status != 404 {
			t.Errorf("a guest reading a key's session: %d; want 404", status)
		}
		bad := srv.newGuest(t)
		bad.header.Set("Authorization", "Bearer mi_nothex_x")
		if status, _ := bad.do(t, "GET", "/api/v1/sessions", ""); status != 401 {
			t.Errorf("malformed key: %d; want 401", status)
		}
	})

	t.Run("validation", func(t *testing.T) {
		tests := []struct {
			body, code, field string
			status            int
		}{
			{`{"count":2}`, web.CodeInvalidField, "role", 400},
			{`{"role":"astronaut"}`, web.CodeInvalidField, "role", 400},
			{`{"role":"backend-developer","categories":["cooking"]}`, web.CodeInvalidField, "categories", 400},
			{`{"role":"backend-developer","count":99}`, web.CodeInvalidField, "count", 400},
			{`{"role":"backend-developer","mode":"fast"}`, web.CodeInvalidField, "mode", 400},
			{`{"role":"backend-developer","count":"two"}`, web.CodeInvalidField, "count", 400},
			{`{"role":"backend-developer","colour":"red"}`, web.CodeUnknownField, "colour", 400},
			{`{"role":`, web.CodeInvalidJSON, "", 400},
		}
		for _, tt := range tests {
			status, b := owner.do(t, "POST", "/api/v1/sessions", tt.body)
			wantError(t, response{status: status, body: b, header: http.Header{"Content-Type": {"application/json"}}}, tt.status, tt.code, tt.field)
		}
	})
}

// TestLiveShutdown: closing the hub sends every client 1001 and refuses new
// connections; the session resumes once a server is back.
func TestLiveShutdown(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.hub.Close(ctx); err != nil {
		t.Fatalf("hub.Close: %v", err)
	}
	if code := c.closeCode(); code != websocket.CloseGoingAway {
		t.Errorf("close code %d; want 1001", code)
	}
	if st := srv.hub.Stats(); st.Open != 0 || st.Accepted != 1 {
		t.Errorf("stats after close %+v; want 0 open, 1 accepted", st)
	}
	_, res, err := g.dialRaw(created.ID, nil)
	if err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("dial after close: %v %v; want 503", err, res)
	}
}

// TestLiveKeepAlive: with short intervals, a client that answers pings
// stays connected past the pong wait; one that does not is closed.
func TestLiveKeepAlive(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{PingInterval: 40 * time.Millisecond, PongWait: 120 * time.Millisecond})
	g := srv.newGuest(t)

	t.Run("alive", func(t *testing.T) {
		created := g.createSession(t, `{"role":"backend-developer","count":1,"mode":"exam"}`)
		c := g.dial(t, created.ID)
		pings := make(chan struct{}, 100)
		c.ws.SetPingHandler(func(data string) error {
			pings <- struct{}{}
			return c.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		})
		msgs := make(chan wireMsg, 100)
		go func() { // the reader; pings are answered inside ReadMessage
			defer close(msgs)
			for {
				m, err := c.tryRead()
				if err != nil {
					return
				}
				msgs <- m
			}
		}()
		for range 8 { // 8 pings: well past the 120 ms pong wait
			<-pings
		}
		c.send(`{"type":"start"}`)
		for m := range msgs {
			if m.Type == "question" {
				return // still connected
			}
		}
		t.Fatal("connection closed although the client answered every ping")
	})

	t.Run("dead peer", func(t *testing.T) {
		created := g.createSession(t, `{"role":"backend-developer","count":1}`)
		accepted := srv.hub.Stats().Accepted
		ws, _, err := g.dialRaw(created.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		// The client never reads, so it never answers a ping.
		waitFor(t, "the dead peer to be closed", func() bool {
			st := srv.hub.Stats()
			return st.Accepted > accepted && st.Open == 0
		})
	})
}

// withSessions gives a newTestServer the real engine (on a SQLite file of
// its own) and a hub.
func withSessions(t *testing.T) func(*web.Deps) {
	return func(d *web.Deps) {
		store := openStore(t)
		bank := testBank(t)
		engine := interview.New(store, bank, scoring.New(bank))
		hub := web.NewHub(web.HubConfig{})
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_ = hub.Close(ctx)
			_ = engine.Close(ctx)
		})
		d.Sessions, d.Hub = engine, hub
	}
}

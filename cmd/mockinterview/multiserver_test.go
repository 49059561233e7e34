package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// liveMsg is one server message of the websocket protocol, as a client
// reads it.
type liveMsg struct {
	Type    string `json:"type"`
	Seq     int64  `json:"seq"`
	Turn    int    `json:"turn"`
	Code    string `json:"code"`
	Message string `json:"message"`
	raw     string
}

// liveWait bounds one read: a server that says nothing for this long has
// hung (not a speed check).
const liveWait = 20 * time.Second

// nextMsg reads one server message; it returns an error rather than failing
// the test, so that goroutines other than the test's may call it.
func nextMsg(ws *websocket.Conn) (liveMsg, error) {
	_ = ws.SetReadDeadline(time.Now().Add(liveWait))
	_, data, err := ws.ReadMessage()
	if err != nil {
		return liveMsg{}, err
	}
	var m liveMsg
	if err := json.Unmarshal(data, &m); err != nil {
		return liveMsg{}, fmt.Errorf("message %s: %w", data, err)
	}
	m.raw = string(data)
	return m, nil
}

func sendMsg(t *testing.T, ws *websocket.Conn, msg map[string]any) {
	t.Helper()
	b, _ := json.Marshal(msg)
	_ = ws.SetWriteDeadline(time.Now().Add(liveWait))
	if err := ws.WriteMessage(websocket.TextMessage, b); err != nil {
		t.Fatalf("send %s: %v", b, err)
	}
}

// candidate drives an interview over one websocket at a time, answering
// every question and follow-up, and keeps every message it received in
// the order received, across connections.
type candidate struct {
	ws       *websocket.Conn
	received []liveMsg
}

func (c *candidate) lastSeq() int64 {
	if len(c.received) == 0 {
		return 0
	}
	return c.received[len(c.received)-1].Seq
}

// until reads messages, answering each question and follow-up as it comes,
// until stop returns true for a message (returned) or the interview
// finishes (finished returned). An error message fails the test.
func (c *candidate) until(t *testing.T, stop func(liveMsg) bool) liveMsg {
	t.Helper()
	for {
		m, err := nextMsg(c.ws)
		if err != nil {
			t.Fatalf("candidate read after seq %d: %v", c.lastSeq(), err)
		}
		c.received = append(c.received, m)
		if m.Type == "error" {
			t.Fatalf("candidate got %s", m.raw)
		}
		if stop != nil && stop(m) {
			return m
		}
		switch m.Type {
		case "question", "followup":
			sendMsg(t, c.ws, map[string]any{"type": "answer", "turn": m.Turn, "text": e2eAnswer})
		case "ready": // practice mode: the next question waits for next
			sendMsg(t, c.ws, map[string]any{"type": "next"})
		case "finished":
			return m
		}
	}
}

// checkSeqs fails unless msgs hold every seq from 1 to last exactly once,
// in order.
func checkSeqs(t *testing.T, who string, msgs []liveMsg, last int64) {
	t.Helper()
	for i, m := range msgs {
		if want := int64(i + 1); m.Seq != want {
			t.Fatalf("%s: message %d has seq %d (%s); want %d: a message was lost or duplicated", who, i+1, m.Seq, m.raw, want)
		}
	}
	if got := int64(len(msgs)); got != last {
		t.Fatalf("%s received seqs 1 to %d; want 1 to %d", who, got, last)
	}
}

// newGuestClient is a browser: one cookie jar, used on every server. The
// guest cookie is host-only, and cookies do not depend on the port, so the
// same guest is known on both servers (the owner stored with the session
// is a hash of the cookie, checked against the shared database).
func newGuestClient(t *testing.T) (*http.Client, http.CookieJar) {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}, jar
}

func createLiveSession(t *testing.T, client *http.Client, base, body string) string {
	t.Helper()
	res, err := client.Post(base+"/api/v1/sessions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var created struct {
		ID string `json:"id"`
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &created) != nil || created.ID == "" {
		t.Fatalf("POST %s/api/v1/sessions = %d %s; want 201 with an id", base, res.StatusCode, b)
	}
	return created.ID
}

// startPostgresServer runs "mockinterview serve" in process on databaseURL
// and stops it at cleanup, failing the test if it does not stop cleanly.
func startPostgresServer(t *testing.T, databaseURL string) (base string, stderr *lockedBuffer) {
	t.Helper()
	base, stop, done, stderr := startServe(t, func(string) string { return "" },
		"--addr", "127.0.0.1:0", "--llm", "off", "--database-url", databaseURL,
		"--db", filepath.Join(t.TempDir(), "unused.db"))
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve on %s returned %v; stderr:\n%s", base, err, stderr)
		}
	})
	return base, stderr
}

// TestTwoServersResumeAndFollow runs two servers on one PostgreSQL schema.
// A guest creates and starts a session on server A and answers its first
// question there; the connection drops; the guest reconnects through server
// B with resume and finishes the interview on B. Meanwhile a second
// websocket on B, opened before the interview started, follows the session:
// it hears what A stores as it happens (LISTEN/NOTIFY, with the database as
// the source of truth). Both see every seq from 1 to the last exactly once,
// in order, and the same messages byte for byte.
func TestTwoServersResumeAndFollow(t *testing.T) {
	u, _, _ := pgSchemaURL(t)
	serverA, _ := startPostgresServer(t, u)
	serverB, _ := startPostgresServer(t, u)
	client, jar := newGuestClient(t)
	id := createLiveSession(t, client, serverA,
		`{"role":"backend-developer","count":3,"mode":"practice","seed":11}`)

	// The watcher on B follows from seq 0 before anything happens on A.
	watcher := dialLive(t, jar, serverB, id)
	sendMsg(t, watcher, map[string]any{"type": "resume", "last_seq": 0})
	first, err := nextMsg(watcher)
	if err != nil || first.Seq != 1 || first.Type != "session" {
		t.Fatalf("watcher's first message = %+v, %v; want the session message, seq 1", first, err)
	}
	watched := make(chan []liveMsg, 1)
	watchErr := make(chan error, 1)
	go func() {
		msgs := []liveMsg{first}
		for {
			m, err := nextMsg(watcher)
			if err != nil {
				watchErr <- fmt.Errorf("watcher read after seq %d: %w", msgs[len(msgs)-1].Seq, err)
				return
			}
			msgs = append(msgs, m)
			if m.Type == "finished" {
				watched <- msgs
				return
			}
		}
	}()

	// On A: start, answer the first question, and drop the connection
	// once the answer is acknowledged.
	cand := &candidate{ws: dialLive(t, jar, serverA, id)}
	sendMsg(t, cand.ws, map[string]any{"type": "start"})
	cand.until(t, func(m liveMsg) bool { return m.Type == "answer.ack" && m.Turn == 1 })
	if err := cand.ws.UnderlyingConn().Close(); err != nil { // no close frame: a dropped network
		t.Fatal(err)
	}
	droppedAt := cand.lastSeq()

	// On B: resume after the last seq seen and finish there. Whatever A
	// stored after the drop (the score of turn 1, the next question) is
	// replayed first.
	cand.ws = dialLive(t, jar, serverB, id)
	sendMsg(t, cand.ws, map[string]any{"type": "resume", "last_seq": droppedAt})
	fin := cand.until(t, nil)
	if fin.Type != "finished" {
		t.Fatalf("the interview ended with %s; want finished", fin.raw)
	}
	checkSeqs(t, "candidate (A then B)", cand.received, fin.Seq)
	t.Logf("candidate: seqs 1 to %d on A, %d to %d on B", droppedAt, droppedAt+1, fin.Seq)
	if droppedAt < 2 || droppedAt >= fin.Seq {
		t.Errorf("the drop came after seq %d of %d; want it mid-interview", droppedAt, fin.Seq)
	}

	select {
	case msgs := <-watched:
		checkSeqs(t, "watcher on B", msgs, fin.Seq)
		for i := range msgs {
			if msgs[i].raw != cand.received[i].raw {
				t.Fatalf("watcher's seq %d = %s; the candidate got %s", i+1, msgs[i].raw, cand.received[i].raw)
			}
		}
	case err := <-watchErr:
		t.Fatal(err)
	}

	// The transcript agrees on either server.
	for _, base := range []string{serverA, serverB} {
		res, err := client.Get(base + "/api/v1/sessions/" + id)
		if err != nil {
			t.Fatal(err)
		}
		var tr struct {
			State string `json:"state"`
			Turns []struct {
				Answer string `json:"answer"`
			} `json:"turns"`
		}
		err = json.NewDecoder(res.Body).Decode(&tr)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || tr.State != "finished" || len(tr.Turns) != 3 {
			t.Fatalf("GET %s transcript = %d %+v, %v; want 200, finished, 3 turns", base, res.StatusCode, tr, err)
		}
		for i, turn := range tr.Turns {
			if !strings.HasPrefix(turn.Answer, e2eAnswer) {
				t.Errorf("%s: turn %d answer = %q; want the answer sent", base, i+1, turn.Answer)
			}
		}
	}
}

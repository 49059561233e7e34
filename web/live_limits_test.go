package web_test

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/web"
)

// TestLiveInvalidUTF8: a text frame that is not UTF-8 closes the
// connection with 1007, and nothing of it is stored (a rewrite to U+FFFD
// would move the answer's spans).
func TestLiveInvalidUTF8(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	q := c.readUntil("question")
	turn := q[len(q)-1].Turn
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"answer","turn":1,"text":"I fixed it `+"\xff\xfe"+`"}`)); err != nil {
		t.Fatal(err)
	}
	if code := c.closeCode(); code != websocket.CloseInvalidFramePayloadData {
		t.Errorf("close code %d; want 1007", code)
	}
	tr := g.transcript(t, created.ID)
	for _, tu := range tr.Turns {
		if tu.Index == turn && tu.Answer != "" {
			t.Errorf("turn %d answer %q stored; want nothing", turn, tu.Answer)
		}
	}
	// The session goes on on a new connection.
	c2 := g.dial(t, created.ID)
	c2.send(`{"type":"resume","last_seq":0}`)
	c2.readUntil("question")
}

// TestLiveConnectionLimits: at the server's maximum a new live connection
// is refused before the upgrade with 503, at a caller's with 429, both
// naming too_many_connections, while the open ones carry on; closing one
// makes room again.
func TestLiveConnectionLimits(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{MaxConns: 3, MaxClientConns: 2})
	a, b := srv.newGuest(t), srv.newGuest(t)
	open := func(g *guest) (*liveClient, string) {
		created := g.createSession(t, `{"role":"backend-developer","count":1}`)
		c := g.dial(t, created.ID)
		c.send(`{"type":"start"}`)
		c.readUntil("question")
		return c, created.ID
	}
	refused := func(g *guest, status int) {
		t.Helper()
		created := g.createSession(t, `{"role":"backend-developer","count":1}`)
		ws, res, err := g.dialRaw(created.ID, nil)
		if err == nil {
			ws.Close()
			t.Fatalf("dial: connected; want %d", status)
		}
		if res == nil || res.StatusCode != status {
			t.Fatalf("dial: %v %v; want %d", err, res, status)
		}
		body, _ := io.ReadAll(res.Body)
		if !strings.Contains(string(body), `"too_many_connections"`) {
			t.Errorf("refusal body %s; want too_many_connections", body)
		}
	}
	a1, _ := open(a)
	open(a)
	refused(a, http.StatusTooManyRequests) // a's third
	open(b)
	refused(b, http.StatusServiceUnavailable) // the server's fourth
	if st := srv.hub.Stats(); st.Open != 3 || st.Refused != 2 {
		t.Errorf("stats %+v; want 3 open, 2 refused", st)
	}
	// The open ones carry on: a1 still answers.
	a1.send(`{"type":"skip","turn":1}`)
	a1.readUntil("answer.ack")
	a1.ws.Close()
	waitFor(t, "the closed connection to leave", func() bool { return srv.hub.Stats().Open == 2 })
	open(b) // room again, for b's second
}

// TestLiveIdleConnectionsCostOneGoroutine: an idle live interview (started,
// first question read) keeps one goroutine on the server, its reader; the
// follower, pings and commands run only while there is work
// (docs/performance.md, "Idle live interviews").
func TestLiveIdleConnectionsCostOneGoroutine(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	open := func() {
		g := srv.newGuest(t)
		created := g.createSession(t, `{"role":"backend-developer","count":1}`)
		c := g.dial(t, created.ID)
		c.send(`{"type":"start"}`)
		c.readUntil("question")
	}
	open() // warm-up: pools, the store's connections
	settle := func() int {
		n, same := runtime.NumGoroutine(), 0
		for i := 0; i < 200 && same < 10; i++ {
			time.Sleep(10 * time.Millisecond)
			if m := runtime.NumGoroutine(); m == n {
				same++
			} else {
				n, same = m, 0
			}
		}
		return n
	}
	before := settle()
	const conns = 20
	for range conns {
		open()
	}
	after := settle()
	if per := float64(after-before) / conns; per > 1.1 {
		t.Errorf("%d goroutines for %d idle connections (%.2f each); want one each", after-before, conns, per)
	}
}

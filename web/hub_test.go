package web_test

import (
	"context"
	"errors"
	"net"
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

// pipeListener serves HTTP over in-memory pipes (net.Pipe): a server write
// blocks until the client reads it, which makes a slow client exact.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// TestLiveSlowClientDropped: a client that stops reading while the server
// has more to send than its queue holds is dropped with 1013, without
// blocking the engine; it resumes on a new connection and loses nothing.
func TestLiveSlowClientDropped(t *testing.T) {
	store := openStore(t)
	bank := testBank(t)
	engine := interview.New(store, bank, scoring.New(bank))
	hub := web.NewHub(web.HubConfig{WriteWait: 200 * time.Millisecond})
	s, err := web.New(web.Config{}, web.Deps{Bank: bank, Scorer: scoring.New(bank), Sessions: engine, Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	ln := newPipeListener()
	srv := httptest.NewUnstartedServer(s)
	srv.Listener = ln
	srv.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Close()
		_ = hub.Close(ctx)
		_ = engine.Close(ctx)
	})

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{DialContext: ln.dial}}
	res, err := client.Post("http://pipe/api/v1/sessions", "application/json",
		strings.NewReader(`{"role":"backend-developer","count":1}`))
	if err != nil {
		t.Fatal(err)
	}
	var created web.CreatedSession
	if err := decodeStrict(readAll(t, res), &created); err != nil {
		t.Fatal(err)
	}
	dialer := websocket.Dialer{Jar: jar, NetDialContext: ln.dial, HandshakeTimeout: 10 * time.Second}
	dial := func() *liveClient {
		ws, _, err := dialer.Dial("ws://pipe/api/v1/sessions/"+created.ID+"/live", nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { ws.Close() })
		return &liveClient{t: t, ws: ws}
	}

	slow := dial()
	slow.send(`{"type":"start"}`) // the session and question: about ten messages
	waitFor(t, "the slow client to be dropped", func() bool { return hub.Stats().Dropped >= 1 })

	// The client reads what reached it, in order, then the connection ends
	// (with close 1013 when the frame could still be written).
	seq := &sequence{t: t}
	var closeErr *websocket.CloseError
	for {
		m, err := slow.tryRead()
		if err != nil {
			if errors.As(err, &closeErr) && closeErr.Code != websocket.CloseTryAgainLater && closeErr.Code != websocket.CloseAbnormalClosure {
				t.Errorf("slow client closed with %d; want 1013 (or 1006 when the frame could not be written)", closeErr.Code)
			}
			break
		}
		seq.see(m)
	}
	if seq.last >= 9 {
		t.Fatalf("the slow client got %d messages; it should have been dropped before the question", seq.last)
	}

	// It resumes, reading as it should now, and loses nothing: the replay
	// is bigger than the queue but a client that drains it is never dropped.
	again := dial()
	again.sendJSON(map[string]any{"type": "resume", "last_seq": seq.last})
	for {
		m := again.read()
		seq.see(m)
		if m.Type == "question" {
			break
		}
	}
}

func readAll(t *testing.T, res *http.Response) []byte {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if res.StatusCode/100 != 2 {
		t.Fatalf("status %d: %s", res.StatusCode, b.String())
	}
	return []byte(b.String())
}

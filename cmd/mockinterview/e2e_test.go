package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// e2eServer is the real binary serving on 127.0.0.1.
type e2eServer struct {
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
}

// buildBinary builds mockinterview into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mockinterview")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startBinary runs "mockinterview serve" on a free loopback port and reads
// the address it prints.
func startBinary(t *testing.T, bin, db string) *e2eServer {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--llm", "off")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &e2eServer{cmd: cmd, stderr: &lockedBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing; stderr:\n%s", s.stderr)
	}
	base, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("first line %q; want \"listening on http://...\"", lines.Text())
	}
	go io.Copy(io.Discard, stdout)
	s.base = base
	return s
}

type e2eMsg struct {
	Type   string          `json:"type"`
	Seq    int64           `json:"seq"`
	Turn   int             `json:"turn"`
	Code   string          `json:"code"`
	Result json.RawMessage `json:"result"`
	raw    string
}

func readMsg(t *testing.T, ws *websocket.Conn) e2eMsg {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second)) // a hang fails
	_, data, err := ws.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var m e2eMsg
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("message %s: %v", data, err)
	}
	m.raw = string(data)
	return m
}

func dialLive(t *testing.T, jar http.CookieJar, base, id string) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{Jar: jar, HandshakeTimeout: 10 * time.Second}
	ws, res, err := d.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/sessions/"+id+"/live", nil)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial: %v (status %d)", err, status)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

const e2eAnswer = `In my last role our checkout API slowed to 2 seconds at peak. ` +
	`My task was to bring p99 latency under 300 ms before the sale. ` +
	`I profiled it, found an N+1 query, added an index and a cache, and load tested the fix. ` +
	`As a result p99 dropped to 180 ms and conversion rose by 4 percent.`

// TestEndToEndCrashAndResume: an answer acknowledged over the websocket
// survives kill -9 of the server; after a restart on the same database the
// guest finds it in the transcript and in a resume from seq 0, and the
// interview goes on. The second server then stops cleanly on SIGTERM,
// closing the websocket with 1001.
func TestEndToEndCrashAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "e2e.db")
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}

	first := startBinary(t, bin, db)
	res, err := client.Post(first.base+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"role":"backend-developer","categories":["behavioral"],"count":2,"mode":"practice"}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID string `json:"id"`
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 || json.Unmarshal(body, &created) != nil || created.ID == "" {
		t.Fatalf("create session: %d %s", res.StatusCode, body)
	}

	ws := dialLive(t, jar, first.base, created.ID)
	if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"start"}`)); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for {
		m := readMsg(t, ws)
		seen = append(seen, m.raw)
		if m.Type == "question" {
			break
		}
	}
	answer, _ := json.Marshal(map[string]any{"type": "answer", "turn": 1, "text": e2eAnswer})
	if err := ws.WriteMessage(websocket.TextMessage, answer); err != nil {
		t.Fatal(err)
	}
	for {
		m := readMsg(t, ws)
		seen = append(seen, m.raw)
		if m.Type == "answer.ack" {
			break
		}
	}
	// Acknowledged means stored: crash right now.
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()

	second := startBinary(t, bin, db)
	res, err = client.Get(second.base + "/api/v1/sessions/" + created.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	var tr struct {
		Turns []struct {
			Turn        int        `json:"turn"`
			Answer      string     `json:"answer"`
			SubmittedAt *time.Time `json:"submitted_at"`
		} `json:"turns"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("transcript after restart: %d %s", res.StatusCode, body)
	}
	if len(tr.Turns) == 0 || !strings.HasPrefix(tr.Turns[0].Answer, e2eAnswer) || tr.Turns[0].SubmittedAt == nil {
		t.Fatalf("transcript after the crash lost the answer: %s", body)
	}

	// Resume from 0: the same messages, in order, then the interview goes
	// on (the answer is scored now if the crash came first).
	ws2 := dialLive(t, jar, second.base, created.ID)
	if err := ws2.WriteMessage(websocket.TextMessage, []byte(`{"type":"resume","last_seq":0}`)); err != nil {
		t.Fatal(err)
	}
	for i, want := range seen {
		if m := readMsg(t, ws2); m.raw != want {
			t.Fatalf("replayed message %d = %s; want %s", i+1, m.raw, want)
		}
	}
	next := int64(len(seen)) + 1
	for {
		m := readMsg(t, ws2)
		if m.Seq != next {
			t.Fatalf("message %s; want seq %d", m.raw, next)
		}
		next++
		if m.Type == "error" {
			t.Fatalf("error after resume: %s", m.raw)
		}
		if m.Type == "score" && m.Turn == 1 {
			if !strings.Contains(string(m.Result), `"overall"`) {
				t.Errorf("score %s lacks overall", m.raw)
			}
			break
		}
	}

	// SIGTERM: the server shuts down in order and exits 0; the websocket
	// is told the server is going away.
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var closeErr *websocket.CloseError
	for {
		_ = ws2.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, _, err := ws2.ReadMessage(); err != nil {
			if !errors.As(err, &closeErr) || closeErr.Code != websocket.CloseGoingAway {
				t.Errorf("websocket ended with %v; want close 1001", err)
			}
			break
		}
	}
	done := make(chan error, 1)
	go func() { done <- second.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM; want 0\nstderr:\n%s", err, second.stderr)
		}
	case <-time.After(35 * time.Second):
		t.Fatalf("serve still running 35 s after SIGTERM\nstderr:\n%s", second.stderr)
	}
	if log := second.stderr.String(); !strings.Contains(log, "shutting down") {
		t.Errorf("no shutdown line in the log:\n%s", log)
	}
}

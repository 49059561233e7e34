package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// pgCluster is a throwaway PostgreSQL cluster of one test, on its own port,
// so that the test may stop and start it without touching the cluster the
// other tests share.
type pgCluster struct {
	t    *testing.T
	bin  string // PostgreSQL's bin directory
	dir  string // holds data/, the log and the unix socket
	port int
	asPG bool // run the server programs as the postgres user (we are root)
	url  string
}

// newPGCluster initdbs and starts a cluster the way scripts/pg.sh does and
// removes it at cleanup. Without PostgreSQL's programs the test skips,
// except on CI.
func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	pgCtl := findPGCtl()
	if pgCtl == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("pg_ctl not found on CI (MOCKINTERVIEW_TEST_PG_CTL, /usr/lib/postgresql/*/bin, PATH): the PostgreSQL outage test must run (run scripts/test)")
		}
		t.Skip("pg_ctl not found: skipping the PostgreSQL outage test (scripts/test installs PostgreSQL and sets MOCKINTERVIEW_TEST_PG_CTL)")
	}
	c := &pgCluster{t: t, bin: filepath.Dir(pgCtl), asPG: os.Geteuid() == 0}
	// Not t.TempDir: its parent is private to root, and the postgres user
	// must reach the data directory.
	dir, err := os.MkdirTemp("", "mockinterview-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	t.Cleanup(func() {
		c.pgCtl("stop", "-m", "immediate") // may already be stopped
		os.RemoveAll(dir)
	})
	if c.asPG {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := c.command(filepath.Join(c.bin, "initdb"), "-D", c.data(), "-A", "trust", "-U", "postgres", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.port = freePort(t)
	c.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&pool_max_conns=4", c.port)
	c.Start()
	return c
}

// findPGCtl returns pg_ctl's path: MOCKINTERVIEW_TEST_PG_CTL (set by
// scripts/test), else Debian's newest, else the one on PATH, else "".
func findPGCtl() string {
	if p := os.Getenv("MOCKINTERVIEW_TEST_PG_CTL"); p != "" {
		return p
	}
	if found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl"); len(found) > 0 {
		return found[len(found)-1]
	}
	p, _ := exec.LookPath("pg_ctl")
	return p
}

func (c *pgCluster) data() string { return filepath.Join(c.dir, "data") }

func (c *pgCluster) command(name string, args ...string) *exec.Cmd {
	if c.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

func (c *pgCluster) pgCtl(args ...string) error {
	args = append([]string{"-D", c.data(), "-w", "-t", "60"}, args...)
	out, err := c.command(filepath.Join(c.bin, "pg_ctl"), args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// Start starts the cluster (again) on its port, with scripts/pg.sh's
// options.
func (c *pgCluster) Start() {
	c.t.Helper()
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=50", c.port, c.dir)
	if err := c.pgCtl("-l", filepath.Join(c.dir, "log"), "-o", opts, "start"); err != nil {
		c.t.Fatal(err)
	}
}

// Stop stops the cluster as an administrator would (fast: sessions are
// ended, what was committed is kept).
func (c *pgCluster) Stop() {
	c.t.Helper()
	if err := c.pgCtl("stop", "-m", "fast"); err != nil {
		c.t.Fatal(err)
	}
}

// freePort finds a port below 32768 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	for range 100 {
		port := 20000 + rand.IntN(12000)
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue
		}
		ln.Close()
		return port
	}
	t.Fatal("no free port found for PostgreSQL")
	return 0
}

func getStatus(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestPostgresOutageMidInterview stops PostgreSQL in the middle of an
// interview. While it is down, /readyz answers 503, the candidate's answer
// is not acknowledged but refused with a clear reason (the connection
// closes with 1013 "unavailable", since the refusal cannot be stored), and
// reconnecting is refused with 503 unavailable. Once PostgreSQL is back,
// the candidate reconnects, resumes, finds everything acknowledged before
// the outage, sends the answer again and finishes the interview: every seq
// from 1 to the last exactly once across the connections.
func TestPostgresOutageMidInterview(t *testing.T) {
	cluster := newPGCluster(t)
	base, stderr := startPostgresServer(t, cluster.url)
	client, jar := newGuestClient(t)
	id := createLiveSession(t, client, base, `{"role":"backend-developer","count":2,"mode":"practice","seed":5}`)

	cand := &candidate{ws: dialLive(t, jar, base, id)}
	sendMsg(t, cand.ws, map[string]any{"type": "start"})
	// Answer the first question (and its follow-up, if one comes) and stop
	// once the second question is asked.
	q2 := cand.until(t, func(m liveMsg) bool { return m.Type == "question" && m.Turn == 2 })
	beforeOutage := cand.lastSeq()

	cluster.Stop()

	if status, body := getStatus(t, client, base+"/readyz"); status != http.StatusServiceUnavailable || !strings.Contains(body, `"not_ready"`) {
		t.Errorf("GET /readyz with PostgreSQL down = %d %s; want 503 not_ready", status, body)
	}

	// The answer cannot be stored: no answer.ack, and the connection says
	// why. (The follower may notice the outage first: the same close.)
	answer, _ := json.Marshal(map[string]any{"type": "answer", "turn": q2.Turn, "text": e2eAnswer})
	_ = cand.ws.SetWriteDeadline(time.Now().Add(liveWait))
	_ = cand.ws.WriteMessage(websocket.TextMessage, answer) // may find the connection closed already
	for {
		m, err := nextMsg(cand.ws)
		if err == nil {
			t.Fatalf("message while PostgreSQL is down: %s; want the connection closed", m.raw)
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseTryAgainLater || !strings.HasPrefix(ce.Text, "unavailable") {
			t.Fatalf("connection ended with %v while PostgreSQL is down; want close 1013 \"unavailable: ...\"", err)
		}
		t.Logf("close while PostgreSQL is down: %d %q", ce.Code, ce.Text)
		break
	}

	// Reconnecting while it is down is refused before the upgrade.
	d := websocket.Dialer{Jar: jar, HandshakeTimeout: liveWait}
	wsURL := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/sessions/" + id + "/live"
	if ws, res, err := d.Dial(wsURL, nil); err == nil {
		ws.Close()
		t.Errorf("websocket dial with PostgreSQL down succeeded; want 503")
	} else if res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("websocket dial with PostgreSQL down = %v (response %v); want 503 unavailable", err, res)
	} else {
		b, _ := io.ReadAll(res.Body)
		if !strings.Contains(string(b), `"unavailable"`) {
			t.Errorf("websocket dial with PostgreSQL down = 503 %s; want code unavailable", b)
		}
	}

	cluster.Start()

	if status, body := getStatus(t, client, base+"/readyz"); status != http.StatusOK {
		t.Errorf("GET /readyz with PostgreSQL back = %d %s; want 200", status, body)
	}
	cand.ws = dialLive(t, jar, base, id)
	sendMsg(t, cand.ws, map[string]any{"type": "resume", "last_seq": beforeOutage})
	// Nothing was stored meanwhile: the answer is sent again.
	sendMsg(t, cand.ws, map[string]any{"type": "answer", "turn": q2.Turn, "text": e2eAnswer})
	fin := cand.until(t, nil)
	checkSeqs(t, "candidate (before and after the outage)", cand.received, fin.Seq)

	res, err := client.Get(base + "/api/v1/sessions/" + id)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		State string `json:"state"`
		Turns []struct {
			Answer string          `json:"answer"`
			Score  json.RawMessage `json:"score"`
		} `json:"turns"`
	}
	err = json.NewDecoder(res.Body).Decode(&tr)
	res.Body.Close()
	if err != nil || tr.State != "finished" || len(tr.Turns) != 2 {
		t.Fatalf("transcript after the outage = %+v, %v; want finished with 2 turns", tr, err)
	}
	for i, turn := range tr.Turns {
		if !strings.HasPrefix(turn.Answer, e2eAnswer) || len(turn.Score) == 0 || string(turn.Score) == "null" {
			t.Errorf("turn %d after the outage: answer %q, score %s; want the answer sent, scored", i+1, turn.Answer, turn.Score)
		}
	}
	_ = stderr
}

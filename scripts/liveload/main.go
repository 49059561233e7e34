// Command liveload opens many idle live interviews against a running
// mockinterview server and reports what they cost it: each one is a guest
// who creates a session (POST /api/v1/sessions), opens its websocket,
// sends start and reads up to the first question, then stays connected,
// idle, answering the server's pings.
//
// It prints the open rate, the time to the first question (p50, p99, max,
// from the POST to the question event) and, given the server's pid, the
// server's resident memory per connection: (RSS with every connection open
// minus RSS after a warm-up) over the connections opened after the
// warm-up. scripts/liveload.sh builds and starts a server and runs it;
// docs/performance.md has the figures.
//
//	go run ./scripts/liveload -url http://127.0.0.1:18090 -n 10000 -pid 1234
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:18090", "the server's base URL")
	n := flag.Int("n", 2000, "live interviews to open after the warm-up")
	warm := flag.Int("warmup", 200, "live interviews opened first, before the baseline RSS is read")
	conc := flag.Int("c", 8, "interviews opened at the same time")
	pid := flag.Int("pid", 0, "the server's pid, to read its RSS from /proc (0: no memory figures)")
	hold := flag.Duration("hold", 5*time.Second, "how long every connection stays open, idle, before RSS is read")
	role := flag.String("role", "backend-developer", "the role of the interviews")
	debug := flag.String("debug", "", "the server's --debug-addr as a URL: heap and goroutine profiles are saved with every connection open")
	profiles := flag.String("profiles", ".", "the folder for the profiles of -debug")
	flag.Parse()
	profile = func() error { return saveProfiles(*debug, *profiles) }
	if err := run(*base, *n, *warm, *conc, *pid, *hold, *role); err != nil {
		fmt.Fprintln(os.Stderr, "liveload:", err)
		os.Exit(1)
	}
}

type client struct {
	http   *http.Client
	base   *url.URL
	role   string
	opened atomic.Int64
	failed atomic.Int64
	mu     sync.Mutex
	conns  []*websocket.Conn
	ttfq   []time.Duration
	errs   []string
}

func run(base string, n, warm, conc, pid int, hold time.Duration, role string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	c := &client{
		http: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, IdleConnTimeout: time.Minute}},
		base: u,
		role: role,
	}
	defer c.closeAll()
	if warm > 0 {
		if err := c.open(warm, conc); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		time.Sleep(time.Second)
	}
	rss0, _ := rss(pid)
	c.mu.Lock()
	c.ttfq = c.ttfq[:0]
	c.mu.Unlock()
	start := time.Now()
	if err := c.open(n, conc); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("opened %d live interviews (after %d warm-up) in %.1f s: %.0f a second, %d at a time\n",
		n, warm, took.Seconds(), float64(n)/took.Seconds(), conc)
	c.mu.Lock()
	d := slices.Clone(c.ttfq)
	c.mu.Unlock()
	slices.Sort(d)
	if len(d) > 0 {
		fmt.Printf("time to first question: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
			ms(d[len(d)/2]), ms(d[len(d)*99/100]), ms(d[len(d)-1]))
	}
	time.Sleep(hold)
	if alive := c.alive(); alive != warm+n {
		return fmt.Errorf("%d of %d connections still open after %s idle", alive, warm+n, hold)
	}
	if pid > 0 {
		rss1, err := rss(pid)
		if err != nil {
			return err
		}
		fmt.Printf("server RSS: %.1f MiB after warm-up, %.1f MiB with %d open: %.1f KB per connection\n",
			float64(rss0)/(1<<20), float64(rss1)/(1<<20), warm+n, float64(rss1-rss0)/float64(n)/1000)
	}
	return profile()
}

var profile func() error

// saveProfiles saves the server's heap and goroutine profiles into dir.
func saveProfiles(debug, dir string) error {
	if debug == "" {
		return nil
	}
	for name, path := range map[string]string{
		"heap.pb.gz":     "/debug/pprof/heap",
		"goroutines.txt": "/debug/pprof/goroutine?debug=1",
		"heap.txt":       "/debug/pprof/heap?debug=1",
	} {
		resp, err := http.Get(strings.TrimSuffix(debug, "/") + path)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(dir+"/"+name, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("saved %s/%s\n", dir, name)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// open opens n live interviews, conc at a time; the first failure of a
// worker stops the run.
func (c *client) open(n, conc int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, conc)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if err := c.one(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// one creates a session as a new guest, opens its websocket, starts it and
// reads up to the first question; the connection then stays open.
func (c *client) one() error {
	t0 := time.Now()
	body := fmt.Sprintf(`{"role":%q,"count":1,"categories":["behavioral"]}`, c.role)
	resp, err := c.http.Post(c.base.JoinPath("/api/v1/sessions").String(), "application/json", strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("create a session: %w", err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("create a session: %s: %s", resp.Status, bytes.TrimSpace(data))
	}
	var created struct {
		ID      string `json:"id"`
		LiveURL string `json:"live_url"`
	}
	if err := json.Unmarshal(data, &created); err != nil {
		return fmt.Errorf("create a session: %w", err)
	}
	var cookie string
	for _, ck := range resp.Cookies() {
		if ck.Name == "mi_guest" {
			cookie = ck.Name + "=" + ck.Value
		}
	}
	ws := *c.base
	ws.Scheme = strings.Replace(ws.Scheme, "http", "ws", 1)
	ws.Path = created.LiveURL
	dialer := websocket.Dialer{ReadBufferSize: 1024, WriteBufferSize: 512, HandshakeTimeout: 30 * time.Second}
	conn, hresp, err := dialer.Dial(ws.String(), http.Header{"Cookie": {cookie}})
	if err != nil {
		if hresp != nil {
			b, _ := io.ReadAll(bufio.NewReader(hresp.Body))
			return fmt.Errorf("open the websocket: %w: %s", err, bytes.TrimSpace(b))
		}
		return fmt.Errorf("open the websocket: %w", err)
	}
	if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"start"}`)); err != nil {
		conn.Close()
		return fmt.Errorf("send start: %w", err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			conn.Close()
			return fmt.Errorf("read up to the first question: %w", err)
		}
		var m struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(msg, &m)
		if m.Type == "error" {
			conn.Close()
			return fmt.Errorf("the server refused: %s", msg)
		}
		if m.Type == "question" {
			break
		}
	}
	d := time.Since(t0)
	_ = conn.SetReadDeadline(time.Time{})
	c.mu.Lock()
	c.conns = append(c.conns, conn)
	c.ttfq = append(c.ttfq, d)
	c.mu.Unlock()
	c.opened.Add(1)
	go func() { // idle: read only to answer pings and see the close
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				c.failed.Add(1)
				return
			}
		}
	}()
	return nil
}

func (c *client) alive() int { return int(c.opened.Load() - c.failed.Load()) }

func (c *client) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.conns {
		conn.Close()
	}
}

// rss reads VmRSS of pid in bytes.
func rss(pid int) (int64, error) {
	if pid <= 0 {
		return 0, nil
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

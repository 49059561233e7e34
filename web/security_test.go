package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// TestWatcherClosedWhenCandidateLeaves: a coach watching a live interview
// is closed with 1008 when the candidate leaves the coach's team, and
// receives nothing the candidate does afterwards.
func TestWatcherClosedWhenCandidateLeaves(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "Backend")
	other, _ := srv.addUser(t, "other-coach@example.com", interview.RoleCoach)
	otherTeam := other.createTeam(t, "Other")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	if status, b := cand.do(t, "POST", "/api/v1/teams/join", `{"invite":"`+otherTeam.Invite+`"}`); status != http.StatusOK {
		t.Fatalf("join other team = %d %s", status, b)
	}
	created := cand.createSession(t, `{"role":"backend-developer","count":2,"mode":"practice"}`)
	live := cand.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	watcher := coach.dial(t, created.ID)
	watcher.send(`{"type":"resume","last_seq":0}`)
	seen := watcher.readUntil("question")
	lastSeen := seen[len(seen)-1].Seq
	stays := other.dial(t, created.ID) // still in the candidate's other team
	stays.send(`{"type":"resume","last_seq":0}`)
	stays.readUntil("question")

	if status, b := cand.do(t, "POST", "/api/v1/teams/"+team.ID+"/leave", ""); status != http.StatusNoContent {
		t.Fatalf("leave = %d %s", status, b)
	}
	live.send(`{"type":"answer","turn":1,"text":"` + goodAnswer + `"}`)
	live.readUntil("answer.ack")
	for {
		m, err := watcher.tryRead()
		if err == nil {
			if m.Seq > lastSeen {
				t.Errorf("the watcher received %s (seq %d) after the candidate left the team", m.Type, m.Seq)
			}
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
			t.Fatalf("watcher read after leave: %v; want close %d", err, websocket.ClosePolicyViolation)
		}
		break
	}
	// The coach of the team the candidate stays in goes on watching.
	stays.readUntil("answer.ack")
}

// TestLoginNextStaysOnHost: the login page passes on only a path of this
// host as where to go after login.
func TestLoginNextStaysOnHost(t *testing.T) {
	srv := newAccountServer(t)
	g := srv.newGuest(t)
	for _, tc := range []struct {
		next string
		want string
	}{
		{"/coach", "/coach"},
		{"/coach/sessions/abc?tab=review#turn-2", "/coach/sessions/abc?tab=review#turn-2"},
		{"", ""},
		{"https://evil.example/", ""},
		{"//evil.example", ""},
		{"/\\evil.example", ""},
		{"/\\/evil.example", ""},
		{"/\t/evil.example", ""},
		{"/\n/evil.example", ""},
		{"/\r/evil.example", ""},
		{"/ /evil.example", ""},
		{"/\u00a0/evil.example", ""},
		{"/\x00/evil.example", ""},
		{"/\x7f/evil.example", ""},
		{"evil.example", ""},
		{"javascript:alert(1)", ""},
	} {
		t.Run(tc.next, func(t *testing.T) {
			status, page := g.do(t, "GET", "/login?next="+url.QueryEscape(tc.next), "")
			if status != http.StatusOK {
				t.Fatalf("GET /login = %d", status)
			}
			m := regexp.MustCompile(`data-next="([^"]*)"`).FindSubmatch(page)
			if m == nil {
				t.Fatalf("login page has no data-next: %s", page)
			}
			if got := html.UnescapeString(string(m[1])); got != tc.want {
				t.Errorf("login?next=%q: data-next = %q; want %q", tc.next, got, tc.want)
			}
		})
	}
}

// TestGuestShareRevocableAfterSignup: a share link made as a guest is the
// new account's after sign-up, which can revoke it.
func TestGuestShareRevocableAfterSignup(t *testing.T) {
	srv := newAccountServer(t)
	g := srv.newGuest(t)
	id := srv.answeredSession(t, g, goodAnswer)
	status, b := g.do(t, "POST", "/api/v1/sessions/"+id+"/shares", "")
	if status != http.StatusCreated {
		t.Fatalf("share = %d %s", status, b)
	}
	var share web.ShareCreated
	if err := json.Unmarshal(b, &share); err != nil {
		t.Fatal(err)
	}
	g.signup(t, "claimer@example.com", "")
	if status, b := g.do(t, "DELETE", "/api/v1/shares/"+share.Token, ""); status != http.StatusNoContent {
		t.Fatalf("revoke after sign-up = %d %s; want 204", status, b)
	}
	if status, _ := srv.newGuest(t).do(t, "GET", share.APIURL, ""); status != http.StatusNotFound {
		t.Errorf("GET %s after revoke = %d; want 404", share.APIURL, status)
	}
}

// TestSharedHidesCoachesAndDrafts: a share link shows the effective score
// but neither who overrode it nor why, nor a draft being typed.
func TestSharedHidesCoachesAndDrafts(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "secret-coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	created := cand.createSession(t, `{"role":"backend-developer","count":2,"mode":"exam"}`)
	live := cand.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")
	live.send(`{"type":"answer","turn":1,"text":"` + goodAnswer + `"}`)
	live.readUntil("question") // exam: the next question follows the ack
	const draft = "half-typed private draft"
	live.send(`{"type":"draft","turn":2,"text":"` + draft + `"}`)
	waitFor(t, "the draft saved", func() bool {
		s, err := srv.engine.Session(context.Background(), created.ID)
		return err == nil && len(s.Turns) == 2 && s.Turns[1].Draft == draft
	})
	if status, b := coach.do(t, "PUT", "/api/v1/sessions/"+created.ID+"/turns/1/override", `{"overall":17,"reason":"private coach note"}`); status != http.StatusOK {
		t.Fatalf("override = %d %s", status, b)
	}
	status, b := cand.do(t, "POST", "/api/v1/sessions/"+created.ID+"/shares", "")
	if status != http.StatusCreated {
		t.Fatalf("share = %d %s", status, b)
	}
	var share web.ShareCreated
	if err := json.Unmarshal(b, &share); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{share.URL, share.APIURL} {
		status, body := srv.newGuest(t).do(t, "GET", path, "")
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, status)
		}
		for _, secret := range []string{"secret-coach@example.com", "private coach note", draft} {
			if strings.Contains(string(body), secret) {
				t.Errorf("GET %s shows %q", path, secret)
			}
		}
		if !strings.Contains(string(body), "17") {
			t.Errorf("GET %s does not show the effective score 17", path)
		}
	}
}

// TestLoginLockoutHoldsInParallel: wrong passwords sent all at once are
// checked no more than LoginMaxFailures times; the others get 429.
func TestLoginLockoutHoldsInParallel(t *testing.T) {
	srv := newAccountServer(t)
	srv.addUser(t, "victim@example.com", interview.RoleCandidate)
	const attempts = 20
	statuses := make([]int, attempts)
	bodies := make([]string, attempts)
	var wg sync.WaitGroup
	for i := range attempts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := `{"email":"victim@example.com","password":"wrong guess ` + strconv.Itoa(i) + `"}`
			req, err := http.NewRequest("POST", srv.URL+"/api/v1/auth/login", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			statuses[i], bodies[i] = res.StatusCode, string(b)
		}()
	}
	wg.Wait()
	checked := 0
	for i, status := range statuses {
		switch status {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			if !strings.Contains(bodies[i], "failed logins") {
				t.Errorf("429 body %s; want the failed-login lockout", bodies[i])
			}
		default:
			t.Errorf("parallel wrong login = %d %s; want 401 or 429", status, bodies[i])
		}
	}
	if checked > web.LoginMaxFailures {
		t.Errorf("%d of %d parallel wrong logins were checked (401); want at most %d", checked, attempts, web.LoginMaxFailures)
	}
	g := srv.newGuest(t)
	if status, _ := g.do(t, "POST", "/api/v1/auth/login", `{"email":"victim@example.com","password":"`+testPassword+`"}`); status != http.StatusTooManyRequests {
		t.Errorf("right password during the lockout = %d; want 429", status)
	}
}

// TestPagesAreRateLimited: the HTML pages spend the client's rate limit
// like the API.
func TestPagesAreRateLimited(t *testing.T) {
	clock := &fixedClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	ts := newTestServer(t, web.Config{RateLimit: 0.001, RateBurst: 2}, func(d *web.Deps) { d.Now = clock.now })
	for _, path := range []string{"/login", "/signup"} {
		if res := ts.do(t, "GET", path, nil); res.status != http.StatusOK {
			t.Fatalf("GET %s = %d; want 200", path, res.status)
		}
	}
	res := ts.do(t, "GET", "/s/"+strings.Repeat("a", 43), nil)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Errorf("third page = %d (Retry-After %q); want 429 with Retry-After", res.status, res.header.Get("Retry-After"))
	}
}

// TestLiveMessageRateLimit: a client sending more than its message rate is
// closed with 1008.
func TestLiveMessageRateLimit(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{MessageRate: 0.001, MessageBurst: 4})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	for i := range 4 {
		c.send(`{"type":"draft","turn":1,"text":"draft ` + strconv.Itoa(i) + `"}`)
	}
	for {
		_, err := c.tryRead()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation || ce.Text != "too many messages" {
			t.Fatalf("read after 5 messages at a burst of 4: %v; want close 1008 too many messages", err)
		}
		break
	}
}

// TestLiveDraftsCoalesced: between two saves, only the latest draft of a
// turn is kept; it is saved when the connection closes.
func TestLiveDraftsCoalesced(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{DraftInterval: time.Hour})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	c.readUntil("question")
	for _, text := range []string{"first", "second", "third"} {
		c.send(`{"type":"draft","turn":1,"text":"` + text + `"}`)
	}
	c.send(`{"type":"nonsense"}`)
	if m := c.readUntil("error"); m[len(m)-1].Code != web.CodeUnknownType {
		t.Fatalf("answer to an unknown type: %s; want %s", m[len(m)-1].raw, web.CodeUnknownType)
	}
	draft := func() string {
		s, err := srv.engine.Session(context.Background(), created.ID)
		if err != nil || len(s.Turns) == 0 {
			t.Fatalf("Session: %v", err)
		}
		return s.Turns[0].Draft
	}
	if got := draft(); got != "first" {
		t.Errorf("draft before the interval = %q; want %q (the first saved at once, the others pending)", got, "first")
	}
	c.ws.Close()
	waitFor(t, "the pending draft saved at close", func() bool { return draft() == "third" })
}

// TestLiveSessionConnectionCap: one connection more than MaxSessionConns
// to a session is closed with 1013; another session is not affected.
func TestLiveSessionConnectionCap(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{MaxSessionConns: 2})
	g := srv.newGuest(t)
	created := g.createSession(t, `{"role":"backend-developer","count":1}`)
	// A dial returns once the upgrade is written, before the server has
	// counted the connection; an answer to a message shows it was counted,
	// so the third dial cannot overtake the second.
	served := func(c *liveClient) *liveClient {
		c.send(`{"type":"nonsense"}`)
		if m := c.readUntil("error"); m[len(m)-1].Code != web.CodeUnknownType {
			t.Fatalf("answer to an unknown type: %s; want %s", m[len(m)-1].raw, web.CodeUnknownType)
		}
		return c
	}
	first := served(g.dial(t, created.ID))
	served(g.dial(t, created.ID))
	if code := g.dial(t, created.ID).closeCode(); code != websocket.CloseTryAgainLater {
		t.Errorf("third connection to a session closed with %d; want %d", code, websocket.CloseTryAgainLater)
	}
	other := g.createSession(t, `{"role":"backend-developer","count":1}`)
	o := g.dial(t, other.ID)
	o.send(`{"type":"start"}`)
	o.readUntil("question")
	// A connection that closes makes room.
	first.ws.Close()
	waitFor(t, "room for a connection", func() bool {
		ws, _, err := g.dialRaw(created.ID, nil)
		if err != nil {
			return false
		}
		defer ws.Close()
		c := &liveClient{t: t, ws: ws}
		c.send(`{"type":"start"}`)
		m, err := c.tryRead()
		return err == nil && m.Type != ""
	})
}

// TestMarkdownExportEscapes: the Markdown export shows an answer's HTML as
// text, and a comment or reason with line breaks stays on its line.
func TestMarkdownExportEscapes(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	id := srv.answeredSession(t, cand, goodAnswer+"\n<img src=x onerror=alert(1)> & more")
	comment, err := json.Marshal(map[string]any{"start": 0, "end": 2, "quote": goodAnswer[:2], "body": "fine\n## Injected heading"})
	if err != nil {
		t.Fatal(err)
	}
	if status, b := coach.do(t, "POST", "/api/v1/sessions/"+id+"/turns/1/comments", string(comment)); status != http.StatusCreated {
		t.Fatalf("comment = %d %s", status, b)
	}
	if status, b := coach.do(t, "PUT", "/api/v1/sessions/"+id+"/turns/1/override", `{"overall":40,"reason":"why\n- injected item"}`); status != http.StatusOK {
		t.Fatalf("override = %d %s", status, b)
	}
	status, md := coach.do(t, "GET", "/api/v1/sessions/"+id+"/export?format=md", "")
	if status != http.StatusOK {
		t.Fatalf("export = %d", status)
	}
	if strings.Contains(string(md), "<img") {
		t.Errorf("export has the answer's raw HTML:\n%s", md)
	}
	if !strings.Contains(string(md), "> &lt;img src=x onerror=alert(1)&gt; &amp; more\n") {
		t.Errorf("export lacks the escaped answer line:\n%s", md)
	}
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "## Injected") || strings.HasPrefix(line, "- injected") {
			t.Errorf("export line %q comes from a comment or reason", line)
		}
	}
}

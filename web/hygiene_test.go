package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

// Input hygiene (issue 14): each bad input gets a clear 4xx naming what
// is wrong, never a silent rewrite or a dropped filter.

func TestHygieneScoreBodies(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	for _, tc := range []struct {
		name, body  string
		status      int
		code, field string
	}{
		{"invalid UTF-8 in the answer", "{\"question\":\"q\",\"answer\":\"caf\xe9 au lait\"}", 400, web.CodeInvalidUTF8, ""},
		{"invalid UTF-8 in a key", "{\"qu\xffestion\":\"q\",\"answer\":\"a\"}", 400, web.CodeInvalidUTF8, ""},
		{"NUL-only answer", `{"question":"q","answer":"\u0000\u0000"}`, 400, scoring.CodeInvalidCharacters, "answer"},
		{"escape character in an answer", `{"question":"q","answer":"I fixed it\u001b[31m"}`, 400, scoring.CodeInvalidCharacters, "answer"},
		{"unknown key in a talking point", `{"question":"q","answer":"a","talking_points":[{"label":"Indexes","phrase":["index"]}]}`, 400, scoring.CodeInvalidTalkingPoints, "talking_points"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := ts.do(t, "POST", "/api/v1/score", []byte(tc.body))
			wantError(t, res, tc.status, tc.code, tc.field)
		})
	}
	// The batch route refuses invalid UTF-8 too.
	res := ts.do(t, "POST", "/api/v1/score/batch", []byte("{\"items\":[{\"question\":\"q\",\"answer\":\"\xc3\x28\"}]}"))
	wantError(t, res, 400, web.CodeInvalidUTF8, "")
	// Tabs and line breaks are text, not control characters.
	res = ts.do(t, "POST", "/api/v1/score", []byte(`{"question":"q","answer":"First line.\n\tSecond line.\r\n"}`))
	if res.status != http.StatusOK {
		t.Errorf("answer with tab and newlines: status %d (%s)", res.status, res.body)
	}
}

func TestHygieneMalformedQuery(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	for _, path := range []string{"/api/v1/questions?role=%zz", "/api/v1/questions?role=backend-developer&category=%"} {
		res := ts.do(t, "GET", path, nil)
		wantError(t, res, 400, web.CodeInvalidParameter, "")
	}
	if res := ts.do(t, "GET", "/api/v1/questions?role=backend-developer", nil); res.status != 200 {
		t.Errorf("a well-formed query: status %d", res.status)
	}
}

func TestHygieneHostAllowList(t *testing.T) {
	ts := newTestServer(t, web.Config{AllowedHosts: []string{"localhost", "127.0.0.1", "::1"}}, nil)
	withHost := func(method, path, host, body string) response {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if host != "" {
			req.Host = host
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(res.Body)
		return response{status: res.StatusCode, header: res.Header, body: buf.Bytes()}
	}
	// DNS rebinding: a page on evil.example resolves its name to 127.0.0.1.
	wantError(t, withHost("GET", "/api/v1/roles", "evil.example", ""), http.StatusMisdirectedRequest, web.CodeHostNotAllowed, "Host")
	wantError(t, withHost("POST", "/api/v1/score", "evil.example:8080", `{"question":"q","answer":"a"}`), http.StatusMisdirectedRequest, web.CodeHostNotAllowed, "Host")
	for _, host := range []string{"", "localhost:8080", "LOCALHOST", "[::1]:8080"} {
		if res := withHost("GET", "/api/v1/roles", host, ""); res.status != 200 {
			t.Errorf("Host %q: status %d (%s)", host, res.status, res.body)
		}
	}
}

func TestHygieneSessionsAndShares(t *testing.T) {
	s := newAccountServer(t)
	g := s.newGuest(t)
	status, b := g.do(t, "POST", "/api/v1/sessions", `{"role":"backend-developer","count":0}`)
	if status != 400 || !strings.Contains(string(b), `"field":"count"`) {
		t.Errorf("count 0: status %d (%s); want 400 naming count", status, b)
	}
	status, b = g.do(t, "POST", "/api/v1/sessions", `{"role":"backend-developer","count":2}`)
	if status != http.StatusCreated {
		t.Fatalf("create: status %d (%s)", status, b)
	}
	var created struct{ ID string }
	if err := json.Unmarshal(b, &created); err != nil {
		t.Fatal(err)
	}
	g.signup(t, "hygiene@example.com", "")

	// Shares: a body must be JSON; an hour count past the maximum, even one
	// that overflows when turned into a duration, is refused.
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/sessions/"+created.ID+"/shares", strings.NewReader("expires_in_hours=5"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.URL)
	res, err := g.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("form body on shares: status %d; want 415", res.StatusCode)
	}
	for _, hours := range []string{"0", "100000", "9223372036854775807", "-5"} {
		status, b := g.do(t, "POST", "/api/v1/sessions/"+created.ID+"/shares", `{"expires_in_hours":`+hours+`}`)
		if status != 400 || !bytes.Contains(b, []byte(`"field":"expires_in_hours"`)) {
			t.Errorf("expires_in_hours %s: status %d (%s); want 400", hours, status, b)
		}
	}
	if status, b := g.do(t, "POST", "/api/v1/sessions/"+created.ID+"/shares", ""); status != http.StatusCreated {
		t.Errorf("share with no body: status %d (%s)", status, b)
	}

	// Team names: no control characters.
	coach, _ := s.addUser(t, "coach-hygiene@example.com", interview.RoleCoach)
	status, b = coach.do(t, "POST", "/api/v1/teams", `{"name":"Cohort\u0000 A"}`)
	if status != 400 || !bytes.Contains(b, []byte(`"field":"name"`)) {
		t.Errorf("team name with NUL: status %d (%s); want 400 naming name", status, b)
	}

	// min_score=NaN is not a number from 0 to 100.
	for _, q := range []string{"min_score=NaN", "max_score=nan", "min_score=Inf"} {
		status, b := coach.do(t, "GET", "/api/v1/review/sessions?"+q, "")
		if status != 400 {
			t.Errorf("%s: status %d (%s); want 400", q, status, b)
		}
	}
}

// TestMarkdownExportLinksInert: links, images and bare addresses in an
// answer stay text in the Markdown export.
func TestMarkdownExportLinksInert(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach-md@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand-md@example.com", team.Invite)
	id := srv.answeredSession(t, cand, goodAnswer+"\nSee [my notes](https://evil.example/steal) and ![chart](https://evil.example/pixel.png) or www.evil.example/x")
	status, md := coach.do(t, "GET", "/api/v1/sessions/"+id+"/export?format=md", "")
	if status != http.StatusOK {
		t.Fatalf("export = %d", status)
	}
	want := "> See \\[my notes\\](`https://evil.example/steal)` and !\\[chart\\](`https://evil.example/pixel.png)` or `www.evil.example/x`\n"
	if !strings.Contains(string(md), want) {
		t.Errorf("export lacks the inert answer line %q:\n%s", want, md)
	}
	if strings.Contains(string(md), "[my notes](") || strings.Contains(string(md), "![chart](") {
		t.Errorf("export keeps a live link or image:\n%s", md)
	}
}

// TestKeyScopes: a key made for scoring scores, but does not create, read,
// watch or share interviews; a key with the sessions scope does.
func TestKeyScopes(t *testing.T) {
	s := newLiveServer(t, web.HubConfig{})
	id, key, hash, err := web.NewAPIKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ts.store.CreateAPIKey(context.Background(), id, "scorer", hash, web.DefaultScopes); err != nil {
		t.Fatal(err)
	}
	g := s.newGuest(t)
	g.header.Set("Authorization", "Bearer "+key)
	if status, b := g.do(t, "POST", "/api/v1/score", `{"question":"q","answer":"I added an index."}`); status != 200 {
		t.Errorf("score with a score key: %d %s", status, b)
	}
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/api/v1/sessions", `{"role":"backend-developer","count":1}`},
		{"GET", "/api/v1/sessions", ""},
		{"GET", "/api/v1/review/sessions", ""},
	} {
		status, b := g.do(t, r.method, r.path, r.body)
		if status != http.StatusForbidden || !bytes.Contains(b, []byte(web.CodeInsufficientScope)) {
			t.Errorf("%s %s with a score-only key: %d %s; want 403 %s", r.method, r.path, status, b, web.CodeInsufficientScope)
		}
	}
	// Both scopes: sessions work.
	_, both := s.ts.createKey(t, "both")
	g.header.Set("Authorization", "Bearer "+both)
	if status, b := g.do(t, "POST", "/api/v1/sessions", `{"role":"backend-developer","count":1}`); status != http.StatusCreated {
		t.Errorf("create with a sessions key: %d %s", status, b)
	}
	if _, err := web.ParseScopes("score,admin"); err == nil {
		t.Error("ParseScopes accepted an unknown scope")
	}
	if got, err := web.ParseScopes(" sessions , score"); err != nil || got != "score,sessions" {
		t.Errorf("ParseScopes = %q, %v", got, err)
	}
}

// TestSessionsScopeReview: GET /api/v1/sessions lists the caller's own
// sessions; ?scope=review the ones a coach reviews (the review list).
func TestSessionsScopeReview(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach-scope@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand-scope@example.com", team.Invite)
	id := srv.answeredSession(t, cand, goodAnswer)

	_, own := coach.do(t, "GET", "/api/v1/sessions", "")
	if bytes.Contains(own, []byte(id)) {
		t.Errorf("the coach's own list holds the candidate's session: %s", own)
	}
	status, review := coach.do(t, "GET", "/api/v1/sessions?scope=review&sort=-created", "")
	if status != 200 || !bytes.Contains(review, []byte(id)) || !bytes.Contains(review, []byte("cand-scope@example.com")) {
		t.Errorf("scope=review: %d %s; want the candidate's session", status, review)
	}
	_, mine := cand.do(t, "GET", "/api/v1/sessions", "")
	if !bytes.Contains(mine, []byte(id)) {
		t.Errorf("the candidate's own list lacks the session: %s", mine)
	}
	if status, b := coach.do(t, "GET", "/api/v1/sessions?scope=everyone", ""); status != 400 || !bytes.Contains(b, []byte(`"field":"scope"`)) {
		t.Errorf("scope=everyone: %d %s; want 400 naming scope", status, b)
	}
}

package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/web"
)

// accountClock is the server's clock in account tests: real time plus an
// offset the test moves forward (sign-in expiry).
type accountClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *accountClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *accountClock) advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// accountServer is a real server with accounts and review on one SQLite
// file, the real engine, scorer and hub.
type accountServer struct {
	*liveServer
	clock  *accountClock
	resets *web.ResetQueue
}

func newAccountServer(t *testing.T) *accountServer {
	t.Helper()
	return newAccountServerLogging(t, nil)
}

// newAccountServerLogging is newAccountServer with the server's log going
// to logger (password reset links are written there).
func newAccountServerLogging(t *testing.T, logger *slog.Logger) *accountServer {
	t.Helper()
	return newAccountServerWith(t, logger, nil)
}

// newAccountServerWith is newAccountServerLogging with the account store
// the server is given wrapped by accounts (when not nil), for tests that
// watch or hold up its calls.
func newAccountServerWith(t *testing.T, logger *slog.Logger, accounts func(web.AccountStore) web.AccountStore) *accountServer {
	t.Helper()
	store := openStore(t)
	bank := testBank(t)
	scorer := scoring.New(bank)
	clock := &accountClock{}
	engine := interview.New(store, bank, scorer, interview.WithRecordings(store))
	hub := web.NewHub(web.HubConfig{})
	resets := web.NewResetQueue(0, logger)
	var acct web.AccountStore = store
	if accounts != nil {
		acct = accounts(store)
	}
	s, err := web.New(web.Config{}, web.Deps{
		Bank: bank, Scorer: scorer, Keys: sqliteStores{store}, Idempotency: sqliteStores{store}, Ready: store,
		Sessions: engine, Hub: hub, Now: clock.now, Logger: logger,
		Accounts: acct, Resets: resets, Reviews: interview.NewReviews(store, store, clock.now),
		Speech: speech.NewService(&fakeSTT{text: spokenAnswer, silenceAt: 20}, speech.Limits{}), Recordings: engine,
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Close()
		if err := resets.Close(ctx); err != nil {
			t.Errorf("resets.Close: %v", err)
		}
		if err := hub.Close(ctx); err != nil {
			t.Errorf("hub.Close: %v", err)
		}
		if err := engine.Close(ctx); err != nil {
			t.Errorf("engine.Close: %v", err)
		}
	})
	return &accountServer{
		liveServer: &liveServer{Server: srv, engine: engine, hub: hub, ts: &testServer{Server: srv, web: s, store: store, bank: bank}},
		clock:      clock,
		resets:     resets,
	}
}

const testPassword = "correct horse battery"

// addUser stores an account (coaches and admins are made this way, as by
// "mockinterview users add") and returns a browser signed in as it.
func (s *accountServer) addUser(t *testing.T, email string, role interview.Role) (*guest, interview.User) {
	t.Helper()
	hash, err := web.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := interview.User{ID: web.NewUserID(), Email: email, Role: role, PasswordHash: hash, CreatedAt: time.Now().UTC()}
	if err := s.ts.store.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	g := s.newGuest(t)
	g.login(t, email)
	return g, u
}

func (g *guest) login(t *testing.T, email string) {
	t.Helper()
	status, b := g.do(t, "POST", "/api/v1/auth/login", `{"email":"`+email+`","password":"`+testPassword+`"}`)
	if status != http.StatusOK {
		t.Fatalf("login %s: status %d (body %s)", email, status, b)
	}
}

// signup makes a candidate account in this browser.
func (g *guest) signup(t *testing.T, email, invite string) web.AuthResponse {
	t.Helper()
	body := `{"email":"` + email + `","password":"` + testPassword + `"`
	if invite != "" {
		body += `,"invite":"` + invite + `"`
	}
	status, b := g.do(t, "POST", "/api/v1/auth/signup", body+"}")
	if status != http.StatusCreated {
		t.Fatalf("signup %s: status %d (body %s)", email, status, b)
	}
	var out web.AuthResponse
	if err := decodeStrict(b, &out); err != nil {
		t.Fatalf("signup answer %s: %v", b, err)
	}
	return out
}

func (g *guest) cookie(name string) *http.Cookie {
	req, _ := http.NewRequest("GET", g.srv.URL+"/", nil)
	for _, c := range g.jar.Cookies(req.URL) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (g *guest) createTeam(t *testing.T, name string) web.TeamView {
	t.Helper()
	status, b := g.do(t, "POST", "/api/v1/teams", `{"name":"`+name+`"}`)
	if status != http.StatusCreated {
		t.Fatalf("create team: status %d (body %s)", status, b)
	}
	var team web.TeamView
	if err := decodeStrict(b, &team); err != nil {
		t.Fatalf("team %s: %v", b, err)
	}
	return team
}

// answeredSession makes a one-question session of g and answers it through
// the engine, waiting for the score.
func (s *accountServer) answeredSession(t *testing.T, g *guest, answer string) string {
	t.Helper()
	created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"mode":"exam"}`)
	ctx := context.Background()
	if err := s.engine.Start(ctx, created.ID); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := s.engine.Answer(ctx, created.ID, 1, answer); err != nil {
		t.Fatalf("Answer: %v", err)
	}
	if err := s.engine.End(ctx, created.ID); err != nil {
		t.Fatalf("End: %v", err)
	}
	waitFor(t, "the session to finish", func() bool {
		sess, err := s.engine.Session(ctx, created.ID)
		return err == nil && sess.State == interview.StateFinished
	})
	return created.ID
}

func TestAccountsSignupLoginLogout(t *testing.T) {
	srv := newAccountServer(t)
	ann := srv.newGuest(t)

	// As a guest first: the interview becomes hers when she signs up.
	guestSession := ann.createSession(t, `{"role":"backend-developer","count":1}`)
	out := ann.signup(t, "  Ann@Example.com ", "")
	if out.User.Email != "ann@example.com" || out.User.Role != interview.RoleCandidate || out.Claimed != 1 {
		t.Errorf("signup = %+v; want candidate ann@example.com who claimed 1 guest interview", out)
	}
	if ck := ann.cookie("mi_session"); ck == nil || len(ck.Value) != 43 {
		t.Fatalf("no mi_session cookie of 256 bits: %v", ck)
	}
	if tr := ann.transcript(t, guestSession.ID); tr.ID != guestSession.ID {
		t.Errorf("the guest interview is not readable after signup")
	}
	status, b := ann.do(t, "GET", "/api/v1/sessions", "")
	if status != 200 || !strings.Contains(string(b), guestSession.ID) {
		t.Errorf("GET /api/v1/sessions after signup = %d %s; want the claimed interview", status, b)
	}

	t.Run("cookie attributes", func(t *testing.T) {
		res := srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"ann@example.com","password":"`+testPassword+`"}`))
		set := res.header.Get("Set-Cookie")
		for _, want := range []string{"mi_session=", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800"} {
			if !strings.Contains(set, want) {
				t.Errorf("Set-Cookie %q lacks %s", set, want)
			}
		}
		if strings.Contains(set, "Secure") {
			t.Errorf("Set-Cookie %q is Secure without TLS", set)
		}
		tls := srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"ann@example.com","password":"`+testPassword+`"}`),
			"X-Forwarded-Proto", "https")
		if set := tls.header.Get("Set-Cookie"); !strings.Contains(set, "Secure") {
			t.Errorf("Set-Cookie over HTTPS %q is not Secure", set)
		}
	})

	t.Run("errors", func(t *testing.T) {
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(`{"email":"ANN@example.com","password":"another password"}`)),
			409, web.CodeEmailTaken, "email")
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(`{"email":"bob@example.com","password":"short"}`)),
			400, web.CodeInvalidField, "password")
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(`{"email":"not-an-email","password":"long enough"}`)),
			400, web.CodeInvalidField, "email")
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(`{"email":"bob@example.com","password":"long enough","invite":"nope"}`)),
			404, web.CodeNotFound, "invite")
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"ann@example.com","password":"wrong password"}`)),
			401, web.CodeInvalidCredentials, "")
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"nobody@example.com","password":"wrong password"}`)),
			401, web.CodeInvalidCredentials, "")
		wantError(t, srv.ts.do(t, "GET", "/api/v1/auth/me", nil), 401, web.CodeNotSignedIn, "")
	})

	status, b = ann.do(t, "GET", "/api/v1/auth/me", "")
	var me web.MeResponse
	if status != 200 || json.Unmarshal(b, &me) != nil || me.User.Email != "ann@example.com" {
		t.Fatalf("GET /api/v1/auth/me = %d %s", status, b)
	}

	if status, b := ann.do(t, "POST", "/api/v1/auth/logout", ""); status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", status, b)
	}
	if status, _ := ann.do(t, "GET", "/api/v1/auth/me", ""); status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/auth/me after logout = %d; want 401", status)
	}
	if status, _ := ann.do(t, "GET", "/api/v1/sessions/"+guestSession.ID, ""); status != http.StatusNotFound {
		t.Errorf("the interview after logout = %d; want 404 (the browser is a stranger again)", status)
	}
}

func TestAccountsLoginRateLimit(t *testing.T) {
	srv := newAccountServer(t)
	srv.addUser(t, "cy@example.com", interview.RoleCoach)
	for i := range web.LoginMaxFailures {
		res := srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"cy@example.com","password":"guess number `+string(rune('a'+i))+`"}`))
		if res.status != http.StatusUnauthorized {
			t.Fatalf("failed login %d: status %d; want 401", i+1, res.status)
		}
	}
	right := []byte(`{"email":"cy@example.com","password":"` + testPassword + `"}`)
	res := srv.ts.do(t, "POST", "/api/v1/auth/login", right)
	wantError(t, res, http.StatusTooManyRequests, web.CodeRateLimited, "")
	if res.header.Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	// Another email from the same address is not held back, and the
	// window passes.
	if res := srv.ts.do(t, "POST", "/api/v1/auth/login", []byte(`{"email":"other@example.com","password":"whatever it is"}`)); res.status != 401 {
		t.Errorf("login of another email = %d; want 401", res.status)
	}
	srv.clock.advance(web.LoginWindow + time.Second)
	if res := srv.ts.do(t, "POST", "/api/v1/auth/login", right); res.status != http.StatusOK {
		t.Errorf("login after the window = %d %s; want 200", res.status, res.body)
	}
}

func TestAccountsCrossOrigin(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "cy@example.com", interview.RoleCoach)
	_, key := srv.ts.createKey(t, "script")
	for _, c := range []struct {
		name    string
		headers http.Header
		status  int
	}{
		{"same origin", http.Header{"Origin": {srv.URL}, "Sec-Fetch-Site": {"same-origin"}}, http.StatusCreated},
		{"no browser headers", http.Header{}, http.StatusCreated},
		{"cross-site fetch", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"foreign origin", http.Header{"Origin": {"http://evil.example"}}, http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			coach.header = c.headers
			status, b := coach.do(t, "POST", "/api/v1/teams", `{"name":"T"}`)
			if status != c.status {
				t.Errorf("POST /api/v1/teams = %d %s; want %d", status, b, c.status)
			}
			if status == 403 && !strings.Contains(string(b), web.CodeCrossOrigin) {
				t.Errorf("403 body %s; want code %s", b, web.CodeCrossOrigin)
			}
		})
	}
	// A guest's cookie is a credential too; an API key is not ambient.
	g := srv.newGuest(t)
	g.header = http.Header{"Origin": {"http://evil.example"}}
	if status, _ := g.do(t, "POST", "/api/v1/sessions", `{"role":"backend-developer"}`); status != http.StatusForbidden {
		t.Errorf("cross-origin guest POST /api/v1/sessions = %d; want 403", status)
	}
	g.header.Set("Authorization", "Bearer "+key)
	if status, _ := g.do(t, "POST", "/api/v1/sessions", `{"role":"backend-developer"}`); status != http.StatusCreated {
		t.Errorf("cross-origin POST with an API key = %d; want 201", status)
	}
}

// TestAccountsEndEverywhere: logout closes the websockets the sign-in
// opened, and an expired sign-in is refused.
func TestAccountsEndEverywhere(t *testing.T) {
	srv := newAccountServer(t)
	ann := srv.newGuest(t)
	ann.signup(t, "ann@example.com", "")
	created := ann.createSession(t, `{"role":"backend-developer","count":1}`)
	live := ann.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	if status, _ := ann.do(t, "POST", "/api/v1/auth/logout", ""); status != http.StatusNoContent {
		t.Fatalf("logout = %d", status)
	}
	if code := live.closeCode(); code != websocket.ClosePolicyViolation {
		t.Errorf("the websocket closed with %d after logout; want %d", code, websocket.ClosePolicyViolation)
	}

	ann.login(t, "ann@example.com")
	if status, _ := ann.do(t, "GET", "/api/v1/auth/me", ""); status != 200 {
		t.Fatalf("me after login = %d", status)
	}
	srv.clock.advance(web.AuthSessionTTL + time.Minute)
	if status, _ := ann.do(t, "GET", "/api/v1/auth/me", ""); status != http.StatusUnauthorized {
		t.Errorf("me after the sign-in expired = %d; want 401", status)
	}
}

// TestCoachReviewAPI walks the review over the API: a team, an interview,
// comments, overrides, exports and share links.
func TestCoachReviewAPI(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "cy@example.com", interview.RoleCoach)
	otherCoach, _ := srv.addUser(t, "di@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "Backend cohort")
	if !strings.HasPrefix(team.InviteLink, "/join/") || team.Invite == "" {
		t.Fatalf("team %+v has no invite link", team)
	}
	ann := srv.newGuest(t)
	out := ann.signup(t, "ann@example.com", team.Invite)
	if out.Team == nil || out.Team.TeamID != team.ID {
		t.Fatalf("signup with the invite = %+v; want a member of %s", out, team.ID)
	}
	id := srv.answeredSession(t, ann, browserAnswer)

	// The coach finds it with filters.
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"", true}, {"?candidate=ANN", true}, {"?candidate=bob", false}, {"?role=backend-developer&category=behavioral", true},
		{"?category=technical", false}, {"?min_score=0&max_score=100&sort=-score", true}, {"?from=2000-01-01&to=2000-01-02", false},
	} {
		status, b := coach.do(t, "GET", "/api/v1/review/sessions"+c.query, "")
		if status != 200 || strings.Contains(string(b), id) != c.want {
			t.Errorf("GET /api/v1/review/sessions%s = %d %s; want listed %v", c.query, status, b, c.want)
		}
	}
	if status, b := otherCoach.do(t, "GET", "/api/v1/review/sessions", ""); status != 200 || strings.Contains(string(b), id) {
		t.Errorf("the other coach's list = %d %s; want without %s", status, b, id)
	}
	wantError(t, srv.ts.do(t, "GET", "/api/v1/review/sessions?sort=sideways", nil), 400, web.CodeInvalidParameter, "sort")
	wantError(t, srv.ts.do(t, "GET", "/api/v1/review/sessions?min_score=200", nil), 400, web.CodeInvalidParameter, "min_score")

	tr := coach.transcript(t, id)
	answer := tr.Turns[0].Answer
	start := strings.Index(answer, "My task")
	end := start + len("My task was to bring p99 latency under 300 ms")
	comment := `{"start":` + itoa(start) + `,"end":` + itoa(end) + `,"quote":` + quoteJSON(answer[start:end]) + `,"body":"Say how you measured it."}`
	path := "/api/v1/sessions/" + id + "/turns/1/"
	if status, b := coach.do(t, "POST", path+"comments", comment); status != http.StatusCreated {
		t.Fatalf("comment: %d %s", status, b)
	}
	if status, b := coach.do(t, "POST", path+"comments", `{"start":12,"end":13,"body":"splits ô"}`); status != 400 {
		t.Errorf("a comment cutting a character = %d %s; want 400", status, b)
	}
	if status, _ := ann.do(t, "POST", path+"comments", comment); status != http.StatusForbidden {
		t.Errorf("the candidate commenting = %d; want 403", status)
	}
	if status, _ := otherCoach.do(t, "POST", path+"comments", comment); status != http.StatusNotFound {
		t.Errorf("another coach commenting = %d; want 404", status)
	}
	if status, b := coach.do(t, "PUT", path+"override", `{"overall":88,"reason":"Strong, measured result."}`); status != 200 {
		t.Fatalf("override: %d %s", status, b)
	}
	if status, _ := coach.do(t, "PUT", path+"override", `{"overall":88}`); status != 400 {
		t.Errorf("an override without a reason = %d; want 400", status)
	}
	if status, _ := coach.do(t, "PUT", "/api/v1/sessions/"+id+"/turns/9/override", `{"overall":50,"reason":"x"}`); status != http.StatusConflict {
		t.Errorf("an override of a turn not asked = %d; want 409", status)
	}

	status, b := ann.do(t, "GET", "/api/v1/sessions/"+id+"/review", "")
	var rev web.ReviewView
	if status != 200 || decodeStrict(b, &rev) != nil {
		t.Fatalf("the candidate reads the review: %d %s", status, b)
	}
	if len(rev.Comments) != 1 || rev.Comments[0].Quote != answer[start:end] || len(rev.Overrides) != 1 ||
		len(rev.Effective) != 1 || rev.Effective[0].Overall == nil || *rev.Effective[0].Overall != 88 || !rev.Effective[0].Overridden ||
		rev.Effective[0].Original == nil || *rev.Effective[0].Original != tr.Turns[0].Score.Overall {
		t.Errorf("review = %+v; want the comment and the override to 88 over the engine's %d", rev, tr.Turns[0].Score.Overall)
	}

	t.Run("exports", func(t *testing.T) {
		md := coach.getExport(t, id, "md", "text/markdown")
		for _, want := range []string{"# Mock interview: Backend Developer", "Effective score: 88", "Say how you measured it.", "Strong, measured result."} {
			if !strings.Contains(md, want) {
				t.Errorf("Markdown export lacks %q:\n%s", want, md)
			}
		}
		var js web.ExportJSON
		if err := json.Unmarshal([]byte(coach.getExport(t, id, "json", "application/json")), &js); err != nil ||
			js.Transcript.ID != id || len(js.Review.Comments) != 1 {
			t.Errorf("JSON export = %+v, %v", js, err)
		}
		rows, err := csv.NewReader(strings.NewReader(coach.getExport(t, id, "csv", "text/csv"))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][11] != "88" || rows[1][6] != answer {
			t.Errorf("CSV export = %q, %v; want a header and one row with the effective score 88 and the answer", rows, err)
		}
		if status, _ := coach.do(t, "GET", "/api/v1/sessions/"+id+"/export?format=pdf", ""); status != 400 {
			t.Errorf("export as pdf = %d; want 400", status)
		}
		if status, _ := otherCoach.do(t, "GET", "/api/v1/sessions/"+id+"/export?format=md", ""); status != 404 {
			t.Errorf("another coach's export = %d; want 404", status)
		}
	})

	t.Run("share links", func(t *testing.T) {
		if status, _ := coach.do(t, "POST", "/api/v1/sessions/"+id+"/shares", ""); status != http.StatusForbidden {
			t.Errorf("the coach sharing = %d; want 403 (the candidate shares)", status)
		}
		status, b := ann.do(t, "POST", "/api/v1/sessions/"+id+"/shares", `{"expires_in_hours":2}`)
		var share web.ShareCreated
		if status != http.StatusCreated || decodeStrict(b, &share) != nil || !strings.HasPrefix(share.URL, "/s/") {
			t.Fatalf("share: %d %s", status, b)
		}
		stranger := srv.newGuest(t)
		status, b = stranger.do(t, "GET", share.APIURL, "")
		var shared web.SharedTranscript
		if status != 200 || decodeStrict(b, &shared) != nil || shared.Transcript.ID != id || *shared.Effective[0].Overall != 88 {
			t.Errorf("the shared interview = %d %s", status, b)
		}
		if status, b := stranger.do(t, "GET", share.URL, ""); status != 200 || !strings.Contains(string(b), "shared read-only") || strings.Contains(string(b), "Say how you measured it.") {
			t.Errorf("the shared page = %d; want the transcript without the coach's comments:\n%s", status, b)
		}
		token := strings.TrimPrefix(share.URL, "/s/")
		if status, _ := stranger.do(t, "DELETE", "/api/v1/shares/"+token, ""); status != 404 {
			t.Errorf("a stranger revoking = %d; want 404", status)
		}
		srv.clock.advance(3 * time.Hour)
		if status, _ := stranger.do(t, "GET", share.APIURL, ""); status != 404 {
			t.Errorf("an expired share = %d; want 404", status)
		}
		status, b = ann.do(t, "POST", "/api/v1/sessions/"+id+"/shares", "")
		if status != 201 || decodeStrict(b, &share) != nil {
			t.Fatalf("share again: %d %s", status, b)
		}
		token = strings.TrimPrefix(share.URL, "/s/")
		if status, _ := ann.do(t, "DELETE", "/api/v1/shares/"+token, ""); status != http.StatusNoContent {
			t.Errorf("revoke = %d; want 204", status)
		}
		if status, _ := stranger.do(t, "GET", share.APIURL, ""); status != 404 {
			t.Errorf("a revoked share = %d; want 404", status)
		}
	})

	t.Run("progress", func(t *testing.T) {
		status, b := coach.do(t, "GET", "/api/v1/users/"+out.User.ID+"/progress", "")
		var p web.ProgressView
		if status != 200 || decodeStrict(b, &p) != nil || p.Progress.Sessions != 1 || p.Progress.Overall[0].Value != 88 {
			t.Errorf("progress = %d %s; want one session at 88 (the override)", status, b)
		}
		if status, _ := otherCoach.do(t, "GET", "/api/v1/users/"+out.User.ID+"/progress", ""); status != 404 {
			t.Errorf("another coach's view of the progress = %d; want 404", status)
		}
		page := coach.page(t, "/coach/candidates/"+out.User.ID)
		if !strings.Contains(page, "<svg") || !strings.Contains(page, `data-value="88.0"`) {
			t.Errorf("the progress page has no chart with the point 88")
		}
	})

	t.Run("leaving", func(t *testing.T) {
		if status, _ := ann.do(t, "POST", "/api/v1/teams/"+team.ID+"/leave", ""); status != http.StatusNoContent {
			t.Fatalf("leave = %d", status)
		}
		if status, _ := coach.do(t, "GET", "/api/v1/sessions/"+id, ""); status != 404 {
			t.Errorf("the coach reads the interview after the candidate left = %d; want 404", status)
		}
		if status, _ := ann.do(t, "POST", "/api/v1/teams/"+team.ID+"/leave", ""); status != 404 {
			t.Errorf("leaving twice = %d; want 404", status)
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (g *guest) getExport(t *testing.T, id, format, contentType string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", g.srv.URL+"/api/v1/sessions/"+id+"/export?format="+format, nil)
	res, err := g.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), contentType) ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export %s = %d %s %q", format, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	return string(b)
}

// page gets an HTML page, failing unless it is 200.
func (g *guest) page(t *testing.T, path string) string {
	t.Helper()
	status, b := g.do(t, "GET", path, "")
	if status != 200 {
		t.Fatalf("GET %s = %d\n%s", path, status, b)
	}
	return string(b)
}

func TestAnswerSegments(t *testing.T) {
	// The highlight segments of the transcript page cover the answer
	// exactly, in order, on character boundaries.
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "cy@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	ann := srv.newGuest(t)
	ann.signup(t, "ann@example.com", team.Invite)
	id := srv.answeredSession(t, ann, browserAnswer)
	page := coach.page(t, "/coach/sessions/"+id)
	for _, want := range []string{`data-label="action"`, `data-label="result"`, `class="comment-form`, `class="override-form`, "Engine score"} {
		if !strings.Contains(page, want) {
			t.Errorf("the transcript page lacks %s", want)
		}
	}
	if strings.Contains(ann.page(t, "/coach/sessions/"+id), `class="override-form`) {
		t.Errorf("the candidate's view of the transcript has the override form")
	}
}

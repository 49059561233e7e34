package web_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// The authorization matrix: every route of routes.go, asked by each kind
// of caller (candidate, coach, admin, guest, API key, nobody) about a
// session of their own, one shared with their team and one of someone
// else, must answer what docs/accounts.md says. A route missing from the
// table fails the test, so a new route cannot skip authorization.

// access is what a caller may do with a session, as the test expects it.
type access int

const (
	none access = iota
	owner
	reviewer
)

// actor is a caller of the matrix with the session of each relation.
type actor struct {
	name     string
	role     interview.Role // "" for guests, keys and nobody
	client   *guest
	sessions map[string]string // relation -> session id
	expect   map[string]access // relation -> what it may do
}

func (a *actor) signedIn() bool { return a.role != "" }

// clone is a browser with the same cookies and headers (for requests that
// change the cookies, like login).
func (a *actor) clone(t *testing.T) *guest {
	jar, _ := cookiejar.New(nil)
	g := &guest{srv: a.client.srv, jar: jar, client: &http.Client{Jar: jar}, header: a.client.header.Clone()}
	req, _ := http.NewRequest("GET", a.client.srv.URL+"/", nil)
	// Without the guest cookie: signing in from it would claim the
	// guest's interviews, and change the world the matrix asks about.
	var cookies []*http.Cookie
	for _, c := range a.client.jar.Cookies(req.URL) {
		if c.Name != "mi_guest" {
			cookies = append(cookies, c)
		}
	}
	jar.SetCookies(req.URL, cookies)
	g.client.CheckRedirect = a.client.client.CheckRedirect
	return g
}

// world is the server and its callers.
type world struct {
	srv        *accountServer
	actors     []*actor
	teamID     string // coach X's team, where candidates A and B are
	joinInvite string // another team of coach X, to join
	leaveTeam  string // a team every candidate is in, to leave
	candA      interview.User
	users      int
}

func newWorld(t *testing.T) *world {
	srv := newAccountServer(t)
	w := &world{srv: srv}
	coachX, _ := srv.addUser(t, "coach-x@example.com", interview.RoleCoach)
	coachY, _ := srv.addUser(t, "coach-y@example.com", interview.RoleCoach)
	admin, _ := srv.addUser(t, "admin@example.com", interview.RoleAdmin)
	team := coachX.createTeam(t, "X team")
	w.teamID = team.ID
	w.joinInvite = coachX.createTeam(t, "to join").Invite
	leave := coachX.createTeam(t, "to leave")
	w.leaveTeam = leave.ID
	candA := srv.newGuest(t)
	w.candA = interview.User{ID: candA.signup(t, "cand-a@example.com", team.Invite).User.ID}
	candB := srv.newGuest(t)
	candB.signup(t, "cand-b@example.com", team.Invite)
	for _, c := range []*guest{candA, candB} {
		if status, b := c.do(t, "POST", "/api/v1/teams/join", `{"invite":"`+leave.Invite+`"}`); status != 200 {
			t.Fatalf("join: %d %s", status, b)
		}
	}
	guestBrowser := srv.newGuest(t)
	_, key := srv.ts.createKey(t, "matrix")
	keyClient := srv.newGuest(t)
	keyClient.header.Set("Authorization", "Bearer "+key)
	nobody := srv.newGuest(t)

	// One answered interview each, all created after the candidates joined.
	sess := map[string]string{}
	for name, g := range map[string]*guest{"A": candA, "B": candB, "X": coachX, "Y": coachY, "admin": admin, "guest": guestBrowser, "key": keyClient} {
		sess[name] = srv.answeredSession(t, g, browserAnswer)
	}
	w.actors = []*actor{
		{name: "candidate", role: interview.RoleCandidate, client: candA,
			sessions: map[string]string{"own": sess["A"], "team": sess["B"], "other": sess["guest"]},
			expect:   map[string]access{"own": owner, "team": none, "other": none}},
		{name: "coach", role: interview.RoleCoach, client: coachX,
			sessions: map[string]string{"own": sess["X"], "team": sess["A"], "other": sess["guest"]},
			expect:   map[string]access{"own": owner, "team": reviewer, "other": none}},
		{name: "other coach", role: interview.RoleCoach, client: coachY,
			sessions: map[string]string{"own": sess["Y"], "team": sess["A"], "other": sess["B"]},
			expect:   map[string]access{"own": owner, "team": none, "other": none}},
		{name: "admin", role: interview.RoleAdmin, client: admin,
			sessions: map[string]string{"own": sess["admin"], "team": sess["A"], "other": sess["guest"]},
			expect:   map[string]access{"own": owner, "team": reviewer, "other": reviewer}},
		{name: "guest", client: guestBrowser,
			sessions: map[string]string{"own": sess["guest"], "team": sess["A"], "other": sess["B"]},
			expect:   map[string]access{"own": owner, "team": none, "other": none}},
		{name: "api key", client: keyClient,
			sessions: map[string]string{"own": sess["key"], "team": sess["A"], "other": sess["guest"]},
			expect:   map[string]access{"own": owner, "team": none, "other": none}},
		{name: "nobody", client: nobody,
			sessions: map[string]string{"team": sess["A"], "other": sess["guest"]},
			expect:   map[string]access{"team": none, "other": none}},
	}
	return w
}

// resetToken makes an account and a password reset link for it, as
// "Forgot password?" would, and returns the link's token.
func (w *world) resetToken(t *testing.T) string {
	t.Helper()
	w.users++
	hash, err := web.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := interview.User{ID: web.NewUserID(), Email: fmt.Sprintf("reset-%d@example.com", w.users), Role: interview.RoleCandidate,
		PasswordHash: hash, CreatedAt: time.Now().UTC()}
	if err := w.srv.ts.store.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	token, r := web.NewPasswordReset(u.ID, time.Now())
	if err := w.srv.ts.store.CreatePasswordReset(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return token
}

// share makes a share link of session id (as its owner would) and returns
// its token.
func (w *world) share(t *testing.T, id string) string {
	t.Helper()
	sess, err := w.srv.engine.Session(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var b [32]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(token))
	now := time.Now().UTC()
	if err := w.srv.ts.store.CreateShare(context.Background(), interview.ShareLink{TokenHash: hex.EncodeToString(sum[:]), SessionID: id,
		CreatedBy: sess.Owner, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return token
}

// recorded stores a recording of turn 1 of session id, as an upload
// during the interview would have.
func (w *world) recorded(t *testing.T, id string) {
	t.Helper()
	err := w.srv.ts.store.SaveRecording(context.Background(), interview.Recording{SessionID: id, Turn: 1,
		Audio: testWAV(1, 16000), DurationMS: 1000, CreatedAt: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
}

// matrixRoute is how one route is called and what it must answer.
type matrixRoute struct {
	// relations: the route is about a session, asked for each relation;
	// otherwise it is asked once per caller.
	session bool
	call    func(t *testing.T, w *world, a *actor, id string) (int, []byte)
	want    func(a *actor, acc access) int
}

func req(method, path, body string) func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
	return func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
		return a.client.do(t, method, strings.ReplaceAll(path, "{id}", id), body)
	}
}

func always(status int) func(*actor, access) int { return func(*actor, access) int { return status } }

// bySession answers ok to the owner (and reviewers when readers), 404 to
// the rest.
func byAccess(own, review, rest int) func(*actor, access) int {
	return func(_ *actor, acc access) int {
		switch acc {
		case owner:
			return own
		case reviewer:
			return review
		}
		return rest
	}
}

func byRole(signedOut int, roles map[interview.Role]int) func(*actor, access) int {
	return func(a *actor, _ access) int {
		if !a.signedIn() {
			return signedOut
		}
		return roles[a.role]
	}
}

var allRoles = func(status int) map[interview.Role]int {
	return map[interview.Role]int{interview.RoleCandidate: status, interview.RoleCoach: status, interview.RoleAdmin: status}
}

// pageAccess: pages need a sign-in (else a redirect to the login page).
func pageAccess(read int) func(*actor, access) int {
	return func(a *actor, acc access) int {
		if !a.signedIn() {
			return http.StatusSeeOther
		}
		if acc == none {
			return http.StatusNotFound
		}
		return read
	}
}

func matrixRoutes() map[string]matrixRoute {
	comment := `{"start":0,"end":2,"quote":"In","body":"matrix"}`
	return map[string]matrixRoute{
		"GET /healthz":              {call: req("GET", "/healthz", ""), want: always(200)},
		"GET /readyz":               {call: req("GET", "/readyz", ""), want: always(200)},
		"GET /metrics":              {call: req("GET", "/metrics", ""), want: always(200)},
		"GET /api/v1/openapi.json":  {call: req("GET", "/api/v1/openapi.json", ""), want: always(200)},
		"GET /api/v1/roles":         {call: req("GET", "/api/v1/roles", ""), want: always(200)},
		"GET /api/v1/questions":     {call: req("GET", "/api/v1/questions", ""), want: always(200)},
		"GET /api/v1/questions/:id": {call: req("GET", "/api/v1/questions/be-performance-bottleneck", ""), want: always(200)},
		"POST /api/v1/score": {call: req("POST", "/api/v1/score", `{"question_id":"be-performance-bottleneck","answer":"I fixed it."}`),
			want: always(200)},
		"POST /api/v1/score/batch": {call: req("POST", "/api/v1/score/batch", `{"items":[{"question":"q","answer":"a"}]}`), want: always(200)},
		"GET /":                    {call: req("GET", "/", ""), want: always(200)},
		"GET /static/*path":        {call: req("GET", "/static/coach/coach.js", ""), want: always(200)},
		"GET /favicon.ico":         {call: req("GET", "/favicon.ico", ""), want: always(200)},
		"GET /login":               {call: req("GET", "/login", ""), want: always(200)},
		"GET /signup":              {call: req("GET", "/signup", ""), want: always(200)},
		"GET /join/:token": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "GET", "/join/"+w.joinInvite, "")
		}, want: always(200)},

		"POST /api/v1/extract": {call: func(t *testing.T, _ *world, a *actor, _ string) (int, []byte) {
			body, ctype := multipartUpload(t, "resume", "cv.txt", []byte("Go developer"))
			return a.client.doType(t, "POST", "/api/v1/extract", ctype, string(body))
		}, want: always(200)},
		"POST /api/v1/plan": {call: req("POST", "/api/v1/plan", `{"role":"backend-developer","count":1,"job_description":"Go and Kafka"}`),
			want: always(200)},
		"POST /api/v1/sessions": {call: req("POST", "/api/v1/sessions", `{"role":"backend-developer","count":1}`), want: always(201)},
		"GET /api/v1/sessions":  {call: req("GET", "/api/v1/sessions", ""), want: always(200)},
		"GET /api/v1/sessions/:id": {session: true, call: req("GET", "/api/v1/sessions/{id}", ""),
			want: byAccess(200, 200, 404)},
		"GET /api/v1/sessions/:id/live": {session: true, call: req("GET", "/api/v1/sessions/{id}/live", ""),
			want: byAccess(426, 426, 404)},
		"GET /api/v1/sessions/:id/review": {session: true, call: req("GET", "/api/v1/sessions/{id}/review", ""),
			want: byAccess(200, 200, 404)},
		"GET /api/v1/sessions/:id/export": {session: true, call: req("GET", "/api/v1/sessions/{id}/export?format=csv", ""),
			want: byAccess(200, 200, 404)},
		"POST /api/v1/sessions/:id/turns/:turn/comments": {session: true, call: req("POST", "/api/v1/sessions/{id}/turns/1/comments", comment),
			want: byAccess(403, 201, 404)},
		"PUT /api/v1/sessions/:id/turns/:turn/override": {session: true,
			call: req("PUT", "/api/v1/sessions/{id}/turns/1/override", `{"overall":70,"reason":"matrix"}`),
			want: byAccess(403, 200, 404)},
		"POST /api/v1/transcribe": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			status, b, _ := a.client.upload(t, "/api/v1/transcribe", testWAV(1, 16000))
			return status, b
		}, want: always(200)},
		"GET /api/v1/capabilities": {call: req("GET", "/api/v1/capabilities", ""), want: always(200)},
		// The matrix's interviews are finished: the owner may upload but
		// the turn takes no more answers (409); a coach may not answer.
		"POST /api/v1/sessions/:id/turns/:turn/audio": {session: true, call: func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
			status, b, _ := a.client.upload(t, "/api/v1/sessions/"+id+"/turns/1/audio", testWAV(1, 16000))
			return status, b
		}, want: byAccess(409, 403, 404)},
		"GET /api/v1/sessions/:id/turns/:turn/audio": {session: true, call: func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
			w.recorded(t, id)
			return a.client.do(t, "GET", "/api/v1/sessions/"+id+"/turns/1/audio", "")
		}, want: byAccess(200, 200, 404)},
		"POST /api/v1/sessions/:id/shares": {session: true, call: req("POST", "/api/v1/sessions/{id}/shares", ""),
			want: byAccess(201, 403, 404)},
		"DELETE /api/v1/shares/:token": {session: true, call: func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
			return a.client.do(t, "DELETE", "/api/v1/shares/"+w.share(t, id), "")
		}, want: func(a *actor, acc access) int {
			if acc == owner || a.role == interview.RoleAdmin {
				return 204
			}
			return 404
		}},
		"GET /api/v1/shared/:token": {session: true, call: func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
			return a.client.do(t, "GET", "/api/v1/shared/"+w.share(t, id), "")
		}, want: always(200)},
		"GET /s/:token": {session: true, call: func(t *testing.T, w *world, a *actor, id string) (int, []byte) {
			return a.client.do(t, "GET", "/s/"+w.share(t, id), "")
		}, want: always(200)},

		"POST /api/v1/auth/signup": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			w.users++
			return a.clone(t).do(t, "POST", "/api/v1/auth/signup", fmt.Sprintf(`{"email":"new-%d@example.com","password":"%s"}`, w.users, testPassword))
		}, want: always(201)},
		"POST /api/v1/auth/login": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.clone(t).do(t, "POST", "/api/v1/auth/login", `{"email":"cand-b@example.com","password":"`+testPassword+`"}`)
		}, want: always(200)},
		"POST /api/v1/auth/logout": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			g := a.clone(t)
			if a.signedIn() { // a sign-in of its own, not the actor's
				status, _ := g.do(t, "POST", "/api/v1/auth/login", `{"email":"cand-b@example.com","password":"`+testPassword+`"}`)
				if status != 200 {
					t.Fatalf("login before logout: %d", status)
				}
			}
			return g.do(t, "POST", "/api/v1/auth/logout", "")
		}, want: always(204)},
		"GET /api/v1/auth/me": {call: req("GET", "/api/v1/auth/me", ""), want: byRole(401, allRoles(200))},
		// Anyone may ask for a reset link (the same answer for every
		// email) and use one; the reset clears the cookie of the browser
		// that uses it, so a copy of the actor's browser does.
		"POST /api/v1/auth/forgot": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			w.users++
			return a.client.do(t, "POST", "/api/v1/auth/forgot", fmt.Sprintf(`{"email":"forgot-%d@example.com"}`, w.users))
		}, want: always(202)},
		"POST /api/v1/auth/reset": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.clone(t).do(t, "POST", "/api/v1/auth/reset", `{"token":"`+w.resetToken(t)+`","password":"a matrix passphrase"}`)
		}, want: always(200)},
		"GET /reset/:token": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "GET", "/reset/"+w.resetToken(t), "")
		}, want: always(200)},
		"GET /api/v1/teams": {call: req("GET", "/api/v1/teams", ""), want: byRole(401, allRoles(200))},
		"POST /api/v1/teams": {call: req("POST", "/api/v1/teams", `{"name":"matrix"}`),
			want: byRole(401, map[interview.Role]int{interview.RoleCandidate: 403, interview.RoleCoach: 201, interview.RoleAdmin: 201})},
		"POST /api/v1/teams/join": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "POST", "/api/v1/teams/join", `{"invite":"`+w.joinInvite+`"}`)
		}, want: byRole(401, map[interview.Role]int{interview.RoleCandidate: 200, interview.RoleCoach: 403, interview.RoleAdmin: 403})},
		"GET /api/v1/teams/:id": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "GET", "/api/v1/teams/"+w.teamID, "")
		}, want: func(a *actor, _ access) int {
			switch {
			case !a.signedIn():
				return 401
			case a.name == "coach" || a.role == interview.RoleAdmin:
				return 200
			}
			return 404
		}},
		"POST /api/v1/teams/:id/leave": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "POST", "/api/v1/teams/"+w.leaveTeam+"/leave", "")
		}, want: byRole(401, map[interview.Role]int{interview.RoleCandidate: 204, interview.RoleCoach: 404, interview.RoleAdmin: 404})},
		"GET /api/v1/review/sessions": {call: req("GET", "/api/v1/review/sessions", ""), want: always(200)},
		"GET /api/v1/users/:id/progress": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "GET", "/api/v1/users/"+w.candA.ID+"/progress", "")
		}, want: func(a *actor, _ access) int {
			switch {
			case !a.signedIn():
				return 401
			case a.name == "candidate" || a.name == "coach" || a.role == interview.RoleAdmin:
				return 200
			}
			return 404
		}},

		"GET /coach":       {call: req("GET", "/coach", ""), want: byRole(303, allRoles(200))},
		"GET /coach/teams": {call: req("GET", "/coach/teams", ""), want: byRole(303, allRoles(200))},
		"GET /coach/sessions/:id": {session: true, call: req("GET", "/coach/sessions/{id}", ""),
			want: pageAccess(200)},
		"GET /coach/sessions/:id/print": {session: true, call: req("GET", "/coach/sessions/{id}/print", ""),
			want: pageAccess(200)},
		"GET /coach/candidates/:id": {call: func(t *testing.T, w *world, a *actor, _ string) (int, []byte) {
			return a.client.do(t, "GET", "/coach/candidates/"+w.candA.ID, "")
		}, want: func(a *actor, _ access) int {
			switch {
			case !a.signedIn():
				return 303
			case a.name == "candidate" || a.name == "coach" || a.role == interview.RoleAdmin:
				return 200
			}
			return 404
		}},
	}
}

func TestAuthorizationMatrix(t *testing.T) {
	w := newWorld(t)
	routes := matrixRoutes()
	// Every route of routes.go is in the matrix, and only those.
	served := map[string]bool{}
	for _, r := range w.srv.ts.web.Routes() {
		key := r.Method + " " + r.Path
		served[key] = true
		if _, ok := routes[key]; !ok {
			t.Errorf("route %s is not in the authorization matrix: add who may call it", key)
		}
	}
	for key := range routes {
		if !served[key] {
			t.Errorf("the matrix has %s, which routes.go does not serve", key)
		}
	}
	keys := make([]string, 0, len(routes))
	for k := range routes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Client-side headers of a same-origin page, so that CSRF protection
	// lets the requests through: the matrix is about who, not where from.
	// Redirects are answers too (pages send strangers to the login page).
	for _, a := range w.actors {
		a.client.header.Set("Sec-Fetch-Site", "same-origin")
		a.client.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	for _, key := range keys {
		r := routes[key]
		t.Run(key, func(t *testing.T) {
			for _, a := range w.actors {
				rels := []string{"-"}
				if r.session {
					rels = []string{"own", "team", "other"}
				}
				for _, rel := range rels {
					id, ok := a.sessions[rel]
					if r.session && !ok {
						continue // nobody owns nothing
					}
					status, body := r.call(t, w, a, id)
					if want := r.want(a, a.expect[rel]); status != want {
						t.Errorf("%s, %s session: status %d; want %d (body %.200s)", a.name, rel, status, want, body)
					}
				}
			}
		})
	}

	// The lists show exactly what each caller may read.
	t.Run("lists", func(t *testing.T) {
		for _, a := range w.actors {
			status, b := a.client.do(t, "GET", "/api/v1/review/sessions?limit=500", "")
			var list web.ReviewList
			if status != 200 || json.Unmarshal(b, &list) != nil {
				t.Fatalf("%s: list %d %s", a.name, status, b)
			}
			listed := map[string]bool{}
			for _, s := range list.Sessions {
				listed[s.ID] = true
			}
			for rel, id := range a.sessions {
				if want := a.expect[rel] != none; listed[id] != want {
					t.Errorf("%s: %s session listed %v; want %v", a.name, rel, listed[id], want)
				}
			}
		}
	})
}

// TestAuthorizationWebsocket runs each message type of the protocol from
// the owner, a reviewer (who watches read-only) and a stranger (who cannot
// connect at all).
func TestAuthorizationWebsocket(t *testing.T) {
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	admin, _ := srv.addUser(t, "admin@example.com", interview.RoleAdmin)
	other, _ := srv.addUser(t, "other@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	cand := srv.newGuest(t)
	cand.signup(t, "cand@example.com", team.Invite)
	stranger := srv.newGuest(t)
	created := cand.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":2,"mode":"exam"}`)
	live := cand.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	messages := map[string]string{
		"start":  `{"type":"start"}`,
		"answer": `{"type":"answer","turn":1,"text":"a watcher's answer"}`,
		"draft":  `{"type":"draft","turn":1,"text":"a watcher's draft"}`,
		"skip":   `{"type":"skip","turn":1}`,
		"end":    `{"type":"end"}`,
		"resume": `{"type":"resume","last_seq":0}`,
	}
	eventsBefore, _ := srv.engine.Events(context.Background(), created.ID, 0)
	for _, w := range []struct {
		name string
		g    *guest
	}{{"coach", coach}, {"admin", admin}} {
		for typ, msg := range messages {
			t.Run(w.name+" "+typ, func(t *testing.T) {
				c := w.g.dial(t, created.ID)
				if typ == "resume" {
					c.send(msg)
					got := c.readUntil("question") // the replay, read-only
					if got[0].Type != "session" {
						t.Errorf("a watcher's replay starts with %s; want session", got[0].Type)
					}
					c.send(messages["answer"]) // and nothing more
				} else {
					c.send(msg)
				}
				if code := c.closeCode(); code != websocket.ClosePolicyViolation {
					t.Errorf("a watcher sending %s: closed with %d; want %d", typ, code, websocket.ClosePolicyViolation)
				}
			})
		}
	}
	eventsAfter, _ := srv.engine.Events(context.Background(), created.ID, 0)
	if len(eventsAfter) != len(eventsBefore) {
		t.Errorf("watchers changed the session: %d events before, %d after", len(eventsBefore), len(eventsAfter))
	}
	for _, s := range []struct {
		name string
		g    *guest
	}{{"other coach", other}, {"stranger", stranger}} {
		if _, res, err := s.g.dialRaw(created.ID, nil); err == nil || res == nil || res.StatusCode != 404 {
			t.Errorf("%s dials the live interview: %v; want 404", s.name, err)
		}
	}
	// The owner's commands all work: answer, draft, skip, end.
	for _, msg := range []string{`{"type":"draft","turn":1,"text":"thinking"}`, `{"type":"answer","turn":1,"text":"` + goodAnswer + `"}`} {
		live.send(msg)
	}
	live.readUntil("answer.ack")
	live.send(`{"type":"skip","turn":2}`)
	live.send(`{"type":"end"}`)
	live.readUntil("finished")
}

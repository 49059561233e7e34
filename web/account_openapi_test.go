package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// The exports' text formats are plain strings to the validator.
func init() {
	plain := func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		return string(b), err
	}
	openapi3filter.RegisterBodyDecoder("text/markdown", plain)
	openapi3filter.RegisterBodyDecoder("text/csv", plain)
}

// accountOps are the operations TestOpenAPIContractAccounts checks with
// signed-in browsers; TestOpenAPIContract leaves them to it.
var accountOps = map[string]bool{
	"POST /api/v1/auth/signup": true, "POST /api/v1/auth/login": true, "POST /api/v1/auth/logout": true,
	"GET /api/v1/auth/me": true, "POST /api/v1/auth/forgot": true, "POST /api/v1/auth/reset": true, "GET /api/v1/teams": true, "POST /api/v1/teams": true,
	"POST /api/v1/teams/join": true, "GET /api/v1/teams/{id}": true, "POST /api/v1/teams/{id}/leave": true,
	"GET /api/v1/review/sessions": true, "GET /api/v1/users/{id}/progress": true,
	"GET /api/v1/sessions/{id}/review": true, "POST /api/v1/sessions/{id}/turns/{turn}/comments": true,
	"PUT /api/v1/sessions/{id}/turns/{turn}/override": true, "GET /api/v1/sessions/{id}/export": true,
	"POST /api/v1/sessions/{id}/shares": true, "DELETE /api/v1/shares/{token}": true, "GET /api/v1/shared/{token}": true,
}

// TestOpenAPIContractAccounts drives the account, team and review routes
// with real browsers (cookie jars) and validates every request and
// response against openapi.json.
func TestOpenAPIContractAccounts(t *testing.T) {
	_, router := loadOpenAPI(t)
	srv := newAccountServer(t)
	coach, _ := srv.addUser(t, "coach@example.com", interview.RoleCoach)
	team := coach.createTeam(t, "T")
	ann := srv.newGuest(t)
	out := ann.signup(t, "ann@example.com", team.Invite)
	id := srv.answeredSession(t, ann, browserAnswer)
	second := coach.createTeam(t, "second")
	nobody := srv.newGuest(t)
	other := srv.newGuest(t)

	var shareToken string
	type tcase struct {
		name         string
		g            *guest
		method, path string
		body         string
		status       int
	}
	okOps := map[string]bool{}
	run := func(tc tcase) []byte {
		t.Helper()
		var r io.Reader
		if tc.body != "" {
			r = strings.NewReader(tc.body)
		}
		req, err := http.NewRequest(tc.method, srv.URL+tc.path, r)
		if err != nil {
			t.Fatal(err)
		}
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := tc.g.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Fatalf("%s: status %d; want %d (body %.300s)", tc.name, res.StatusCode, tc.status, body)
		}
		vreq, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		vreq.Header = req.Header.Clone()
		route, params, err := router.FindRoute(vreq)
		if err != nil {
			t.Fatalf("%s %s is not in openapi.json: %v", tc.method, tc.path, err)
		}
		in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
		if res.StatusCode/100 == 2 {
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				t.Errorf("%s: the request does not match openapi.json: %v", tc.name, err)
			}
		}
		rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		rin.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
			t.Errorf("%s: the response does not match openapi.json: %v\nbody: %.500s", tc.name, err, body)
		}
		if res.StatusCode/100 == 2 {
			okOps[tc.method+" "+route.Path] = true
		}
		return body
	}
	for _, tc := range []tcase{
		{"signup", other, "POST", "/api/v1/auth/signup", `{"email":"bob@example.com","password":"` + testPassword + `"}`, 201},
		{"signup taken", nobody, "POST", "/api/v1/auth/signup", `{"email":"bob@example.com","password":"` + testPassword + `"}`, 409},
		{"login", other, "POST", "/api/v1/auth/login", `{"email":"bob@example.com","password":"` + testPassword + `"}`, 200},
		{"login wrong", nobody, "POST", "/api/v1/auth/login", `{"email":"bob@example.com","password":"wrong password"}`, 401},
		{"me", ann, "GET", "/api/v1/auth/me", "", 200},
		{"me coach", coach, "GET", "/api/v1/auth/me", "", 200},
		{"me signed out", nobody, "GET", "/api/v1/auth/me", "", 401},
		{"teams", coach, "GET", "/api/v1/teams", "", 200},
		{"create team", coach, "POST", "/api/v1/teams", `{"name":"third"}`, 201},
		{"create team as candidate", ann, "POST", "/api/v1/teams", `{"name":"x"}`, 403},
		{"team", coach, "GET", "/api/v1/teams/" + team.ID, "", 200},
		{"team of another", ann, "GET", "/api/v1/teams/" + team.ID, "", 404},
		{"join", ann, "POST", "/api/v1/teams/join", `{"invite":"` + second.Invite + `"}`, 200},
		{"leave", ann, "POST", "/api/v1/teams/" + second.ID + "/leave", "", 204},
		{"review sessions", coach, "GET", "/api/v1/review/sessions?sort=-score&category=behavioral&from=2000-01-01", "", 200},
		{"review sessions bad", coach, "GET", "/api/v1/review/sessions?sort=up", "", 400},
		{"comment", coach, "POST", "/api/v1/sessions/" + id + "/turns/1/comments", `{"start":0,"end":2,"quote":"In","body":"ok"}`, 201},
		{"comment bad", coach, "POST", "/api/v1/sessions/" + id + "/turns/1/comments", `{"start":0,"end":2,"quote":"Xx","body":"ok"}`, 400},
		{"override", coach, "PUT", "/api/v1/sessions/" + id + "/turns/1/override", `{"overall":80,"reason":"good"}`, 200},
		{"override by the candidate", ann, "PUT", "/api/v1/sessions/" + id + "/turns/1/override", `{"overall":100,"reason":"me"}`, 403},
		{"review", ann, "GET", "/api/v1/sessions/" + id + "/review", "", 200},
		{"review of another", nobody, "GET", "/api/v1/sessions/" + id + "/review", "", 404},
		{"progress", coach, "GET", "/api/v1/users/" + out.User.ID + "/progress", "", 200},
		{"export md", coach, "GET", "/api/v1/sessions/" + id + "/export?format=md", "", 200},
		{"export json", coach, "GET", "/api/v1/sessions/" + id + "/export?format=json", "", 200},
		{"export csv", coach, "GET", "/api/v1/sessions/" + id + "/export?format=csv", "", 200},
		{"export bad", coach, "GET", "/api/v1/sessions/" + id + "/export?format=doc", "", 400},
	} {
		run(tc)
	}
	body := run(tcase{"share", ann, "POST", "/api/v1/sessions/" + id + "/shares", `{"expires_in_hours":24}`, 201})
	if i := bytes.Index(body, []byte(`"token":"`)); i >= 0 {
		shareToken = string(body[i+9 : i+9+43])
	}
	run(tcase{"shared", nobody, "GET", "/api/v1/shared/" + shareToken, "", 200})
	run(tcase{"revoke", ann, "DELETE", "/api/v1/shares/" + shareToken, "", 204})
	run(tcase{"shared revoked", nobody, "GET", "/api/v1/shared/" + shareToken, "", 404})
	run(tcase{"forgot", nobody, "POST", "/api/v1/auth/forgot", `{"email":"bob@example.com"}`, 202})
	run(tcase{"forgot bad email", nobody, "POST", "/api/v1/auth/forgot", `{"email":"bob"}`, 400})
	bob, err := srv.ts.store.UserByEmail(context.Background(), "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	token, reset := web.NewPasswordReset(bob.ID, time.Now())
	if err := srv.ts.store.CreatePasswordReset(context.Background(), reset); err != nil {
		t.Fatal(err)
	}
	run(tcase{"reset weak", nobody, "POST", "/api/v1/auth/reset", `{"token":"` + token + `","password":"password1"}`, 400})
	run(tcase{"reset", nobody, "POST", "/api/v1/auth/reset", `{"token":"` + token + `","password":"a new passphrase","confirm_password":"a new passphrase"}`, 200})
	run(tcase{"reset used", nobody, "POST", "/api/v1/auth/reset", `{"token":"` + token + `","password":"a new passphrase"}`, 404})
	run(tcase{"logout", other, "POST", "/api/v1/auth/logout", "", 204})
	for op := range accountOps {
		if !okOps[op] {
			t.Errorf("no successful request to %s was checked", op)
		}
	}
}

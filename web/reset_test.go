package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// logBuffer is a server log the test reads while the server writes it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var resetLinkInLog = regexp.MustCompile(`msg="password reset link made[^"]*" email=(\S+) link=(\S+)`)

// resetLinks are the reset links the server logged, by email.
func resetLinks(log string) map[string][]string {
	out := map[string][]string{}
	for _, m := range resetLinkInLog.FindAllStringSubmatch(log, -1) {
		out[m[1]] = append(out[m[1]], m[2])
	}
	return out
}

// waitForLinks waits until the server logged n reset links for email (they
// are made after the answer, on the reset queue) and returns them.
func waitForLinks(t *testing.T, logs *logBuffer, email string, n int) []string {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d reset links for %s in the log", n, email), func() bool {
		return len(resetLinks(logs.String())[email]) >= n
	})
	return resetLinks(logs.String())[email]
}

// waitForUnknown waits until the server logged that a reset was asked for
// email, which has no account.
func waitForUnknown(t *testing.T, logs *logBuffer, email string) {
	t.Helper()
	line := `msg="password reset asked for an unknown email" email=` + email
	waitFor(t, "the log line of "+email, func() bool { return strings.Contains(logs.String(), line) })
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestPasswordReset: "Forgot password?" answers the same for any email,
// logs a link for an account, stores only the token's hash; the link sets
// a new password once, checked like a new one; the old password and the
// account's sign-ins stop working; an expired, used or wrong link is 404.
func TestPasswordReset(t *testing.T) {
	logs := &logBuffer{}
	srv := newAccountServerLogging(t, slog.New(slog.NewTextHandler(logs, nil)))
	ann := srv.newGuest(t)
	ann.signup(t, "ann@example.com", "")
	elsewhere := srv.newGuest(t) // ann, signed in on another device
	elsewhere.login(t, "ann@example.com")

	forgot := func(email string) (int, []byte) {
		t.Helper()
		return srv.newGuest(t).do(t, "POST", "/api/v1/auth/forgot", `{"email":"`+email+`"}`)
	}
	known, knownBody := forgot("ANN@example.com ")
	unknown, unknownBody := forgot("nobody@example.com")
	if known != 202 || unknown != 202 || !bytes.Equal(knownBody, unknownBody) {
		t.Fatalf("forgot: known %d %s, unknown %d %s; want the same 202 answer", known, knownBody, unknown, unknownBody)
	}
	// The queue handles them in order: once the second is logged, the
	// first is too.
	waitForUnknown(t, logs, "nobody@example.com")
	links := resetLinks(logs.String())
	if len(links["ann@example.com"]) != 1 || len(links) != 1 {
		t.Fatalf("reset links logged = %v; want one, for ann@example.com\nlog:\n%s", links, logs)
	}
	link := links["ann@example.com"][0]
	path, ok := strings.CutPrefix(link, srv.URL)
	if !ok || !strings.HasPrefix(path, "/reset/") {
		t.Fatalf("reset link %q; want %s/reset/<token>", link, srv.URL)
	}
	token := strings.TrimPrefix(path, "/reset/")

	// Stored hashed: found by its SHA-256, not by the token itself.
	ctx := t.Context()
	if r, err := srv.ts.store.PasswordReset(ctx, sha256Hex(token), time.Now()); err != nil ||
		r.ExpiresAt.Sub(r.CreatedAt) != web.PasswordResetTTL {
		t.Errorf("PasswordReset(sha256(token)) = %+v, %v; want a reset lasting %v", r, err, web.PasswordResetTTL)
	}
	if _, err := srv.ts.store.PasswordReset(ctx, token, time.Now()); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("PasswordReset(token) error = %v; want ErrResetNotFound: the token itself must not be stored", err)
	}

	// The page.
	g := srv.newGuest(t)
	if status, b := g.do(t, "GET", path, ""); status != 200 || !strings.Contains(string(b), `id="reset-form"`) {
		t.Errorf("GET %s = %d; want 200 with the form (body %.300s)", path, status, b)
	}
	for _, bad := range []string{"/reset/nope", "/reset/" + strings.Repeat("A", 43)} {
		if status, b := g.do(t, "GET", bad, ""); status != 404 || !strings.Contains(string(b), `id="reset-invalid"`) {
			t.Errorf("GET %s = %d; want 404 saying the link does not work (body %.300s)", bad, status, b)
		}
	}

	reset := func(body string) response {
		return srv.ts.do(t, "POST", "/api/v1/auth/reset", []byte(body))
	}
	// Refused passwords leave the link working.
	wantError(t, reset(`{"token":"`+token+`","password":"password1"}`), 400, web.CodeWeakPassword, "password")
	wantError(t, reset(`{"token":"`+token+`","password":"short"}`), 400, web.CodeInvalidField, "password")
	wantError(t, reset(`{"token":"`+token+`","password":"a new passphrase","confirm_password":"a new passphrase!"}`), 400, web.CodeInvalidField, "confirm_password")
	wantError(t, reset(`{"token":"nope","password":"a new passphrase"}`), 404, web.CodeNotFound, "token")
	wantError(t, reset(`{"token":"`+strings.Repeat("A", 43)+`","password":"a new passphrase"}`), 404, web.CodeNotFound, "token")
	wantError(t, reset(`{"token":"`+token+`","password":"a new passphrase","extra":1}`), 400, web.CodeUnknownField, "extra")

	res := reset(`{"token":"` + token + `","password":"a new passphrase","confirm_password":"a new passphrase"}`)
	var out web.ResetResponse
	if res.status != 200 || json.Unmarshal(res.body, &out) != nil || out.Email != "ann@example.com" {
		t.Fatalf("reset = %d %s; want 200 for ann@example.com", res.status, res.body)
	}
	// Single use.
	wantError(t, reset(`{"token":"`+token+`","password":"another passphrase"}`), 404, web.CodeNotFound, "token")
	if status, _ := g.do(t, "GET", path, ""); status != 404 {
		t.Errorf("GET %s after use = %d; want 404", path, status)
	}
	// Signed out everywhere; the old password fails, the new one works.
	for name, b := range map[string]*guest{"the signing-up browser": ann, "another device": elsewhere} {
		if status, body := b.do(t, "GET", "/api/v1/auth/me", ""); status != 401 {
			t.Errorf("%s: GET /api/v1/auth/me after the reset = %d %s; want 401", name, status, body)
		}
	}
	fresh := srv.newGuest(t)
	if status, _ := fresh.do(t, "POST", "/api/v1/auth/login", `{"email":"ann@example.com","password":"`+testPassword+`"}`); status != 401 {
		t.Errorf("login with the old password = %d; want 401", status)
	}
	if status, b := fresh.do(t, "POST", "/api/v1/auth/login", `{"email":"ann@example.com","password":"a new passphrase"}`); status != 200 {
		t.Errorf("login with the new password = %d %s; want 200", status, b)
	}

	// Expiry: a link works for PasswordResetTTL.
	if s, _ := forgot("ann@example.com"); s != 202 {
		t.Fatal(s)
	}
	later := waitForLinks(t, logs, "ann@example.com", 2)
	second := strings.TrimPrefix(later[len(later)-1], srv.URL+"/reset/")
	srv.clock.advance(web.PasswordResetTTL + time.Second)
	if status, _ := g.do(t, "GET", "/reset/"+second, ""); status != 404 {
		t.Errorf("GET an expired link = %d; want 404", status)
	}
	wantError(t, reset(`{"token":"`+second+`","password":"yet another passphrase"}`), 404, web.CodeNotFound, "token")

	// Bad input.
	wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"not an email"}`)), 400, web.CodeInvalidField, "email")
	wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{}`)), 400, web.CodeInvalidField, "email")
}

// TestPasswordResetRateLimit: after ResetMaxRequests requests for one
// email from one address in the window, the next get 429, known email or
// not; another email is not held up.
func TestPasswordResetRateLimit(t *testing.T) {
	logs := &logBuffer{}
	srv := newAccountServerLogging(t, slog.New(slog.NewTextHandler(logs, nil)))
	srv.newGuest(t).signup(t, "ann@example.com", "")
	for _, email := range []string{"ann@example.com", "nobody@example.com"} {
		for i := range web.ResetMaxRequests + 1 {
			res := srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"`+email+`"}`))
			want := 202
			if i == web.ResetMaxRequests {
				want = 429
			}
			if res.status != want {
				t.Fatalf("%s: request %d = %d %s; want %d", email, i+1, res.status, res.body, want)
			}
			if want == 429 && res.header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
		}
	}
	// The queue handles requests in order: nobody's came after ann's.
	waitFor(t, "nobody's requests to be handled", func() bool {
		return strings.Count(logs.String(), `unknown email" email=nobody@example.com`) >= web.ResetMaxRequests
	})
	if n := len(resetLinks(logs.String())["ann@example.com"]); n != web.ResetMaxRequests {
		t.Errorf("%d links logged for ann; want %d (none once limited)", n, web.ResetMaxRequests)
	}
	if res := srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"bob@example.com"}`)); res.status != 202 {
		t.Errorf("another email = %d; want 202", res.status)
	}
	srv.clock.advance(web.ResetWindow)
	if res := srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"ann@example.com"}`)); res.status != 202 {
		t.Errorf("after the window = %d; want 202", res.status)
	}
}

// TestPasswordResetClosesWebsockets: a reset through the link closes, on
// this server, the websockets opened by the account's sign-ins, as a
// logout does.
func TestPasswordResetClosesWebsockets(t *testing.T) {
	srv := newAccountServer(t)
	ann := srv.newGuest(t)
	out := ann.signup(t, "ann@example.com", "")
	created := ann.createSession(t, `{"role":"backend-developer","count":1}`)
	live := ann.dial(t, created.ID)
	live.send(`{"type":"start"}`)
	live.readUntil("question")

	token, r := web.NewPasswordReset(out.User.ID, time.Now())
	if err := srv.ts.store.CreatePasswordReset(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	if res := srv.ts.do(t, "POST", "/api/v1/auth/reset", []byte(`{"token":"`+token+`","password":"a new passphrase"}`)); res.status != 200 {
		t.Fatalf("reset = %d %s", res.status, res.body)
	}
	if code := live.closeCode(); code != websocket.ClosePolicyViolation {
		t.Errorf("the websocket closed with %d after the reset; want %d", code, websocket.ClosePolicyViolation)
	}
}

// heldAccounts is an account store whose account lookups and reset writes
// (the work "Forgot password?" does only for an account) wait, while hold
// is set, until release is closed.
type heldAccounts struct {
	web.AccountStore
	hold    atomic.Bool
	release chan struct{}
	held    atomic.Int32 // calls that waited
}

func (a *heldAccounts) wait(ctx context.Context) {
	if !a.hold.Load() {
		return
	}
	a.held.Add(1)
	select {
	case <-a.release:
	case <-ctx.Done():
	}
}

func (a *heldAccounts) UserByEmail(ctx context.Context, email string) (interview.User, error) {
	a.wait(ctx)
	return a.AccountStore.UserByEmail(ctx, email)
}

func (a *heldAccounts) CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error {
	a.wait(ctx)
	return a.AccountStore.CreatePasswordReset(ctx, r)
}

// TestPasswordResetAnswersBeforeLookingUp: "Forgot password?" answers
// without waiting for the account lookup or the reset's storing, for a
// known email as for an unknown one, so its time cannot tell them apart.
// The store holds those calls until the answers have come: a handler that
// made them on the request would give no answer (the test fails after
// 10 s rather than measuring durations). The link is made once they go
// on, and Close makes the links still queued before it returns.
func TestPasswordResetAnswersBeforeLookingUp(t *testing.T) {
	logs := &logBuffer{}
	accounts := &heldAccounts{release: make(chan struct{})}
	srv := newAccountServerWith(t, slog.New(slog.NewTextHandler(logs, nil)), func(s web.AccountStore) web.AccountStore {
		accounts.AccountStore = s
		return accounts
	})
	srv.newGuest(t).signup(t, "ann@example.com", "")
	accounts.hold.Store(true)
	released := false
	release := func() {
		if !released {
			released = true
			close(accounts.release)
		}
	}
	t.Cleanup(release)

	var bodies [][]byte
	for _, email := range []string{"ann@example.com", "nobody@example.com", "ann@example.com"} {
		answered := make(chan response, 1)
		go func() { answered <- srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"`+email+`"}`)) }()
		select {
		case res := <-answered:
			if res.status != http.StatusAccepted {
				t.Errorf("forgot %s = %d %s; want 202", email, res.status, res.body)
			}
			bodies = append(bodies, res.body)
		case <-time.After(10 * time.Second):
			release() // let the handler finish, so that the test ends
			<-answered
			t.Fatalf("forgot %s gave no answer while the account lookup was held up: the request waits for it", email)
		}
	}
	for _, b := range bodies[1:] {
		if !bytes.Equal(b, bodies[0]) {
			t.Errorf("answers differ: %s and %s", bodies[0], b)
		}
	}
	if links := resetLinks(logs.String()); len(links) != 0 {
		t.Errorf("links logged while the store was held up: %v", links)
	}

	// Closing drains the queue: the three requests are handled before
	// Close returns, and a request after it is refused (503) for any email.
	closed := make(chan error, 1)
	go func() { closed <- srv.resets.Close(t.Context()) }()
	waitFor(t, "the queue's worker to reach the store", func() bool { return accounts.held.Load() > 0 })
	release()
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if links := resetLinks(logs.String())["ann@example.com"]; len(links) != 2 {
		t.Errorf("after Close, %d links for ann logged; want 2\nlog:\n%s", len(links), logs)
	}
	if !strings.Contains(logs.String(), `unknown email" email=nobody@example.com`) {
		t.Errorf("after Close, the unknown email's request is not logged\nlog:\n%s", logs)
	}
	for _, email := range []string{"ann@example.com", "nobody@example.com"} {
		wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/forgot", []byte(`{"email":"`+email+`"}`)), http.StatusServiceUnavailable, web.CodeUnavailable, "")
	}
}

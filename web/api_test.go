package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

func scoreBody(t *testing.T, in scoring.Input) []byte {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAuth(t *testing.T) {
	ts := newTestServer(t, web.Config{RequireKey: true}, nil)
	_, key := ts.createKey(t, "good")
	revokedID, revoked := ts.createKey(t, "old")
	if err := ts.store.RevokeAPIKey(context.Background(), revokedID); err != nil {
		t.Fatal(err)
	}
	_, unknownKey, _, _ := web.NewAPIKey()
	body := scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer})

	tests := []struct {
		name          string
		authorization string
		status        int
		code          string
	}{
		{"no key", "", 401, web.CodeMissingAPIKey},
		{"not bearer", "Basic dXNlcjpwYXNz", 401, web.CodeMalformedAPIKey},
		{"malformed key", "Bearer mi_nothex_abc", 401, web.CodeMalformedAPIKey},
		{"unknown key", "Bearer " + unknownKey, 401, web.CodeInvalidAPIKey},
		{"revoked key", "Bearer " + revoked, 401, web.CodeInvalidAPIKey},
		{"valid key", "Bearer " + key, 200, ""},
		{"valid key, lower-case scheme", "bearer " + key, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.authorization != "" {
				headers = []string{"Authorization", tt.authorization}
			}
			paths := []string{"/api/v1/score"}
			if tt.status != 401 || tt.code != web.CodeMissingAPIKey {
				paths = append(paths, "/api/v1/roles") // the bank needs no key, but a bad one is refused
			}
			for _, path := range paths {
				var res response
				if path == "/api/v1/score" {
					res = ts.do(t, "POST", path, body, headers...)
				} else {
					res = ts.do(t, "GET", path, nil, headers...)
				}
				if tt.status == 200 {
					if res.status != 200 {
						t.Fatalf("%s: status = %d; want 200 (body %s)", path, res.status, res.body)
					}
					continue
				}
				field := ""
				if tt.code == web.CodeMalformedAPIKey {
					field = "Authorization"
				}
				wantError(t, res, tt.status, tt.code, field)
				if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("%s: WWW-Authenticate = %q; want Bearer ...", path, got)
				}
			}
		})
	}

	t.Run("unknown and revoked keys read the same", func(t *testing.T) {
		a := ts.do(t, "GET", "/api/v1/roles", nil, "Authorization", "Bearer "+unknownKey)
		b := ts.do(t, "GET", "/api/v1/roles", nil, "Authorization", "Bearer "+revoked)
		if string(a.body) != string(b.body) {
			t.Errorf("unknown key answer %s differs from revoked key answer %s", a.body, b.body)
		}
	})
	t.Run("public routes need no key", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz", "/metrics", "/api/v1/openapi.json", "/api/v1/roles", "/api/v1/questions"} {
			if res := ts.do(t, "GET", path, nil); res.status != 200 {
				t.Errorf("GET %s without key = %d; want 200", path, res.status)
			}
		}
	})
}

func TestAuthOptionalOnLoopback(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	body := scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer})
	if res := ts.do(t, "POST", "/api/v1/score", body); res.status != 200 {
		t.Fatalf("POST /api/v1/score without key = %d; want 200 (body %s)", res.status, res.body)
	}
	_, bad, _, _ := web.NewAPIKey()
	res := ts.do(t, "POST", "/api/v1/score", body, "Authorization", "Bearer "+bad)
	wantError(t, res, 401, web.CodeInvalidAPIKey, "")
}

func TestRateLimit(t *testing.T) {
	clock := &fixedClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	ts := newTestServer(t, web.Config{RateLimit: 0.5, RateBurst: 2}, func(d *web.Deps) { d.Now = clock.now })
	_, key := ts.createKey(t, "k")

	for i, wantRemaining := range []string{"1", "0"} {
		res := ts.do(t, "GET", "/api/v1/roles", nil)
		if res.status != 200 {
			t.Fatalf("request %d: status %d; want 200", i+1, res.status)
		}
		if got := res.header.Get("X-RateLimit-Remaining"); got != wantRemaining {
			t.Errorf("request %d: X-RateLimit-Remaining = %q; want %q", i+1, got, wantRemaining)
		}
		if got := res.header.Get("X-RateLimit-Limit"); got != "2" {
			t.Errorf("request %d: X-RateLimit-Limit = %q; want 2", i+1, got)
		}
	}
	res := ts.do(t, "GET", "/api/v1/roles", nil)
	wantError(t, res, 429, web.CodeRateLimited, "")
	if got := res.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q; want 2 (one token at 0.5/s)", got)
	}

	// Another principal has its own bucket.
	if res := ts.do(t, "GET", "/api/v1/roles", nil, "Authorization", "Bearer "+key); res.status != 200 {
		t.Errorf("with an API key: status %d; want 200", res.status)
	}
	// Half a second later the anonymous client is still limited, rounded up.
	clock.t = clock.t.Add(500 * time.Millisecond)
	res = ts.do(t, "GET", "/api/v1/roles", nil)
	if got := res.header.Get("Retry-After"); res.status != 429 || got != "2" {
		t.Errorf("after 0.5 s: status %d, Retry-After %q; want 429, 2 (1.5 s rounded up)", res.status, got)
	}
	clock.t = clock.t.Add(1500 * time.Millisecond)
	if res := ts.do(t, "GET", "/api/v1/roles", nil); res.status != 200 {
		t.Errorf("after 2 s: status %d; want 200", res.status)
	}
	// Health checks are never limited.
	for range 5 {
		if res := ts.do(t, "GET", "/healthz", nil); res.status != 200 {
			t.Fatalf("GET /healthz = %d; want 200", res.status)
		}
	}
}

func TestScoreBadInput(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	long := strings.Repeat("word ", scoring.MaxAnswerBytes/5+10)
	tests := []struct {
		name        string
		body        string
		contentType string
		status      int
		code, field string
		message     string // a fragment the message must hold
	}{
		{"body over 64 KiB", `{"question":"q","answer":"` + strings.Repeat("a", 70<<10) + `"}`, "", 413, web.CodePayloadTooLarge, "", "65536"},
		{"answer over scoring's limit", `{"question":"q","answer":"` + long + `"}`, "", 413, web.CodePayloadTooLarge, "answer", ""},
		{"malformed JSON", "{\n  \"question\": \"q\",\n  \"answer\": \"a\" \"x\"\n}", "", 400, web.CodeInvalidJSON, "", "line 3"},
		{"truncated JSON", `{"question": "q", "answer": "a`, "", 400, web.CodeInvalidJSON, "", ""},
		{"empty body", ``, "", 400, web.CodeInvalidJSON, "", "empty"},
		{"trailing data", `{"question":"q","answer":"a"} {}`, "", 400, web.CodeInvalidJSON, "", "after"},
		{"not an object", `[1,2]`, "", 400, web.CodeInvalidJSON, "", "object"},
		{"unknown field", `{"question":"q","answr":"a"}`, "", 400, web.CodeUnknownField, "answr", "answr"},
		{"wrong type", `{"question":"q","answer":42}`, "", 400, web.CodeInvalidField, "answer", "string"},
		{"wrong type of talking points", `{"question":"q","answer":"a","talking_points":"x"}`, "", 400, scoring.CodeInvalidTalkingPoints, "talking_points", ""},
		{"missing answer", `{"question":"q"}`, "", 400, scoring.CodeAnswerRequired, "answer", ""},
		{"unknown question", `{"question_id":"no-such-question","answer":"a"}`, "", 404, web.CodeUnknownQuestion, "question_id", "no-such-question"},
		{"bad category", `{"question":"q","category":"musical","answer":"a"}`, "", 400, scoring.CodeInvalidCategory, "category", ""},
		{"form content type", `answer=a`, "application/x-www-form-urlencoded", 415, web.CodeUnsupportedMediaType, "Content-Type", ""},
		{"no content type", `{"question":"q","answer":"a"}`, "-", 415, web.CodeUnsupportedMediaType, "Content-Type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			switch tt.contentType {
			case "":
			case "-":
				headers = []string{"Content-Type", ""}
			default:
				headers = []string{"Content-Type", tt.contentType}
			}
			res := ts.do(t, "POST", "/api/v1/score", []byte(tt.body), headers...)
			wantError(t, res, tt.status, tt.code, tt.field)
			if tt.message != "" && !strings.Contains(string(res.body), tt.message) {
				t.Errorf("body %s does not mention %q", res.body, tt.message)
			}
		})
	}
}

func TestScore(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	res := ts.do(t, "POST", "/api/v1/score", scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer}),
		"Content-Type", "application/json; charset=utf-8", "X-Request-ID", "trace-42")
	if res.status != 200 {
		t.Fatalf("status %d; want 200 (body %s)", res.status, res.body)
	}
	var got scoring.Result
	if err := decodeStrict(res.body, &got); err != nil {
		t.Fatalf("result %s: %v", res.body, err)
	}
	if got.QuestionID != "be-performance-bottleneck" || got.Band < 1 || got.Band > 5 || got.Engine.Version == "" {
		t.Errorf("result = %+v; want the question id, a band 1-5 and an engine version", got)
	}
	if id := res.header.Get("X-Request-ID"); id != "trace-42" {
		t.Errorf("X-Request-ID = %q; want the client's trace-42", id)
	}
}

func TestScoreBatch(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	items := []string{
		`{"question_id":"be-performance-bottleneck","answer":` + jsonString(goodAnswer) + `}`,
		`{"question":"q","answr":"typo"}`,
		`{"question_id":"no-such-question","answer":"a"}`,
		`{"question":"Why do you want this job?","answer":42}`,
		`"not an object"`,
		`{"question":"Why do you want this job?","answer":"I like building reliable systems."}`,
	}
	res := ts.do(t, "POST", "/api/v1/score/batch", []byte(`{"items":[`+strings.Join(items, ",")+`]}`))
	if res.status != 200 {
		t.Fatalf("status %d; want 200 (body %s)", res.status, res.body)
	}
	var got struct {
		Results []struct {
			Overall *int           `json:"overall"`
			Error   *web.ErrorBody `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil {
		t.Fatal(err)
	}
	want := []struct{ code, field string }{
		{"", ""},
		{web.CodeUnknownField, "answr"},
		{web.CodeUnknownQuestion, "question_id"},
		{web.CodeInvalidField, "answer"},
		{web.CodeInvalidJSON, ""},
		{"", ""},
	}
	if len(got.Results) != len(want) {
		t.Fatalf("%d results; want %d", len(got.Results), len(want))
	}
	for i, w := range want {
		r := got.Results[i]
		switch {
		case w.code == "" && (r.Overall == nil || r.Error != nil):
			t.Errorf("results[%d] = %+v; want a score", i, r)
		case w.code != "" && (r.Error == nil || r.Error.Code != w.code || r.Error.Field != w.field || r.Overall != nil):
			t.Errorf("results[%d].error = %+v; want code %q field %q and no score", i, r.Error, w.code, w.field)
		}
	}
	assertNoGoErrorText(t, res.body)

	t.Run("over 100 items", func(t *testing.T) {
		item := `{"question":"q","answer":"a"}`
		body := `{"items":[` + strings.TrimSuffix(strings.Repeat(item+",", 101), ",") + `]}`
		res := ts.do(t, "POST", "/api/v1/score/batch", []byte(body))
		wantError(t, res, 413, web.CodeTooManyItems, "items")
		if !strings.Contains(string(res.body), "100") {
			t.Errorf("message %s does not give the limit", res.body)
		}
	})
	t.Run("no items", func(t *testing.T) {
		wantError(t, ts.do(t, "POST", "/api/v1/score/batch", []byte(`{"items":[]}`)), 400, web.CodeInvalidField, "items")
		wantError(t, ts.do(t, "POST", "/api/v1/score/batch", []byte(`{}`)), 400, web.CodeInvalidField, "items")
	})
	t.Run("items not an array", func(t *testing.T) {
		wantError(t, ts.do(t, "POST", "/api/v1/score/batch", []byte(`{"items":{}}`)), 400, web.CodeInvalidField, "items")
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestIdempotency(t *testing.T) {
	clock := &fixedClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	ts := newTestServer(t, web.Config{}, func(d *web.Deps) { d.Now = clock.now })
	_, key := ts.createKey(t, "k")
	body := scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer})
	other := scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer + " Then I wrote it up."})

	first := ts.do(t, "POST", "/api/v1/score", body, "Idempotency-Key", "req-1")
	if first.status != 200 || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: status %d, Idempotent-Replayed %q; want 200 and none", first.status, first.header.Get("Idempotent-Replayed"))
	}
	again := ts.do(t, "POST", "/api/v1/score", body, "Idempotency-Key", "req-1")
	if again.status != 200 || again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(first.body) {
		t.Errorf("repeat: status %d, Idempotent-Replayed %q, same body %v; want 200, true, true",
			again.status, again.header.Get("Idempotent-Replayed"), string(again.body) == string(first.body))
	}
	wantError(t, ts.do(t, "POST", "/api/v1/score", other, "Idempotency-Key", "req-1"), 409, web.CodeIdempotencyConflict, "Idempotency-Key")
	// The same key on the other route is another request.
	batch := []byte(`{"items":[` + string(body) + `]}`)
	wantError(t, ts.do(t, "POST", "/api/v1/score/batch", batch, "Idempotency-Key", "req-1"), 409, web.CodeIdempotencyConflict, "Idempotency-Key")

	t.Run("keys are scoped by principal", func(t *testing.T) {
		res := ts.do(t, "POST", "/api/v1/score", other, "Idempotency-Key", "req-1", "Authorization", "Bearer "+key)
		if res.status != 200 || res.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("other principal: status %d, replayed %q; want a fresh 200", res.status, res.header.Get("Idempotent-Replayed"))
		}
	})
	t.Run("errors are replayed too", func(t *testing.T) {
		bad := []byte(`{"question":"q"}`)
		a := ts.do(t, "POST", "/api/v1/score", bad, "Idempotency-Key", "bad-1")
		b := ts.do(t, "POST", "/api/v1/score", bad, "Idempotency-Key", "bad-1")
		wantError(t, a, 400, scoring.CodeAnswerRequired, "answer")
		if b.status != 400 || b.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("repeat of a 400: status %d, replayed %q; want 400, true", b.status, b.header.Get("Idempotent-Replayed"))
		}
	})
	t.Run("a request still running is a conflict", func(t *testing.T) {
		// Claim the key as the same request of the same client, still
		// running, would.
		_, claimed, err := sqliteStores{ts.store}.ClaimIdempotencyKey(context.Background(), web.IdempotencyClaim{
			Scope: "client:127.0.0.1", Key: "running", RequestHash: web.RequestHash("POST", "/api/v1/score", body),
			Now: clock.t, ExpiresAt: clock.t.Add(time.Hour), StaleBefore: clock.t.Add(-time.Minute),
		})
		if err != nil || !claimed {
			t.Fatalf("claim: %v, %v", claimed, err)
		}
		res := ts.do(t, "POST", "/api/v1/score", body, "Idempotency-Key", "running")
		wantError(t, res, 409, web.CodeIdempotencyInProgress, "Idempotency-Key")
		if got := res.header.Get("Retry-After"); got != "1" {
			t.Errorf("Retry-After = %q; want 1", got)
		}
		// A claim older than any request may run was abandoned: retaken.
		clock.t = clock.t.Add(10 * time.Minute)
		res = ts.do(t, "POST", "/api/v1/score", body, "Idempotency-Key", "running")
		if res.status != 200 || res.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("after the claim went stale: status %d, replayed %q; want a fresh 200", res.status, res.header.Get("Idempotent-Replayed"))
		}
	})
	t.Run("bad key", func(t *testing.T) {
		wantError(t, ts.do(t, "POST", "/api/v1/score", body, "Idempotency-Key", strings.Repeat("k", 256)),
			400, web.CodeInvalidIdempotencyKey, "Idempotency-Key")
	})
	t.Run("expires after 24 h", func(t *testing.T) {
		clock.t = clock.t.Add(24*time.Hour + time.Second)
		res := ts.do(t, "POST", "/api/v1/score", other, "Idempotency-Key", "req-1")
		if res.status != 200 || res.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("after expiry with another body: status %d, replayed %q; want a fresh 200", res.status, res.header.Get("Idempotent-Replayed"))
		}
	})
}

func TestQuestionRoutes(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)

	res := ts.do(t, "GET", "/api/v1/roles", nil)
	var roles struct {
		Roles []web.RoleSummary `json:"roles"`
	}
	if err := decodeStrict(res.body, &roles); err != nil || res.status != 200 || len(roles.Roles) == 0 {
		t.Fatalf("GET /api/v1/roles: %d %s %v", res.status, res.body, err)
	}
	for _, r := range roles.Roles {
		sum := 0
		for _, n := range r.QuestionCounts {
			sum += n
		}
		if sum != r.QuestionCount || len(r.QuestionCounts) != 3 {
			t.Errorf("role %s: counts %v do not add up to %d", r.ID, r.QuestionCounts, r.QuestionCount)
		}
	}
	role := roles.Roles[0].ID

	res = ts.do(t, "GET", "/api/v1/questions?role="+role+"&category=technical", nil)
	var qs struct {
		Questions []struct {
			ID       string `json:"id"`
			Role     string `json:"role"`
			Category string `json:"category"`
		} `json:"questions"`
	}
	if err := json.Unmarshal(res.body, &qs); err != nil || res.status != 200 || len(qs.Questions) == 0 {
		t.Fatalf("GET /api/v1/questions: %d %s %v", res.status, res.body, err)
	}
	for _, q := range qs.Questions {
		if q.Role != role || q.Category != "technical" {
			t.Errorf("question %s is %s/%s; want %s/technical", q.ID, q.Role, q.Category, role)
		}
	}
	res = ts.do(t, "GET", "/api/v1/questions/"+qs.Questions[0].ID, nil)
	if res.status != 200 || !strings.Contains(string(res.body), qs.Questions[0].ID) {
		t.Errorf("GET /api/v1/questions/%s: %d %s", qs.Questions[0].ID, res.status, res.body)
	}

	wantError(t, ts.do(t, "GET", "/api/v1/questions?role=astronaut", nil), 404, web.CodeUnknownRole, "role")
	wantError(t, ts.do(t, "GET", "/api/v1/questions?category=technical,musical", nil), 400, web.CodeInvalidParameter, "category")
	wantError(t, ts.do(t, "GET", "/api/v1/questions?categroy=technical", nil), 400, web.CodeUnknownParameter, "categroy")
	wantError(t, ts.do(t, "GET", "/api/v1/questions/no-such-question", nil), 404, web.CodeUnknownQuestion, "question_id")
}

func TestUnknownRouteAndMethod(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	wantError(t, ts.do(t, "GET", "/nope", nil), 404, web.CodeNotFound, "")
	wantError(t, ts.do(t, "GET", "/api/v1/roles/", nil), 404, web.CodeNotFound, "")
	res := ts.do(t, "GET", "/api/v1/score", nil)
	wantError(t, res, 405, web.CodeMethodNotAllowed, "")
	if allow := res.header.Get("Allow"); allow != "POST" {
		t.Errorf("Allow = %q; want POST", allow)
	}
}

func TestHealth(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := ts.do(t, "GET", path, nil); res.status != 200 || string(res.body) != `{"status":"ok"}` {
			t.Errorf("GET %s = %d %s; want 200 {\"status\":\"ok\"}", path, res.status, res.body)
		}
	}
	ts.store.Close()
	wantError(t, ts.do(t, "GET", "/readyz", nil), http.StatusServiceUnavailable, web.CodeNotReady, "")
	if res := ts.do(t, "GET", "/healthz", nil); res.status != 200 {
		t.Errorf("GET /healthz with the database down = %d; want 200", res.status)
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	secret := "Zanzibarquokka"
	ts.do(t, "POST", "/api/v1/score", scoreBody(t, scoring.Input{Question: "Tell me about a failure", Answer: "I learned from " + secret}))
	ts.do(t, "GET", "/api/v1/questions/"+secret, nil)
	ts.do(t, "GET", "/"+secret, nil)
	res := ts.do(t, "GET", "/metrics", nil)
	if res.status != 200 {
		t.Fatalf("GET /metrics = %d", res.status)
	}
	text := string(res.body)
	for _, want := range []string{
		`mockinterview_http_requests_total{method="POST",route="/api/v1/score",status="200"} 1`,
		`mockinterview_http_requests_total{method="GET",route="/api/v1/questions/:id",status="404"} 1`,
		`mockinterview_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`mockinterview_http_request_duration_seconds_bucket{method="POST",route="/api/v1/score",le="+Inf"} 1`,
		"go_goroutines",
		"process_cpu_seconds_total",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(text, secret) {
		t.Errorf("metrics contain answer or path text %q", secret)
	}
}

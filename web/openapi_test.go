package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/mockinterview/mockinterview/interview/extract/extracttest"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

func loadOpenAPI(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(web.OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi.json is version %s; want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	return doc, router
}

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// TestOpenAPIDocumentsEveryRoute checks that every route of routes.go is in
// the document and every documented operation is a route. The routes of
// the front end (the page and its static files) are not part of the API
// and are left out: every route under /api/ and the operational ones must
// be documented.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	ts := newTestServer(t, web.Config{}, nil)
	routes := map[string]bool{}
	for _, r := range ts.web.Routes() {
		path := ginParam.ReplaceAllString(r.Path, "{$1}")
		routes[r.Method+" "+path] = true
		switch {
		case strings.HasPrefix(path, "/api/"), path == "/healthz", path == "/readyz", path == "/metrics":
		default:
			continue // the front end
		}
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s %s is not in openapi.json", r.Method, path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routes[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which routes.go lacks", method, path)
			}
		}
	}
}

// TestOpenAPIContract drives real servers with real requests, success and
// error cases for every documented route, and validates each response (and
// each request meant to be valid) against the document.
func TestOpenAPIContract(t *testing.T) {
	doc, router := loadOpenAPI(t)
	_ = doc
	ts := newTestServer(t, web.Config{RequireKey: true, RateLimit: 1000, RateBurst: 1000}, withSessions(t))
	_, key := ts.createKey(t, "contract")
	auth := []string{"Authorization", "Bearer " + key}
	session := ts.do(t, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer","count":1}`), auth...)
	var created struct{ ID string }
	if err := json.Unmarshal(session.body, &created); err != nil || created.ID == "" {
		t.Fatalf("create session: %d %s", session.status, session.body)
	}
	clock := &fixedClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	limited := newTestServer(t, web.Config{RateLimit: 0.001, RateBurst: 1}, func(d *web.Deps) { d.Now = clock.now })
	noIdempotency := newTestServer(t, web.Config{}, func(d *web.Deps) { d.Idempotency = nil })
	down := newTestServer(t, web.Config{}, nil)
	down.store.Close()
	voice := newTestServer(t, web.Config{}, withSpeech(&fakeSTT{text: "I fixed the cache", silenceAt: 2}))
	wav := []string{"Content-Type", "audio/wav"}
	openapi3filter.RegisterBodyDecoder("audio/wav", openapi3filter.FileBodyDecoder)
	vs := newVoiceServer(t, &fakeSTT{text: "I fixed the cache"})
	_, vkey := vs.ts.createKey(t, "voice")
	vauth := []string{"Authorization", "Bearer " + vkey}
	vsess := vs.ts.do(t, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer","count":1}`), vauth...)
	var vcreated struct{ ID string }
	if err := json.Unmarshal(vsess.body, &vcreated); err != nil || vcreated.ID == "" {
		t.Fatalf("create voice session: %d %s", vsess.status, vsess.body)
	}
	if err := vs.engine.Start(context.Background(), vcreated.ID); err != nil {
		t.Fatal(err)
	}
	vpath := "/api/v1/sessions/" + vcreated.ID + "/turns/"
	vk := func(h ...string) []string { return append(append([]string{}, vauth...), h...) }

	bankScore := scoreBody(t, scoring.Input{QuestionID: "be-performance-bottleneck", Answer: goodAnswer})
	customScore := []byte(`{"question":"Describe a time you improved an API's reliability.","tips":"Look for ownership and numbers.",
		"talking_points":["retries with backoff",{"id":"slo","label":"SLOs","phrases":["error budget","SLO"]}],
		"category":"behavioral","reference_answer":"I added retries and an SLO.","reference_answers":["We cut errors by half."],
		"answer":` + jsonString(goodAnswer) + `}`)
	batch := []byte(`{"items":[` + string(bankScore) + `,{"question":"q","answr":"x"},` + string(customScore) + `]}`)
	tooMany := []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat(`{"question":"q","answer":"a"},`, 101), ",") + `]}`)
	huge := []byte(`{"question":"q","answer":"` + strings.Repeat("a", 70<<10) + `"}`)

	docxUpload, uploadType := multipartUpload(t, "resume", "resume.docx", extracttest.DOCX(t, []string{"- Led the migration of 40 services to Kafka"}))
	pngUpload, pngType := multipartUpload(t, "resume", "photo.png", []byte("\x89PNG\r\n\x1a\n"))

	type tcase struct {
		name         string
		srv          *testServer
		method, path string
		body         []byte
		headers      []string
		status       int
		validRequest bool // also validate the request against the document
	}
	k := func(h ...string) []string { return append(append([]string{}, auth...), h...) }
	cases := []tcase{
		{"healthz", ts, "GET", "/healthz", nil, nil, 200, true},
		{"readyz", ts, "GET", "/readyz", nil, nil, 200, true},
		{"readyz down", down, "GET", "/readyz", nil, nil, 503, true},
		{"metrics", ts, "GET", "/metrics", nil, nil, 200, true},
		{"openapi", ts, "GET", "/api/v1/openapi.json", nil, nil, 200, true},
		{"roles", ts, "GET", "/api/v1/roles", nil, k(), 200, true},
		{"roles without key (the bank is public)", ts, "GET", "/api/v1/roles", nil, nil, 200, false},
		{"roles with a bad key", ts, "GET", "/api/v1/roles", nil, []string{"Authorization", "Bearer mi_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, 401, false},
		{"roles unknown parameter", ts, "GET", "/api/v1/roles?x=1", nil, k(), 400, false},
		{"roles rate limited 1", limited, "GET", "/api/v1/roles", nil, nil, 200, true},
		{"roles rate limited 2", limited, "GET", "/api/v1/roles", nil, nil, 429, true},
		{"questions", ts, "GET", "/api/v1/questions?role=backend-developer&category=technical&category=behavioral", nil, k(), 200, true},
		{"questions all", ts, "GET", "/api/v1/questions", nil, k(), 200, true},
		{"questions unknown role", ts, "GET", "/api/v1/questions?role=astronaut", nil, k(), 404, true},
		{"questions bad category", ts, "GET", "/api/v1/questions?category=musical", nil, k(), 400, true},
		{"question", ts, "GET", "/api/v1/questions/be-performance-bottleneck", nil, k(), 200, true},
		{"question unknown", ts, "GET", "/api/v1/questions/nope", nil, k(), 404, true},
		{"question bad key", ts, "GET", "/api/v1/questions/nope", nil, []string{"Authorization", "Bearer nope"}, 401, false},
		{"score bank question", ts, "POST", "/api/v1/score", bankScore, k(), 200, true},
		{"score custom question", ts, "POST", "/api/v1/score", customScore, k(), 200, true},
		{"score idempotent", ts, "POST", "/api/v1/score", bankScore, k("Idempotency-Key", "c1"), 200, true},
		{"score replayed", ts, "POST", "/api/v1/score", bankScore, k("Idempotency-Key", "c1"), 200, true},
		{"score idempotency conflict", ts, "POST", "/api/v1/score", customScore, k("Idempotency-Key", "c1"), 409, true},
		{"score malformed", ts, "POST", "/api/v1/score", []byte(`{"answer":`), k(), 400, false},
		{"score unknown field", ts, "POST", "/api/v1/score", []byte(`{"answer":"a","x":1}`), k(), 400, false},
		{"score missing answer", ts, "POST", "/api/v1/score", []byte(`{"question":"q"}`), k(), 400, false},
		{"score unknown question", ts, "POST", "/api/v1/score", []byte(`{"question_id":"nope","answer":"a"}`), k(), 404, true},
		{"score too large", ts, "POST", "/api/v1/score", huge, k(), 413, false},
		{"score wrong content type", ts, "POST", "/api/v1/score", bankScore, k("Content-Type", "text/plain"), 415, false},
		{"score without key", ts, "POST", "/api/v1/score", bankScore, nil, 401, false},
		{"score no idempotency store", noIdempotency, "POST", "/api/v1/score", bankScore, []string{"Idempotency-Key", "x"}, 501, true},
		{"batch", ts, "POST", "/api/v1/score/batch", batch, k(), 200, false}, // item 2 is bad on purpose
		{"batch idempotent", ts, "POST", "/api/v1/score/batch", []byte(`{"items":[` + string(bankScore) + `]}`), k("Idempotency-Key", "b1"), 200, true},
		{"batch too many", ts, "POST", "/api/v1/score/batch", tooMany, k(), 413, false},
		{"batch empty", ts, "POST", "/api/v1/score/batch", []byte(`{"items":[]}`), k(), 400, false},
		{"batch malformed", ts, "POST", "/api/v1/score/batch", []byte(`{"items":[}`), k(), 400, false},
		{"batch wrong content type", ts, "POST", "/api/v1/score/batch", batch, k("Content-Type", "application/xml"), 415, false},
		{"create session", ts, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer","categories":["behavioral"],"count":2,"mode":"exam","seed":1}`), k(), 201, true},
		{"create session without key", ts, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer"}`), nil, 201, true},
		{"create session invalid", ts, "POST", "/api/v1/sessions", []byte(`{"role":"astronaut"}`), k(), 400, true},
		{"create session from a job posting", ts, "POST", "/api/v1/sessions", []byte(`{"job_description":"Backend engineer: REST APIs, PostgreSQL indexing, Redis caching, Kafka, idempotency.","resume":"- Led the migration of 40 services from RabbitMQ to Kafka","count":3,"seed":1}`), k(), 201, true},
		{"create session empty posting", ts, "POST", "/api/v1/sessions", []byte(`{"job_description":""}`), k(), 400, true},
		// Tailoring (tailor_extract_test.go builds the uploads).
		{"extract a docx", ts, "POST", "/api/v1/extract", docxUpload, k("Content-Type", uploadType), 200, false},
		{"extract a png", ts, "POST", "/api/v1/extract", pngUpload, k("Content-Type", pngType), 415, false},
		{"extract not multipart", ts, "POST", "/api/v1/extract", []byte(`{}`), k(), 415, false},
		{"preview plan", ts, "POST", "/api/v1/plan", []byte(`{"job_description":"Backend engineer: REST APIs, PostgreSQL indexing, Redis caching, Kafka.","count":3,"seed":2}`), k(), 200, true},
		{"preview plan without posting", ts, "POST", "/api/v1/plan", []byte(`{"role":"backend-developer"}`), k(), 400, true},
		{"create session unknown field", ts, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer","x":1}`), k(), 400, false},
		{"create session no engine", noIdempotency, "POST", "/api/v1/sessions", []byte(`{"role":"backend-developer"}`), nil, 501, true},
		{"sessions", ts, "GET", "/api/v1/sessions", nil, k(), 200, true},
		{"sessions bad limit", ts, "GET", "/api/v1/sessions?limit=0", nil, k(), 400, false},
		{"session", ts, "GET", "/api/v1/sessions/" + created.ID, nil, k(), 200, true},
		{"session of someone else", ts, "GET", "/api/v1/sessions/" + created.ID, nil, nil, 404, true},
		{"capabilities", ts, "GET", "/api/v1/capabilities", nil, k(), 200, true},
		{"transcribe", voice, "POST", "/api/v1/transcribe", testWAV(4, 16000), wav, 200, false},
		{"transcribe not audio", voice, "POST", "/api/v1/transcribe", []byte("hello"), wav, 415, false},
		{"transcribe truncated", voice, "POST", "/api/v1/transcribe", testWAV(4, 16000)[:100], wav, 400, false},
		{"transcribe too long", voice, "POST", "/api/v1/transcribe", testWAV(21, 16000), wav, 413, false},
		{"transcribe voice off", ts, "POST", "/api/v1/transcribe", testWAV(1, 16000), k(wav...), 501, false},
		{"record answer", vs.ts, "POST", vpath + "1/audio", testWAV(2, 16000), vk(wav...), 201, false},
		{"record answer wrong turn", vs.ts, "POST", vpath + "2/audio", testWAV(2, 16000), vk(wav...), 409, false},
		{"record answer not audio", vs.ts, "POST", vpath + "1/audio", []byte("hi"), vk(wav...), 415, false},
		{"record answer of someone else", vs.ts, "POST", vpath + "1/audio", testWAV(2, 16000), wav, 404, false},
		{"answer audio", vs.ts, "GET", vpath + "1/audio", nil, vk(), 200, true},
		{"answer audio missing", vs.ts, "GET", vpath + "1/audio?followup=1", nil, vk(), 404, true},
		{"answer audio no recordings", ts, "GET", "/api/v1/sessions/" + created.ID + "/turns/1/audio", nil, k(), 501, true},
		{"voice session", vs.ts, "GET", "/api/v1/sessions/" + vcreated.ID, nil, vk(), 200, true},
		{"live without upgrade", ts, "GET", "/api/v1/sessions/" + created.ID + "/live", nil, k(), 426, true},
		{"live of someone else", ts, "GET", "/api/v1/sessions/" + created.ID + "/live", nil, nil, 404, true},
	}
	okOps := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.srv.do(t, tc.method, tc.path, tc.body, tc.headers...)
			if res.status != tc.status {
				t.Fatalf("status %d; want %d (body %.300s)", res.status, tc.status, res.body)
			}
			req, err := http.NewRequest(tc.method, tc.srv.URL+tc.path, bytes.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			for i := 0; i+1 < len(tc.headers); i += 2 {
				req.Header.Set(tc.headers[i], tc.headers[i+1])
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("%s %s is not in openapi.json: %v", tc.method, tc.path, err)
			}
			reqInput := &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
			}
			if tc.validRequest {
				if err := openapi3filter.ValidateRequest(context.Background(), reqInput); err != nil {
					t.Errorf("the request does not match openapi.json: %v", err)
				}
			}
			input := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: reqInput,
				Status:                 res.status,
				Header:                 res.header,
				Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
			}
			input.SetBodyBytes(res.body)
			if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
				t.Errorf("the response does not match openapi.json: %v\nbody: %.500s", err, res.body)
			}
			if res.status/100 == 2 {
				okOps[tc.method+" "+route.Path] = true
			}
		})
	}
	for path, item := range doc.Paths.Map() {
		if strings.HasSuffix(path, "/live") {
			continue // a websocket: live_test.go checks the upgrade
		}
		for method := range item.Operations() {
			if accountOps[method+" "+path] {
				continue // TestOpenAPIContractAccounts checks it, signed in
			}
			if !okOps[method+" "+path] {
				t.Errorf("no successful request to %s %s was checked", method, path)
			}
		}
	}
}

// TestOpenAPIServed checks the served document is the embedded one.
func TestOpenAPIServed(t *testing.T) {
	ts := newTestServer(t, web.Config{RequireKey: true}, nil)
	res := ts.do(t, "GET", "/api/v1/openapi.json", nil)
	if res.status != 200 || !bytes.Equal(res.body, web.OpenAPI) {
		t.Errorf("GET /api/v1/openapi.json = %d, %d bytes; want 200 and the embedded document", res.status, len(res.body))
	}
}

package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

// benchAnswer is a realistic 250-word behavioral answer.
const benchAnswer = `Last year I was the backend lead on our payments team when checkout latency started climbing during peak hours. ` +
	`Customers were abandoning carts and support tickets doubled within two weeks, so the situation was urgent for the whole company. ` +
	`My task was to find the bottleneck and bring p99 latency under 300 milliseconds before the holiday sale, without a risky rewrite. ` +
	`First, I added tracing to every service call and built a dashboard so the team could see where time was spent. ` +
	`I found that the order service issued an N+1 query against the inventory table and held a database connection while calling the fraud API. ` +
	`I rewrote the query as a single join, added a composite index, and moved the fraud call outside the transaction. ` +
	`I also introduced a Redis cache for product prices with a short TTL and explicit invalidation on updates. ` +
	`To make sure nothing broke, I wrote load tests that replayed production traffic and ran them in staging for three days. ` +
	`I rolled the change out behind a feature flag to five percent of traffic, watched error rates and latency, then ramped up. ` +
	`As a result, p99 latency dropped from 2.1 seconds to 180 milliseconds, database CPU fell by 40 percent, and cart abandonment went back to normal. ` +
	`We handled three times the usual traffic during the sale without an incident. ` +
	`I documented the approach, and the team now runs the load tests in CI before every release, which caught two regressions since.`

func benchServer(b *testing.B) http.Handler {
	b.Helper()
	bank := testBank(b)
	s, err := web.New(web.Config{}, web.Deps{Bank: bank, Scorer: scoring.New(bank)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkScoreHandler is POST /api/v1/score through the whole handler
// (middleware, decoding, scoring, encoding) with a 250-word answer.
func BenchmarkScoreHandler(b *testing.B) {
	h := benchServer(b)
	body := []byte(`{"question_id":"be-performance-bottleneck","answer":` + jsonString(benchAnswer) + `}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/score", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkHealthz is the floor: the middleware and a tiny JSON answer.
func BenchmarkHealthz(b *testing.B) {
	h := benchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/healthz", nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

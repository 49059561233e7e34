package scoring

import (
	"context"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
)

// benchAnswer is a realistic 250-word behavioral answer.
const benchAnswer = `At my last company I worked on the order service of an e-commerce platform that handled about 3,000 requests per second at peak. In the spring our checkout page started timing out during flash sales, and p99 latency for the order-history endpoint had crept up to 2.4 seconds. I owned that endpoint, so my goal was to bring p99 under 300ms before the summer sale, without a rewrite.

First I captured a baseline in our APM and pulled a CPU and allocation profile with pprof from one production instance. The flame graph showed most of the time in the database driver, so I ran EXPLAIN ANALYZE on the slowest queries from the trace. The root cause turned out to be an N+1 pattern: for each order we issued a separate query for its line items, and a recent feature had added a second lookup for shipment status.

I rewrote the handler to load line items and shipments in two batched queries keyed by order id, and I added a composite index on order_id and created_at. Then I added a load test to CI that fails if the number of queries per request grows again. I also paired with a teammate to review the change and we rolled it out behind a feature flag to 10% of traffic first.

As a result, p99 latency dropped from 2.4 seconds to 180ms, database CPU fell by 35%, and the timeout alerts stopped. I wrote the profiling steps up as a runbook, and two other teams used it to fix similar problems.`

func benchQuestion(b testing.TB) (*Scorer, Input) {
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	s := New(bank)
	for _, q := range bank.Questions("backend-developer") {
		if q.Text == "Describe a time you identified and resolved a significant performance bottleneck." {
			return s, Input{QuestionID: q.ID, Answer: benchAnswer}
		}
	}
	return s, Input{
		Question: "Describe a time you identified and resolved a significant performance bottleneck.",
		Tips:     "Walk through profiling, root cause analysis, the fix, and measurable improvement.",
		Answer:   benchAnswer,
	}
}

func BenchmarkScore(b *testing.B) {
	s, in := benchQuestion(b)
	ctx := context.Background()
	if _, err := s.Score(ctx, in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Score(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScoreHeuristic leaves out detectInjection and the judge hook:
// the scorer's own pipeline.
func BenchmarkScoreHeuristic(b *testing.B) {
	s, in := benchQuestion(b)
	cq, err := s.resolve(&in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = scoreHeuristic(cq, in.Answer, nil)
	}
}

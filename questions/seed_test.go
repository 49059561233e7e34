package questions

import "testing"

// seedQuestions are the 8 questions and tips of the Backend Developer guide
// the product grew from (/work/shared/seed), copied here byte for byte: the
// bank must carry them word for word.
var seedQuestions = []struct {
	category Category
	text     string
	tips     string
}{
	{Behavioral,
		"Describe a time you identified and resolved a significant performance bottleneck.",
		"Walk through profiling, root cause analysis, the fix, and measurable improvement."},
	{Behavioral,
		"Tell me about a time you had to migrate a database with zero downtime.",
		"Describe dual-write strategies, shadow tables, and rollback plans."},
	{Technical,
		"How do you design a RESTful API that is both scalable and maintainable?",
		"Discuss versioning, consistent naming, pagination, error handling, and documentation."},
	{Technical,
		"Explain the CAP theorem and how it influences your database design decisions.",
		"Give concrete examples of when you would choose consistency over availability and vice versa."},
	{Technical,
		"What strategies do you use to ensure data integrity across distributed systems?",
		"Cover transactions, idempotency, saga patterns, and eventual consistency."},
	{Technical,
		"How do you approach writing secure backend code?",
		"Cover input validation, parameterized queries, authentication, authorization, and OWASP top 10."},
	{Situational,
		"How would you handle a sudden 10x spike in API traffic?",
		"Discuss auto-scaling, caching, rate limiting, queue-based processing, and graceful degradation."},
	{Situational,
		"A third-party API your service depends on starts returning errors intermittently. What do you do?",
		"Discuss circuit breakers, retry logic with backoff, fallback responses, and alerting."},
}

func TestSeedQuestionsVerbatim(t *testing.T) {
	bank, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	byText := map[string]Question{}
	for _, q := range bank.Questions("backend-developer") {
		byText[q.Text] = q
	}
	if n := len(byText); n < 8 {
		t.Errorf("backend-developer has %d questions; want at least the seed's 8", n)
	}
	for _, seed := range seedQuestions {
		q, ok := byText[seed.text]
		if !ok {
			t.Errorf("seed question %q is not in backend-developer word for word", seed.text)
			continue
		}
		if q.Tips != seed.tips {
			t.Errorf("question %s: tips = %q; want the seed's %q", q.ID, q.Tips, seed.tips)
		}
		if q.Category != seed.category {
			t.Errorf("question %s: category = %q; want the seed's %q", q.ID, q.Category, seed.category)
		}
	}
}

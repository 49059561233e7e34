package nlp

import (
	"testing"

	"github.com/jdkato/prose/v2"
)

// benchAnswer is the 250-word behavioral answer of scoring's benchmarks.
const benchAnswer = `At my last company I worked on the order service of an e-commerce platform that handled about 3,000 requests per second at peak. In the spring our checkout page started timing out during flash sales, and p99 latency for the order-history endpoint had crept up to 2.4 seconds. I owned that endpoint, so my goal was to bring p99 under 300ms before the summer sale, without a rewrite.

First I captured a baseline in our APM and pulled a CPU and allocation profile with pprof from one production instance. The flame graph showed most of the time in the database driver, so I ran EXPLAIN ANALYZE on the slowest queries from the trace. The root cause turned out to be an N+1 pattern: for each order we issued a separate query for its line items, and a recent feature had added a second lookup for shipment status.

I rewrote the handler to load line items and shipments in two batched queries keyed by order id, and I added a composite index on order_id and created_at. Then I added a load test to CI that fails if the number of queries per request grows again. I also paired with a teammate to review the change and we rolled it out behind a feature flag to 10% of traffic first.

As a result, p99 latency dropped from 2.4 seconds to 180ms, database CPU fell by 35%, and the timeout alerts stopped. I wrote the profiling steps up as a runbook, and two other teams used it to fix similar problems.`

// benchSentences is benchAnswer cut into sentences of words.
func benchSentences() (sents [][]string, words int) {
	var cur []string
	for _, w := range split(benchAnswer) {
		cur = append(cur, w)
		if w == "." {
			sents = append(sents, cur)
			words += len(cur)
			cur = nil
		}
	}
	return sents, words
}

func BenchmarkTagWords(b *testing.B) {
	sents, words := benchSentences()
	out := make([]Tag, 64)
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			TagWords(s, out[:len(s)])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*words), "ns/token")
}

func BenchmarkChunks(b *testing.B) {
	sents, _ := benchSentences()
	tags := make([][]Tag, len(sents))
	for i, s := range sents {
		tags[i] = make([]Tag, len(s))
		TagWords(s, tags[i])
	}
	var spans [][2]int
	b.ReportAllocs()
	for b.Loop() {
		for i, s := range sents {
			spans = NounPhrases(s, tags[i], spans[:0])
			spans = VerbGroups(s, tags[i], spans)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeTable(perceptronTable); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProse is prose's own tagger on the same answer, its model
// loaded once, segmentation and entity extraction off.
func BenchmarkProse(b *testing.B) {
	model := proseTagger()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := prose.NewDocument(benchAnswer, prose.WithSegmentation(false),
			prose.WithExtraction(false), prose.UsingModel(model)); err != nil {
			b.Fatal(err)
		}
	}
}

package openai

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mockinterview/mockinterview/scoring"
)

// Collector exposes a Scorer's judge counters (scoring.JudgeStats) as
// Prometheus metrics; register it next to the web server's own, e.g.
// prometheus.MustRegister(openai.NewCollector(scorer.JudgeStats)).
type Collector struct {
	stats func() scoring.JudgeStats

	requests, cacheHits, merged, upstream, failures, tokens, latency, breaker, inFlight *prometheus.Desc
}

// NewCollector returns a collector reading stats on every scrape.
func NewCollector(stats func() scoring.JudgeStats) *Collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("mockinterview_llm_judge_"+name, help, labels, nil)
	}
	return &Collector{
		stats:     stats,
		requests:  d("requests_total", "Answers that asked the LLM judge."),
		cacheHits: d("cache_hits_total", "Judgments served from the cache."),
		merged:    d("merged_total", "Judgments shared with an identical concurrent request."),
		upstream:  d("upstream_calls_total", "Calls that reached the LLM server, retries included."),
		failures:  d("failures_total", "Answers scored without the LLM, by reason.", "reason"),
		tokens:    d("tokens_total", "Tokens the LLM server reported.", "kind"),
		latency:   d("upstream_latency_seconds", "Latency of calls to the LLM server."),
		breaker:   d("breaker_open", "1 when the circuit breaker is open, 0.5 half-open, 0 closed."),
		inFlight:  d("in_flight", "Calls to the LLM server in flight."),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.requests, c.cacheHits, c.merged, c.upstream, c.failures, c.tokens, c.latency, c.breaker, c.inFlight} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	st := c.stats()
	if !st.Enabled {
		return
	}
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	counter(c.requests, st.Requests)
	counter(c.cacheHits, st.CacheHits)
	counter(c.merged, st.Merged)
	counter(c.upstream, st.UpstreamCalls)
	for reason, n := range st.Failures {
		counter(c.failures, n, reason)
	}
	counter(c.tokens, st.PromptTokens, "prompt")
	counter(c.tokens, st.CompletionTokens, "completion")
	buckets := make(map[float64]uint64, len(scoring.JudgeLatencyBuckets))
	for i, ub := range scoring.JudgeLatencyBuckets {
		buckets[ub] = st.LatencyBuckets[i]
	}
	ch <- prometheus.MustNewConstHistogram(c.latency, st.LatencyCount, st.LatencySum.Seconds(), buckets)
	open := 0.0
	switch st.BreakerState {
	case "open":
		open = 1
	case "half-open":
		open = 0.5
	}
	ch <- prometheus.MustNewConstMetric(c.breaker, prometheus.GaugeValue, open)
	ch <- prometheus.MustNewConstMetric(c.inFlight, prometheus.GaugeValue, float64(st.InFlight))
}

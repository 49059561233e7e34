package scoring

import "testing"

func TestLocateQuotes(t *testing.T) {
	answer := "At my last job the checkout API’s p99 latency hit 2.4  seconds.\nI profiled it with pprof and found the JSON encoder — called per item.\u200B Then p99 dropped to 310 ms."
	cases := []struct {
		name  string
		quote string
		want  []string // texts of the spans found, in the answer's own bytes
	}{
		{"exact", "I profiled it with pprof", []string{"I profiled it with pprof"}},
		{"case and spaces", "p99 LATENCY hit 2.4 seconds", []string{"p99 latency hit 2.4  seconds"}},
		{"straight apostrophe", "checkout API's p99", []string{"checkout API’s p99"}},
		{"ascii dash and newline", "2.4 seconds. I profiled", []string{"2.4  seconds.\nI profiled"}},
		{"hyphen for em dash", "JSON encoder - called per item", []string{"JSON encoder — called per item"}},
		{"zero-width space ignored", "called per item. Then p99", []string{"called per item.\u200B Then p99"}},
		{"quoted with trailing period", "“p99 dropped to 310 ms.”", []string{"p99 dropped to 310 ms"}},
		{"ellipsis", "I profiled it ... dropped to 310 ms", []string{"I profiled it", "dropped to 310 ms"}},
		{"invented", "I rewrote the service in Rust", nil},
		{"paraphrase", "I used a profiler", nil},
		{"ellipsis with one invented part", "I profiled it ... and fired the vendor", nil},
		{"too short", "p9", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := locateQuotes(answer, []string{c.quote})
			if len(got) != len(c.want) {
				t.Fatalf("locateQuotes(%q) = %+v; want %d spans %q", c.quote, got, len(c.want), c.want)
			}
			for i, ev := range got {
				if answer[ev.Start:ev.End] != ev.Text {
					t.Errorf("span [%d,%d) = %q but Text = %q", ev.Start, ev.End, answer[ev.Start:ev.End], ev.Text)
				}
				if ev.Text != c.want[i] {
					t.Errorf("locateQuotes(%q)[%d].Text = %q; want %q", c.quote, i, ev.Text, c.want[i])
				}
			}
		})
	}
}

func TestVerifiedFeedbackItems(t *testing.T) {
	answer := "I added a cache in front of the pricing service and cut p99 by half."
	items := []string{
		`You said "added a cache in front of the pricing service" — name the cache.`,
		`You claimed "rewrote the pricing service in Go", which needs numbers.`,
		"Quantify the before and after.",
		"  ",
	}
	got := verifiedFeedbackItems(items, answer)
	if len(got) != 2 || got[0] != items[0] || got[1] != items[2] {
		t.Errorf("verifiedFeedbackItems = %q; want the first and third items only", got)
	}
}

func BenchmarkLocateQuotes(b *testing.B) {
	answer := "At my last job the checkout API’s p99 latency hit 2.4 seconds. I profiled it with pprof and found the JSON encoder called per item. Then p99 dropped to 310 ms and we stopped paging the on-call engineer."
	quotes := []string{"I profiled it with pprof", "P99 dropped to 310 ms.", "we stopped paging the on-call engineer", "invented text here"}
	b.ReportAllocs()
	for b.Loop() {
		locateQuotes(answer, quotes)
	}
}

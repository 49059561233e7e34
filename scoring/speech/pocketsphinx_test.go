package speech_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/scoring/speech/speechtest"
)

func needPocketsphinx(t testing.TB) *speech.Pocketsphinx {
	t.Helper()
	p, err := speech.FindPocketsphinx(1)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("FindPocketsphinx: %v (scripts/test installs it)", err)
		}
		t.Skip(err)
	}
	return p
}

func decodeFile(t testing.TB, path string) speech.Audio {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := speech.Decode(f, speech.Limits{})
	if err != nil {
		t.Fatalf("Decode(%s): %v", path, err)
	}
	return a
}

const (
	sayFirst  = "I led the migration of our billing service to a new database"
	saySecond = "we cut the latency by forty percent and nobody was paged at night"
)

// TestPocketsphinxTimings runs the offline engine on espeak-ng speech with
// a silence of 2.5 s inserted. Pocketsphinx gets many of espeak's synthetic
// words wrong, so the test asserts on structure and timings, and logs the
// word error rate.
func TestPocketsphinxTimings(t *testing.T) {
	p := needPocketsphinx(t)
	dir := t.TempDir()
	path := speechtest.Speak(t, dir, 22050, 1,
		speechtest.Part{Silence: 0.3}, speechtest.Part{Text: sayFirst},
		speechtest.Part{Silence: 2.5}, speechtest.Part{Text: saySecond})
	a := decodeFile(t, path)
	svc := speech.NewService(p, speech.Limits{})
	start := time.Now()
	tr, err := svc.Transcribe(context.Background(), a)
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	took := time.Since(start)
	refWords := len(strings.Fields(sayFirst + " " + saySecond))
	if n := len(tr.Words); n < refWords/2 || n > refWords*2 {
		t.Errorf("got %d words (%q); want about %d", n, tr.Text, refWords)
	}
	for i, w := range tr.Words {
		if w.End < w.Start || (i > 0 && w.Start < tr.Words[i-1].End) || w.End > tr.Duration+0.05 {
			t.Errorf("word %d %+v is out of order (previous %+v, duration %.2f)", i, w, tr.Words[max(0, i-1)], tr.Duration)
		}
	}
	if d := a.Seconds(); tr.Duration < d-0.01 || tr.Duration > d+0.01 {
		t.Errorf("Duration = %.2f; want %.2f", tr.Duration, d)
	}
	var long []speech.Pause
	for _, p := range tr.Delivery.Pauses {
		if p.Duration >= 1.8 {
			long = append(long, p)
		}
	}
	if len(long) != 1 || long[0].Duration > 3.6 {
		t.Errorf("pauses = %+v; want one of about 2.5 s", tr.Delivery.Pauses)
	}
	if tr.Engine != "pocketsphinx" || tr.Delivery.WordsPerMinute <= 0 {
		t.Errorf("Engine = %q, wpm = %.0f", tr.Engine, tr.Delivery.WordsPerMinute)
	}
	t.Logf("%.1f s of audio in %s; %d words, WER %.0f%%, %.0f wpm, pauses %+v; heard %q",
		a.Seconds(), took.Round(time.Millisecond), len(tr.Words), 100*wordErrorRate(sayFirst+" "+saySecond, tr.Text),
		tr.Delivery.WordsPerMinute, tr.Delivery.Pauses, tr.Text)
}

func TestPocketsphinxSilence(t *testing.T) {
	p := needPocketsphinx(t)
	path := speechtest.Speak(t, t.TempDir(), 16000, 1, speechtest.Part{Silence: 1.5})
	tr, err := speech.NewService(p, speech.Limits{}).Transcribe(context.Background(), decodeFile(t, path))
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	if len(tr.Words) != 0 || len(tr.Delivery.Feedback) == 0 {
		t.Errorf("silence gave %q, feedback %q; want no words and a hint", tr.Text, tr.Delivery.Feedback)
	}
}

func TestPocketsphinxCanceled(t *testing.T) {
	p := needPocketsphinx(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Transcribe(ctx, speech.Audio{Samples: make([]int16, 16000)})
	if err == nil {
		t.Fatal("Transcribe on a canceled context succeeded")
	}
}

func TestFindPocketsphinxMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := speech.FindPocketsphinx(1); err != speech.ErrNoPocketsphinx {
		t.Fatalf("FindPocketsphinx with an empty PATH = %v; want ErrNoPocketsphinx", err)
	}
}

// BenchmarkPocketsphinx30s transcribes 30 s of espeak speech; the target is
// at most 1x real time (30 s per op) on 2 cores; docs/speech.md has figures.
func BenchmarkPocketsphinx30s(b *testing.B) {
	p := needPocketsphinx(b)
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		b.Skip(err)
	}
	dir := b.TempDir()
	var parts []speechtest.Part
	for range 3 {
		parts = append(parts, speechtest.Part{Text: sayFirst + ". " + saySecond}, speechtest.Part{Silence: 1.2})
	}
	path := speechtest.Speak(b, dir, 16000, 1, parts...)
	a := decodeFile(b, path)
	for a.Seconds() < 30 {
		a.Samples = append(a.Samples, a.Samples...)
	}
	a.Samples = a.Samples[:30*speech.SampleRate]
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Transcribe(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/30, "xRT")
}

// wordErrorRate is the word-level edit distance over the reference's length.
func wordErrorRate(ref, hyp string) float64 {
	r, h := strings.Fields(strings.ToLower(ref)), strings.Fields(strings.ToLower(hyp))
	prev := make([]int, len(h)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(r); i++ {
		cur := make([]int, len(h)+1)
		cur[0] = i
		for j := 1; j <= len(h); j++ {
			cost := 1
			if r[i-1] == h[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return float64(prev[len(h)]) / float64(len(r))
}

package speech_test

import (
	"math"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/scoring/speech"
)

// evenWords is n words starting every gap seconds, each lasting dur, with
// extra seconds of silence before word silenceAt.
func evenWords(n int, gap, dur float64, silenceAt int, extra float64, fillersAt map[int]string) []speech.Word {
	var ws []speech.Word
	t := 0.0
	for i := range n {
		if i == silenceAt {
			t += extra
		}
		w := "word"
		if f, ok := fillersAt[i]; ok {
			w = f
		}
		ws = append(ws, speech.Word{Word: w, Start: t, End: t + dur})
		t += gap
	}
	return ws
}

// TestAnalyzeKnownTiming is the check: 30 words 0.4 s apart with
// one 2 s silence and two fillers.
func TestAnalyzeKnownTiming(t *testing.T) {
	words := evenWords(30, 0.4, 0.3, 15, 2, map[int]string{4: "um", 20: "uh,"})
	d := speech.Analyze(words, 15)
	if math.Abs(d.WordsPerMinute-150) > 5 {
		t.Errorf("WordsPerMinute = %.1f; want about 150", d.WordsPerMinute)
	}
	if len(d.Pauses) != 1 || math.Abs(d.Pauses[0].Duration-2.1) > 0.01 || d.Pauses[0].AfterWord != 14 {
		t.Errorf("Pauses = %+v; want one of 2.1 s after word 14", d.Pauses)
	}
	if math.Abs(d.LongestPause-2.1) > 0.01 {
		t.Errorf("LongestPause = %.2f; want 2.1", d.LongestPause)
	}
	if d.FillerCount != 2 || d.Fillers[1].Word != "uh" || d.Fillers[1].Index != 20 {
		t.Errorf("Fillers = %+v; want um at 4 and uh at 20", d.Fillers)
	}
	if math.Abs(d.FillerRate-6.7) > 0.05 {
		t.Errorf("FillerRate = %.1f; want 6.7 per 100 words", d.FillerRate)
	}
	if math.Abs(d.SpeakingTime-11.8) > 0.01 || d.Pace != "good" {
		t.Errorf("SpeakingTime = %.2f, Pace = %q; want 11.8, good", d.SpeakingTime, d.Pace)
	}
	if len(d.Feedback) == 0 || !strings.Contains(strings.Join(d.Feedback, " "), "per 100 words") {
		t.Errorf("Feedback = %q; want a filler sentence", d.Feedback)
	}
}

func TestAnalyzeFeedback(t *testing.T) {
	tests := []struct {
		name  string
		words []speech.Word
		want  []string
	}{
		{"fast", evenWords(40, 0.3, 0.25, -1, 0, nil), []string{"words a minute; 130–160 is easier to follow", "Hardly any filler"}},
		{"slow", evenWords(40, 0.7, 0.4, -1, 0, nil), []string{"130–160 keeps the listener with you"}},
		{"long pauses", func() []speech.Word {
			ws := evenWords(40, 0.4, 0.3, 10, 3.5, nil)
			for i := 25; i < 40; i++ {
				ws[i].Start += 4
				ws[i].End += 4
			}
			return ws
		}(), []string{"Two pauses over 3 s", "the longest 4.1 s"}},
		{"too few words to judge pace", evenWords(5, 0.3, 0.25, -1, 0, nil), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := speech.Analyze(tt.words, 30)
			all := strings.Join(d.Feedback, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("Feedback = %q; want %q in it", d.Feedback, w)
				}
			}
			if tt.want == nil && len(d.Feedback) != 0 {
				t.Errorf("Feedback = %q; want none", d.Feedback)
			}
		})
	}
}

func TestFillerPhrases(t *testing.T) {
	say := func(s string) []speech.Word {
		var ws []speech.Word
		for i, w := range strings.Fields(s) {
			ws = append(ws, speech.Word{Word: w, Start: float64(i) * 0.4, End: float64(i)*0.4 + 0.3})
		}
		return ws
	}
	tests := []struct {
		text string
		want int
	}{
		{"so you know we shipped it", 1},
		{"if you know the key it is cheap", 0},
		{"it is a kind of cache", 0},
		{"it was kind of slow and um basically broken", 3},
		{"I mean the service was down", 1},
	}
	for _, tt := range tests {
		if d := speech.Analyze(say(tt.text), 5); d.FillerCount != tt.want {
			t.Errorf("Analyze(%q).FillerCount = %d (%+v); want %d", tt.text, d.FillerCount, d.Fillers, tt.want)
		}
	}
}

func TestPlaceNamesParts(t *testing.T) {
	text := "We had an outage. I rolled back the deploy and then I fixed the cache."
	fields := strings.Fields(text)
	var ws []speech.Word
	tm := 0.0
	for i, w := range fields {
		if i == 8 { // before "then": a long pause inside the action
			tm += 4
		}
		ws = append(ws, speech.Word{Word: w, Start: tm, End: tm + 0.3})
		tm += 0.4
	}
	d := speech.Analyze(ws, tm)
	split := strings.Index(text, "I rolled")
	d.Place(text, ws, func(off int) string {
		if off < split {
			return "situation"
		}
		return "action"
	})
	if len(d.Pauses) != 1 || d.Pauses[0].Part != "action" {
		t.Fatalf("Pauses = %+v; want one in the action", d.Pauses)
	}
	if all := strings.Join(d.Feedback, " "); !strings.Contains(all, "One pause over 3 s in your Action part") {
		t.Errorf("Feedback = %q; want the Action part named", d.Feedback)
	}
}

func TestLocateSurvivesEdits(t *testing.T) {
	words := []speech.Word{{Word: "we"}, {Word: "cut"}, {Word: "latency"}, {Word: "by"}, {Word: "forty"}, {Word: "percent"}}
	offs := speech.Locate("We cut the latency by 40 percent.", words)
	want := []int{0, 3, 11, 19, -1, 25}
	for i := range want {
		if offs[i] != want[i] {
			t.Fatalf("Locate = %v; want %v", offs, want)
		}
	}
}

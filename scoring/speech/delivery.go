package speech

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Delivery thresholds and targets (docs/speech.md says where they come from).
const (
	// PauseMin is the shortest silence between words counted as a pause.
	PauseMin = 1.0
	// LongPause is a pause long enough to lose the listener.
	LongPause = 3.0
	// PaceLow and PaceHigh bound the comfortable pace, in words a minute
	// of speaking time.
	PaceLow  = 130
	PaceHigh = 160
	// FillerTarget is the filler rate, per 100 words, below which fillers
	// go unnoticed.
	FillerTarget = 3.0
	// minPaceWords is the fewest words a pace is judged on.
	minPaceWords = 20
)

// Pause is a silence of at least PauseMin seconds between two words.
type Pause struct {
	Start    float64 `json:"start"`
	End      float64 `json:"end"`
	Duration float64 `json:"duration"`
	// AfterWord is the index in words of the word before the pause.
	AfterWord int `json:"after_word"`
	// Context is the words around the pause, the pause marked "…".
	Context string `json:"context"`
	// Part is the STAR part of the answer the pause falls in, when the
	// answer was scored (situation, task, action, result, other).
	Part string `json:"part,omitempty"`
}

// Filler is a filler word or phrase ("um", "you know").
type Filler struct {
	Word  string  `json:"word"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	// Index is the index in words of the filler's (first) word.
	Index int    `json:"index"`
	Part  string `json:"part,omitempty"`
}

// Delivery is how an answer was said, measured from word timings: the
// `delivery` object of DESIGN.md.
type Delivery struct {
	Words int `json:"words"`
	// WordsPerMinute is over speaking time: from the first word to the
	// last, less the pauses.
	WordsPerMinute float64 `json:"words_per_minute"`
	SpeakingTime   float64 `json:"speaking_time"`
	// Pace is "slow", "good" or "fast" against PaceLow..PaceHigh, ""
	// with too few words to say.
	Pace         string  `json:"pace"`
	Pauses       []Pause `json:"pauses"`
	PauseTime    float64 `json:"pause_time"`
	LongestPause float64 `json:"longest_pause"`
	LongPauses   int     `json:"long_pauses"`
	FillerCount  int     `json:"filler_count"`
	// FillerRate is fillers per 100 words.
	FillerRate float64  `json:"filler_rate"`
	Fillers    []Filler `json:"fillers"`
	// Feedback is a sentence per finding, each with its target.
	Feedback []string `json:"feedback"`
}

// fillers are the filler words; fillerPairs the two-word filler phrases.
var (
	fillers = map[string]bool{
		"um": true, "umm": true, "uh": true, "uhh": true, "uhm": true, "er": true, "erm": true,
		"ah": true, "hmm": true, "hm": true, "mm": true, "mhm": true,
		"basically": true, "literally": true,
	}
	fillerPairs = map[[2]string]bool{{"you", "know"}: true, {"i", "mean"}: true, {"sort", "of"}: true, {"kind", "of"}: true}
)

// normWord is a word lower-cased without surrounding punctuation.
func normWord(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }))
}

// IsFiller reports whether a single word is a filler.
func IsFiller(w string) bool { return fillers[normWord(w)] }

// Analyze measures the delivery of words said in a recording of duration
// seconds.
func Analyze(words []Word, duration float64) Delivery {
	d := Delivery{Words: len(words), Pauses: []Pause{}, Fillers: []Filler{}, Feedback: []string{}}
	if len(words) == 0 {
		if duration > 0 {
			d.Feedback = append(d.Feedback, "No words were recognized: check the microphone and speak closer to it, or type your answer.")
		}
		return d
	}
	norm := make([]string, len(words))
	for i, w := range words {
		norm[i] = normWord(w.Word)
	}
	for i := 1; i < len(words); i++ {
		gap := words[i].Start - words[i-1].End
		if gap < PauseMin {
			continue
		}
		p := Pause{Start: round(words[i-1].End, 2), End: round(words[i].Start, 2), Duration: round(gap, 2),
			AfterWord: i - 1, Context: pauseContext(words, i)}
		d.Pauses = append(d.Pauses, p)
		d.PauseTime += gap
		d.LongestPause = math.Max(d.LongestPause, p.Duration)
		if gap >= LongPause {
			d.LongPauses++
		}
	}
	for i := 0; i < len(norm); i++ {
		if i+1 < len(norm) && fillerPairs[[2]string{norm[i], norm[i+1]}] && !pairIsMeant(norm, i) {
			d.Fillers = append(d.Fillers, Filler{Word: norm[i] + " " + norm[i+1], Start: round(words[i].Start, 2), End: round(words[i+1].End, 2), Index: i})
			i++
			continue
		}
		if fillers[norm[i]] {
			d.Fillers = append(d.Fillers, Filler{Word: norm[i], Start: round(words[i].Start, 2), End: round(words[i].End, 2), Index: i})
		}
	}
	d.FillerCount = len(d.Fillers)
	d.FillerRate = round(100*float64(d.FillerCount)/float64(len(words)), 1)
	span := words[len(words)-1].End - words[0].Start
	d.SpeakingTime = round(math.Max(0, span-d.PauseTime), 2)
	d.PauseTime = round(d.PauseTime, 2)
	if d.SpeakingTime > 0 {
		d.WordsPerMinute = round(float64(len(words))/d.SpeakingTime*60, 1)
	}
	if len(words) >= minPaceWords && d.SpeakingTime > 0 {
		switch {
		case d.WordsPerMinute < PaceLow-10:
			d.Pace = "slow"
		case d.WordsPerMinute > PaceHigh+10:
			d.Pace = "fast"
		default:
			d.Pace = "good"
		}
	}
	d.Feedback = feedback(d)
	return d
}

// pairIsMeant tells a two-word phrase used for its meaning from a filler:
// "kind of" and "sort of" before "a"/"the" ("a kind of cache") and "you
// know" after "do"/"if" ("if you know the key") are meant.
func pairIsMeant(norm []string, i int) bool {
	switch norm[i] {
	case "kind", "sort":
		return i > 0 && (norm[i-1] == "a" || norm[i-1] == "the" || norm[i-1] == "what" || norm[i-1] == "this" || norm[i-1] == "that")
	case "you":
		return i > 0 && (norm[i-1] == "do" || norm[i-1] == "if" || norm[i-1] == "did" || norm[i-1] == "as")
	}
	return false
}

// pauseContext is up to three words either side of the pause before
// words[i].
func pauseContext(words []Word, i int) string {
	var b strings.Builder
	for j := max(0, i-3); j < i; j++ {
		b.WriteString(words[j].Word)
		b.WriteByte(' ')
	}
	b.WriteString("…")
	for j := i; j < min(len(words), i+3); j++ {
		b.WriteByte(' ')
		b.WriteString(words[j].Word)
	}
	return b.String()
}

// feedback writes one sentence per finding, each with its target.
func feedback(d Delivery) []string {
	out := []string{}
	switch d.Pace {
	case "fast":
		out = append(out, fmt.Sprintf("You spoke at %.0f words a minute; %d–%d is easier to follow: pause briefly between the parts of your answer.", d.WordsPerMinute, PaceLow, PaceHigh))
	case "slow":
		out = append(out, fmt.Sprintf("You spoke at %.0f words a minute; %d–%d keeps the listener with you: rehearse the outline so the words come sooner.", d.WordsPerMinute, PaceLow, PaceHigh))
	case "good":
		out = append(out, fmt.Sprintf("Your pace, %.0f words a minute, is in the %d–%d range listeners follow easily.", d.WordsPerMinute, PaceLow, PaceHigh))
	}
	if d.LongPauses > 0 {
		var longest Pause
		for _, p := range d.Pauses {
			if p.Duration > longest.Duration {
				longest = p
			}
		}
		where := ""
		if parts := pausePlaces(d.Pauses); parts != "" {
			where = " in your " + parts
		}
		out = append(out, fmt.Sprintf("%s over %.0f s%s (the longest %.1f s at “%s”); a pause of 1–2 s between points is fine, longer ones lose the listener: bridge with what comes next (“the next thing I did was…”).",
			capitalize(countNoun(d.LongPauses, "pause")), LongPause, where, longest.Duration, longest.Context))
	}
	if d.FillerCount > 0 && d.FillerRate > FillerTarget {
		out = append(out, fmt.Sprintf("You said %s %s (%.1f per 100 words); under %.0f per 100 sounds confident: pause silently instead.",
			fillerList(d.Fillers), times(d.FillerCount), d.FillerRate, FillerTarget))
	} else if d.Words >= minPaceWords && d.FillerCount <= 1 {
		out = append(out, "Hardly any filler words: that sounds confident.")
	}
	return out
}

// pausePlaces names the STAR parts the long pauses fall in, when known:
// "Action part", "Situation and Action parts".
func pausePlaces(ps []Pause) string {
	var parts []string
	seen := map[string]bool{}
	for _, p := range ps {
		if p.Duration < LongPause || p.Part == "" || p.Part == "other" || seen[p.Part] {
			continue
		}
		seen[p.Part] = true
		parts = append(parts, capitalize(p.Part))
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0] + " part"
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + " parts"
}

func fillerList(fs []Filler) string {
	seen := map[string]bool{}
	var ws []string
	for _, f := range fs {
		if !seen[f.Word] {
			seen[f.Word] = true
			ws = append(ws, "“"+f.Word+"”")
		}
	}
	if len(ws) > 3 {
		ws = ws[:3]
	}
	return strings.Join(ws, ", ")
}

var smallNumbers = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

func countNoun(n int, noun string) string {
	num := fmt.Sprint(n)
	if n < len(smallNumbers) {
		num = smallNumbers[n]
	}
	if n != 1 {
		noun += "s"
	}
	return num + " " + noun
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return countNoun(n, "time")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// cleanWords drops empty words, sorts nothing (engines give words in
// order) but makes times monotonic: a word never starts before the one
// before it ended, nor ends before it starts.
func cleanWords(in []Word) []Word {
	out := make([]Word, 0, len(in))
	last := 0.0
	for _, w := range in {
		w.Word = strings.TrimSpace(w.Word)
		if w.Word == "" {
			continue
		}
		w.Start = round(math.Max(w.Start, last), 3)
		w.End = round(math.Max(w.End, w.Start), 3)
		last = w.End
		out = append(out, w)
	}
	return out
}

func joinWords(ws []Word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Word)
	}
	return b.String()
}

// Locate finds each word in text, in order: the byte offset where it
// starts, or -1 when the text (a transcript the candidate corrected) no
// longer has it near where it was expected.
func Locate(text string, words []Word) []int {
	lower := strings.ToLower(text)
	offs := make([]int, len(words))
	pos := 0
	for i, w := range words {
		offs[i] = -1
		n := normWord(w.Word)
		if n == "" {
			continue
		}
		// Look a little ahead only, so one missing word does not skip
		// the rest of the answer.
		window := lower[pos:min(len(lower), pos+len(n)+80)]
		if j := strings.Index(window, n); j >= 0 {
			offs[i] = pos + j
			pos += j + len(n)
		}
	}
	return offs
}

// Place sets the STAR part of each pause and filler from where their words
// fall in text (partAt gives the part at a byte offset, "" when none) and
// rewrites the feedback so that it names the parts.
func (d *Delivery) Place(text string, words []Word, partAt func(offset int) string) {
	if len(words) != d.Words || partAt == nil {
		return
	}
	offs := Locate(text, words)
	part := func(i int) string {
		if i < 0 || i >= len(offs) || offs[i] < 0 {
			return ""
		}
		return partAt(offs[i])
	}
	for i := range d.Pauses {
		d.Pauses[i].Part = part(d.Pauses[i].AfterWord + 1)
	}
	for i := range d.Fillers {
		d.Fillers[i].Part = part(d.Fillers[i].Index)
	}
	d.Feedback = feedback(*d)
}

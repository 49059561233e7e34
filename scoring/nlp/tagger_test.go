package nlp

import (
	"strings"
	"testing"
)

// split cuts a sentence the way prose's tokenizer does for these simple
// cases: on spaces, with final punctuation and "n't" apart.
func split(s string) []string {
	var words []string
	for _, w := range strings.Fields(s) {
		var tail []string
		for len(w) > 1 && strings.ContainsAny(w[len(w)-1:], ".,!?;:") {
			tail = append([]string{w[len(w)-1:]}, tail...)
			w = w[:len(w)-1]
		}
		if strings.HasSuffix(w, "n't") && len(w) > 3 {
			words = append(words, w[:len(w)-3], "n't")
		} else {
			words = append(words, w)
		}
		words = append(words, tail...)
	}
	return words
}

func tagged(s string) ([]string, []Tag) {
	words := split(s)
	tags := make([]Tag, len(words))
	TagWords(words, tags)
	return words, tags
}

func TestTagWords(t *testing.T) {
	tests := []struct {
		sentence string
		want     map[string]Tag
	}{
		{"I added a composite index so the query stopped scanning.",
			map[string]Tag{"I": PRP, "added": VBD, "a": DT, "index": NN, "stopped": VBD, ".": Period}},
		{"The index was rebuilt.", map[string]Tag{"The": DT, "index": NN, "was": VBD, "rebuilt": VBN}},
		{"We have been measuring p99 latency since March.", map[string]Tag{"have": VBP, "been": VBN, "measuring": VBG}},
		{"She didn't bother to check the logs.", map[string]Tag{"did": VBD, "n't": RB, "bother": VB, "logs": NNS}},
		{"Traffic was growing quickly, so we sharded the database.",
			map[string]Tag{"was": VBD, "growing": VBG, "quickly": RB, ",": Comma, "sharded": VBD}},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			words, tags := tagged(tt.sentence)
			for i, w := range words {
				if want, ok := tt.want[w]; ok && tags[i] != want {
					t.Errorf("TagWords(%q): %q is %s; want %s (all: %v)", tt.sentence, w, tags[i], want, tags)
				}
			}
		})
	}
}

func TestTagWordsEmpty(t *testing.T) {
	TagWords(nil, nil)
	out := []Tag{NN}
	TagWords([]string{""}, out)
	if out[0] != Unknown {
		t.Errorf("TagWords([\"\"]) = %v; want Unknown", out)
	}
}

func TestTagWordsSpecial(t *testing.T) {
	words := []string{"See", "https://example.com/a", "or", "mail", "ops@example.com", "-", ":-)", "-LRB-", "*T*-1", "@alice"}
	want := []Tag{Unknown, NN, Unknown, Unknown, NN, Hyphen, SYM, Bracket, None, NN}
	out := make([]Tag, len(words))
	TagWords(words, out)
	for i := range words {
		if want[i] != Unknown && out[i] != want[i] {
			t.Errorf("TagWords: %q is %s; want %s", words[i], out[i], want[i])
		}
	}
}

func phrases(words []string, spans [][2]int) []string {
	var s []string
	for _, sp := range spans {
		s = append(s, strings.Join(words[sp[0]:sp[1]], " "))
	}
	return s
}

func TestNounPhrases(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"I added a composite index so the query stopped scanning.", []string{"a composite index", "the query"}},
		{"We cut the p99 latency of the checkout service.", []string{"the p99 latency", "the checkout service"}},
		{"The root cause turned out to be an N+1 pattern.", []string{"The root cause", "an N+1 pattern"}},
		{"Our team rolled out the change behind a feature flag.", []string{"Our team", "the change", "a feature flag"}},
	}
	for _, tt := range tests {
		words, tags := tagged(tt.sentence)
		got := phrases(words, NounPhrases(words, tags, nil))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("NounPhrases(%q) = %q; want %q (tags %v)", tt.sentence, got, tt.want, tags)
		}
	}
}

func TestVerbGroups(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"Traffic was growing quickly.", []string{"was growing"}},
		{"She didn't bother to check the logs.", []string{"did n't bother to check"}},
		{"We have been measuring it for weeks.", []string{"have been measuring"}},
		{"I never stopped the deploy.", []string{"never stopped"}},
	}
	for _, tt := range tests {
		words, tags := tagged(tt.sentence)
		got := phrases(words, VerbGroups(words, tags, nil))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("VerbGroups(%q) = %q; want %q (tags %v)", tt.sentence, got, tt.want, tags)
		}
	}
}

func TestTagNames(t *testing.T) {
	for tg := Tag(1); tg < nTags; tg++ {
		if tg != Bracket && ParseTag(tg.String()) != tg {
			t.Errorf("ParseTag(%q) = %v; want %v", tg.String(), ParseTag(tg.String()), tg)
		}
	}
	if !VBD.IsPastVerb() || !VBN.IsPastVerb() || VBG.IsPastVerb() || !MD.IsVerb() || !NNS.IsNoun() || !JJR.IsAdj() || !RB.IsAdv() {
		t.Error("tag predicates disagree with their documentation")
	}
}

func FuzzTagWords(f *testing.F) {
	f.Add("I added a composite index so the query stopped scanning .")
	f.Add("- :-) -LRB- *T*-1 0 @x a@b.co http://x.io 1999 +123 İstanbul \xff")
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Split(s, " ")
		tags := make([]Tag, len(words))
		TagWords(words, tags)
		for _, sp := range append(NounPhrases(words, tags, nil), VerbGroups(words, tags, nil)...) {
			if sp[0] < 0 || sp[0] >= sp[1] || sp[1] > len(words) {
				t.Fatalf("bad span %v of %d words", sp, len(words))
			}
		}
	})
}

func TestCliticAt(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"didn't", 3}, {"DIDN'T", 3}, {"they'll", 4}, {"it's", 2}, {"we're", 2}, {"I'm", 1},
		{"n't", -1}, {"'s", -1}, {"index", -1}, {"", -1}, {"we've", -1},
	}
	for _, tt := range tests {
		if got := CliticAt(tt.word); got != tt.want {
			t.Errorf("CliticAt(%q) = %d; want %d", tt.word, got, tt.want)
		}
	}
}

// TestTagWordsConcurrent tags the same sentences from several goroutines
// (run with -race): the pooled scratch must not be shared.
func TestTagWordsConcurrent(t *testing.T) {
	sents, _ := benchSentences()
	want := make([][]Tag, len(sents))
	for i, s := range sents {
		want[i] = make([]Tag, len(s))
		TagWords(s, want[i])
	}
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func() {
			out := make([]Tag, 64)
			for r := 0; r < 20; r++ {
				for i, s := range sents {
					TagWords(s, out[:len(s)])
					for j := range s {
						if out[j] != want[i][j] {
							errs <- s[j]
							return
						}
					}
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 4; g++ {
		if w := <-errs; w != "" {
			t.Errorf("concurrent TagWords tagged %q differently", w)
		}
	}
}

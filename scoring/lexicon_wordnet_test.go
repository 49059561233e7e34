package scoring

import (
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/scoring/nlp/wordnet"
)

// TestLexiconHoldsWhatWordNetLacks: the hand-written synonym and antonym
// groups hold only pairs WordNet does not already give the scorer (first
// senses shared for synonyms, an antonym pointer for antonyms). Groups of
// light words stay whole: light words carry no WordNet senses here.
func TestLexiconHoldsWhatWordNetLacks(t *testing.T) {
	shares := func(a, b []uint32) bool {
		for _, x := range a {
			if slices.Contains(b, x) {
				return true
			}
		}
		return false
	}
	light := func(w string) bool { return lightConcepts[conceptHash(stem(w))] }
	for _, g := range synonymGroups {
		ws := strings.Fields(g)
		for _, w := range ws[1:] {
			if !light(ws[0]) && !light(w) && shares(firstSenses(ws[0]), firstSenses(w)) {
				t.Errorf("synonym group %q: WordNet already links %q to %q", g, w, ws[0])
			}
		}
	}
	for _, g := range antonymGroups {
		ws := strings.Fields(g)
		for _, w := range ws[1:] {
			if !light(ws[0]) && !light(w) && (shares(wordnet.Antonyms(ws[0]), firstSenses(w)) || shares(wordnet.Antonyms(w), firstSenses(ws[0]))) {
				t.Errorf("antonym group %q: WordNet already opposes %q to %q", g, w, ws[0])
			}
		}
	}
}

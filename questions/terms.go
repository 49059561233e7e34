package questions

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// ContentTerms returns the stemmed content words of text: lower-cased,
// split on anything but letters and digits, stop words and one-letter words
// dropped, each word reduced by the Snowball English stemmer (the scorer's
// stemmer), so "caching", "cached" and "cache" are one term. It is what the
// bank's overlap checks compare: near-duplicate questions, near-duplicate
// talking points, tips that name their points.
func ContentTerms(text string) map[string]bool {
	terms := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) < 2 || stopWords[w] {
			continue
		}
		terms[english.Stem(w, false)] = true
	}
	return terms
}

// Jaccard is |a∩b| / |a∪b| of two term sets (0 when both are empty).
func Jaccard(a, b map[string]bool) float64 {
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// stopWords are the function words and interview boilerplate that say
// nothing about a question's topic ("tell me about a time you...").
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a about above after again against all also am an and any are as at be because been before being
		below between both but by can could did do does doing down during each few for from further had
		has have having he her here hers him his how i if in into is it its itself just me more most my
		no nor not now of off on once only or other our ours out over own same she should so some such
		than that the their them then there these they this those through to too under until up very
		was we were what when where which while who whom why will with would you your yours
		tell time describe walk explain discuss cover give example examples share would what's
		approach handle happen happened one two way ways make made get got use used using`) {
		m[w] = true
	}
	return m
}()

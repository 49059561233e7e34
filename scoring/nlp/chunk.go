package nlp

// NounPhrases appends to out the noun phrases of a tagged sentence, as
// half-open word ranges [start, end), and returns it.
//
// The rule: an optional predeterminer and determiner or possessive
// pronoun ("all the", "our"), then modifiers (adjectives, numbers,
// participles, nouns, possessive 's), ending at the last noun of that run;
// a pronoun on its own is not a phrase. Prepositional phrases are not
// attached: "the p99 latency of the checkout service" gives "the p99
// latency" and "the checkout service", so each phrase is a base NP whose
// head is its last word.
func NounPhrases(words []string, tags []Tag, out [][2]int) [][2]int {
	n := min(len(words), len(tags))
	for i := 0; i < n; {
		j := i
		if tags[j] == PDT {
			j++
		}
		if j < n && (tags[j] == DT || tags[j] == PRPS || tags[j] == WPS || tags[j] == WDT) {
			j++
		}
		lastNoun := -1
		for ; j < n && npModifier(tags[j]); j++ {
			if tags[j].IsNoun() {
				lastNoun = j
			}
		}
		if lastNoun < 0 {
			i = max(i+1, j) // nothing nominal here
			if j > i && j < n {
				i = j
			}
			continue
		}
		out = append(out, [2]int{i, lastNoun + 1})
		i = lastNoun + 1
	}
	return out
}

// npModifier reports a tag that may stand inside a base noun phrase after
// its determiner.
func npModifier(t Tag) bool {
	switch t {
	case JJ, JJR, JJS, CD, VBN, VBG, NN, NNS, NNP, NNPS, POS, FW:
		return true
	}
	return false
}

// VerbGroups appends to out the verb groups of a tagged sentence, as
// half-open word ranges [start, end), and returns it: a run of modals,
// auxiliaries, adverbs and verbs holding at least one verb, with "to"
// inside when a verb follows it ("was growing", "did n't bother", "have
// been measuring", "decided to rewrite"). Adverbs may open the group
// ("never stopped") but do not end it.
func VerbGroups(words []string, tags []Tag, out [][2]int) [][2]int {
	n := min(len(words), len(tags))
	for i := 0; i < n; {
		j, lastVerb := i, -1
		for j < n {
			t := tags[j]
			switch {
			case t.IsVerb():
				lastVerb = j
			case t == RB || t == RBR || t == RBS:
			case t == TO && lastVerb >= 0 && j+1 < n && tags[j+1] == VB:
			default:
				goto end
			}
			j++
		}
	end:
		if lastVerb < 0 {
			i = max(i+1, j)
			continue
		}
		out = append(out, [2]int{i, lastVerb + 1})
		i = lastVerb + 1
	}
	return out
}

package wordnet

import (
	"bytes"
	"slices"
)

// K is how many senses per lemma and part of speech the table keeps, in
// WordNet's sense order (most frequent first). Synsets, Family, Antonyms
// and Related only see these senses. See docs/wordnet.md for the check
// behind the choice.
const K = 3

// POS is a set of parts of speech.
type POS uint8

const (
	Noun POS = 1 << iota
	Verb
	Adj // adjectives, including satellites
	Adv
	// All is every part of speech.
	All = Noun | Verb | Adj | Adv
)

func (p POS) String() string {
	if p == 0 {
		return "none"
	}
	s := ""
	for i, name := range [...]string{"noun", "verb", "adj", "adv"} {
		if p&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += name
		}
	}
	return s
}

// Relation is how two words are related in WordNet, strongest first.
type Relation uint8

const (
	None     Relation = iota
	Same              // the same lemma (after morphy) or the same string
	Synonym           // a shared top synset, or adjectives one similar-to hop apart
	Antonym           // an antonym pointer, through one similar-to hop for adjectives
	Derived           // a derivationally related form pointer, either direction
	Hypernym          // one is a hypernym of the other within two steps
)

func (r Relation) String() string {
	switch r {
	case Same:
		return "same"
	case Synonym:
		return "synonym"
	case Antonym:
		return "antonym"
	case Derived:
		return "derived"
	case Hypernym:
		return "hypernym"
	}
	return "none"
}

// maxWord bounds the words we normalise on the stack; the longest WordNet
// lemma is shorter.
const maxWord = 96

// norm copies word into buf, lower-casing ASCII and turning underscores into
// spaces. ok is false when the word is too long to be a lemma.
func norm(buf *[maxWord]byte, word string) (b []byte, ok bool) {
	if len(word) > maxWord-8 || len(word) == 0 {
		return nil, false
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c == '_':
			c = ' '
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(word)], true
}

type rule struct{ suffix, ending string }

// minBase is the shortest base the noun rules may produce: WordNet's own
// morphy turns "was", "is", "has", "us" into the nouns "wa" (Washington),
// "i" (iodine), "ha" (hahnium), "u" (uranium). Verbs keep short bases
// ("does" -> "do", "goes" -> "go").
const minBase = 3

// WordNet's detachment rules (morph.c), by POS index.
var rules = [4][]rule{
	{{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	{{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	{{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
	nil,
}

// spelling maps British endings to the American ones WordNet mostly uses;
// Base tries it only when the word itself gives nothing.
var spelling = []rule{
	{"isations", "izations"}, {"isation", "ization"},
	{"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"}, {"ise", "ize"},
	{"isers", "izers"}, {"iser", "izer"},
	{"ysing", "yzing"}, {"ysed", "yzed"}, {"yse", "yze"},
	{"ours", "ors"}, {"oured", "ored"}, {"ouring", "oring"}, {"our", "or"},
	{"ourite", "orite"}, {"ourable", "orable"},
	{"tres", "ters"}, {"tre", "ter"},
}

// morphy is the lemma id of the base form of b for the POS index p, or -1;
// e and found are b's own index entry. Order as in WordNet's morphstr:
// exception list, the word itself, the detachment rules, except that a noun
// that is itself a lemma stays as it is ("data" is not reduced to "datum");
// then (our addition) a doubled final consonant undone for -ed, -ing, -er
// and -est ("programmed"). The noun rules never give a base shorter than
// minBase.
func (t *table) morphy(b []byte, e entry, found bool, p int) int64 {
	isLemma := found && e.lemma >= 0 && t.bits[e.lemma]&(1<<p) != 0
	if isLemma && p == 0 {
		return int64(e.lemma)
	}
	if found && e.exc >= 0 {
		o := t.excOff[e.exc]
		if o[p] < o[p+1] {
			return int64(t.excBase[o[p]])
		}
	}
	if isLemma {
		return int64(e.lemma)
	}
	var cand [maxWord]byte
	for _, r := range rules[p] {
		if len(b) <= len(r.suffix) || string(b[len(b)-len(r.suffix):]) != r.suffix {
			continue
		}
		stem := b[:len(b)-len(r.suffix)]
		n := copy(cand[:], stem)
		n += copy(cand[n:], r.ending)
		if n < minBase && p == 0 {
			continue
		}
		if id := t.lemmaOf(cand[:n], p); id >= 0 {
			return id
		}
		if r.ending == "" && r.suffix != "s" && len(stem) >= 3 {
			if c := stem[len(stem)-1]; c == stem[len(stem)-2] && !isVowel(c) {
				if id := t.lemmaOf(stem[:len(stem)-1], p); id >= 0 {
					return id
				}
			}
		}
	}
	return -1
}

// lemmaOf is the id of b if it is a lemma of POS index p, or -1.
func (t *table) lemmaOf(b []byte, p int) int64 {
	if e, ok := t.index[string(b)]; ok && e.lemma >= 0 && t.bits[e.lemma]&(1<<p) != 0 {
		return int64(e.lemma)
	}
	return -1
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// americanize writes b's American spelling into v, or returns false when no
// British ending applies.
func americanize(v *[maxWord]byte, b []byte) ([]byte, bool) {
	for _, r := range spelling {
		if len(b) <= len(r.suffix) || string(b[len(b)-len(r.suffix):]) != r.suffix {
			continue
		}
		n := copy(v[:], b[:len(b)-len(r.suffix)])
		n += copy(v[n:], r.ending)
		return v[:n], true
	}
	return nil, false
}

// bases is the lemma id per POS index for word (those of pos only), -1
// where it has none: morphy, then morphy of the American spelling, then
// for a collocation morphy of its head word (the last word of a noun:
// "field mice" -> "field mouse"; the first of a verb: "cutting down" ->
// "cut down").
func (t *table) bases(word string, pos POS) (ids [4]int64) {
	ids = [4]int64{-1, -1, -1, -1}
	var buf [maxWord]byte
	b, ok := norm(&buf, word)
	if !ok {
		return ids
	}
	e, found := t.index[string(b)]
	for p := range 4 {
		if pos&(1<<p) != 0 {
			ids[p] = t.morphy(b, e, found, p)
		}
	}
	if !missing(ids, pos) {
		return ids
	}
	var vbuf [maxWord]byte
	if v, ok := americanize(&vbuf, b); ok {
		e, found = t.index[string(v)]
		for p := range 4 {
			if pos&(1<<p) != 0 && ids[p] < 0 {
				ids[p] = t.morphy(v, e, found, p)
			}
		}
		if !missing(ids, pos) {
			return ids
		}
	}
	if pos&Noun != 0 && ids[0] < 0 {
		if i := bytes.LastIndexByte(b, ' '); i > 0 {
			ids[0] = t.collocation(b[:i+1], b[i+1:], nil, 0)
		}
	}
	if pos&Verb != 0 && ids[1] < 0 {
		if i := bytes.IndexByte(b, ' '); i > 0 {
			ids[1] = t.collocation(nil, b[:i], b[i:], 1)
		}
	}
	return ids
}

func missing(ids [4]int64, pos POS) bool {
	for p, id := range ids {
		if pos&(1<<p) != 0 && id < 0 {
			return true
		}
	}
	return false
}

// collocation reduces the head word of before+head+after for the POS index
// p and returns the id of the collocation with the reduced head, or -1.
func (t *table) collocation(before, head, after []byte, p int) int64 {
	e, found := t.index[string(head)]
	h := t.morphy(head, e, found, p)
	if h < 0 {
		return -1
	}
	hw := t.lemma(uint32(h))
	if len(before)+len(hw)+len(after) > maxWord {
		return -1
	}
	var c [maxWord]byte
	n := copy(c[:], before)
	n += copy(c[n:], hw)
	n += copy(c[n:], after)
	return t.lemmaOf(c[:n], p)
}

// best picks the lemma for the most likely POS: the POS whose base has the
// highest SemCor tag count on its first sense; ties (often all zero) go to
// noun, then verb, adjective, adverb. -1 when there is no base.
func (t *table) best(ids [4]int64) int64 {
	bestID, bestFreq := int64(-1), -1
	for p, id := range ids {
		if id < 0 {
			continue
		}
		if f := int(t.freq[id][p]); f > bestFreq {
			bestID, bestFreq = id, f
		}
	}
	return bestID
}

// POSOf is the set of parts of speech word can have: the POS for which
// Base finds a lemma. "indexes" gives Noun|Verb, "indexed" only Verb
// (WordNet's noun rules do not strip -ed, and it has no adjective
// "indexed").
func POSOf(word string) POS {
	var s POS
	for p, id := range get().bases(word, All) {
		if id >= 0 {
			s |= 1 << p
		}
	}
	return s
}

// Base is WordNet's morphy for pos: the first of the exception list entry,
// the word itself and the detachment rules that is a lemma of that POS
// (a noun lemma is kept as it is before the exception list is read), with
// a British-to-American spelling fallback (-ise/-ize, -yse/-yze, -our/-or,
// -tre/-ter) when WordNet lacks the British form. For a set of POS it tries
// noun, verb, adjective, adverb in turn. The result uses spaces between the
// words of a multi-word lemma ("cut down"); input may use spaces or
// underscores. It is "" when word has no base for pos.
func Base(word string, pos POS) string {
	t := get()
	for p, id := range t.bases(word, pos) {
		if pos&(1<<p) != 0 && id >= 0 {
			return t.lemma(uint32(id))
		}
	}
	return ""
}

// Lemma is the base form for the word's most likely POS: of the bases Base
// finds per POS, the one whose first sense has the highest tag count in
// WordNet's cntlist (SemCor frequencies), ties to noun, verb, adjective,
// adverb in that order. It is word itself when WordNet has no base.
func Lemma(word string) string {
	t := get()
	if id := t.best(t.bases(word, All)); id >= 0 {
		return t.lemma(uint32(id))
	}
	return word
}

// Synsets is the synset ids of word's first K senses (sense order) for each
// POS in pos, after morphy, nouns first, then verbs, adjectives, adverbs.
// Ids are dense numbers private to this package, comparable with those of
// Family and Antonyms. The slice is shared: do not modify it. It is
// allocation-free when the selected POS resolve to one lemma whose senses
// are adjacent (always true for a single POS); otherwise ("better" as noun
// and adjective: the adjective base is "good") it allocates.
func Synsets(word string, pos POS) []uint32 { return get().synsets(word, pos) }

func (t *table) synsets(word string, pos POS) []uint32 {
	ids := t.bases(word, pos)
	var one int64 = -1
	first, last := -1, -1
	mixed := false
	for p, id := range ids {
		if id < 0 || len(t.top(uint32(id), p)) == 0 {
			continue
		}
		if one >= 0 && id != one {
			mixed = true
		}
		one = id
		if first < 0 {
			first = p
		}
		last = p
	}
	if one < 0 {
		return nil
	}
	if !mixed {
		// The lemma's senses of POS first..last are adjacent unless a POS
		// in between was not asked for and the lemma has it.
		contiguous := true
		for p := first + 1; p < last; p++ {
			if pos&(1<<p) == 0 && len(t.top(uint32(one), p)) > 0 {
				contiguous = false
			}
		}
		if contiguous {
			start, _ := t.topRange(uint32(one), first)
			_, end := t.topRange(uint32(one), last)
			return t.senses[start:end:end]
		}
	}
	var out []uint32
	for p, id := range ids {
		if id >= 0 {
			out = append(out, t.top(uint32(id), p)...)
		}
	}
	return out
}

// Antonyms is the sorted synset ids of the antonyms of the top senses of
// Lemma(word): the targets of WordNet's antonym pointers from those senses,
// where an adjective head target comes with its satellites ("fast" gives
// "slow", "sluggish"...); for an adjective satellite ("quick") the antonym
// heads of its head ("slow" only). At most one similar-to hop in all.
// Shared slice; allocation-free.
func Antonyms(word string) []uint32 {
	t := get()
	if id := t.best(t.bases(word, All)); id >= 0 {
		return t.antonyms(uint32(id))
	}
	return nil
}

// Family is the sorted, deduplicated synset ids of the top senses of
// Lemma(word) (every POS) and of the top senses of the lemmas its top
// senses have derivationally related form pointers to, so "optimisation"
// and "optimize" share synsets. Shared slice; allocation-free.
func Family(word string) []uint32 {
	t := get()
	if id := t.best(t.bases(word, All)); id >= 0 {
		return t.family(uint32(id))
	}
	return nil
}

// Related says how a and b are related, checking Same, Synonym, Antonym,
// Derived and Hypernym in that order and returning the first that holds.
// Both words go through Base for every POS; only the first K senses count.
// Allocation-free.
func Related(a, b string) Relation { return get().relate(a, b) }

func (t *table) relate(a, b string) Relation {
	if a == b {
		return Same
	}
	la, lb := t.bases(a, All), t.bases(b, All)
	for _, x := range la {
		if x >= 0 && slices.Contains(lb[:], x) {
			return Same
		}
	}
	if t.synonym(la, lb) {
		return Synonym
	}
	if t.antonym(la, lb) || t.antonym(lb, la) {
		return Antonym
	}
	if t.derivedPair(la, lb) || t.derivedPair(lb, la) {
		return Derived
	}
	if t.hypernym(la, lb) || t.hypernym(lb, la) {
		return Hypernym
	}
	return None
}

func (t *table) synonym(la, lb [4]int64) bool {
	for p := range 4 {
		if la[p] < 0 || lb[p] < 0 {
			continue
		}
		sa, sb := t.top(uint32(la[p]), p), t.top(uint32(lb[p]), p)
		for _, s := range sa {
			if slices.Contains(sb, s) {
				return true
			}
			if p == 2 { // adjective cluster: head and satellite
				for _, r := range t.related(s) {
					if slices.Contains(sb, r) {
						return true
					}
				}
			}
		}
	}
	return false
}

// antonym: an antonym synset of a lemma of a is a top synset of b.
func (t *table) antonym(la, lb [4]int64) bool {
	for i, x := range la {
		if x < 0 || slices.Contains(la[:i], x) {
			continue
		}
		ant := t.antonyms(uint32(x))
		if len(ant) == 0 {
			continue
		}
		for p, y := range lb {
			if y < 0 {
				continue
			}
			for _, s := range t.top(uint32(y), p) {
				if _, ok := slices.BinarySearch(ant, s); ok {
					return true
				}
			}
		}
	}
	return false
}

func (t *table) derivedPair(la, lb [4]int64) bool {
	for _, x := range la {
		if x < 0 {
			continue
		}
		d := t.derived(uint32(x))
		for _, y := range lb {
			if y < 0 {
				continue
			}
			if _, ok := slices.BinarySearch(d, uint32(y)); ok {
				return true
			}
		}
	}
	return false
}

// hypernym: a top noun or verb synset of b is a hypernym (or instance
// hypernym) of a top synset of a, one or two steps up.
func (t *table) hypernym(la, lb [4]int64) bool {
	for p := range 2 {
		if la[p] < 0 || lb[p] < 0 {
			continue
		}
		sb := t.top(uint32(lb[p]), p)
		for _, s := range t.top(uint32(la[p]), p) {
			for _, h := range t.related(s) {
				if slices.Contains(sb, h) {
					return true
				}
				for _, h2 := range t.related(h) {
					if slices.Contains(sb, h2) {
						return true
					}
				}
			}
		}
	}
	return false
}

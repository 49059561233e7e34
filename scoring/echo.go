package scoring

import (
	"strings"

	"github.com/mockinterview/mockinterview/scoring/nlp"
)

// Echo and "saying something". A talking point is only shown by a clause
// that says something about it: words copied from the question or the
// tips, in any order and with function words between them, earn nothing,
// and a sentence that only names a point shows it in part.
//
// A sentence's fresh words are its content words that are neither light
// words, fillers nor echo words (the question's and tips' own terms, the
// point labels, the STAR labels and the words that say how to answer).
// A sentence is an echo when it adds (almost) nothing fresh: it earns no
// coverage, no relevance, no informative length, no reference terms and
// no STAR part. It says something when it has a verb and at least two
// fresh words.

// starMeta are the STAR labels and their synonyms: naming them is not
// telling a story.
var starMeta = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(`situation task action actions result results star context challenge outcome measurable`) {
		m[stemHash(stem(w))] = true
		m[conceptHash(stem(w))] = true
	}
	return m
}()

// echoMark holds per word (wordInfo.echo) which of echo.go's word lists
// it is on.
type echoMark uint16

const (
	eMeta           echoMark = 1 << iota // a STAR label or a word that says how to answer
	eVague                               // vague adjective
	eRejectVerb                          // skip, omit, ignore, avoid…
	eRejectVerdict                       // unnecessary, overkill, noise…
	eTooVerdict                          // rigid, heavy… after "too"
	eBe                                  // is, are, was… (and "just")
	eObject                              // it, them, this…
	eSubject                             // a subject before a refusal verb
	ePronounSubject                      // I, we, they…
	eLeave                               // leave, left, leaving
	eOut                                 // out
	eNotVerdict                          // worth, matter, necessary… after a negation
)

// echoMarks computes a word's echoMark from its lower case and hash.
func echoMarks(lower string, hash uint64) echoMark {
	var m echoMark
	set := func(on bool, f echoMark) {
		if on {
			m |= f
		}
	}
	set(starMeta[hash] || questionWords[hash], eMeta)
	set(vague[lower], eVague)
	set(rejectVerbs[lower], eRejectVerb)
	set(rejectVerdicts[lower], eRejectVerdict)
	set(tooVerdicts[lower], eTooVerdict)
	set(beWords[lower], eBe)
	set(objectWords[lower], eObject)
	set(subjectWords[lower], eSubject)
	set(pronounSubjects[lower], ePronounSubject)
	set(lower == "leave" || lower == "left" || lower == "leaving", eLeave)
	set(lower == "out", eOut)
	set(notVerdicts[lower], eNotVerdict)
	return m
}

func (t *token) mark(f echoMark) bool { return t.wordInfo != nil && t.wordInfo.echo&f != 0 }

// echoWord reports whether a term is one a candidate can copy from the
// question, its tips or the answer format without knowing anything.
func (cq *compiledQuestion) echoWord(t *token) bool {
	return t.mark(eMeta) || has(cq.qTerms, t.hash) || has(cq.tipTerms, t.hash)
}

// markEcho sets each sentence's fresh-word count, echo and said marks.
func (a *analysis) markEcho(cq *compiledQuestion) {
	for si := range a.sents {
		s := &a.sents[si]
		fresh, content, verb := 0, 0, false
		for k := s.tokLo; k < s.tokHi; k++ {
			t := &a.toks[k]
			if t.kind == tokPunct {
				continue
			}
			if t.is(wVerb|wPast|wAction|wModal|wBeHave) && !t.mark(eMeta) ||
				k > s.tokLo && a.toks[k-1].mark(ePronounSubject) && t.kind == tokWord {
				verb = true // a verb, or the word after a subject pronoun ("we degrade")
			}
			if !t.content() || t.is(wFiller|wGeneric|wHedge) {
				continue
			}
			content++
			if t.is(wLight) || cq.echoWord(t) {
				continue
			}
			fresh++
		}
		fresh -= vagueWords(a, s)
		s.fresh = int32(max(0, fresh))
		s.echo = content >= 2 && fresh == 0 || content >= 5 && fresh < 2 || content >= 6 && content <= 12 && fresh*4 < content || content > 12 && fresh*6 < content
		if !verb && !s.echo && !s.salad && fresh >= 2 {
			// The lexicon found no verb; the part-of-speech tagger decides
			// ("engineers see the cost", "pages come from symptoms").
			verb = a.taggedVerb(s)
		}
		s.said = !s.echo && !s.salad && verb && fresh >= 2
	}
}

// Rejection. Besides negation ("we never measured"), an answer can name a
// point only to reject it: a verb of leaving out before it ("I skip
// documentation", "we avoid pagination") or after it on a pronoun ("the
// checks slow us down, so I leave them out"), or a verdict predicated of
// it ("versioning is unnecessary", "alerting is noise").
var (
	rejectVerbs = wordSet(`skip skips skipped skipping omit omits omitted omitting ignore ignores ignored ignoring
		neglect neglects neglected bypass bypassed bypassing avoid avoids avoided avoiding disable disables
		disabled disabling`)
	rejectVerdicts = wordSet(`unnecessary needless pointless overkill useless overrated optional noise waste
		overhead bureaucracy nonsense irrelevant unimportant superfluous redundant clumsy busywork hack fad
		luxury chore distraction lazy pessimistic overcomplicated guesswork academic textbook gimmick hype
		outdated obsolete marketing paperwork micromanagement overengineering overengineered over-engineering
		over-engineered`)
	// notVerdicts, negated after the point, dismiss it: "X isn't worth it",
	// "consistency doesn't matter", "X is not something I spend time on",
	// "drift was never a concern".
	notVerdicts = wordSet(`worth matter matters mattered needed necessary required important something relevant
		useful concern priority point bother bothered`)
	tooVerdicts     = wordSet(`rigid heavy complex complicated expensive academic theoretical bureaucratic much costly`)
	beWords         = wordSet(`is are was were be been 's seems seemed feels felt sounds just`)
	objectWords     = wordSet(`it them this that those these`)
	pronounSubjects = wordSet(`i we they you he she it i'd we'd i'll we'll`)
	subjectWords    = wordSet(`i we they you i've we've usually always often generally just simply mostly`)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// rejected reports whether the sentence rejects the match [lo, hi].
func (a *analysis) rejected(s *sentence, lo, hi int32) bool {
	// Before: "I skip documentation", "we always avoid pagination".
	for k := lo - 1; k >= s.tokLo && k >= lo-3; k-- {
		t := &a.toks[k]
		if t.kind == tokPunct {
			break
		}
		if t.mark(eRejectVerb) {
			// "to avoid", "helps skip": a purpose, not a refusal.
			return k == s.tokLo || a.toks[k-1].mark(eSubject)
		}
	}
	// After: "versioning is (just) unnecessary", "tests are a waste",
	// "structured interviews are too rigid", "guardrails like canaries
	// and feature flags are overkill".
	for k := hi + 1; k < s.tokHi && k <= hi+6; k++ {
		t := &a.toks[k]
		if t.kind == tokPunct {
			break
		}
		if !t.mark(eBe) {
			continue
		}
		for j := k + 1; j < s.tokHi && j <= k+4; j++ {
			if u := &a.toks[j]; u.kind == tokPunct {
				break
			} else if u.mark(eRejectVerdict) || u.lower == "too" && j+1 < s.tokHi && a.toks[j+1].mark(eTooVerdict) {
				return true
			}
		}
		break
	}
	// After, in the same clause, a speaker who does not do it: "event time
	// is a distinction I never bother with", "tracing is something we
	// don't do".
	be := false
	for k := hi + 1; k+1 < s.tokHi && k <= hi+8 && s.lastNeg > hi; k++ {
		t := &a.toks[k]
		if t.kind == tokPunct || t.id == idBut {
			break
		}
		if t.mark(eBe) {
			be = true // "X is a thing I never…", not "X we no longer support"
		}
		if be && t.mark(ePronounSubject) {
			for j := k + 1; j < s.tokHi && j <= k+3; j++ {
				if u := &a.toks[j]; u.is(wNegation) {
					return true
				} else if u.kind == tokPunct {
					break
				}
			}
		}
	}
	// After, on a pronoun: "so I leave them out", "so we skip it", "so I
	// turn them off".
	for k := hi + 1; k+1 < s.tokHi && k <= hi+12; k++ {
		t := &a.toks[k]
		if t.mark(eRejectVerb|eLeave) && a.toks[k+1].mark(eObject) &&
			(t.mark(eRejectVerb) || k+2 < s.tokHi && a.toks[k+2].mark(eOut)) {
			return true
		}
		if (t.lower == "turn" || t.lower == "turned" || t.lower == "switch" || t.lower == "switched") &&
			a.toks[k+1].mark(eObject) && k+2 < s.tokHi && a.toks[k+2].lower == "off" {
			return true
		}
	}
	return a.dismissedAfter(s, hi)
}

// dismissedAfter reports whether what follows a match in its sentence,
// before any "but", dismisses it: a negated verdict ("isn't worth it",
// "doesn't matter", "was never a concern", "is not something I…"), a
// refusal on a pronoun ("I never read it", "we don't use them"), or
// "there is none".
func (a *analysis) dismissedAfter(s *sentence, hi int32) bool {
	if s.lastNeg <= hi {
		return false // each dismissal holds a negation ("none" is one)
	}
	afterBut := false
	for k := hi + 1; k < s.tokHi && k <= hi+14; k++ {
		t := &a.toks[k]
		if t.id == idBut {
			// "X is hard, but we do it" keeps X; only a refusal of it
			// by the speaker after the "but" dismisses it ("data
			// contracts sound nice, but I don't believe in them").
			afterBut = true
			continue
		}
		if t.kind != tokWord {
			continue
		}
		if t.lower == "none" && !afterBut {
			return true // "rate limiting annoys customers, so there is none"
		}
		if !t.is(wNegation) || t.lower == "without" || t.lower == "no" || t.lower == "nothing" || a.notOnly(k) {
			continue
		}
		for j := k + 1; j < s.tokHi && j <= k+3; j++ {
			u := &a.toks[j]
			if u.kind == tokPunct {
				break
			}
			if afterBut {
				if (u.lower == "believe" || u.lower == "trust" || u.lower == "bother") && a.speakerBefore(s, k) {
					return true
				}
				continue
			}
			if u.mark(eNotVerdict) {
				// "not something you can skip" says the opposite.
				for m := j + 1; m < s.tokHi && m <= j+4; m++ {
					if w := &a.toks[m]; w.mark(eRejectVerb) || w.is(wNegation) {
						return false
					}
				}
				return true
			}
			if (u.mark(eObject) && u.lower != "that" || u.lower == "one") && a.speakerBefore(s, k) {
				// "I never read it", "we don't use them"; not "an admin
				// cannot delete them" or "they didn't use it".
				return true
			}
		}
	}
	return false
}

// speakerBefore reports whether the negation at k has the speaker for its
// subject: "I never", "we don't", "I just don't", "I'd never".
func (a *analysis) speakerBefore(s *sentence, k int32) bool {
	for j := k - 1; j >= s.tokLo && j >= k-3; j-- {
		t := &a.toks[j]
		if t.kind == tokPunct {
			return false
		}
		if t.is(wFirstSingular|wFirstPlural) && t.mark(ePronounSubject) || t.id == idIWould || t.id == idWeWould {
			return true
		}
	}
	// "nobody used them": the negation is the subject, and the team's.
	return a.toks[k].lower == "nobody" || a.toks[k].lower == "one" && k > s.tokLo && a.toks[k-1].lower == "no"
}

// laterNegated reports whether a word of the phrase comes back, negated,
// later in the sentence of a match ending at hi, before any "but":
// "caching causes stale data, so I never cache anything".
func (a *analysis) laterNegated(s *sentence, ph *phrase, hi int32) bool {
	if s.lastNeg <= hi {
		return false
	}
	for k := hi + 1; k < s.tokHi; k++ {
		t := &a.toks[k]
		if t.id == idBut {
			return false
		}
		if t.kind == tokPunct || !t.content() {
			continue
		}
		for pos, h := range ph.hashes {
			if h == t.hash && ph.content&(1<<uint(pos)) != 0 {
				if a.negatedBefore(s, k, ph.hashes) {
					return true
				}
				break
			}
		}
	}
	return false
}

// vague are adjectives any story can hold ("it was hard", "the goal was
// clear"): they say nothing of the subject.
var vague = wordSet(`hard clear easy difficult tough challenging nice great huge simple complex complicated
	interesting important key critical successful obvious fine okay`)

func vagueWords(a *analysis, s *sentence) int {
	n := 0
	for k := s.tokLo; k < s.tokHi; k++ {
		if t := &a.toks[k]; t.kind == tokWord && t.mark(eVague) && t.content() && !t.is(wLight|wFiller|wGeneric|wHedge) {
			n++
		}
	}
	return n
}

// synKey is the index key of a WordNet synset, apart from stem hashes.
func synKey(s uint32) uint64 { return (uint64(s)+1)*0x9e3779b97f4a7c15 ^ 0x5bd1e9955bd1e995 }

// taggedVerb tags the sentence with scoring/nlp (prose's averaged
// perceptron, as Treebank tokens: clitics cut off) and reports whether it
// holds a verb. Only sentences the lexicon cannot decide are tagged.
func (a *analysis) taggedVerb(s *sentence) bool {
	words := a.tagWords[:0]
	for k := s.tokLo; k < s.tokHi; k++ {
		t := &a.toks[k]
		w := a.text[t.start:t.end]
		if t.kind == tokWord {
			if c := nlp.CliticAt(w); c > 0 && c < len(w) {
				words = append(words, w[:c], w[c:])
				continue
			}
		}
		words = append(words, w)
	}
	a.tagWords = words
	if cap(a.tags) < len(words) {
		a.tags = make([]nlp.Tag, len(words))
	}
	tags := a.tags[:len(words)]
	nlp.TagWords(words, tags)
	for _, tg := range tags {
		if tg.IsVerb() {
			return true
		}
	}
	return false
}

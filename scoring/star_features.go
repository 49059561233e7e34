package scoring

// The tagger's cues that need more than one word's lexicon flags: who does
// what (a first-person subject and its verb, in any tense), duties stated
// in any voice ("it was my job to", "my manager wanted me to", "I was
// brought in to"), scene-setting ("there was", "we had this", "I'm the
// lead"), outcomes ("in the end", "ended up"), and "Situation:" headings.
// They are found per clause, so a run-on sentence holding an action and a
// result shows both.

// starWord classes the tagger tests by word form.
type starWord uint32

const (
	swBe         starWord = 1 << iota // am, is, was, 'm, 're...
	swHave                            // have, has, had
	swSkip                            // then, also, just, um: between a subject and its verb
	swState                           // think, know, feel: a verb that is not an action
	swWantNeed                        // need, want, have (to)
	swTaskNoun                        // job, goal, responsibility...
	swPassive                         // asked, tasked, brought, hired...: "I was ___ to"
	swTell                            // asked, told, wanted: "___ me to"
	swMe                              // me, us
	swDet                             // a, an, the, this, one, our...
	swThere                           // there
	swYou                             // you, your
	swLabelS                          // situation, context, background
	swLabelT                          // task, goal, objective
	swLabelA                          // action, actions, approach
	swLabelR                          // result, results, outcome, impact
	swBoundary                        // so, but, and, which, until: may open a clause
	swSubject                         // i, we
	swWhat                            // what (I did)
	swDid                             // did, do
	swEnd                             // end, ended
	swResultOpen                      // result, consequence (as a ___)
	swWould                           // would, could, might, should, 'd, will, 'll
	swHedge                           // probably, maybe, perhaps...
	swNum                             // ten, forty, half, twice: a number in words
	swSubord                          // before, after, when, while, because, which: a clause that sets a background
	swHabit                           // usually, always, whenever: what one does as a rule, not what happened
	swReflect                         // learned, taught, since, now: words of a lesson drawn
	swSubjectAux                      // i'm, we're, i've, we've: a subject with its auxiliary
)

var starWords = func() map[string]starWord {
	m := map[string]starWord{}
	add := func(c starWord, words ...string) {
		for _, w := range words {
			m[w] |= c
		}
	}
	add(swBe, "am", "is", "are", "was", "were", "be", "been", "being", "i'm", "we're", "it's", "i've", "we've", "'m", "'re", "im")
	add(swHave, "have", "has", "had", "i've", "we've")
	add(swSkip, "then", "also", "just", "first", "finally", "quickly", "immediately", "eventually", "actually",
		"basically", "really", "still", "even", "personally", "later", "again", "so", "um", "uh", "umm", "like",
		"kind", "sort", "of", "kinda", "sorta", "literally", "obviously", "ultimately", "initially", "soon",
		"myself", "ourselves", "both", "all", "together", "right", "away", "pretty", "instantly", "next", "only", "simply", "already")
	add(swState, "think", "thought", "know", "knew", "believe", "feel", "felt", "guess", "mean", "hope", "like",
		"love", "hate", "remember", "wonder", "suppose", "am", "is", "are", "was", "were", "be", "don't", "didn't",
		"can't", "couldn't", "wasn't", "weren't", "always", "usually", "never", "often", "generally", "tend")
	add(swWantNeed, "need", "needed", "needs", "want", "wanted", "wants", "have", "had", "has", "got")
	add(swTaskNoun, "job", "role", "responsibility", "responsibilities", "task", "tasks", "goal", "goals", "aim",
		"objective", "objectives", "mission", "challenge", "assignment", "target", "brief", "duty", "priority", "remit", "focus", "mandate")
	add(swPassive, "asked", "tasked", "assigned", "brought", "hired", "told", "supposed", "expected", "charged",
		"given", "put", "chosen", "picked", "selected", "pulled", "responsible", "meant", "required", "sent", "called", "drafted", "appointed")
	add(swTell, "asked", "asks", "ask", "told", "tells", "wanted", "wants", "needed", "needs", "tasked", "tasks",
		"gave", "gives", "put", "puts", "assigned", "assigns", "brought", "expected", "expects", "begged", "challenged", "pulled", "got")
	add(swMe, "me", "us")
	add(swDet, "a", "an", "the", "this", "these", "that", "one", "our", "my", "some", "two", "three", "no", "about", "around", "like", "really", "very", "pretty", "such", "so")
	add(swThere, "there", "there's", "there'd")
	add(swYou, "you", "your", "you're", "you've", "you'll", "you'd", "one's")
	add(swLabelS, "situation", "context", "background", "setting", "scenario", "problem")
	add(swLabelT, "task", "goal", "objective", "challenge", "mission", "assignment", "target")
	add(swLabelA, "action", "actions", "approach", "solution", "steps")
	add(swLabelR, "result", "results", "outcome", "outcomes", "impact", "learnings", "lesson")
	add(swBoundary, "so", "but", "and", "which", "until", "then", "because", "after", "when", "while", "where")
	add(swSubject, "i", "we")
	add(swWhat, "what")
	add(swDid, "did", "do", "does", "done")
	add(swEnd, "end", "ended", "ending")
	add(swResultOpen, "result", "consequence", "outcome")
	add(swWould, "would", "could", "might", "should", "will", "'d", "'ll", "i'd", "we'd", "i'll", "we'll", "gonna", "going")
	add(swHedge, "probably", "maybe", "perhaps", "possibly", "guess", "hopefully", "presumably")
	add(swNum, "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
		"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "half", "twice", "dozens", "hundreds", "thousands")
	add(swSubord, "before", "after", "when", "while", "because", "which", "until", "where", "if", "who", "that")
	add(swSubjectAux, "i'm", "we're", "i've", "we've")
	add(swReflect, "learned", "learnt", "taught", "since", "on", "now")
	add(swHabit, "usually", "always", "generally", "normally", "typically", "often", "whenever", "sometimes", "tend", "tends", "routinely", "regularly")
	return m
}()

// starScan holds the word classes of one sentence's tokens, looked up once.
type starScan struct {
	a  *analysis
	lo int
	w  []starWord
}

// scan looks up the word classes of tokens [lo, hi) into buf.
func (a *analysis) scan(lo, hi int, buf []starWord) starScan {
	sc := starScan{a: a, lo: lo, w: buf[:0]}
	for k := lo; k < hi; k++ {
		var w starWord
		if t := &a.toks[k]; t.kind == tokWord {
			w = t.star
		}
		sc.w = append(sc.w, w)
	}
	return sc
}

func (sc *starScan) sw(k int) starWord { return sc.w[k-sc.lo] }

// clauseCues are the multi-word cues of tokens [lo, hi) of one clause.
type clauseCues struct {
	iAction, weAction, bareAction bool
	conditional                   bool
	state                         bool // "I was a", "we had this", "there was"
	task                          bool // a duty or goal stated
	outcome                       bool // "in the end", "as a result", "ended up"
	you                           bool
	hedge                         bool
	quantity                      bool // "fifteen points", "by half", "twice as fast"
	reflection                    bool // "I learned that", "it taught me", "since then", "now I always"
}

// cues scans the clause [lo, hi) for multi-word cues.
func (sc *starScan) cues(lo, hi int) clauseCues {
	a := sc.a
	var c clauseCues
	toks := a.toks
	// A clause that opens with a verb and no subject ("Added retries",
	// "apologised, offered a refund") is an action told without "I".
	first := lo
	for first < hi && (toks[first].kind == tokPunct || sc.sw(first)&(swBoundary|swSkip) != 0 && toks[first].id != idThen) {
		first++
	}
	// "- Had to bring absence down", "Needed to recover four weeks": a
	// duty told without "I".
	if first+1 < hi && sc.sw(first)&swWantNeed != 0 && toks[first+1].id == idTo {
		c.task = true
	}
	if first < hi && toks[first].kind == tokWord {
		f0 := toks[first].flags
		// "Reviews kept mentioning", "Drivers arrived": a plural noun
		// and its verb, not a verb without its subject.
		plural := hasSuffix(toks[first].lower, "s") && !hasSuffix(toks[first].lower, "ss") && first+1 < hi && toks[first+1].flags&(wPast|wVerb) != 0
		if f0&(wPast|wAction) != 0 && f0&(wBeHave|wStop) == 0 && sc.sw(first)&(swPassive|swState) == 0 && !plural {
			c.bareAction = true
		}
	}
	for k := lo; k < hi; k++ {
		t := &toks[k]
		if t.kind != tokWord {
			continue
		}
		w := sc.sw(k)
		// "my manager said I should redesign them": a duty reported.
		if t.id == idShould && k >= lo+2 && sc.reportedDuty(k, lo) {
			c.task = true
			continue
		}
		if w&swWould != 0 && w&swBe == 0 && !sc.factualModal(k, lo, hi) {
			if t.lower != "going" || k+1 < hi && toks[k+1].id == idTo && k > lo && sc.sw(k-1)&swBe != 0 {
				c.conditional = true
			}
		}
		// A lesson drawn: "I learned that", "it taught me", "since then",
		// "from then on", "now I always".
		if w&swReflect != 0 {
			sc.reflection(k, lo, hi, &c)
		}
		if w&swNum != 0 && (k+1 < hi && (toks[k+1].flags&wUnit != 0 || hasSuffix(toks[k+1].lower, "s") && toks[k+1].flags&wStop == 0) ||
			t.lower == "twice" || t.lower == "half" && k > lo && (toks[k-1].lower == "in" || toks[k-1].lower == "by")) {
			c.quantity = true // "twice" and "half" are swNum words
		}
		if w&swHedge != 0 || t.flags&wHedge != 0 {
			c.hedge = true
		}
		if w&swYou != 0 {
			c.you = true
		}
		if w&swThere != 0 && k+1 < hi && (sc.sw(k+1)&swBe != 0 || t.lower == "there's") {
			c.state = true
		}
		if w&swTaskNoun != 0 && k > lo && (toks[k-1].id == idMy || toks[k-1].id == idOur || toks[k-1].lower == "the" || toks[k-1].lower == "main" || toks[k-1].lower == "his" || toks[k-1].lower == "her") {
			if k+1 < hi {
				n := sc.sw(k + 1)
				np := toks[k+1].kind == tokPunct && (a.text[toks[k+1].start:toks[k+1].end] == ":" || a.text[toks[k+1].start:toks[k+1].end] == "-")
				if n&(swBe|swSubject) != 0 || toks[k+1].id == idTo || toks[k+1].id == idFor || toks[k+1].lower == "here" || np {
					c.task = true
				}
			}
		}
		if (t.id == idResponsible || t.id == idCharge) && k+1 < hi && (toks[k+1].id == idFor || toks[k+1].id == idOf) {
			c.task = true
		}
		// "it was up to me to", "it fell to me to", "it was on us to"
		if w&swMe != 0 && k > lo && k+1 < hi && toks[k+1].id == idTo && (toks[k-1].id == idTo || toks[k-1].lower == "on") &&
			k >= lo+2 && (toks[k-2].lower == "up" || toks[k-2].lower == "fell" || sc.sw(k-2)&swBe != 0 || toks[k-1].lower == "on" && sc.sw(k-2)&swBe != 0) {
			c.task = true
		}
		// "I was asked by the senior to", "we were told by the client to"
		if w&swPassive != 0 && k > lo && sc.sw(k-1)&(swBe|swSkip) != 0 && k+1 < hi && toks[k+1].id == idBy {
			for j := k + 2; j < hi && j <= k+5; j++ {
				if toks[j].id == idTo {
					c.task = true
					break
				}
			}
		}
		// "I wanted the kids to enjoy it", "we needed the supplier to":
		// a goal through someone else.
		if (t.id == idWanted || t.id == idNeeded) && k > lo && sc.sw(k-1)&(swSubject|swSkip) != 0 && k+1 < hi && sc.sw(k+1)&(swDet|swMe) != 0 {
			for j := k + 2; j < hi && j <= k+4; j++ {
				if toks[j].kind == tokPunct {
					break
				}
				if toks[j].id == idTo {
					c.task = true
					break
				}
			}
		}
		if w&swPassive != 0 && k > lo && sc.sw(k-1)&(swBe|swSkip) != 0 && k+1 < hi {
			n := &toks[k+1]
			if n.id == idTo || n.lower == "with" || n.lower == "on" || n.lower == "the" || n.id == idFor {
				c.task = true
			}
			// "I was brought in to fix", "put in charge"; not "brought in
			// to a struggling branch", which is where, not what for.
			if n.lower == "in" && k+2 < hi && (toks[k+2].lower == "charge" || toks[k+2].id == idTo && (k+3 >= hi || sc.sw(k+3)&swDet == 0 && toks[k+3].flags&wNumber == 0)) {
				c.task = true
			}
		}
		if w&swTell != 0 && k+1 < hi && sc.sw(k+1)&swMe != 0 {
			if k+2 >= hi || toks[k+2].id == idTo || toks[k+2].id == idI || toks[k+2].id == idWe || toks[k+2].lower == "with" || toks[k+2].lower == "the" && (t.lower == "gave" || t.lower == "put") || toks[k+2].lower == "if" {
				c.task = true
			}
		}
		if w&swWantNeed != 0 && k+1 < hi && toks[k+1].id == idTo && k > lo && sc.sw(k-1)&(swSubject|swSkip|swBe) != 0 {
			c.task = true
		}
		// "in the end", "at the end", "by the end", "ended up", "as a result";
		// "in/at the end" opens its clause or closes it ("at the end of each
		// lesson" in the middle is a time, not an outcome), and "by the end
		// of every week" is a routine.
		if w&swEnd != 0 && (k+1 < hi && toks[k+1].lower == "up" || k >= lo+2 && toks[k-1].lower == "the" && sc.endOutcome(k, first, hi)) {
			c.outcome = true
		}
		if w&swResultOpen != 0 && k >= lo+2 && toks[k-1].id == idA && toks[k-2].lower == "as" {
			c.outcome = true
		}
		// "what I did was", "what we did"
		if w&swWhat != 0 && k+2 < hi && sc.sw(k+1)&swSubject != 0 && sc.sw(k+2)&swDid != 0 {
			c.iAction = toks[k+1].id == idI
			c.weAction = !c.iAction
		}
		if w&(swSubject|swSubjectAux) != 0 {
			sc.subjectCues(k, hi, &c)
		}
	}
	return c
}

// subjectCues reads what follows a first-person subject at k: a verb in any
// tense is an action ("I profiled", "so I go and profile it"); "was a",
// "had this", "'m the" set a scene; a modal is a plan.
func (sc *starScan) subjectCues(k, hi int, c *clauseCues) {
	a := sc.a
	toks := a.toks
	singular := toks[k].flags&wFirstSingular != 0
	w0 := sc.sw(k)
	j := k + 1
	if w0&swSubject == 0 { // I'm, we're, I've: the auxiliary is in the word
		j = k
	}
	for steps := 0; j < hi && steps < 4; steps++ {
		var n *token
		var w starWord
		if j == k {
			w = w0 &^ swSubject
		} else {
			n = &toks[j]
			if n.kind != tokWord {
				return
			}
			w = sc.sw(j)
		}
		switch {
		case w&swWould != 0 && w&swBe == 0:
			if n == nil || !sc.factualModal(j, sc.lo, hi) {
				c.conditional = true
			}
			return
		case w&(swBe|swHave) != 0:
			if j+1 >= hi {
				c.state = true
				return
			}
			nx := &toks[j+1]
			nw := sc.sw(j + 1)
			switch {
			case nx.id == idTo && w&swHave != 0: // "I had to": a duty (cues finds it)
				return
			case nw&swPassive != 0 || nx.lower == "in" && j+2 < hi && toks[j+2].lower == "charge":
				return // "I was asked to": a duty
			case hasSuffix(nx.lower, "ing") && w&swBe != 0 && nx.flags&wStop == 0:
				if nx.lower == "going" && j+2 < hi && toks[j+2].id == idTo {
					c.conditional = true
					return
				}
				// "I'm calling", "we were migrating": present progressive
				// narrates; past progressive sets the scene.
				if toks[j].id == idWas || toks[j].id == idWere {
					c.state = true
				} else if nx.lower != "working" && nx.lower != "doing" {
					c.setAction(singular)
				} else {
					c.state = true
				}
				return
			case w&swHave != 0 && (nx.flags&wPast != 0 && nx.flags&wBeHave == 0):
				c.setAction(singular) // "I had built", "we've added"
				return
			default:
				c.state = true // "I was a", "we had this", "I'm the lead"
				return
			}
		case w&swSkip != 0 || n != nil && n.flags&(wFiller|wHedge) != 0 || n != nil && hasSuffix(n.lower, "ly") && n.flags&wVerb == 0:
			j++
			continue
		case w&swWantNeed != 0 && j+1 < hi && toks[j+1].id == idTo:
			return // "I needed to": a duty
		case n != nil && (n.lower == "needed" || n.lower == "need") && j+1 < hi && (sc.sw(j+1)&swDet != 0 || toks[j+1].lower == "more"):
			c.task = true // "I needed a decision by Friday", "we needed more volunteers"
			return
		case n != nil && n.lower == "used" && j+1 < hi && toks[j+1].id == idTo:
			c.state = true // "I used to work at a cinema": how things were
			return
		case w&swState != 0 || n != nil && n.flags&wNegation != 0:
			return
		case w&swDid != 0:
			if j+1 < hi && (toks[j+1].lower == "not" || toks[j+1].lower == "never") {
				return // "we did not lose a sale": what did not happen is no action
			}
			c.setAction(singular)
			return
		case n != nil && n.flags&wStop != 0 && n.flags&(wPast|wVerb) == 0:
			return
		default:
			c.setAction(singular)
			return
		}
	}
}

// factualModal reports whether the modal at k states a fact of the story
// rather than a plan: "could not" / "could never" (it was not possible),
// and the purpose of "so (that) we could see it".
func (sc *starScan) factualModal(k, lo, hi int) bool {
	toks := sc.a.toks
	t := &toks[k]
	if t.lower == "could" && (k+1 < hi && (toks[k+1].lower == "not" || toks[k+1].lower == "never") ||
		k > lo && (toks[k-1].lower == "nobody" || toks[k-1].lower == "noone" || toks[k-1].lower == "no-one" || toks[k-1].lower == "one" && k-1 > lo && toks[k-2].lower == "no")) {
		return true
	}
	if t.lower != "could" && t.lower != "would" {
		return false
	}
	// "so I could", "so that the team could", "so the team could"
	for j := k - 1; j >= lo && j >= k-4; j-- {
		switch toks[j].lower {
		case "so":
			return j < k-1
		case "that":
			if j > lo && toks[j-1].lower == "so" {
				return j < k-1
			}
		}
		if toks[j].kind == tokPunct {
			return false
		}
	}
	return false
}

// reflection notes a lesson drawn at k: "I learned", "it taught me",
// "since then", "from then on", "now I always".
func (sc *starScan) reflection(k, lo, hi int, c *clauseCues) {
	toks := sc.a.toks
	switch toks[k].lower {
	case "learned", "learnt":
		c.reflection = true
	case "taught":
		c.reflection = c.reflection || k+1 < hi && sc.sw(k+1)&swMe != 0
	case "since", "on":
		c.reflection = c.reflection || k > lo && toks[k-1].id == idThen || toks[k].lower == "since" && k+1 < hi && toks[k+1].id == idThen
	case "now":
		c.reflection = c.reflection || k+1 < hi && (sc.sw(k+1)&swSubject != 0 || toks[k+1].lower == "always") || k > lo && sc.sw(k-1)&swSubject != 0
	}
}

// reportedDuty reports whether "should" at k follows a reporting verb and
// its subject: "she said I should", "my manager told us we should".
func (sc *starScan) reportedDuty(k, lo int) bool {
	toks := sc.a.toks
	for j := k - 1; j >= lo && j >= k-4; j-- {
		switch toks[j].lower {
		case "said", "told", "thought", "suggested", "agreed", "decided", "felt":
			return j < k-1
		}
	}
	return false
}

// endOutcome reports whether "the end" at k (after "in", "at" or "by")
// tells an outcome: "in the end" and "at the end" open or close their
// clause; "by the end" does unless "of each/every" makes it a routine.
func (sc *starScan) endOutcome(k, first, hi int) bool {
	toks := sc.a.toks
	switch toks[k-2].lower {
	case "in", "at":
		return k-2 == first || k+1 >= hi || toks[k+1].kind == tokPunct
	case "by":
		return !(k+2 < hi && toks[k+1].id == idOf && (toks[k+2].lower == "each" || toks[k+2].lower == "every"))
	}
	return false
}

func (c *clauseCues) setAction(singular bool) {
	if singular {
		c.iAction = true
	} else {
		c.weAction = true
	}
}

// heading returns the state a sentence's leading "Situation:", "Task -" or
// "The result was" names, and whether the heading is all the sentence
// holds; stO when there is none.
func (sc *starScan) heading(lo, hi int) (int, bool) {
	a := sc.a
	k := lo
	if k < hi && a.toks[k].lower == "the" {
		k++
	}
	if k >= hi || a.toks[k].kind != tokWord {
		return stO, false
	}
	w := sc.sw(k)
	st := stO
	// "What I did:", "What we did -": an Action heading in words.
	if w&swWhat != 0 && k == lo && k+3 < hi && sc.sw(k+1)&swSubject != 0 && sc.sw(k+2)&swDid != 0 && a.toks[k+3].kind == tokPunct {
		if p := a.text[a.toks[k+3].start:a.toks[k+3].end]; p == ":" || p == "-" || p == "–" || p == "—" {
			return stA, k+4 >= hi
		}
	}
	switch {
	case w&swLabelS != 0:
		st = stS
	case w&swLabelT != 0:
		st = stT
	case w&swLabelA != 0:
		st = stA
	case w&swLabelR != 0:
		st = stR
	default:
		return stO, false
	}
	next := k + 1
	if next >= hi {
		return st, k == lo // a line that is only the label
	}
	p := a.toks[next]
	if p.kind == tokPunct {
		s := a.text[p.start:p.end]
		if s == ":" || s == "-" || s == "–" || s == "—" {
			return st, next+1 >= hi
		}
		return stO, false
	}
	if k > lo && (p.id == idWas || p.id == idIs || p.id == idI || p.id == idWe) {
		return st, false // "The result was", "The task I was given"
	}
	return stO, false
}

// isBoundary reports whether a clause may start at token k of a sentence:
// after a comma, semicolon or dash, or at "so", "and then", "but", "which"
// when a subject or an outcome phrase follows.
func (sc *starScan) isBoundary(k, lo int) bool {
	a := sc.a
	t := &a.toks[k]
	if k <= lo+1 {
		return false
	}
	if t.kind == tokPunct {
		return false
	}
	p := &a.toks[k-1]
	if p.kind == tokPunct {
		s := a.text[p.start:p.end]
		return s == "," || s == ";" || s == "—" || s == "–" || s == "-" && p.start > 0 && a.text[p.start-1] == ' '
	}
	if sc.sw(k)&swBoundary == 0 || k+1 >= int(a.sents[t.sent].tokHi) {
		return false
	}
	n := &a.toks[k+1]
	nw := sc.sw(k + 1)
	return nw&(swSubject|swThere|swBoundary) != 0 || n.flags&(wFirstPlural|wFirstSingular|wResultCue) != 0 ||
		n.lower == "in" || n.lower == "as" || n.lower == "it" || n.lower == "they" || n.lower == "she" || n.lower == "he" || n.lower == "the" || n.lower == "after" || n.lower == "everyone"
}

package scoring

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/mockinterview/mockinterview/scoring/nlp/wordnet"
)

// wordFlag marks what a word can signal: function word, negation, pronoun,
// tense, STAR cue, filler, hedge. One lookup per token gives all of them.
type wordFlag uint32

const (
	wStop          wordFlag = 1 << iota // function word (also counts against keyword salad)
	wNegation                           // not, never, didn't, without...
	wFirstSingular                      // I, me, my, I'm, I've...
	wFirstPlural                        // we, our, us...
	wModal                              // would, could, might, I'd: conditional mood
	wPast                               // past-tense verb (regular -ed or irregular)
	wVerb                               // looks like a verb (any tense)
	wAction                             // action verb: built, profiled, led...
	wResultCue                          // reduced, improved, outcome...
	wSituationCue                       // company, team, project, legacy...
	wTaskCue                            // goal, responsible, needed...
	wFiller                             // um, basically, literally...
	wHedge                              // maybe, probably, perhaps...
	wUnit                               // ms, seconds, percent, users...
	wTechnical                          // cache, latency, idempotency...
	wGeneric                            // thing, stuff, great: no information
	wBeHave                             // was, were, had: past auxiliaries
	wSequence                           // first, then, next, finally: plan steps
	wTradeOff                           // however, trade-off, downside...
	wCausal                             // because, therefore, so that: explanation
	wNumber                             // a number token
	wNumberUnit                         // a number with its unit glued on (40%, 300ms, $1.2M, 2x)
	wAcronym                            // API, SQL, p99, camelCase: technical by shape
	wChange                             // halved, doubled, tripled: a quantity without digits
	wRelation                           // same, between, off, all: function words that carry a claim
	wLight                              // make, get, team, problem, two: general words that name no topic
)

// wordID names the few function words the tagger and the metrics test one
// by one ("I", "was", "from"), so they compare small integers, not strings.
type wordID uint8

const (
	idA wordID = iota + 1
	idBelieve
	idBut
	idFeel
	idFrom
	idHad
	idI
	idIWould
	idIWill
	idInstead
	idIs
	idJust
	idKind
	idKnow
	idLike
	idMean
	idNot
	idOf
	idRather
	idSort
	idSuppose
	idSure
	idThan
	idThat
	idThen
	idThink
	idThis
	idTo
	idUh
	idUm
	idWas
	idWe
	idWeWould
	idWeWill
	idWere
	idWhat
	idWill
	idYou
	idMy
	idOur
	idResponsible
	idFor
	idIn
	idCharge
	idNeeded
	idWanted
	idAsked
	idTasked
	idAssigned
	idOnly
	idHow
	idWhy
	idWhen
	idBy
	idKept
	idShould
)

// wordIDs maps a lower-cased word to its wordID.
var wordIDs = map[string]wordID{
	"a":           idA,
	"believe":     idBelieve,
	"but":         idBut,
	"feel":        idFeel,
	"from":        idFrom,
	"had":         idHad,
	"i":           idI,
	"i'd":         idIWould,
	"i'll":        idIWill,
	"instead":     idInstead,
	"is":          idIs,
	"just":        idJust,
	"kind":        idKind,
	"know":        idKnow,
	"like":        idLike,
	"mean":        idMean,
	"not":         idNot,
	"of":          idOf,
	"rather":      idRather,
	"sort":        idSort,
	"suppose":     idSuppose,
	"sure":        idSure,
	"than":        idThan,
	"that":        idThat,
	"then":        idThen,
	"think":       idThink,
	"this":        idThis,
	"to":          idTo,
	"uh":          idUh,
	"um":          idUm,
	"was":         idWas,
	"we":          idWe,
	"we'd":        idWeWould,
	"we'll":       idWeWill,
	"were":        idWere,
	"what":        idWhat,
	"will":        idWill,
	"you":         idYou,
	"my":          idMy,
	"our":         idOur,
	"responsible": idResponsible,
	"for":         idFor,
	"in":          idIn,
	"charge":      idCharge,
	"needed":      idNeeded,
	"wanted":      idWanted,
	"asked":       idAsked,
	"tasked":      idTasked,
	"assigned":    idAssigned,
	"only":        idOnly,
	"how":         idHow,
	"why":         idWhy,
	"when":        idWhen,
	"by":          idBy,
	"kept":        idKept,
	"should":      idShould,
}

// wordInfo is what the scorer knows about one distinct word form.
type wordInfo struct {
	lower string
	stem  string
	hash  uint64 // of its concept: phrase tables compare hashes, not strings
	flags wordFlag
	id    wordID
	// syn are the WordNet synsets of the word's first sense in each part
	// of speech, for content words: two words whose first senses are one
	// synset say the same thing ("repair", "fix"). Later senses are left
	// out: through them "batch" would be "deal" and "page" "paginate".
	syn []uint32
	ant []uint32 // synsets of the antonyms of its top senses (wordnet.Antonyms)
	// fam is its WordNet family (wordnet.Family): its top senses and those
	// of its derivational relatives, so "led" and "leadership" meet.
	fam []uint32
	// echo marks the cues of echo.go and rejection, per word so the hot
	// loops test bits instead of looking strings up.
	echo echoMark
	// star is the word's classes for the STAR tagger (starWords), looked
	// up once here rather than per sentence.
	star starWord
}

// punctInfo is the wordInfo of every punctuation token.
var punctInfo wordInfo

// wordCache maps a raw word form (as written) to its wordInfo. Stemming is
// the costly part of analysis, and answers reuse a small vocabulary, so the
// cache makes a warm analysis allocation-free. It is bounded; a word that
// does not fit is analysed on every call, with the same result, so the
// cache never changes a score.
var wordCache = struct {
	sync.RWMutex
	m map[string]*wordInfo
}{m: make(map[string]*wordInfo, 4096)}

const wordCacheMax = 1 << 17

// lookupWords fills infos for the word tokens of toks in one read-locked
// pass, analysing the misses afterwards.
func lookupWords(text string, toks []token) {
	misses := 0
	wordCache.RLock()
	for i := range toks {
		t := &toks[i]
		if t.kind == tokPunct {
			t.setInfo(&punctInfo)
			continue
		}
		if wi, ok := wordCache.m[text[t.start:t.end]]; ok {
			t.setInfo(wi)
			continue
		}
		t.wordInfo = nil
		misses++
	}
	wordCache.RUnlock()
	if misses == 0 {
		return
	}
	for i := range toks {
		t := &toks[i]
		if t.wordInfo != nil {
			continue
		}
		raw := text[t.start:t.end]
		wi := analyseWord(raw, t.kind == tokNumber)
		t.setInfo(&wi)
		wordCache.Lock()
		if len(wordCache.m) < wordCacheMax {
			// Store under a copy so the cache does not pin the whole answer.
			wordCache.m[strings.Clone(raw)] = &wi
		}
		wordCache.Unlock()
	}
}

// setInfo points the token at its word's analysis and copies the parts
// the hot loops read (flags, hash, id) into the token itself.
func (t *token) setInfo(wi *wordInfo) {
	t.wordInfo = wi
	t.flags, t.hash, t.id = wi.flags, wi.hash, wi.id
}

// analyseWord computes the wordInfo of one raw word form.
func analyseWord(raw string, number bool) wordInfo {
	lower := lowerWord(raw)
	if number {
		wi := wordInfo{lower: lower, stem: lower, hash: stemHash(lower), flags: wNumber}
		if numberHasUnit(lower) {
			wi.flags |= wNumberUnit
		}
		return wi
	}
	norm := strings.ReplaceAll(lower, "’", "'")
	wi := wordInfo{lower: norm, flags: lexicon[norm], star: starWords[norm]}
	if strings.IndexByte(norm, '\'') >= 0 {
		base := norm[:strings.IndexByte(norm, '\'')]
		if strings.HasSuffix(norm, "n't") {
			wi.flags |= wNegation | wStop
		}
		wi.flags |= lexicon[base] & (wFirstSingular | wFirstPlural)
		if strings.HasSuffix(norm, "'d") && wi.flags&(wFirstSingular|wFirstPlural) != 0 {
			wi.flags |= wModal
		}
		wi.stem = base
		if wi.flags&wStop == 0 && lexicon[base]&wStop != 0 {
			wi.flags |= wStop
		}
		wi.hash = conceptHash(base)
		wi.id = wordIDs[norm]
		return wi
	}
	if wi.flags&wStop != 0 {
		wi.stem = norm
	} else {
		wi.stem = stem(norm)
		wi.flags |= stemFlags[wi.stem]
	}
	wi.hash = conceptHash(wi.stem)
	wi.id = wordIDs[norm]
	if lightConcepts[wi.hash] {
		wi.flags |= wLight
	}
	if isAcronym(raw) {
		wi.flags |= wAcronym | wTechnical
	}
	wi.echo = echoMarks(norm, wi.hash)
	if wi.flags&(wStop|wLight|wFiller|wGeneric) == 0 && len(norm) > 2 {
		wi.syn = firstSenses(norm)
		wi.ant = wordnet.Antonyms(norm)
		if pos := wordnet.POSOf(norm); pos == wordnet.Verb {
			wi.flags |= wVerb // only ever a verb: "degrade", "migrate"
		}
	}
	if wi.flags&(wStop|wFiller|wGeneric) == 0 && len(norm) > 2 {
		// Light words too: "we had a lead" is about leadership.
		wi.fam = wordnet.Family(norm)
	}
	if wi.flags&(wStop|wVerb) == 0 && len(norm) > 4 {
		switch {
		case strings.HasSuffix(norm, "ed"):
			wi.flags |= wPast | wVerb
		case strings.HasSuffix(norm, "ing"):
			wi.flags |= wVerb
		}
	}
	return wi
}

// stemHash is FNV-1a of a stem.
func stemHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// stem returns the Snowball English stem of a lower-cased word.
func stem(lower string) string {
	if len(lower) <= 2 || !isPlainWord(lower) {
		return lower
	}
	return english.Stem(lower, false)
}

func isPlainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			continue
		}
		if !(c >= 'a' && c <= 'z' || c == '\'' || c == '-') {
			return false
		}
	}
	return true
}

// lowerWord lower-cases raw without allocating when it already is.
func lowerWord(raw string) string {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(raw)
		}
	}
	return raw
}

// isAcronym says whether a word's shape marks it as a technical term:
// all capitals (API, SQL), a capital inside (PostgreSQL, gRPC), or letters
// mixed with digits (p99, s3, http2).
func isAcronym(raw string) bool {
	upper, lower, digit := 0, 0, 0
	innerUpper := false
	for i, r := range raw {
		switch {
		case unicode.IsUpper(r):
			upper++
			if i > 0 {
				innerUpper = true
			}
		case unicode.IsLower(r):
			lower++
		case r >= '0' && r <= '9':
			digit++
		}
	}
	if upper+lower == 0 {
		return false
	}
	if upper >= 2 && lower == 0 {
		return true
	}
	if innerUpper && lower > 0 {
		return true
	}
	return digit > 0 && upper+lower > 0
}

// numberHasUnit says whether a lower-cased number token carries its unit:
// a currency sign, a percent sign, or letters glued on (300ms, 2x, 1.2m).
func numberHasUnit(lower string) bool {
	if lower == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(lower)
	if r == '$' || r == '€' || r == '£' {
		return true
	}
	last := lower[len(lower)-1]
	return last == '%' || last >= 'a' && last <= 'z'
}

// lexicon maps lower-cased word forms to their flags. stemFlags maps stems
// (for inflected forms: "profiled" and "profiling" share "profil").
var lexicon, stemFlags = buildLexicon()

func buildLexicon() (map[string]wordFlag, map[string]wordFlag) {
	lex := make(map[string]wordFlag, 1024)
	stems := make(map[string]wordFlag, 512)
	add := func(f wordFlag, words string) {
		for _, w := range strings.Fields(words) {
			lex[w] |= f
		}
	}
	addStem := func(f wordFlag, words string) {
		for _, w := range strings.Fields(words) {
			stems[stem(w)] |= f
			lex[w] |= f
		}
	}
	add(wStop, `a about above after again against all also am an and any are aren as at be because been
		before being below between both but by can could did do does doing don down during each either
		few for from further had has have having he her here hers herself him himself his how i if in
		into is it its itself just me might more most must my myself neither no nor not now of off on
		once only or other our ours ourselves out over own same shall she should so some such than that
		the their theirs them themselves then there these they this those through to too under until up
		upon very was we were what when where which while who whom whose why will with within without
		would you your yours yourself yourselves let lets may yet still even ever every via per`)
	add(wNegation, `not no never without none nobody nothing nor neither cannot nowhere hardly`)
	add(wFirstSingular, `i me my mine myself`)
	add(wFirstPlural, `we us our ours ourselves`)
	add(wModal, `would could might should`)
	add(wBeHave|wPast|wVerb, `was were had did`)
	add(wVerb, `is are am be been being has have do does will can may must shall`)
	// Irregular past forms: stems would not find them.
	add(wPast|wVerb, `made took built led wrote found ran saw got went came knew thought told said gave
		kept left began brought bought caught chose drove fell felt fought held hit let lost meant met
		paid put quit rebuilt rewrote rose sent set shut sold spent split spoke stood stuck taught threw
		understood undertook won broke became cut drew grew overcame oversaw sped shrank sank dug hired
		swore wound withdrew forgot beat bit fed fled flew hung laid lent lit mistook overrode paid sat
		slept sought spun stole swept swung tore woke wore`)
	add(wAction, `built led wrote found ran took made set chose brought rewrote rebuilt sent spoke met
		gave put kept drove dug split hired oversaw`)
	addStem(wAction|wVerb, `profile build lead implement design write migrate refactor deploy add
		introduce measure analyze analyse investigate identify fix optimize optimise create configure
		rewrite replace propose coordinate negotiate organize automate test monitor instrument trace
		benchmark roll ship cache index partition shard debug diagnose dig review reach talk convince
		present mentor train document plan prioritize schedule escalate launch release move switch tune
		decide choose start pair patch resolve rework restructure set up prototype draft gather collect
		interview survey compare evaluate run batch parallelize rollback revert split remove delete
		upgrade install enable disable wire integrate audit isolate reproduce simulate load script
		persuade align facilitate delegate drive establish define communicate explain involve
		suggest recommend advocate pitch secure onboard hire estimate break spearhead initiate
		consolidate standardize streamline simplify redesign architect model encrypt validate sanitize
		authenticate authorize throttle queue retry shadow backfill verify dual-write`)
	addStem(wResultCue, `result outcome impact reduce increase decrease improve drop cut save grow
		faster slower lower higher fewer less halve double triple eliminate achieve success successful
		succeed recognize praise adopt promote award benefit gain win decline shrink speed lift boost
		prevent avoid stabilize ended meant learn lesson feedback since`)
	add(wResultCue, `fell saved grew dropped went resulting successfully ultimately finally eventually
		now afterwards thanked renewed stopped beat exceeded stayed recovered won reached disappeared`)
	addStem(wSituationCue, `company team startup project client customer product service system role
		job legacy context working joined previous last back ago during platform codebase organization
		department quarter year month week launch growing scale traffic incident outage`)
	add(wSituationCue, `when while`)
	addStem(wTaskCue, `goal task responsibility responsible need asked assign objective challenge
		mission charge deadline require requirement expect expected supposed aim target want owner own owned`)
	add(wFiller, `um umm uh uhh er erm hmm basically literally actually totally honestly like`)
	add(wHedge, `maybe probably perhaps possibly somewhat arguably presumably guess`)
	add(wUnit, `ms millisecond milliseconds s sec secs second seconds minute minutes min mins hour
		hours hrs day days week weeks month months year years percent percentage pct x times fold
		users user customers requests request rps qps tps ops gb mb kb tb pb bytes k m dollars usd
		eur euros points ticket tickets incidents errors engineers people nodes servers instances
		pages queries calls transactions orders deploys deployments releases bugs rows records
		messages events jobs tests lines cores threads connections sessions`)
	addStem(wTechnical, `cache latency throughput query database index shard replica replication
		queue kafka redis postgres postgresql mysql kubernetes docker api endpoint idempotency
		idempotent transaction mutex thread lock deadlock load balancer cdn dns http https tcp grpc rest
		json schema migration rollback circuit breaker retry backoff timeout rate limit pagination
		versioning authentication authorization oauth jwt token encryption hash saga consensus
		partition consistency availability profiler flame graph heap memory cpu gc garbage allocation
		concurrency async sync microservice monolith container cluster node pod deployment pipeline
		ci cd terraform aws gcp azure s3 lambda serverless webhook websocket cron batch stream event
		sourcing cqrs orm sql nosql mongodb cassandra dynamodb elasticsearch nginx proxy gateway
		observability metric metrics logging tracing alert alerting dashboard prometheus grafana
		sla slo sli p99 p95 benchmark regression canary feature flag blue green dual-write backfill
		shadow table column foreign key constraint normalization denormalization trigger replica
		failover sharding throttling autoscaling caching indexing queueing debounce checksum
		outbox compensating eventual parameterized injection xss csrf owasp tls ssl cors sanitization
		validation input output serialization deserialization protocol bandwidth`)
	add(wGeneric, `thing things stuff lot lots really great good nice awesome amazing overall kind
		sort bit pretty quite experience stuff whatever something everything anything yeah yes okay ok
		well`)
	add(wSequence, `first firstly second secondly third then next finally afterwards after before
		immediately meanwhile step steps priority priorities prioritize start begin`)
	add(wTradeOff, `however but although though tradeoff trade-off trade-offs tradeoffs downside
		downsides cost costs versus vs instead alternatively whereas risk risks drawback drawbacks
		balance depends depending`)
	add(wCausal, `because therefore thus hence since so consequently means why example examples e.g eg instance such`)
	// Function words that state a relation or a quantity: "the same
	// path", "between the terminals", "the switch is off". They count when
	// an answer is compared with a reference answer.
	add(wRelation, `same both other between off on out under over more less few most only all each any
		against than too up down below above before after again once`)
	add(wChange, `halved doubled tripled quadrupled tenfold twofold threefold`)
	return lex, stems
}

// lightWords are general verbs and nouns any answer may use, whatever its
// subject. Alone they neither show a talking point nor make an answer
// relevant. They are matched by concept, so "raise" is as light as
// "increase".
const lightWords = `make get go do use put take give come see look know want way time say tell
		think keep let seem become show try call work need feel mean happen turn part place case
		point fact kind type lot add set run find build write change start end help lead plan
		team company people person group project problem issue thing day week month year
		new old big small high low good better best bad first last next same different
		significant important identify resolve handle manage improve increase decrease reduce
		deliver support create result outcome goal decide decision approach example
		one two three four five six seven eight nine ten hundred thousand million`

// lightConcepts holds the concept hashes of lightWords, both polarities.
var lightConcepts = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields(lightWords) {
		h := conceptHash(stem(w))
		m[h], m[h^polaritySalt] = true, true
	}
	return m
}()

// stopWord reports whether lower is a function word.
func stopWord(lower string) bool { return lexicon[lower]&wStop != 0 }

// polaritySalt turns a word's hash into its opposite's: an antonym
// ("closed" for "open", "decrease" for "increase") hashes as its head word
// with the salt, and so does a negated word ("not open"). Negating an
// antonym ("not closed") gives back the head word's hash.
const polaritySalt = 0x9e3779b97f4a7c15

// conceptHash is the hash a word is matched by: the hash of its synonym
// group's head ("reduce", "lower" and "cut" all hash as "decrease"), with
// polaritySalt for an antonym of the head; else the hash of its stem.
func conceptHash(stem string) uint64 {
	if c, ok := concepts[stem]; ok {
		return c
	}
	return stemHash(stem)
}

// synonymGroups are small sets of general English words that say the
// same thing; the first word is the group's head. antonymGroups name a
// head and words meaning its opposite. Both are hand-written general
// vocabulary, not the words of any data set; each word is stemmed.
var synonymGroups = []string{
	"big large huge",
	"small little tiny",
	"fast quick rapid speedy",
	"increase raise grow rise boost",
	"decrease reduce lower drop cut shrink decline lessen",
	"correct right accurate",
	"same identical equal",
	"different distinct",
	"use utilize employ",
	"make create produce",
	"get obtain receive acquire",
	"need require",
	"help assist aid",
	"fix repair resolve solve",
	"check verify confirm examine inspect",
	"find discover detect",
	"choose pick",
	"change alter modify",
	"connect attach join link",
	"keep retain preserve",
	"remove delete eliminate",
	"add insert",
	"allow permit enable",
	"whole entire complete",
	"start begin commence",
	"stop halt cease",
	"easy simple straightforward",
	"problem issue trouble",
	"goal aim objective",
	"cause reason",
	"method approach technique",
	"improve enhance",
	"important crucial essential vital",
	"measure gauge quantify",
	"customer client",
	"colleague coworker teammate",
	"manager boss supervisor",
	"quantity amount",
	"answer respond",
}

var antonymGroups = []string{
	"big small",
	"increase decrease",
	"correct inaccurate",
	"same different",
	"connect detach separate",
	"allow disable block deny",
	"whole partial incomplete",
	"high low",
	"succeed failure",
	"safe unsafe insecure",
	"start stop",
	"improve worsen",
	"add remove",
}

// concepts maps a stem to its concept hash; built from the groups above.
var concepts = func() map[string]uint64 {
	m := make(map[string]uint64, 256)
	head := map[string]string{} // stem to its synonym group's head stem
	for _, g := range synonymGroups {
		ws := strings.Fields(g)
		h := stem(ws[0])
		for _, w := range ws {
			for _, f := range inflections(w) {
				if _, ok := head[stem(f)]; !ok || f == w {
					head[stem(f)] = h
				}
			}
		}
	}
	headOf := func(w string) string {
		if h, ok := head[stem(w)]; ok {
			return h
		}
		return stem(w)
	}
	for st, h := range head {
		m[st] = stemHash(h)
	}
	for _, g := range antonymGroups {
		ws := strings.Fields(g)
		h := stemHash(headOf(ws[0]))
		for _, w := range ws[1:] {
			opp := h ^ polaritySalt
			for _, f := range inflections(w) {
				m[stem(f)] = opp
			}
			// The antonym's own synonyms flip with it.
			for st, hh := range head {
				if hh == stem(w) {
					m[st] = opp
				}
			}
		}
	}
	return m
}()

// inflections are a word and its regular inflected forms: the stemmer
// keeps a few apart ("add" is "add", "added" is "ad").
func inflections(w string) []string {
	if strings.HasSuffix(w, "e") {
		return []string{w, w + "s", w + "d", w[:len(w)-1] + "ing"}
	}
	return []string{w, w + "s", w + "ed", w + "ing"}
}

// firstSenses returns the synset of word's first sense in each part of
// speech WordNet has it in, or nil.
func firstSenses(word string) []uint32 {
	var out []uint32
	for _, pos := range [...]wordnet.POS{wordnet.Noun, wordnet.Verb, wordnet.Adj, wordnet.Adv} {
		if ss := wordnet.Synsets(word, pos); len(ss) > 0 {
			out = append(out, ss[0])
		}
	}
	return out
}

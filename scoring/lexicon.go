package scoring

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
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
)

// wordInfo is what the scorer knows about one distinct word form.
type wordInfo struct {
	lower string
	stem  string
	hash  uint64 // of stem: phrase tables compare hashes, not strings
	flags wordFlag
}

// wordCache maps a raw word form (as written) to its wordInfo. Stemming is
// the costly part of analysis, and answers reuse a small vocabulary, so the
// cache makes a warm analysis allocation-free. It is bounded; a word that
// does not fit is analysed on every call, with the same result, so the
// cache never changes a score.
var wordCache = struct {
	sync.RWMutex
	m map[string]wordInfo
}{m: make(map[string]wordInfo, 4096)}

const wordCacheMax = 1 << 17

// lookupWords fills infos for the word tokens of toks in one read-locked
// pass, analysing the misses afterwards.
func lookupWords(text string, toks []token) {
	misses := 0
	wordCache.RLock()
	for i := range toks {
		t := &toks[i]
		if t.kind == tokPunct {
			continue
		}
		if wi, ok := wordCache.m[text[t.start:t.end]]; ok {
			t.wordInfo = wi
			continue
		}
		t.flags = 0
		t.lower = ""
		misses++
	}
	wordCache.RUnlock()
	if misses == 0 {
		return
	}
	for i := range toks {
		t := &toks[i]
		if t.kind == tokPunct || t.lower != "" {
			continue
		}
		raw := text[t.start:t.end]
		t.wordInfo = analyseWord(raw, t.kind == tokNumber)
		t.hash = stemHash(t.stem)
		wordCache.Lock()
		if len(wordCache.m) < wordCacheMax {
			// Store under a copy so the cache does not pin the whole answer.
			wordCache.m[strings.Clone(raw)] = t.wordInfo
		}
		wordCache.Unlock()
	}
}

// analyseWord computes the wordInfo of one raw word form.
func analyseWord(raw string, number bool) wordInfo {
	lower := lowerWord(raw)
	if number {
		wi := wordInfo{lower: lower, stem: lower, flags: wNumber}
		if numberHasUnit(lower) {
			wi.flags |= wNumberUnit
		}
		return wi
	}
	norm := strings.ReplaceAll(lower, "’", "'")
	wi := wordInfo{lower: norm, flags: lexicon[norm]}
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
		return wi
	}
	if wi.flags&wStop != 0 {
		wi.stem = norm
	} else {
		wi.stem = stem(norm)
		wi.flags |= stemFlags[wi.stem]
	}
	if isAcronym(raw) {
		wi.flags |= wAcronym | wTechnical
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
		now afterwards`)
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

// stopWord reports whether lower is a function word.
func stopWord(lower string) bool { return lexicon[lower]&wStop != 0 }

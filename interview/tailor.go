package interview

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/mockinterview/mockinterview/questions"
)

// Tailoring limits.
const (
	MaxJobDescriptionBytes = 16 << 10
	MaxResumeBytes         = 32 << 10
	// maxTerms is how many posting terms a plan keeps.
	maxTerms = 20
	// generatedPrefix starts the id of a question made for the session.
	generatedPrefix = "gen-"
)

// Question sources.
const (
	SourceBank      = "bank"
	SourceGenerated = "generated"
	SourceLLM       = "llm"
)

// JDTerm is one term of a job posting: its words as written (lower case),
// the stems it matches by and its weight (tf × idf against the bank).
type JDTerm struct {
	Term   string   `json:"term"`
	Stems  []string `json:"stems"`
	Weight float64  `json:"weight"`
}

// RoleWeight is how close a bank role is to the posting (weights sum to 1).
type RoleWeight struct {
	Role   string  `json:"role"`
	Weight float64 `json:"weight"`
}

// PlanQuestion is a question of a tailored plan with what it probes.
type PlanQuestion struct {
	ID            string                   `json:"id"`
	Question      string                   `json:"question"`
	Category      questions.Category       `json:"category"`
	Tips          string                   `json:"tips"`
	TalkingPoints []questions.TalkingPoint `json:"talking_points"`
	// Targets are the posting terms or résumé lines the question probes.
	Targets []string `json:"targets"`
	Source  string   `json:"source"`
}

// Tailoring is what a session made from a job posting keeps: the posting
// and résumé as given, the terms drawn from the posting, the roles it is
// closest to and the questions with their targets (generated ones are only
// here, not in the bank).
type Tailoring struct {
	JobDescription string         `json:"job_description"`
	Resume         string         `json:"resume,omitempty"`
	Terms          []JDTerm       `json:"jd_terms"`
	Roles          []RoleWeight   `json:"roles"`
	Questions      []PlanQuestion `json:"questions"`
	// LLM is set when a model was asked to write the questions
	// (tailor_llm.go): whether it did, and why not.
	LLM *PlanLLM `json:"llm,omitempty"`
}

// TailoredPlan is the plan TailorPlan makes: the session plan (questions
// picked, Tailoring set) and, for convenience, its terms and questions.
type TailoredPlan struct {
	Plan      Plan           `json:"-"`
	Terms     []JDTerm       `json:"jd_terms"`
	Roles     []RoleWeight   `json:"roles"`
	Questions []PlanQuestion `json:"questions"`
}

// TailorPlan plans an interview for a job posting and an optional résumé:
// the posting's terms weighted against the whole bank, bank questions of
// every role ranked by how well they match those terms (the seed's
// category mix kept, no near-duplicates), and behavioral questions probing
// the résumé's strongest claims. The same input and seed give the same
// plan. An empty or unusable posting falls back to req.Role, or is a
// validation error on job_description when no role is given.
func TailorPlan(bank *questions.Bank, jd, resume string, req PlanRequest) (TailoredPlan, error) {
	var tp TailoredPlan
	if len(jd) > MaxJobDescriptionBytes {
		return tp, invalid("job_description", "job_description is %d bytes; the limit is %d (16 KiB)", len(jd), MaxJobDescriptionBytes)
	}
	if len(resume) > MaxResumeBytes {
		return tp, invalid("resume", "resume is %d bytes; the limit is %d (32 KiB)", len(resume), MaxResumeBytes)
	}
	if !utf8.ValidString(jd) {
		return tp, invalid("job_description", "job_description is not valid UTF-8 text")
	}
	if !utf8.ValidString(resume) {
		return tp, invalid("resume", "resume is not valid UTF-8 text")
	}
	roleGiven := strings.TrimSpace(req.Role) != ""
	if strings.TrimSpace(jd) != "" && !looksEnglish(jd) {
		return tp, invalid("job_description", "the job description does not look like English text; tailoring works on English postings only (paste an English posting, or give a role instead)")
	}
	if strings.TrimSpace(resume) != "" && !looksEnglish(resume) {
		return tp, invalid("resume", "the résumé does not look like English text; tailoring works on English résumés only")
	}
	ix := bankIndexFor(bank)
	terms := extractTerms(ix, jd)
	if len(terms) == 0 && !roleGiven {
		return tp, invalid("job_description", "the job description has no terms to tailor the interview to; paste the posting's text or give a role")
	}
	req.JobDescription = jd // validatePlan then lets the role be left out
	if strings.TrimSpace(jd) == "" {
		req.JobDescription = ""
	}
	plan, err := validatePlan(bank, req)
	if err != nil {
		return tp, err
	}
	roles := inferRoles(ix, terms)
	if plan.Role == "" {
		if len(roles) == 0 {
			return tp, invalid("job_description", "the job description matches no role of the bank; give a role")
		}
		plan.Role = roles[0].Role
		r, _ := bank.Role(plan.Role)
		plan.RoleName = r.Name
	}

	// Candidate pools per category, scored.
	roleW := map[string]float64{}
	for _, r := range roles {
		roleW[r.Role] = r.Weight
	}
	if roleGiven {
		roleW[plan.Role] = math.Max(roleW[plan.Role], 1)
	}
	avgW := 0.0
	for _, t := range terms {
		avgW += t.Weight
	}
	if len(terms) > 0 {
		avgW /= float64(len(terms))
	}
	type cand struct {
		q       questions.Question
		score   float64
		targets []string
	}
	pools := map[questions.Category][]cand{}
	sizes := map[questions.Category]int{}
	for _, d := range ix.docs {
		q := d.q
		if !containsCat(plan.Categories, q.Category) {
			continue
		}
		if plan.Difficulty != "" && q.Difficulty != plan.Difficulty {
			continue
		}
		c := cand{q: q}
		for _, t := range terms {
			if d.hasAll(t.Stems) {
				c.score += t.Weight
				c.targets = append(c.targets, t.Term)
			}
		}
		if len(terms) == 0 && q.Role != plan.Role {
			continue // fallback: the role's own questions
		}
		if c.score > 0 || q.Role == plan.Role {
			c.score += 0.5 * avgW * roleW[q.Role]
		}
		pools[q.Category] = append(pools[q.Category], c)
		sizes[q.Category]++
	}
	avail := 0
	for _, c := range plan.Categories {
		avail += sizes[c]
	}
	if avail < plan.Count {
		return tp, invalid("count", "the bank has only %d questions for this plan, not %d", avail, plan.Count)
	}
	mix := apportion(plan.Count, plan.Categories, sizes)

	// Résumé probes take the place of up to half the behavioral questions.
	claims := resumeClaims(resume, terms)
	nProbes := 0
	if mix[questions.Behavioral] > 0 {
		nProbes = min(len(claims), (mix[questions.Behavioral]+1)/2)
	}

	rng := rand.NewPCG(uint64(plan.Seed), 0x7461696c6f72) // "tailor"
	chosen := map[questions.Category][]string{}
	byID := map[string]PlanQuestion{}
	var picked [][]string // content stems of the chosen questions
	for i := 0; i < nProbes; i++ {
		pq := probeQuestion(ix, claims[i])
		byID[pq.ID] = pq
		chosen[questions.Behavioral] = append(chosen[questions.Behavioral], pq.ID)
		picked = append(picked, contentStems(pq.Question))
	}
	for _, cat := range plan.Categories {
		cs := pools[cat]
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].score != cs[j].score {
				return cs[i].score > cs[j].score
			}
			return cs[i].q.ID < cs[j].q.ID
		})
		// A seeded shuffle among equal scores only.
		for lo := 0; lo < len(cs); {
			hi := lo + 1
			for hi < len(cs) && cs[hi].score == cs[lo].score {
				hi++
			}
			g := cs[lo:hi]
			shuffle(rng, len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
			lo = hi
		}
		want := mix[cat] - len(chosen[cat])
		var skipped []cand
		for _, c := range cs {
			if want == 0 {
				break
			}
			st := contentStems(c.q.Text)
			dup := false
			for _, p := range picked {
				if jaccard(st, p) > 0.5 {
					dup = true
					break
				}
			}
			if dup {
				skipped = append(skipped, c)
				continue
			}
			picked = append(picked, st)
			chosen[cat] = append(chosen[cat], c.q.ID)
			byID[c.q.ID] = bankPlanQuestion(c.q, c.targets)
			want--
		}
		for _, c := range skipped { // only if the bank runs short
			if want == 0 {
				break
			}
			chosen[cat] = append(chosen[cat], c.q.ID)
			byID[c.q.ID] = bankPlanQuestion(c.q, c.targets)
			want--
		}
	}
	plan.Mix = mix
	plan.QuestionIDs = interleave(plan.Categories, chosen)
	qs := make([]PlanQuestion, 0, len(plan.QuestionIDs))
	for _, id := range plan.QuestionIDs {
		qs = append(qs, byID[id])
	}
	if terms == nil {
		terms = []JDTerm{}
	}
	if roles == nil {
		roles = []RoleWeight{}
	}
	plan.Tailoring = &Tailoring{JobDescription: jd, Resume: resume, Terms: terms, Roles: roles, Questions: qs}
	return TailoredPlan{Plan: plan, Terms: terms, Roles: roles, Questions: qs}, nil
}

func containsCat(cs []questions.Category, c questions.Category) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func bankPlanQuestion(q questions.Question, targets []string) PlanQuestion {
	if targets == nil {
		targets = []string{}
	}
	return PlanQuestion{ID: q.ID, Question: q.Text, Category: q.Category, Tips: q.Tips,
		TalkingPoints: q.TalkingPoints, Targets: targets, Source: SourceBank}
}

// planQuestion finds a question of the plan: the bank's, or one generated
// for the session (kept in its Tailoring).
func planQuestion(bank *questions.Bank, p *Plan, id string) (questions.Question, bool) {
	if p.Tailoring != nil && strings.HasPrefix(id, generatedPrefix) {
		for _, q := range p.Tailoring.Questions {
			if q.ID == id {
				return questions.Question{ID: q.ID, Role: p.Role, Category: q.Category, Text: q.Question,
					Tips: q.Tips, TalkingPoints: q.TalkingPoints}, true
			}
		}
	}
	return bank.Question(id)
}

// --- text ---

// word is a lower-cased word of a text with its byte range and stem.
type word struct {
	text       string
	stem       string
	start, end int
	stop       bool
	brk        bool // a phrase boundary comes before this word
}

// tokenize splits text into words (letters, digits and + # inside a word,
// with . - / joining two word characters: "node.js", "ci/cd", "c++").
func tokenize(text string) []word {
	var out []word
	brk := true
	i := 0
	isW := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isW(r) {
			if r != ' ' && r != '\t' {
				brk = true
			}
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if isW(r) || r == '+' || r == '#' {
				j += n
				continue
			}
			if (r == '.' || r == '-' || r == '/' || r == '\'') && j+n < len(text) {
				r2, _ := utf8.DecodeRuneInString(text[j+n:])
				if isW(r2) {
					j += n
					continue
				}
			}
			break
		}
		w := strings.ToLower(text[i:j])
		w = strings.TrimSuffix(w, "'s")
		out = append(out, word{text: w, stem: stemOf(w), start: i, end: j, stop: isStop(w), brk: brk})
		brk = false
		i = j
	}
	return out
}

func stemOf(w string) string {
	if strings.ContainsAny(w, "+#./0123456789") {
		return w
	}
	return english.Stem(w, false)
}

var stopWords = toSet(strings.Fields(`a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during each either
etc few for from further had has have having he her here hers him his how i if in into is it its itself
just like may me might more most must my no nor not now of off on once only or other our ours out over
own per same she should so some such than that the their them then there these they this those through
to too under until up upon us very via was we were what when where which while who whom why will with
within without would you your yours e.g i.e ie eg well new using use used within across every including
include includes among around get make makes ensure help helps`))

// jdNoise are words of job postings that say nothing about the job.
var jdNoise = toSet(strings.Fields(`experience experienced years year ability able strong skills skill
plus preferred required requirements requirement responsibilities responsibility role roles candidate
candidates team teams work working works join looking company opportunity opportunities benefits benefit
salary bonus equal employer ideal nice excellent good great knowledge understanding familiarity familiar
proficiency proficient proven track record hands deep solid demonstrated degree bachelor bachelors
master masters equivalent related field apply applicants position job jobs we're you'll you're offer
competitive remote hybrid office location based day days week weeks time full part minimum least
passion passionate love want seeking hire hiring grow growth career wide range variety various
other others key ideally bonus highly self motivated fast paced environment world class exciting
currently must-have must nice-to-have requirements: qualifications qualification what who us
opportunity inclusive diverse diversity background backgrounds including people person
senior junior staff principal engineer engineers developer developers manager scientist writer
define maintain understand handle end own owning build building partner`))

func toSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func isStop(w string) bool { return stopWords[w] }

// contentStems is the sorted distinct stems of text's content words.
func contentStems(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range tokenize(text) {
		if w.stop || jdNoise[w.text] || len(w.text) < 2 {
			continue
		}
		if !seen[w.stem] {
			seen[w.stem] = true
			out = append(out, w.stem)
		}
	}
	sort.Strings(out)
	return out
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	set := toSet(a)
	inter := 0
	for _, x := range b {
		if set[x] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// looksEnglish reports whether text is mostly English: most letters are
// ASCII and enough words are English function words.
func looksEnglish(text string) bool {
	letters, ascii := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if r < 128 {
				ascii++
			}
		}
	}
	if letters == 0 {
		return true // nothing to judge: no terms either
	}
	if float64(ascii) < 0.7*float64(letters) {
		return false
	}
	ws := tokenize(text)
	if len(ws) < 25 {
		return true // a short list of skills has few function words
	}
	stops := 0
	for _, w := range ws {
		if w.stop {
			stops++
		}
	}
	return float64(stops) >= 0.06*float64(len(ws))
}

// --- bank index ---

type bankDoc struct {
	q     questions.Question
	stems map[string]bool
}

func (d *bankDoc) hasAll(stems []string) bool {
	for _, s := range stems {
		if !d.stems[s] {
			return false
		}
	}
	return true
}

type bankIndex struct {
	docs   []*bankDoc
	df     map[string]int // documents holding each stem key (n-grams joined by space)
	n      int
	byRole map[string][]*bankDoc
}

var (
	indexMu    sync.Mutex
	indexCache = map[*questions.Bank]*bankIndex{}
)

func bankIndexFor(bank *questions.Bank) *bankIndex {
	indexMu.Lock()
	defer indexMu.Unlock()
	if ix, ok := indexCache[bank]; ok {
		return ix
	}
	ix := &bankIndex{df: map[string]int{}, byRole: map[string][]*bankDoc{}}
	for _, r := range bank.Roles() {
		for _, q := range bank.Questions(r.ID) {
			matchText := q.Text + "\n" + q.Tips
			for _, tp := range q.TalkingPoints {
				matchText += "\n" + tp.Label + "\n" + strings.Join(tp.Phrases, "\n")
			}
			d := &bankDoc{q: q, stems: map[string]bool{}}
			for _, w := range tokenize(matchText) {
				d.stems[w.stem] = true
			}
			keys := map[string]bool{}
			for _, g := range ngrams(tokenize(matchText + "\n" + q.ReferenceAnswer)) {
				keys[strings.Join(g.stems, " ")] = true
			}
			for k := range keys {
				ix.df[k]++
			}
			ix.docs = append(ix.docs, d)
			ix.byRole[q.Role] = append(ix.byRole[q.Role], d)
		}
	}
	ix.n = len(ix.docs)
	sort.Slice(ix.docs, func(i, j int) bool { return ix.docs[i].q.ID < ix.docs[j].q.ID })
	indexCache[bank] = ix
	return ix
}

func (ix *bankIndex) idf(key string) float64 {
	return math.Log(float64(ix.n+1)/float64(ix.df[key]+1)) + 1
}

type gram struct {
	words []string
	stems []string
}

// ngrams lists the 1–3 word runs of content words, not across stop words
// or punctuation.
func ngrams(ws []word) []gram {
	var out []gram
	var run []word
	flush := func() {
		for i := range run {
			for n := 1; n <= 3 && i+n <= len(run); n++ {
				g := gram{}
				for _, w := range run[i : i+n] {
					g.words = append(g.words, w.text)
					g.stems = append(g.stems, w.stem)
				}
				out = append(out, g)
			}
		}
		run = run[:0]
	}
	for _, w := range ws {
		if w.brk {
			flush()
		}
		if w.stop || jdNoise[w.text] || len(w.text) < 2 || isNumber(w.text) {
			flush()
			continue
		}
		run = append(run, w)
	}
	flush()
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) && r != '.' && r != '+' {
			return false
		}
	}
	return true
}

// extractTerms finds the posting's terms: n-grams weighted by tf × idf,
// the top maxTerms distinct by stem. An n-gram of several words counts
// only when the bank knows it or the posting repeats it.
func extractTerms(ix *bankIndex, jd string) []JDTerm {
	type acc struct {
		words []string
		stems []string
		tf    int
	}
	accs := map[string]*acc{}
	for _, g := range ngrams(tokenize(jd)) {
		k := strings.Join(g.stems, " ")
		a := accs[k]
		if a == nil {
			a = &acc{words: g.words, stems: g.stems}
			accs[k] = a
		}
		a.tf++
	}
	var terms []JDTerm
	tfOf := map[string]int{}
	for k, a := range accs {
		if len(a.stems) > 1 && ix.df[k] == 0 && a.tf < 2 {
			continue
		}
		w := (1 + math.Log(float64(a.tf))) * ix.idf(k)
		if len(a.stems) > 1 {
			w *= 1 + 0.25*float64(len(a.stems)-1)
		}
		terms = append(terms, JDTerm{Term: strings.Join(a.words, " "), Stems: a.stems, Weight: w})
		tfOf[k] = a.tf
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].Weight != terms[j].Weight {
			return terms[i].Weight > terms[j].Weight
		}
		return terms[i].Term < terms[j].Term
	})
	// A term seen only inside a heavier one ("web vitals" of "core web
	// vitals"), or only around a heavier one, adds nothing: same tf, and a
	// sub- or super-sequence of its stems.
	var kept []JDTerm
	for _, t := range terms {
		k := strings.Join(t.Stems, " ")
		redundant := false
		for _, c := range kept {
			ck := strings.Join(c.Stems, " ")
			if tfOf[ck] == tfOf[k] && (containsSeq(c.Stems, t.Stems) || containsSeq(t.Stems, c.Stems)) {
				redundant = true
				break
			}
		}
		if !redundant {
			kept = append(kept, t)
		}
		if len(kept) == maxTerms {
			break
		}
	}
	terms = kept
	for i := range terms {
		terms[i].Weight = math.Round(terms[i].Weight*1000) / 1000
	}
	return terms
}

// containsSeq reports whether sub is a contiguous run of seq.
func containsSeq(seq, sub []string) bool {
	for i := 0; i+len(sub) <= len(seq); i++ {
		match := true
		for j := range sub {
			if seq[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// inferRoles weighs each role by the posting terms its questions hold,
// the best three, weights normalised to sum 1.
func inferRoles(ix *bankIndex, terms []JDTerm) []RoleWeight {
	var out []RoleWeight
	total := 0.0
	for role, docs := range ix.byRole {
		s := 0.0
		for _, d := range docs {
			for _, t := range terms {
				if d.hasAll(t.Stems) {
					s += t.Weight
				}
			}
		}
		s /= float64(len(docs))
		if s > 0 {
			out = append(out, RoleWeight{Role: role, Weight: s})
			total += s
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		return out[i].Role < out[j].Role
	})
	if len(out) > 3 {
		out = out[:3]
	}
	total = 0
	for _, r := range out {
		total += r.Weight
	}
	for i := range out {
		out[i].Weight = math.Round(out[i].Weight/total*1000) / 1000
	}
	return out
}

// --- résumé probes ---

type claim struct {
	line   string // the résumé line or sentence, as written
	verb   string // its action verb, lower case
	rest   string // what follows the verb
	number string // the first number in it, if any
	score  float64
	order  int
}

var irregularPast = toSet(strings.Fields(`led built ran drove grew made wrote won cut set began took brought
taught oversaw rebuilt rewrote undertook spearheaded shipped sold spoke found chose held kept lent met
overcame put saw sent spent stood struck swept threw upheld withdrew`))

var notActions = toSet(strings.Fields(`need needed based used skilled interested experienced detailed
dedicated motivated certified qualified red bed`))

// resumeClaims finds the résumé's strongest claims: sentences that start
// with a past action verb (after a bullet or "I") and have an object,
// ranked by a number, the posting terms they touch and their length.
func resumeClaims(resume string, terms []JDTerm) []claim {
	var out []claim
	n := 0
	for _, line := range strings.Split(resume, "\n") {
		for _, sent := range splitSentences(line) {
			s := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(sent), "-•*–·▪>◦ "))
			s = strings.TrimRight(s, ". ;")
			if s == "" {
				continue
			}
			body := s
			if strings.HasPrefix(body, "I ") {
				body = body[2:]
			}
			ws := tokenize(body)
			if len(ws) < 4 || ws[0].start != 0 {
				continue
			}
			v := ws[0].text
			if notActions[v] || (!strings.HasSuffix(v, "ed") && !irregularPast[v]) || len(v) < 3 {
				continue
			}
			content := 0
			num := ""
			for _, w := range ws[1:] {
				if !w.stop {
					content++
				}
				if num == "" && strings.IndexFunc(w.text, unicode.IsDigit) >= 0 {
					num = body[w.start:w.end]
				}
			}
			if content < 2 {
				continue
			}
			c := claim{line: s, verb: v, rest: strings.TrimSpace(body[ws[0].end:]), number: num, order: n}
			n++
			c.score = 1 + math.Min(float64(content), 10)*0.1
			if num != "" {
				c.score += 2
			}
			st := toSet(contentStems(body))
			for _, t := range terms {
				all := true
				for _, x := range t.Stems {
					if !st[x] {
						all = false
						break
					}
				}
				if all {
					c.score += 0.5
				}
			}
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].order < out[j].order
	})
	return out
}

func splitSentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i < len(line); i++ {
		if (line[i] == '.' || line[i] == ';') && (i+1 == len(line) || line[i+1] == ' ') {
			out = append(out, line[start:i])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

// secondPerson turns a first-person claim into one addressed to the
// candidate: "my team" → "your team".
func secondPerson(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		switch strings.ToLower(strings.Trim(w, ",")) {
		case "my":
			ws[i] = strings.Replace(w, w[:2], "your", 1)
		case "me":
			ws[i] = strings.Replace(w, w[:2], "you", 1)
		case "i":
			ws[i] = "you"
		case "myself":
			ws[i] = "yourself"
		}
	}
	return strings.Join(ws, " ")
}

func probeQuestion(ix *bankIndex, c claim) PlanQuestion {
	h := fnv.New32a()
	h.Write([]byte(c.line))
	id := fmt.Sprintf("%sresume-%08x", generatedPrefix, h.Sum32())
	what := c.verb + " " + secondPerson(c.rest)
	text := fmt.Sprintf("Tell me about when you %s. What was your part, and what came of it?", what)
	claimStems := contentStems(c.line)
	objectWords := []string{}
	for _, w := range tokenize(c.rest) {
		if !w.stop && !jdNoise[w.text] && len(w.text) > 2 && !isNumber(w.text) {
			objectWords = append(objectWords, w.text)
		}
	}
	if len(objectWords) > 6 {
		objectWords = objectWords[:6]
	}
	tips := fmt.Sprintf("Your résumé says: %q. Set the scene (why it was needed), say what you yourself did and decided, how you did it, and the result", c.line)
	if c.number != "" {
		tips += fmt.Sprintf(" — back up the %s with how you measured it", c.number)
	}
	tips += "."
	points := []questions.TalkingPoint{
		{ID: "claim-context", Label: "the situation: why it was needed",
			Phrases: append(append([]string{}, firstN(objectWords, 4)...), "because", "problem", "needed")},
		{ID: "claim-own-part", Label: "what you did yourself",
			Phrases: []string{"i " + c.verb, c.verb, "i decided", "i owned", "my role", "i was responsible"}},
	}
	resPhrases := []string{"result", "as a result", "reduced", "improved", "increased", "saved"}
	if c.number != "" {
		resPhrases = append([]string{c.number}, resPhrases...)
	}
	points = append(points, questions.TalkingPoint{ID: "claim-result", Label: "the result, measured", Phrases: resPhrases})
	// The best-matching behavioral question of the bank lends a point.
	var best *bankDoc
	bestN := 0
	for _, d := range ix.docs {
		if d.q.Category != questions.Behavioral {
			continue
		}
		n := 0
		for _, s := range claimStems {
			if d.stems[s] {
				n++
			}
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	if best != nil {
		for _, tp := range best.q.TalkingPoints {
			if tp.ID == "claim-context" || tp.ID == "claim-own-part" || tp.ID == "claim-result" {
				continue
			}
			tp.ID = "bank-" + tp.ID
			points = append(points, tp)
			break
		}
	}
	return PlanQuestion{ID: id, Question: text, Category: questions.Behavioral, Tips: tips,
		TalkingPoints: points, Targets: []string{c.line}, Source: SourceGenerated}
}

func firstN(ws []string, n int) []string {
	if len(ws) > n {
		return ws[:n]
	}
	return ws
}

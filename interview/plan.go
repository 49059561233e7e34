package interview

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// Plan limits and defaults.
const (
	DefaultCount = 8
	MaxCount     = 20
)

// seedMix is the category mix of the seed guide (2 behavioral, 4 technical,
// 2 situational): the weights a session's count is split by.
var seedMix = map[questions.Category]int{
	questions.Behavioral:  2,
	questions.Technical:   4,
	questions.Situational: 2,
}

// maxRandomSeed bounds the seeds drawn when a request gives none, so that a
// recorded seed survives a round trip through a JavaScript number.
const maxRandomSeed = 1 << 53

// validatePlan checks req against the bank and fills in the defaults. The
// picked questions are left for pickQuestions.
func validatePlan(bank *questions.Bank, req PlanRequest) (Plan, error) {
	var p Plan
	roleID := strings.TrimSpace(req.Role)
	switch {
	case roleID == "" && strings.TrimSpace(req.JobDescription) != "":
		// a tailored plan: TailorPlan infers the role
	case roleID == "":
		return p, invalid("role", "role is required (or a job_description)")
	default:
		role, ok := bank.Role(roleID)
		if !ok {
			return p, invalid("role", "unknown role %q", roleID)
		}
		p.Role, p.RoleName = role.ID, role.Name
	}

	seen := map[questions.Category]bool{}
	for _, name := range req.Categories {
		c, ok := questions.ParseCategory(name)
		if !ok {
			return p, invalid("categories", "unknown category %q (want behavioral, technical or situational)", name)
		}
		seen[c] = true
	}
	for _, c := range questions.Categories { // canonical order
		if len(seen) == 0 || seen[c] {
			p.Categories = append(p.Categories, c)
		}
	}

	switch {
	case req.Count == 0:
		p.Count = DefaultCount
	case req.Count < 1 || req.Count > MaxCount:
		return p, invalid("count", "count must be between 1 and %d, not %d", MaxCount, req.Count)
	default:
		p.Count = req.Count
	}

	switch d := questions.Difficulty(strings.ToLower(strings.TrimSpace(req.Difficulty))); d {
	case "", questions.Easy, questions.Medium, questions.Hard:
		p.Difficulty = d
	default:
		return p, invalid("difficulty", "unknown difficulty %q (want easy, medium or hard)", req.Difficulty)
	}

	switch m := Mode(strings.ToLower(strings.TrimSpace(req.Mode))); m {
	case "":
		p.Mode = ModePractice
	case ModePractice, ModeExam:
		p.Mode = m
	default:
		return p, invalid("mode", "unknown mode %q (want practice or exam)", req.Mode)
	}

	switch pace := Pace(strings.ToLower(strings.TrimSpace(req.Pace))); pace {
	case "", PaceFlow:
	case PaceCandidate:
		if p.Mode != ModePractice {
			return p, invalid("pace", "pace candidate waits for next after each question's feedback: it needs practice mode, not %s", p.Mode)
		}
		p.Pace = PaceCandidate
	default:
		return p, invalid("pace", "unknown pace %q (want flow or candidate)", req.Pace)
	}

	if req.Seed != nil {
		p.Seed = *req.Seed
	} else {
		p.Seed = rand.Int64N(maxRandomSeed)
	}
	if req.QuestionIDs != nil {
		if err := validateQuestionIDs(bank, &p, req); err != nil {
			return p, err
		}
	}
	return p, nil
}

// validateQuestionIDs checks a request for given questions (retry one,
// practise the same again) and sets the plan's questions, count and
// categories from them: known bank questions of the role, no repeats, at
// most MaxCount, and agreeing with count, categories and difficulty when
// those are given too. pickQuestions then keeps them as they are.
func validateQuestionIDs(bank *questions.Bank, p *Plan, req PlanRequest) error {
	const field = "question_ids"
	if strings.TrimSpace(req.JobDescription) != "" || strings.TrimSpace(req.Resume) != "" {
		return invalid(field, "question_ids cannot be combined with a job_description or resume: a tailored interview picks its own questions")
	}
	switch n := len(req.QuestionIDs); {
	case n == 0:
		return invalid(field, "question_ids is empty; leave it out for a pick, or give 1 to %d question ids", MaxCount)
	case n > MaxCount:
		return invalid(field, "question_ids has %d ids; at most %d", n, MaxCount)
	case req.Count != 0 && req.Count != n:
		return invalid("count", "count is %d but %d question_ids were given; leave count out", req.Count, n)
	}
	wanted := map[questions.Category]bool{}
	for _, c := range p.Categories {
		wanted[c] = true
	}
	seen := map[string]int{}
	used := map[questions.Category]int{}
	ids := make([]string, 0, len(req.QuestionIDs))
	for i, raw := range req.QuestionIDs {
		id := strings.TrimSpace(raw)
		q, ok := bank.Question(id)
		switch {
		case id == "":
			return invalid(field, "question_ids[%d] is empty", i)
		case !ok:
			return invalid(field, "question_ids[%d]: no question has the id %q", i, id)
		case q.Role != p.Role:
			return invalid(field, "question_ids[%d]: question %q is a %s question, not one of role %s", i, id, q.Role, p.Role)
		case !wanted[q.Category]:
			return invalid(field, "question_ids[%d]: question %q is %s, which categories leaves out", i, id, q.Category)
		case p.Difficulty != "" && q.Difficulty != p.Difficulty:
			return invalid(field, "question_ids[%d]: question %q is %s, not difficulty %s", i, id, q.Difficulty, p.Difficulty)
		}
		if j, dup := seen[id]; dup {
			return invalid(field, "question_ids[%d] repeats question %q (also question_ids[%d])", i, id, j)
		}
		seen[id] = i
		used[q.Category]++
		ids = append(ids, id)
	}
	cats := p.Categories[:0:0]
	for _, c := range p.Categories {
		if used[c] > 0 {
			cats = append(cats, c)
		}
	}
	p.Categories, p.Count, p.QuestionIDs = cats, len(ids), ids
	p.Mix = used
	return nil
}

// pickQuestions chooses p.Count questions of p.Role: split across
// p.Categories by the seed mix (shifted to other categories where one runs
// short), shuffled by p.Seed, questions not in recent (most recent first)
// before recent ones (oldest first), interleaved so that every stretch of
// the session mixes categories. The same plan and recent list always give
// the same questions in the same order. A plan whose questions were asked
// for by id (validateQuestionIDs) keeps them.
func pickQuestions(bank *questions.Bank, p Plan, recent []string) (ids []string, mix map[questions.Category]int, err error) {
	if len(p.QuestionIDs) > 0 { // asked for by id: validateQuestionIDs checked them
		return p.QuestionIDs, p.Mix, nil
	}
	pools := map[questions.Category][]questions.Question{}
	available := 0
	for _, c := range p.Categories {
		for _, q := range bank.Questions(p.Role, c) {
			if p.Difficulty == "" || q.Difficulty == p.Difficulty {
				pools[c] = append(pools[c], q)
			}
		}
		if len(pools[c]) == 0 {
			return nil, nil, invalid("categories", "role %s has no %s questions%s", p.Role, c, difficultyNote(p.Difficulty))
		}
		available += len(pools[c])
	}
	if available < p.Count {
		return nil, nil, invalid("count", "role %s has only %d questions for this plan%s, not %d", p.Role, available, difficultyNote(p.Difficulty), p.Count)
	}

	sizes := map[questions.Category]int{}
	for c, qs := range pools {
		sizes[c] = len(qs)
	}
	mix = apportion(p.Count, p.Categories, sizes)

	recency := map[string]int{} // question id → rank, 0 = most recent
	for i, id := range recent {
		if _, ok := recency[id]; !ok {
			recency[id] = i
		}
	}
	rng := rand.NewPCG(uint64(p.Seed), 0x6d6f636b696e7476) // "mockintv"
	chosen := map[questions.Category][]string{}
	for _, c := range p.Categories {
		qs := slices.Clone(pools[c])
		sort.Slice(qs, func(i, j int) bool { return qs[i].ID < qs[j].ID })
		shuffle(rng, len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
		// Fresh questions keep their shuffled order; recent ones go last,
		// the longest-ago first.
		sort.SliceStable(qs, func(i, j int) bool {
			ri, recentI := recency[qs[i].ID]
			rj, recentJ := recency[qs[j].ID]
			if recentI != recentJ {
				return !recentI
			}
			return recentI && ri > rj
		})
		for _, q := range qs[:mix[c]] {
			chosen[c] = append(chosen[c], q.ID)
		}
	}
	return interleave(p.Categories, chosen), mix, nil
}

func difficultyNote(d questions.Difficulty) string {
	if d == "" {
		return ""
	}
	return " at difficulty " + string(d)
}

// apportion splits count across cats by the seed mix weights (largest
// remainder, ties in category order), then moves whatever a category cannot
// supply (sizes) to the categories with room, the most under-served first.
func apportion(count int, cats []questions.Category, sizes map[questions.Category]int) map[questions.Category]int {
	weight := 0
	for _, c := range cats {
		weight += seedMix[c]
	}
	mix := map[questions.Category]int{}
	type rem struct {
		c   questions.Category
		num int // remainder numerator over weight
	}
	var rems []rem
	given := 0
	for _, c := range cats {
		n := count * seedMix[c]
		mix[c] = n / weight
		given += mix[c]
		rems = append(rems, rem{c, n % weight})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].num > rems[j].num })
	for i := 0; given < count; i++ {
		mix[rems[i%len(rems)].c]++
		given++
	}

	excess := 0
	for _, c := range cats {
		if mix[c] > sizes[c] {
			excess += mix[c] - sizes[c]
			mix[c] = sizes[c]
		}
	}
	for ; excess > 0; excess-- {
		var best questions.Category
		for _, c := range cats {
			if mix[c] >= sizes[c] {
				continue
			}
			// under-served: smallest share of its weight
			if best == "" || mix[c]*seedMix[best] < mix[best]*seedMix[c] {
				best = c
			}
		}
		mix[best]++ // the caller checked that the sizes add up to count
	}
	return mix
}

// interleave orders the chosen questions so that each category's k-th of n
// questions sits near position k/n of the session, ties in category order:
// 2/4/2 gives behavioral, technical, situational, technical, behavioral,
// technical, situational, technical.
func interleave(cats []questions.Category, chosen map[questions.Category][]string) []string {
	type slot struct {
		k, n, cat int
		id        string
	}
	var slots []slot
	for ci, c := range cats {
		for k, id := range chosen[c] {
			slots = append(slots, slot{k, len(chosen[c]), ci, id})
		}
	}
	sort.Slice(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if l, r := a.k*b.n, b.k*a.n; l != r {
			return l < r
		}
		return a.cat < b.cat
	})
	ids := make([]string, len(slots))
	for i, s := range slots {
		ids[i] = s.id
	}
	return ids
}

// shuffle is a Fisher-Yates shuffle on src written out here, so that the
// picks of a seed do not depend on math/rand's helper implementations.
func shuffle(src *rand.PCG, n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, int(bounded(src, uint64(i+1))))
	}
}

// bounded returns a uniform number in [0, n) by rejection sampling.
func bounded(src *rand.PCG, n uint64) uint64 {
	threshold := -n % n
	for {
		if r := src.Uint64(); r >= threshold {
			return r % n
		}
	}
}

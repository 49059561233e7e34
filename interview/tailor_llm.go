package interview

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/prompts"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// PlanLLM says whether a model wrote a tailored plan's questions and, when
// it did not or not all of them, why: the plan always shows what happened.
type PlanLLM struct {
	// Used is true when at least one question of the plan is the model's.
	Used          bool   `json:"used"`
	Model         string `json:"model,omitempty"`
	PromptVersion string `json:"prompt_version"`
	// Fallback is why the plan is (wholly) the offline one: timeout,
	// upstream_error, malformed_reply, schema_mismatch, no_usable_question…
	Fallback string `json:"fallback,omitempty"`
	// Rejected lists the model's questions that failed the checks, with
	// the reason; the offline plan's questions of the same category took
	// their places.
	Rejected []RejectedQuestion `json:"rejected,omitempty"`
	Cached   bool               `json:"cached,omitempty"`
}

// RejectedQuestion is a model-written question that did not pass.
type RejectedQuestion struct {
	Index    int    `json:"index"`
	Question string `json:"question"`
	Reason   string `json:"reason"`
}

// PlanWriter asks a model (any OpenAI-compatible server, through the
// scoring.Judge adapter) to write the questions of a tailored interview,
// checks every question, and falls back to the offline plan, question by
// question or wholly, when the model fails or writes something unusable.
// It is safe for concurrent use; replies are cached by input.
type PlanWriter struct {
	judge   scoring.Judge
	model   string
	timeout time.Duration

	mu    sync.Mutex
	cache map[string]*list.Element
	order *list.List // of *planCacheEntry, most recent first
}

type planCacheEntry struct {
	key   string
	reply prompts.TailorReply
}

// Defaults of a PlanWriter.
const (
	DefaultPlanWriterTimeout = 45 * time.Second
	planCacheSize            = 256
	planMaxTokens            = 4000
)

// NewPlanWriter returns a PlanWriter using judge; model names the model
// (recorded in the plan); timeout ≤ 0 takes DefaultPlanWriterTimeout.
func NewPlanWriter(judge scoring.Judge, model string, timeout time.Duration) *PlanWriter {
	if timeout <= 0 {
		timeout = DefaultPlanWriterTimeout
	}
	return &PlanWriter{judge: judge, model: model, timeout: timeout,
		cache: map[string]*list.Element{}, order: list.New()}
}

// WithPlanWriter makes Create ask w to write tailored plans (sessions with
// a job description); without it tailoring is offline only.
func WithPlanWriter(w *PlanWriter) Option { return func(c *config) { c.planWriter = w } }

// Plan makes the offline plan (TailorPlan: its validation errors are the
// caller's), then asks the model for the same number of questions per
// category. Questions that pass the checks replace the offline ones of
// their category; the rest of the offline plan stays. Any failure of the
// model leaves the offline plan, with the reason in Tailoring.LLM.
func (w *PlanWriter) Plan(ctx context.Context, bank *questions.Bank, jd, resume string, req PlanRequest) (TailoredPlan, error) {
	tp, err := TailorPlan(bank, jd, resume, req)
	if err != nil || strings.TrimSpace(jd) == "" {
		return tp, err
	}
	status := &PlanLLM{Model: w.model, PromptVersion: prompts.TailorVersion}
	tp.Plan.Tailoring.LLM = status
	in := prompts.TailorInput{RoleName: tp.Plan.RoleName, JobDescription: jd, Resume: resume}
	for _, t := range tp.Terms {
		in.Terms = append(in.Terms, t.Term)
	}
	for _, c := range tp.Plan.Categories {
		if n := tp.Plan.Mix[c]; n > 0 {
			in.Slots = append(in.Slots, prompts.TailorSlot{Category: string(c), Count: n})
		}
	}
	reply, cached, reason := w.ask(ctx, in)
	if reason != "" {
		status.Fallback = reason
		return tp, nil
	}
	status.Cached = cached
	return w.merge(tp, reply, jd, resume, status), nil
}

// ask returns the model's reply for in (from the cache when it has it),
// or the reason there is none.
func (w *PlanWriter) ask(ctx context.Context, in prompts.TailorInput) (prompts.TailorReply, bool, string) {
	keyJSON, _ := json.Marshal(in)
	sum := sha256.Sum256(append([]byte(prompts.TailorVersion+"\x00"+w.model+"\x00"), keyJSON...))
	key := hex.EncodeToString(sum[:])
	w.mu.Lock()
	if el, ok := w.cache[key]; ok {
		w.order.MoveToFront(el)
		r := el.Value.(*planCacheEntry).reply
		w.mu.Unlock()
		return r, true, ""
	}
	w.mu.Unlock()

	p, err := prompts.RenderTailor(in)
	if err != nil {
		return prompts.TailorReply{}, false, scoring.DegradedPrompt
	}
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	rep, err := w.judge.Judge(ctx, scoring.JudgeRequest{
		Model: w.model,
		Messages: []scoring.JudgeMessage{
			{Role: "system", Content: p.System},
			{Role: "user", Content: p.User},
		},
		SchemaName:  p.SchemaName,
		Schema:      p.Schema,
		Temperature: 0,
		MaxTokens:   planMaxTokens,
	})
	if err != nil {
		return prompts.TailorReply{}, false, planFailure(ctx, err)
	}
	if rep.Truncated {
		return prompts.TailorReply{}, false, scoring.DegradedTruncated
	}
	r, err := prompts.ParseTailorReply([]byte(rep.Content))
	switch {
	case errors.Is(err, prompts.ErrMalformedReply):
		return r, false, scoring.DegradedMalformed
	case err != nil:
		return r, false, scoring.DegradedSchema
	}
	w.mu.Lock()
	if _, ok := w.cache[key]; !ok {
		w.cache[key] = w.order.PushFront(&planCacheEntry{key: key, reply: r})
		for w.order.Len() > planCacheSize {
			last := w.order.Back()
			w.order.Remove(last)
			delete(w.cache, last.Value.(*planCacheEntry).key)
		}
	}
	w.mu.Unlock()
	return r, false, ""
}

func planFailure(ctx context.Context, err error) string {
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
		return scoring.DegradedTimeout
	}
	if errors.Is(err, context.Canceled) {
		return scoring.DegradedCanceled
	}
	var je *scoring.JudgeError
	if errors.As(err, &je) {
		switch {
		case je.Status == 429:
			return scoring.DegradedRateLimited
		case je.Status >= 500:
			return scoring.DegradedUpstream
		case je.Status >= 400:
			return scoring.DegradedRejected
		case je.Status == 0:
			return scoring.DegradedUnreachable
		}
	}
	return scoring.DegradedJudgeInternal
}

// merge puts the model's questions that pass the checks in place of the
// offline plan's, category by category.
func (w *PlanWriter) merge(tp TailoredPlan, reply prompts.TailorReply, jd, resume string, status *PlanLLM) TailoredPlan {
	plan := tp.Plan
	want := map[questions.Category]int{}
	for c, n := range plan.Mix {
		want[c] = n
	}
	sources := normalizeSpace(strings.ToLower(jd + "\n" + resume))
	resumeNorm := normalizeSpace(strings.ToLower(resume))
	terms := map[string]bool{}
	for _, t := range tp.Terms {
		terms[t.Term] = true
	}
	chosen := map[questions.Category][]PlanQuestion{}
	var picked [][]string
	for i, q := range reply.Questions {
		cat := questions.Category(q.Category)
		pq, reason := checkModelQuestion(q, sources, resumeNorm, resume != "")
		if reason == "" && len(chosen[cat]) >= want[cat] {
			reason = fmt.Sprintf("more %s questions than the %d asked for", cat, want[cat])
		}
		if reason == "" {
			st := contentStems(pq.Question)
			for _, p := range picked {
				if jaccard(st, p) > 0.5 {
					reason = "a near-duplicate of an earlier question"
					break
				}
			}
			if reason == "" {
				picked = append(picked, st)
			}
		}
		if reason != "" {
			status.Rejected = append(status.Rejected, RejectedQuestion{Index: i, Question: truncateRunes(q.Question, 200), Reason: reason})
			continue
		}
		pq.Category = cat
		chosen[cat] = append(chosen[cat], pq)
	}
	n := 0
	for _, qs := range chosen {
		n += len(qs)
	}
	if n == 0 {
		status.Fallback = "no_usable_question"
		return tp
	}
	status.Used = true
	// Fill each category's remaining places with the offline plan's
	// questions of that category, in its order.
	byID := map[string]PlanQuestion{}
	ids := map[questions.Category][]string{}
	for _, c := range plan.Categories {
		for _, pq := range chosen[c] {
			byID[pq.ID] = pq
			ids[c] = append(ids[c], pq.ID)
		}
	}
	for _, pq := range tp.Questions {
		c := pq.Category
		if len(ids[c]) >= want[c] {
			continue
		}
		if _, dup := byID[pq.ID]; dup {
			continue
		}
		byID[pq.ID] = pq
		ids[c] = append(ids[c], pq.ID)
	}
	plan.QuestionIDs = interleave(plan.Categories, ids)
	qs := make([]PlanQuestion, 0, len(plan.QuestionIDs))
	for _, id := range plan.QuestionIDs {
		qs = append(qs, byID[id])
	}
	tl := *plan.Tailoring
	tl.Questions = qs
	tl.LLM = status
	plan.Tailoring = &tl
	tp.Plan, tp.Questions = plan, qs
	return tp
}

// Limits of a model-written question.
const (
	minQuestionRunes, maxQuestionRunes = 15, 400
	minTipsRunes, maxTipsRunes         = 20, 700
	minPoints, maxPoints               = 2, 6
	maxPointLabelRunes                 = 80
	maxPhrases, maxPhraseRunes         = 12, 60
	maxTargets, maxTargetRunes         = 8, 200
)

var (
	// protectedRe finds questions about protected characteristics, which an
	// interview must not ask about.
	protectedRe = regexp.MustCompile(`(?i)\b(how old are you|your age|age group|date of birth|year of birth|married|marital|spouse|husband|wife|pregnan\w*|maternity|paternity|your children|have children|any children|kids|family plans|start a family|childcare|religio\w*|church|mosque|synagogue|temple|pray\w*|your race|racial|ethnic\w*|skin colou?r|national origin|nationality|citizenship|immigration status|native country|disabilit\w*|handicap\w*|medical condition|health condition|illness|sick leave|mental health|sexual orientation|gay|lesbian|transgender|gender identity|political (views|party|affiliation)|union member\w*|trade union)\b`)
	numberRe    = regexp.MustCompile(`\d[\d,.]*%?`)
	// questionStartRe: a question may also be an imperative prompt.
	questionStartRe = regexp.MustCompile(`(?i)^(tell|describe|walk|explain|give|talk|share|design|imagine|suppose|picture|say|outline|compare|how|what|why|when|where|which|who|can|could|would|have|if)\b`)
)

// checkModelQuestion turns one model-written question into a plan
// question, or says why it cannot be used: not a real question, points an
// answer cannot show, a résumé fact not quoted from the résumé, a number in
// neither the posting nor the résumé, a protected characteristic.
func checkModelQuestion(q prompts.TailorQuestion, sources, resumeNorm string, haveResume bool) (PlanQuestion, string) {
	text := normalizeSpace(q.Question)
	tips := normalizeSpace(q.Tips)
	switch n := utf8.RuneCountInString(text); {
	case n < minQuestionRunes:
		return PlanQuestion{}, "the question is too short to be one"
	case n > maxQuestionRunes:
		return PlanQuestion{}, fmt.Sprintf("the question is over %d characters", maxQuestionRunes)
	}
	if len(strings.Fields(text)) < 4 || !strings.HasSuffix(text, "?") && !questionStartRe.MatchString(text) {
		return PlanQuestion{}, "not a question"
	}
	switch n := utf8.RuneCountInString(tips); {
	case n < minTipsRunes:
		return PlanQuestion{}, "the tips are too short"
	case n > maxTipsRunes:
		return PlanQuestion{}, fmt.Sprintf("the tips are over %d characters", maxTipsRunes)
	}
	if len(q.TalkingPoints) < minPoints || len(q.TalkingPoints) > maxPoints {
		return PlanQuestion{}, fmt.Sprintf("%d talking points; a question needs %d to %d", len(q.TalkingPoints), minPoints, maxPoints)
	}
	all := text + " " + tips
	var points []questions.TalkingPoint
	seenLabel := map[string]bool{}
	seenID := map[string]int{}
	for i, tp := range q.TalkingPoints {
		label := normalizeSpace(tp.Label)
		if label == "" || utf8.RuneCountInString(label) > maxPointLabelRunes {
			return PlanQuestion{}, fmt.Sprintf("talking point %d has no usable label", i+1)
		}
		if seenLabel[strings.ToLower(label)] {
			return PlanQuestion{}, fmt.Sprintf("talking point %q is there twice", label)
		}
		seenLabel[strings.ToLower(label)] = true
		var phrases []string
		seenPhrase := map[string]bool{}
		for _, ph := range tp.Phrases {
			ph = strings.ToLower(normalizeSpace(ph))
			if ph == "" || utf8.RuneCountInString(ph) > maxPhraseRunes || seenPhrase[ph] || len(contentStems(ph)) == 0 {
				continue // a phrase an answer cannot be found by
			}
			seenPhrase[ph] = true
			phrases = append(phrases, ph)
			if len(phrases) == maxPhrases {
				break
			}
		}
		if len(phrases) == 0 {
			return PlanQuestion{}, fmt.Sprintf("talking point %q has no phrase an answer could show", label)
		}
		all += " " + label + " " + strings.Join(phrases, " ")
		id := slug(label)
		if seenID[id]++; seenID[id] > 1 {
			id = fmt.Sprintf("%s-%d", id, seenID[id])
		}
		points = append(points, questions.TalkingPoint{ID: id, Label: label, Phrases: phrases})
	}
	if m := protectedRe.FindString(all); m != "" {
		return PlanQuestion{}, fmt.Sprintf("asks about a protected characteristic (%q)", strings.ToLower(m))
	}
	for _, num := range numberRe.FindAllString(text+" "+tips, -1) {
		num = strings.TrimRight(num, ".,")
		if !strings.Contains(sources, strings.ToLower(num)) {
			return PlanQuestion{}, fmt.Sprintf("the number %s is in neither the posting nor the résumé", num)
		}
	}
	quote := normalizeSpace(q.ResumeQuote)
	if quote != "" {
		if !haveResume {
			return PlanQuestion{}, "quotes a résumé that was not given"
		}
		if !strings.Contains(resumeNorm, strings.ToLower(quote)) {
			return PlanQuestion{}, "its résumé quote is not in the résumé"
		}
	}
	var targets []string
	for _, t := range q.Targets {
		t = normalizeSpace(t)
		if t == "" || utf8.RuneCountInString(t) > maxTargetRunes || !strings.Contains(sources, strings.ToLower(t)) {
			continue // a target is copied from the posting or résumé
		}
		targets = append(targets, t)
		if len(targets) == maxTargets {
			break
		}
	}
	if quote != "" && !containsString(targets, quote) {
		targets = append(targets, quote)
	}
	if targets == nil {
		targets = []string{}
	}
	sum := sha256.Sum256([]byte(q.Category + "\x00" + text))
	return PlanQuestion{
		ID:            generatedPrefix + "llm-" + hex.EncodeToString(sum[:4]),
		Question:      text,
		Tips:          tips,
		TalkingPoints: points,
		Targets:       targets,
		Source:        SourceLLM,
	}, ""
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// slug makes a talking-point id of a label: lower-case ASCII words joined
// by hyphens, at most 40 bytes.
func slug(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return "point"
	}
	return b.String()
}

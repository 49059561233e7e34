package scoring

import "github.com/mockinterview/mockinterview/questions"

// Input is one answer to score: either a bank question by QuestionID, or a
// custom Question with optional tips, talking points, category and reference
// answer. Answer is required. This is the score input contract of DESIGN.md,
// shared by the CLI, the HTTP API and batch items.
type Input struct {
	QuestionID      string             `json:"question_id,omitempty"`
	Question        string             `json:"question,omitempty"`
	Tips            string             `json:"tips,omitempty"`
	TalkingPoints   TalkingPointsInput `json:"talking_points,omitempty"`
	Category        questions.Category `json:"category,omitempty"`
	ReferenceAnswer string             `json:"reference_answer,omitempty"`
	// ReferenceAnswers are further acceptable answers: the answer is
	// compared with each reference (and ReferenceAnswer) and the best
	// match counts.
	ReferenceAnswers []string `json:"reference_answers,omitempty"`
	Answer           string   `json:"answer"`
}

// TalkingPointsInput accepts talking points either as plain strings
// ("idempotency keys") or as objects with id, label and phrases.
type TalkingPointsInput []questions.TalkingPoint

// Span is a half-open byte range [Start, End) into the answer as UTF-8.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Evidence is a span with the text it covers, so a reader need not slice.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Label is a STAR label for one sentence.
type Label string

// The sentence labels.
const (
	LabelSituation Label = "situation"
	LabelTask      Label = "task"
	LabelAction    Label = "action"
	LabelResult    Label = "result"
	LabelOther     Label = "other"
)

// Component is one STAR part: whether it is there, how sure the tagger is,
// and where it is in the answer.
type Component struct {
	Present    bool    `json:"present"`
	Confidence float64 `json:"confidence"`
	Spans      []Span  `json:"spans"`
}

// SentenceLabel is the tagger's decision for one sentence.
type SentenceLabel struct {
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Label      Label   `json:"label"`
	Confidence float64 `json:"confidence"`
}

// Star is the STAR-structure analysis of an answer.
type Star struct {
	Situation Component `json:"situation"`
	Task      Component `json:"task"`
	Action    Component `json:"action"`
	Result    Component `json:"result"`
	// Order is how closely the present parts follow Situation, Task,
	// Action, Result, from 0 (reversed) to 1 (in order).
	Order float64 `json:"order"`
	// Ownership is the share of action sentences in first person singular.
	Ownership        float64         `json:"ownership"`
	QuantifiedResult bool            `json:"quantified_result"`
	Hypothetical     bool            `json:"hypothetical"`
	Sentences        []SentenceLabel `json:"sentences"`
}

// Coverage statuses.
const (
	Covered = "covered"
	Partial = "partial"
	Missing = "missing"
)

// PointCoverage is how well the answer covers one talking point.
type PointCoverage struct {
	ID       string     `json:"id"`
	Label    string     `json:"label"`
	Status   string     `json:"status"`
	Evidence []Evidence `json:"evidence"`
	// Contradicted says the answer rejects the point ("we never
	// measured", "versioning is unnecessary"): its status is missing and
	// its evidence is the sentence that rejects it.
	Contradicted bool `json:"contradicted,omitempty"`
}

// Coverage is the talking-point coverage of an answer.
type Coverage struct {
	Score  float64         `json:"score"`
	Points []PointCoverage `json:"points"`
	// Reference is how much of the closest reference answer's content the
	// answer states (0-1), present when a reference answer was given.
	Reference *float64 `json:"reference,omitempty"`
	// Contradicted counts the points the answer rejects.
	Contradicted int `json:"contradicted,omitempty"`
}

// Metrics are plain counts over the answer.
type Metrics struct {
	Words          int     `json:"words"`
	Sentences      int     `json:"sentences"`
	Fillers        int     `json:"fillers"`
	Hedges         int     `json:"hedges"`
	Numbers        int     `json:"numbers"`
	TechnicalTerms int     `json:"technical_terms"`
	Repetition     float64 `json:"repetition"`
	LexicalDensity float64 `json:"lexical_density"`
	// Quantities counts sentences with a number and unit or a before and
	// after ("from 800ms to 120ms").
	Quantities int `json:"quantities"`
	// DuplicateSentences counts sentences that repeat an earlier one.
	DuplicateSentences int `json:"duplicate_sentences"`
}

// ScorePart is one weighted part of the overall score: Overall is the
// weighted mean of the parts' scores times the multipliers (length,
// delivery, repetition), so each number can be traced.
type ScorePart struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Score  float64 `json:"score"`
	// Multiplier parts (length, delivery, repetition...) scale the
	// weighted mean instead of adding to it; their Weight is 0.
	Multiplier bool `json:"multiplier,omitempty"`
}

// Criterion is one rubric line judged by the LLM.
type Criterion struct {
	Criterion string     `json:"criterion"`
	Score     int        `json:"score"`
	Reasoning string     `json:"reasoning"`
	Evidence  []Evidence `json:"evidence"`
}

// Feedback is what the candidate reads.
type Feedback struct {
	Summary      string   `json:"summary"`
	Strengths    []string `json:"strengths"`
	Improvements []string `json:"improvements"`
}

// Flags on a result.
const (
	FlagDegraded           = "degraded"
	FlagInjectionSuspected = "injection_suspected"
	FlagNeedsReview        = "needs_review"
	FlagTooShort           = "too_short"
	FlagOffTopic           = "off_topic"
	FlagHypothetical       = "hypothetical"
	FlagRepetitive         = "repetitive"
	FlagKeywordStuffing    = "keyword_stuffing"
)

// Delivery is how the answer was said: fillers, hedges, false starts and
// repeated words with their spans, rambling, and a 0-1 score.
type Delivery struct {
	Score       float64 `json:"score"`
	Spoken      bool    `json:"spoken"` // the text reads as a transcript (fillers, no sentence marks)
	FillerCount int     `json:"filler_count"`
	FillerRate  float64 `json:"filler_rate"` // fillers per 100 words, as speech.Delivery
	HedgeCount  int     `json:"hedge_count"`
	RepeatCount int     `json:"repeat_count"`
	// WordsPerPoint is words per point made (talking points covered, or
	// sentences that say something when there are none): rambling.
	WordsPerPoint float64        `json:"words_per_point"`
	Spans         []DeliverySpan `json:"spans"`
}

// DeliverySpan is one delivery finding: Kind is filler, hedge or repeat.
type DeliverySpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
}

// Engine records what produced a result, so a score can be reproduced.
type Engine struct {
	Version       string `json:"version"`
	PromptVersion string `json:"prompt_version"`
	Model         string `json:"model"`
}

// Result is the score result contract of DESIGN.md: one shape for the CLI,
// the HTTP API and the websocket.
type Result struct {
	QuestionID string             `json:"question_id,omitempty"`
	Overall    int                `json:"overall"`
	Band       int                `json:"band"`
	Category   questions.Category `json:"category"`
	// Kind is what the question asks for: the category, or a general kind
	// (introduction, motivation, small_talk...), see Kind.
	Kind     Kind     `json:"kind"`
	Star     Star     `json:"star"`
	Coverage Coverage `json:"coverage"`
	Metrics  Metrics  `json:"metrics"`
	Delivery Delivery `json:"delivery"`
	// Parts explain Overall: the weighted parts and the multipliers.
	Parts    []ScorePart `json:"parts"`
	Rubric   []Criterion `json:"rubric,omitempty"`
	Feedback Feedback    `json:"feedback"`
	Flags    []string    `json:"flags"`
	// Degraded says why the LLM was asked for but not used, when it was.
	DegradedReason string `json:"degraded_reason,omitempty"`
	Engine         Engine `json:"engine"`
}

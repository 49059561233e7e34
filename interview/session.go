package interview

import (
	"time"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// Mode is how a session gives feedback.
type Mode string

// The modes. In practice mode every answer is scored as soon as it is
// given, with feedback and follow-up questions; in exam mode answers are
// only acknowledged and everything is scored at the end.
const (
	ModePractice Mode = "practice"
	ModeExam     Mode = "exam"
)

// Pace is who moves a practice session on to its next question.
type Pace string

// The paces. PaceFlow (the default, and what every client of DESIGN.md's
// protocol expects) asks the next question as soon as a turn has its final
// score. PaceCandidate, for clients that send next (the page, the terminal
// practice), waits after each scored turn for the candidate's next, so
// reading the feedback does not eat the next question's time; it is a
// practice-mode choice (exam mode has no feedback to read).
const (
	PaceFlow      Pace = "flow"
	PaceCandidate Pace = "candidate"
)

// State is where a session is in its life.
type State string

// The session states: created (planned, not started), active (questions
// being asked and answered), finished (summary written, read-only).
const (
	StateCreated  State = "created"
	StateActive   State = "active"
	StateFinished State = "finished"
)

// TurnStatus is where a turn is in its life.
type TurnStatus string

// The turn statuses. A turn is asked, then answered (waiting for its
// score), then scored; in practice mode a scored turn may get a follow-up
// question (followup), whose answer makes it answered again. A turn the
// candidate passes on is skipped.
const (
	TurnAsked    TurnStatus = "asked"
	TurnAnswered TurnStatus = "answered"
	TurnFollowUp TurnStatus = "followup"
	TurnScored   TurnStatus = "scored"
	TurnSkipped  TurnStatus = "skipped"
)

// PlanRequest is what a candidate asks for when creating a session. Zero
// values take the defaults documented in docs/sessions.md.
type PlanRequest struct {
	Role       string   `json:"role"`
	Categories []string `json:"categories,omitempty"`
	Count      int      `json:"count,omitempty"`
	Difficulty string   `json:"difficulty,omitempty"`
	Mode       string   `json:"mode,omitempty"`
	// Pace is "flow" (the default) or "candidate" (wait for next).
	Pace string `json:"pace,omitempty"`
	Seed *int64 `json:"seed,omitempty"`
	// JobDescription and Resume tailor the interview to a posting and a
	// candidate (tailor.go); Role may be left out when a posting is given.
	JobDescription string `json:"job_description,omitempty"`
	Resume         string `json:"resume,omitempty"`
	// QuestionIDs asks for these bank questions of Role, in this order,
	// instead of a pick (retry a question, practise the same ones again):
	// validated by validateQuestionIDs.
	QuestionIDs []string `json:"question_ids,omitempty"`
}

// Plan is the validated shape of a session, fixed when it is created: the
// questions are picked up front so that a seed reproduces the session.
type Plan struct {
	Role     string `json:"role"`
	RoleName string `json:"role_name"`
	Mode     Mode   `json:"mode"`
	// Pace is PaceCandidate when the session waits for next after each
	// scored turn; empty (flow) otherwise.
	Pace       Pace                 `json:"pace,omitempty"`
	Count      int                  `json:"count"`
	Categories []questions.Category `json:"categories"`
	// Mix is how many questions of each category the session asks.
	Mix        map[questions.Category]int `json:"mix"`
	Difficulty questions.Difficulty       `json:"difficulty,omitempty"`
	// TimeLimits is the time limit of a question of each category, in
	// seconds. Late answers are accepted and marked overtime.
	TimeLimits map[questions.Category]int `json:"time_limits_s"`
	// MaxFollowUps is how many follow-up questions a turn may get (always
	// 0 in exam mode).
	MaxFollowUps int   `json:"max_followups"`
	Seed         int64 `json:"seed"`
	// QuestionIDs are the picked questions in the order they are asked.
	QuestionIDs []string `json:"question_ids"`
	// Tailoring is set when the plan was made from a job posting: the
	// posting, résumé, terms and the questions with their targets.
	Tailoring *Tailoring `json:"tailoring,omitempty"`
}

// Session is one mock interview.
type Session struct {
	ID string `json:"id"`
	// Owner is opaque to the engine: the web layer passes a user or guest
	// id, the terminal a local name. Recent-question avoidance is per owner.
	Owner string `json:"owner"`
	Plan  Plan   `json:"plan"`
	State State  `json:"state"`
	// Ending is set by End: the session finishes as soon as the answers
	// already given are scored, and takes no more input.
	Ending bool `json:"ending,omitempty"`
	// Summary is written when the session finishes.
	Summary   *Summary  `json:"summary,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Turns are the questions asked so far, by index. Lists leave them out.
	Turns []Turn `json:"turns"`
	// Version is the store's optimistic-concurrency counter: a Store saves
	// a changed session only if Version is still the stored one.
	Version int64 `json:"-"`
}

// Turn is one question asked in a session and what became of it.
type Turn struct {
	Index    int          `json:"turn"` // from 1
	Question TurnQuestion `json:"question"`
	Status   TurnStatus   `json:"status"`
	// Answer is the text that was scored: the main answer, then each
	// follow-up answer after a blank line. Score spans index into it.
	Answer string `json:"answer"`
	// Draft is the latest unsent text the client saved, cleared on submit.
	Draft   string     `json:"draft,omitempty"`
	DraftAt *time.Time `json:"draft_at,omitempty"`
	// DraftFollowUp is the attempt Draft was typed for: 0 for the main
	// answer, k for the answer to follow-up k. A draft is only ever
	// restored into the box of the same attempt.
	DraftFollowUp    int        `json:"draft_followup"`
	AskedAt          time.Time  `json:"asked_at"`
	FirstKeystrokeAt *time.Time `json:"first_keystroke_at,omitempty"`
	SubmittedAt      *time.Time `json:"submitted_at,omitempty"`
	// ElapsedMS is the time from asking to the main answer (or skip).
	ElapsedMS int64 `json:"elapsed_ms"`
	// Overtime says the main answer came after the question's time limit.
	Overtime bool `json:"overtime"`
	Skipped  bool `json:"skipped"`
	// Score is the latest score of Answer; nil until scored, and nil on a
	// scored turn when scoring failed. After a follow-up answer it is the
	// score of the main answer with the follow-up answers (the final one).
	Score *scoring.Result `json:"score,omitempty"`
	// InitialScore is the score of the main answer alone, the first
	// attempt: kept when a follow-up answer rescored the turn, equal to
	// Score until then. nil until the main answer is scored.
	InitialScore *scoring.Result `json:"initial_score,omitempty"`
	FollowUps    []FollowUp      `json:"followups,omitempty"`
	// Recordings are the spoken answers kept with the turn (without their
	// audio), and Delivery how the main answer was said when it was
	// spoken; Service.Session fills both from its RecordingStore.
	Recordings []Recording      `json:"recordings,omitempty"`
	Delivery   *speech.Delivery `json:"delivery,omitempty"`
}

// TurnQuestion is the question of a turn as it was asked.
type TurnQuestion struct {
	ID         string             `json:"id"`
	Category   questions.Category `json:"category"`
	Text       string             `json:"text"`
	TimeLimitS int                `json:"time_limit_s"`
}

// FollowUp is a follow-up question asked on a turn and its answer.
type FollowUp struct {
	Text       string     `json:"text"`
	AskedAt    time.Time  `json:"asked_at"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	Skipped    bool       `json:"skipped,omitempty"`
	// Overall is the turn's overall score once this follow-up's answer
	// was scored with the answers before it (nil until then, and when the
	// follow-up was skipped or the rescore failed).
	Overall *int `json:"overall,omitempty"`
}

// Summary is the end-of-session report.
type Summary struct {
	Total    int `json:"total"`    // questions planned
	Asked    int `json:"asked"`    // questions asked
	Answered int `json:"answered"` // turns with an answer
	Skipped  int `json:"skipped"`
	Scored   int `json:"scored"`   // answered turns with a score
	Overtime int `json:"overtime"` // answers given after the time limit
	// Average is the mean overall score of the scored turns: their final
	// scores, after follow-up answers.
	Average float64 `json:"average"`
	// InitialAverage is the mean of the same turns' first answers' scores
	// (InitialScore), so the first attempts never vanish from the report.
	InitialAverage float64         `json:"initial_average"`
	Categories     []CategoryScore `json:"categories"`
	Star           StarAverages    `json:"star"`
	Best           *TurnScore      `json:"best,omitempty"`
	Weakest        *TurnScore      `json:"weakest,omitempty"`
	// JobFit is, for a session made from a job posting, each posting term
	// and whether an answer covered it.
	JobFit []JobFitTerm `json:"job_fit,omitempty"`
	// Verdict, Practise and Turns are the report's reading of the scores
	// (summary.go): one line for the whole interview, up to three things
	// to practise drawn from the weakest answers, and each turn's result.
	Verdict  *Verdict       `json:"verdict,omitempty"`
	Practise []PractiseItem `json:"practise,omitempty"`
	Turns    []TurnResult   `json:"turns,omitempty"`
}

// CategoryScore is the mean overall score of one category's scored turns.
type CategoryScore struct {
	Category questions.Category `json:"category"`
	Scored   int                `json:"scored"`
	Average  float64            `json:"average"`
}

// StarAverages are the mean STAR part strengths (confidence when present,
// 0 when missing) over the scored behavioral and situational turns.
type StarAverages struct {
	Answers   int     `json:"answers"`
	Situation float64 `json:"situation"`
	Task      float64 `json:"task"`
	Action    float64 `json:"action"`
	Result    float64 `json:"result"`
}

// TurnScore names one scored turn.
type TurnScore struct {
	Turn       int    `json:"turn"`
	QuestionID string `json:"question_id"`
	Overall    int    `json:"overall"`
}

// openAttempt is the attempt of t waiting for input: the index of its
// open follow-up, else 0 (the main answer).
func (t *Turn) openAttempt() int {
	if t.Status == TurnFollowUp {
		return len(t.FollowUps)
	}
	return 0
}

// current returns the last turn asked, or nil before the first.
func (s *Session) current() *Turn {
	if len(s.Turns) == 0 {
		return nil
	}
	return &s.Turns[len(s.Turns)-1]
}

// turnsWith reports whether any turn has status st.
func (s *Session) turnsWith(st TurnStatus) bool {
	for _, t := range s.Turns {
		if t.Status == st {
			return true
		}
	}
	return false
}

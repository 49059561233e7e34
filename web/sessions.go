package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// SessionEngine is the interview engine as the web layer uses it.
// *interview.Service implements it.
type SessionEngine interface {
	Create(ctx context.Context, owner string, req interview.PlanRequest) (interview.Session, error)
	Session(ctx context.Context, id string) (interview.Session, error)
	List(ctx context.Context, f interview.ListFilter) ([]interview.Session, error)
	Start(ctx context.Context, id string) error
	Resume(ctx context.Context, id string) error
	Answer(ctx context.Context, id string, turn int, text string) error
	Draft(ctx context.Context, id string, turn int, text string) error
	DraftFor(ctx context.Context, id string, turn, followup int, text string) error
	Next(ctx context.Context, id string) error
	Skip(ctx context.Context, id string, turn int) error
	End(ctx context.Context, id string) error
	RecordError(ctx context.Context, id, code, message string) (interview.Event, error)
	Follow(ctx context.Context, id string, afterSeq int64, deliver func(interview.Event) error) error
	Watch(ctx context.Context, id string, afterSeq int64, deliver func(interview.Event) error, done func(error))
}

// Limits of the sessions API.
const (
	maxSessionBody   = 128 << 10 // a job description (16 KiB) and a résumé (32 KiB), JSON-escaped
	defaultListLimit = 50
	maxListLimit     = 100
)

// PlanView is a session's plan as the candidate may see it: without the
// ids of the questions still to come.
type PlanView struct {
	Role         string                     `json:"role"`
	RoleName     string                     `json:"role_name"`
	Mode         interview.Mode             `json:"mode"`
	Pace         interview.Pace             `json:"pace,omitempty"`
	Count        int                        `json:"count"`
	Categories   []questions.Category       `json:"categories"`
	Mix          map[questions.Category]int `json:"mix"`
	Difficulty   questions.Difficulty       `json:"difficulty,omitempty"`
	TimeLimits   map[questions.Category]int `json:"time_limits_s"`
	MaxFollowUps int                        `json:"max_followups"`
	Seed         int64                      `json:"seed"`
	// A plan made from a job posting (docs/tailoring.md) shows the posting
	// and résumé it was made from, the posting's terms, the closest roles
	// and its questions with what each probes: the candidate asked for
	// that preview.
	JobDescription string                   `json:"job_description,omitempty"`
	Resume         string                   `json:"resume,omitempty"`
	JDTerms        []string                 `json:"jd_terms,omitempty"`
	Roles          []interview.RoleWeight   `json:"roles,omitempty"`
	Questions      []interview.PlanQuestion `json:"questions,omitempty"`
	// LLM says whether a model wrote the questions and why not.
	LLM *interview.PlanLLM `json:"llm,omitempty"`
}

func planView(p interview.Plan) PlanView {
	v := PlanView{
		Role: p.Role, RoleName: p.RoleName, Mode: p.Mode, Pace: p.Pace, Count: p.Count,
		Categories: p.Categories, Mix: p.Mix, Difficulty: p.Difficulty,
		TimeLimits: p.TimeLimits, MaxFollowUps: p.MaxFollowUps, Seed: p.Seed,
	}
	if tl := p.Tailoring; tl != nil {
		v.JobDescription, v.Resume, v.Roles, v.Questions, v.LLM = tl.JobDescription, tl.Resume, tl.Roles, tl.Questions, tl.LLM
		v.JDTerms = []string{}
		for _, t := range tl.Terms {
			v.JDTerms = append(v.JDTerms, t.Term)
		}
	}
	return v
}

// CreatedSession answers POST /api/v1/sessions.
type CreatedSession struct {
	ID        string          `json:"id"`
	State     interview.State `json:"state"`
	Plan      PlanView        `json:"plan"`
	LiveURL   string          `json:"live_url"`
	CreatedAt time.Time       `json:"created_at"`
}

// SessionSummary is one session of GET /api/v1/sessions.
type SessionSummary struct {
	ID        string             `json:"id"`
	State     interview.State    `json:"state"`
	Plan      PlanView           `json:"plan"`
	Summary   *interview.Summary `json:"summary,omitempty"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// SessionList answers GET /api/v1/sessions.
type SessionList struct {
	Sessions []SessionSummary `json:"sessions"`
}

// Transcript answers GET /api/v1/sessions/{id}: the whole session, every
// turn with its question, answer, draft, timings, follow-ups and score.
type Transcript struct {
	ID        string             `json:"id"`
	State     interview.State    `json:"state"`
	Ending    bool               `json:"ending,omitempty"`
	Plan      PlanView           `json:"plan"`
	Turns     []interview.Turn   `json:"turns"`
	Summary   *interview.Summary `json:"summary,omitempty"`
	LiveURL   string             `json:"live_url"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

func liveURL(id string) string { return "/api/v1/sessions/" + id + "/live" }

var errNoSessionEngine = &Error{Status: http.StatusNotImplemented, Code: CodeNotImplemented,
	Message: "interview sessions are not available on this server"}

var errSessionNotFound = &Error{Status: http.StatusNotFound, Code: CodeNotFound,
	Message: "no session with this id"}

// handleCreateSession plans a new session for the caller.
func handleCreateSession(engine SessionEngine) gin.HandlerFunc {
	return func(c *gin.Context) {
		if engine == nil {
			writeError(c, errNoSessionEngine)
			return
		}
		var req interview.PlanRequest
		body, err := readBody(c)
		if err == nil {
			err = decodeJSON(body, &req)
		}
		if err == nil && req.Count == 0 && sentCount(body) {
			// Leaving count out means the default; an explicit 0 is a mistake.
			err = badRequest(CodeInvalidField, "count", fmt.Sprintf("count must be from 1 to %d, not 0 (leave it out for %d)", interview.MaxCount, interview.DefaultCount))
		}
		if err == nil && strings.TrimSpace(req.Role) == "" && strings.TrimSpace(req.JobDescription) == "" && sentField(body, "job_description") {
			err = badRequest(CodeInvalidField, "job_description", "job_description is empty; paste the posting's text, or give a role")
		}
		if err != nil {
			writeError(c, err)
			return
		}
		sess, err := engine.Create(c.Request.Context(), callerFrom(c).Owner, req)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Location", "/api/v1/sessions/"+sess.ID)
		c.JSON(http.StatusCreated, CreatedSession{
			ID: sess.ID, State: sess.State, Plan: planView(sess.Plan),
			LiveURL: liveURL(sess.ID), CreatedAt: sess.CreatedAt,
		})
	}
}

// handleSession returns the caller's session with every turn.
func handleSession(engine SessionEngine, accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if engine == nil {
			writeError(c, errNoSessionEngine)
			return
		}
		// Its owner, and the coaches and admins who may read it (authz.go).
		sess, _, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			writeError(c, err)
			return
		}
		turns := sess.Turns
		if turns == nil {
			turns = []interview.Turn{}
		}
		c.JSON(http.StatusOK, Transcript{
			ID: sess.ID, State: sess.State, Ending: sess.Ending, Plan: planView(sess.Plan),
			Turns: turns, Summary: sess.Summary, LiveURL: liveURL(sess.ID),
			CreatedAt: sess.CreatedAt, UpdatedAt: sess.UpdatedAt,
		})
	}
}

// handleSessions lists the caller's sessions, newest first.
func handleSessions(engine SessionEngine, reviews ReviewService) gin.HandlerFunc {
	review := handleReviewSessions(reviews)
	return func(c *gin.Context) {
		if engine == nil {
			writeError(c, errNoSessionEngine)
			return
		}
		switch c.Query("scope") {
		case "review":
			// The sessions the caller reviews: a coach's teams', everything
			// for an admin (the review list, with its filters).
			if reviews == nil {
				writeError(c, errNoReviews)
				return
			}
			review(c)
			return
		case "", "own":
		default:
			writeError(c, badRequest(CodeInvalidParameter, "scope", "scope must be own (the default) or review"))
			return
		}
		if err := onlyParams(c, "limit", "offset", "scope"); err != nil {
			writeError(c, err)
			return
		}
		limit, err := intParam(c, "limit", defaultListLimit, 1, maxListLimit)
		if err != nil {
			writeError(c, err)
			return
		}
		offset, err := intParam(c, "offset", 0, 0, 1<<30)
		if err != nil {
			writeError(c, err)
			return
		}
		out := SessionList{Sessions: []SessionSummary{}}
		caller := callerFrom(c)
		if caller.Owner == "" { // a guest without a cookie owns nothing
			c.JSON(http.StatusOK, out)
			return
		}
		list, err := engine.List(c.Request.Context(), interview.ListFilter{Owner: caller.Owner, Limit: limit, Offset: offset})
		if err != nil {
			writeError(c, err)
			return
		}
		for _, s := range list {
			out.Sessions = append(out.Sessions, SessionSummary{
				ID: s.ID, State: s.State, Plan: planView(s.Plan), Summary: s.Summary,
				CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
			})
		}
		c.JSON(http.StatusOK, out)
	}
}

// intParam reads an optional integer query parameter within [min, max].
func intParam(c *gin.Context, name string, def, min, max int) (int, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, badRequest(CodeInvalidParameter, name,
			name+" must be an integer from "+strconv.Itoa(min)+" to "+strconv.Itoa(max))
	}
	return n, nil
}

// sentCount reports whether a session request body names "count".
func sentCount(body []byte) bool { return sentField(body, "count") }

// sentField reports whether the JSON object body has the field name.
func sentField(body []byte, name string) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return false
	}
	_, ok := fields[name]
	return ok
}

package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/questions"
)

// RoleSummary is a role as GET /api/v1/roles lists it.
type RoleSummary struct {
	ID             string                     `json:"id"`
	Name           string                     `json:"name"`
	Field          string                     `json:"field"`
	Description    string                     `json:"description"`
	QuestionCount  int                        `json:"question_count"`
	QuestionCounts map[questions.Category]int `json:"question_counts"`
}

type rolesResponse struct {
	Roles []RoleSummary `json:"roles"`
}

type questionsResponse struct {
	Questions []questions.Question `json:"questions"`
}

func handleRoles(bank Bank) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := onlyParams(c); err != nil {
			writeError(c, err)
			return
		}
		roles := bank.Roles()
		out := rolesResponse{Roles: make([]RoleSummary, 0, len(roles))}
		for _, r := range roles {
			counts := make(map[questions.Category]int, len(questions.Categories))
			for _, cat := range questions.Categories {
				counts[cat] = 0
			}
			for _, q := range r.Questions {
				counts[q.Category]++
			}
			out.Roles = append(out.Roles, RoleSummary{
				ID: r.ID, Name: r.Name, Field: r.Field, Description: r.Description,
				QuestionCount: len(r.Questions), QuestionCounts: counts,
			})
		}
		c.JSON(http.StatusOK, out)
	}
}

// handleQuestions lists questions, filtered by ?role= (404 unknown_role
// for a role the bank lacks) and ?category= (repeated or comma-separated;
// 400 invalid_parameter for a category that does not exist).
func handleQuestions(bank Bank) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := onlyParams(c, "role", "category"); err != nil {
			writeError(c, err)
			return
		}
		role := c.Query("role")
		if role != "" {
			if _, ok := bank.Role(role); !ok {
				writeError(c, &Error{Status: http.StatusNotFound, Code: CodeUnknownRole, Field: "role",
					Message: "no role has the id " + quote(role)})
				return
			}
		}
		var cats []questions.Category
		for _, v := range c.QueryArray("category") {
			for _, name := range strings.Split(v, ",") {
				cat, ok := questions.ParseCategory(name)
				if !ok {
					writeError(c, badRequest(CodeInvalidParameter, "category",
						"category must be behavioral, technical or situational, not "+quote(name)))
					return
				}
				cats = append(cats, cat)
			}
		}
		qs := bank.Questions(role, cats...)
		if qs == nil {
			qs = []questions.Question{}
		}
		c.JSON(http.StatusOK, questionsResponse{Questions: qs})
	}
}

func handleQuestion(bank Bank) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.Param("id")
		q, ok := bank.Question(id)
		if !ok {
			writeError(c, unknownQuestion(id))
			return
		}
		c.JSON(http.StatusOK, q)
	}
}

func unknownQuestion(id string) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeUnknownQuestion, Field: "question_id",
		Message: "no question has the id " + quote(id)}
}

// onlyParams answers 400 unknown_parameter for a query parameter the route
// does not take, so that a typo (?categroy=) is not silently ignored.
func onlyParams(c *gin.Context, allowed ...string) error {
	for name := range c.Request.URL.Query() {
		known := false
		for _, a := range allowed {
			known = known || name == a
		}
		if !known {
			return badRequest(CodeUnknownParameter, name, "unknown query parameter "+quote(name))
		}
	}
	return nil
}

// quote quotes client-sent text for a message, cut to a readable length.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

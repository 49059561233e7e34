package questions

import (
	"fmt"
	"regexp"
	"strings"
)

// The bank's shape rules. Breaking a structural rule is an error: the file
// does not load. Breaking a style rule is a warning: the file loads, and
// `mockinterview questions lint` reports it (and fails with --strict). The
// embedded bank is held to zero warnings by its tests.
const (
	MinTalkingPoints = 3 // error below
	MaxTalkingPoints = 6 // error above

	MinRoleQuestions     = 8  // warning below
	MinCategoryQuestions = 2  // warning below, per category per role
	MinPhrases           = 6  // warning below, per talking point
	MaxPhrases           = 20 // warning above
	MaxPhraseWords       = 4  // warning above
	MaxFollowUps         = 3  // warning above
	MinReferenceWords    = 100
	MaxReferenceWords    = 250
)

var kebabCase = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsID reports whether s is a valid role, question or talking point id:
// kebab-case, lower-case ASCII letters and digits separated by single dashes.
func IsID(s string) bool { return kebabCase.MatchString(s) }

// Difficulties lists every difficulty from junior to senior.
var Difficulties = []Difficulty{Easy, Medium, Hard}

// ParseDifficulty returns the difficulty named by s (case-insensitive) and
// whether s named one.
func ParseDifficulty(s string) (Difficulty, bool) {
	d := Difficulty(strings.ToLower(strings.TrimSpace(s)))
	switch d {
	case Easy, Medium, Hard:
		return d, true
	}
	return "", false
}

// checker accumulates the problems of one role file.
type checker struct {
	loc      *locator
	errs     []Problem
	warnings []Problem
}

func (c *checker) errorf(line int, qid, field, format string, args ...any) {
	c.errs = append(c.errs, Problem{File: c.loc.file, Line: line, QuestionID: qid, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) warnf(line int, qid, field, format string, args ...any) {
	c.warnings = append(c.warnings, Problem{File: c.loc.file, Line: line, QuestionID: qid, Field: field, Message: fmt.Sprintf(format, args...)})
}

// validateRole checks one decoded role file whose name (without .yaml) is
// stem. Cross-file rules (unique question ids across roles) live in
// assemble.
func validateRole(loc *locator, stem string, r Role) (errs, warnings []Problem) {
	c := &checker{loc: loc}
	switch {
	case r.ID == "":
		c.errorf(loc.line(), "", "id", "missing; want the role id, the file name without .yaml (%q)", stem)
	case !IsID(r.ID):
		c.errorf(loc.line("id"), "", "id", "%q is not kebab-case (lower-case letters, digits and single dashes)", r.ID)
	case r.ID != stem:
		c.errorf(loc.line("id"), "", "id", "%q does not match the file name; want %q", r.ID, stem)
	}
	if strings.TrimSpace(r.Name) == "" {
		c.errorf(loc.line("name"), "", "name", "missing")
	}
	if strings.TrimSpace(r.Field) == "" {
		c.warnf(loc.line("field"), "", "field", "missing; say which field the role belongs to, e.g. Technology")
	}
	if strings.TrimSpace(r.Description) == "" {
		c.warnf(loc.line("description"), "", "description", "missing; one sentence on the role and what its interviews probe")
	}
	if len(r.Questions) == 0 {
		c.errorf(loc.keyLine("questions"), "", "questions", "empty; a role needs questions")
		return c.errs, c.warnings
	}

	seen := map[string]int{} // question id -> index of its first use
	perCategory := map[Category]int{}
	prefix := ""
	for i, q := range r.Questions {
		qid := q.ID
		idField := "id"
		if qid == "" {
			idField = fmt.Sprintf("questions[%d].id", i)
		}
		switch {
		case q.ID == "":
			c.errorf(loc.line("questions", i), "", idField, "missing")
		case !IsID(q.ID):
			c.errorf(loc.line("questions", i, "id"), qid, "id", "not kebab-case (lower-case letters, digits and single dashes)")
		default:
			if first, dup := seen[q.ID]; dup {
				c.errorf(loc.line("questions", i, "id"), qid, "id", "duplicate question id, also at line %d of this file", loc.line("questions", first, "id"))
			} else {
				seen[q.ID] = i
			}
			p, _, _ := strings.Cut(q.ID, "-")
			if prefix == "" {
				prefix = p
			} else if p != prefix {
				c.warnf(loc.line("questions", i, "id"), qid, "id", "prefix %q differs from the role's first question (%q); ids are <role prefix>-<topic>", p+"-", prefix+"-")
			}
		}
		c.question(i, q)
		perCategory[q.Category]++
	}

	if n := len(r.Questions); n < MinRoleQuestions {
		c.warnf(loc.keyLine("questions"), "", "questions", "only %d; a role wants at least %d questions", n, MinRoleQuestions)
	}
	for _, cat := range Categories {
		if n := perCategory[cat]; n < MinCategoryQuestions {
			c.warnf(loc.keyLine("questions"), "", "questions", "only %d %s; a role wants at least %d questions of each category", n, cat, MinCategoryQuestions)
		}
	}
	return c.errs, c.warnings
}

// question checks the i-th question of the role.
func (c *checker) question(i int, q Question) {
	loc, qid := c.loc, q.ID
	at := func(steps ...any) int { return loc.line(append([]any{"questions", i}, steps...)...) }

	switch {
	case q.Category == "":
		c.errorf(at("category"), qid, "category", "missing; want behavioral, technical or situational")
	case q.Category != Behavioral && q.Category != Technical && q.Category != Situational:
		c.errorf(at("category"), qid, "category", "%q is not one of behavioral, technical, situational", q.Category)
	}
	switch {
	case q.Difficulty == "":
		c.errorf(at("difficulty"), qid, "difficulty", "missing; want easy, medium or hard")
	case q.Difficulty != Easy && q.Difficulty != Medium && q.Difficulty != Hard:
		c.errorf(at("difficulty"), qid, "difficulty", "%q is not one of easy, medium, hard", q.Difficulty)
	}
	if q.Text == "" {
		c.errorf(at("text"), qid, "text", "empty")
	}
	if q.Tips == "" {
		c.errorf(at("tips"), qid, "tips", "empty")
	}

	if n := len(q.TalkingPoints); n < MinTalkingPoints || n > MaxTalkingPoints {
		c.errorf(at("talking_points"), qid, "talking_points", "%d talking points; want %d to %d", n, MinTalkingPoints, MaxTalkingPoints)
	}
	pointIDs := map[string]bool{}
	for j, tp := range q.TalkingPoints {
		field := fmt.Sprintf("talking_points[%d]", j)
		tpAt := func(steps ...any) int { return at(append([]any{"talking_points", j}, steps...)...) }
		switch {
		case tp.ID == "":
			c.errorf(tpAt(), qid, field+".id", "missing")
		case !IsID(tp.ID):
			c.errorf(tpAt("id"), qid, field+".id", "%q is not kebab-case", tp.ID)
		case pointIDs[tp.ID]:
			c.errorf(tpAt("id"), qid, field+".id", "duplicate talking point id %q in this question", tp.ID)
		}
		pointIDs[tp.ID] = true
		if tp.Label == "" {
			c.errorf(tpAt("label"), qid, field+".label", "missing")
		}
		if len(tp.Phrases) == 0 {
			c.errorf(tpAt("phrases"), qid, field+".phrases", "empty; want at least one phrase that shows the point was covered")
			continue
		}
		if n := len(tp.Phrases); n < MinPhrases || n > MaxPhrases {
			c.warnf(tpAt("phrases"), qid, field+".phrases", "%d phrases; want %d to %d covering synonyms and abbreviations", n, MinPhrases, MaxPhrases)
		}
		phrases := map[string]bool{}
		for k, ph := range tp.Phrases {
			pf := fmt.Sprintf("%s.phrases[%d]", field, k)
			switch {
			case ph == "":
				c.errorf(tpAt("phrases", k), qid, pf, "empty")
			case ph != strings.ToLower(ph):
				c.warnf(tpAt("phrases", k), qid, pf, "%q is not lower-case", ph)
			case len(strings.Fields(ph)) > MaxPhraseWords:
				c.warnf(tpAt("phrases", k), qid, pf, "%q has more than %d words; candidates rarely say it exactly", ph, MaxPhraseWords)
			case phrases[ph]:
				c.warnf(tpAt("phrases", k), qid, pf, "%q is listed twice", ph)
			}
			phrases[ph] = true
		}
	}

	if q.ReferenceAnswer != "" {
		if n := len(strings.Fields(q.ReferenceAnswer)); n < MinReferenceWords || n > MaxReferenceWords {
			c.warnf(at("reference_answer"), qid, "reference_answer", "%d words; want %d to %d", n, MinReferenceWords, MaxReferenceWords)
		}
	}
	if n := len(q.FollowUps); n > MaxFollowUps {
		c.warnf(at("follow_ups"), qid, "follow_ups", "%d follow-ups; want at most %d", n, MaxFollowUps)
	}
	for k, f := range q.FollowUps {
		if f == "" {
			c.errorf(at("follow_ups", k), qid, fmt.Sprintf("follow_ups[%d]", k), "empty")
		}
	}
}

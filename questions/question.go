// Package questions owns the interview question bank: roles, categories,
// questions, their tips and talking points. The bank ships embedded in the
// binary as one YAML file per role; more banks can be layered on top from a
// directory. Everything loaded is validated with errors that name the file,
// the question id and the field.
package questions

import "strings"

// Category is the kind of question: what the interviewer is testing.
type Category string

// The three categories. Behavioral questions ask for a past story (STAR),
// technical ones for knowledge and design, situational ones for what the
// candidate would do in a described scenario.
const (
	Behavioral  Category = "behavioral"
	Technical   Category = "technical"
	Situational Category = "situational"
)

// Categories lists every category in the order the seed guide uses.
var Categories = []Category{Behavioral, Technical, Situational}

// ParseCategory returns the category named by s (case-insensitive) and
// whether s named one.
func ParseCategory(s string) (Category, bool) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	switch c {
	case Behavioral, Technical, Situational:
		return c, true
	}
	return "", false
}

// Difficulty is how senior a question is.
type Difficulty string

// Difficulties from junior to senior.
const (
	Easy   Difficulty = "easy"
	Medium Difficulty = "medium"
	Hard   Difficulty = "hard"
)

// TalkingPoint is one thing a strong answer mentions: a short label and the
// words and phrases (with synonyms) that show the candidate covered it.
type TalkingPoint struct {
	ID      string   `yaml:"id" json:"id"`
	Label   string   `yaml:"label" json:"label"`
	Phrases []string `yaml:"phrases" json:"phrases"`
}

// Question is one interview question with what the interviewer looks for.
type Question struct {
	ID              string         `yaml:"id" json:"id"`
	Role            string         `yaml:"-" json:"role"`
	Category        Category       `yaml:"category" json:"category"`
	Difficulty      Difficulty     `yaml:"difficulty" json:"difficulty"`
	Text            string         `yaml:"text" json:"text"`
	Tips            string         `yaml:"tips" json:"tips"`
	TalkingPoints   []TalkingPoint `yaml:"talking_points" json:"talking_points"`
	ReferenceAnswer string         `yaml:"reference_answer,omitempty" json:"reference_answer,omitempty"`
	FollowUps       []string       `yaml:"follow_ups,omitempty" json:"follow_ups,omitempty"`
}

// Role is a job the bank has questions for.
type Role struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name" json:"name"`
	Field       string     `yaml:"field" json:"field"`
	Description string     `yaml:"description" json:"description"`
	Questions   []Question `yaml:"questions" json:"questions,omitempty"`
}

// Package prompts owns the LLM prompts of the rubric judge: the versioned
// templates (embedded), the rubric per question category, the strict JSON
// schema the judge must answer with, the rendering of one request (with a
// fresh random delimiter around the candidate's answer) and the strict
// parsing of a reply. It knows nothing about HTTP or any LLM SDK.
package prompts

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/template"
)

//go:embed templates/system.tmpl templates/user.tmpl templates/rubric.json
var templateFS embed.FS

// Sentinel errors of rendering.
var (
	// ErrUnknownCategory means the category has no rubric.
	ErrUnknownCategory = errors.New("unknown question category")
	// ErrDelimiterCollision means an input field contains the answer
	// delimiter, so the answer could escape it.
	ErrDelimiterCollision = errors.New("input contains the answer delimiter")
)

// Criterion is one rubric line: what it judges and one anchor sentence per
// score, Anchors[0] for 1 up to Anchors[4] for 5.
type Criterion struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Anchors     [5]string `json:"anchors"`
}

// TalkingPoint is one thing a strong answer mentions, as the judge sees it.
type TalkingPoint struct {
	ID    string
	Label string
}

// Input is everything one judge request is about. Category is one of
// "behavioral", "technical", "situational".
type Input struct {
	Category        string
	Question        string
	Tips            string
	TalkingPoints   []TalkingPoint
	ReferenceAnswer string
	Answer          string
}

// Prompt is one rendered judge request.
type Prompt struct {
	System string
	User   string
	// SchemaName and Schema are the strict JSON schema of the reply.
	SchemaName string
	Schema     json.RawMessage
	// Open and Close are the delimiter lines around the answer.
	Open, Close string
	// Version is the prompt version (see Version).
	Version string
}

var (
	systemTmpl, userTmpl *template.Template
	rubrics              map[string][]Criterion
	schemas              map[string]json.RawMessage
	schemaNodes          map[string]*schema

	// Version identifies the prompts: a short hash of the template bytes, the
	// rubric and the reply schemas. It changes whenever any of them changes,
	// so a stored score says which prompt produced it.
	Version string
)

func init() {
	funcs := template.FuncMap{"inc": func(i int) int { return i + 1 }}
	systemTmpl = template.Must(template.New("system.tmpl").Funcs(funcs).ParseFS(templateFS, "templates/system.tmpl"))
	userTmpl = template.Must(template.New("user.tmpl").ParseFS(templateFS, "templates/user.tmpl"))
	raw, err := templateFS.ReadFile("templates/rubric.json")
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(raw, &rubrics); err != nil {
		panic(fmt.Sprintf("prompts: templates/rubric.json: %v", err))
	}
	h := sha256.New()
	for _, name := range []string{"templates/system.tmpl", "templates/user.tmpl", "templates/rubric.json"} {
		b, _ := templateFS.ReadFile(name)
		h.Write(b)
	}
	schemas = make(map[string]json.RawMessage, len(Categories))
	schemaNodes = make(map[string]*schema, len(Categories))
	for _, c := range Categories {
		crit := rubrics[c]
		if len(crit) < 4 || len(crit) > 6 {
			panic(fmt.Sprintf("prompts: rubric for %s has %d criteria, want 4 to 6", c, len(crit)))
		}
		schemaNodes[c] = replySchema(crit)
		b, err := json.Marshal(schemaNodes[c])
		if err != nil {
			panic(err)
		}
		schemas[c] = b
		h.Write(b)
	}
	Version = hex.EncodeToString(h.Sum(nil))[:12]
}

// Categories lists the categories that have a rubric.
var Categories = []string{"behavioral", "technical", "situational"}

// Rubric returns the criteria of a category, in the order the judge sees them.
func Rubric(category string) ([]Criterion, error) {
	c, ok := rubrics[category]
	if !ok {
		return nil, fmt.Errorf("rubric for %q: %w", category, ErrUnknownCategory)
	}
	return c, nil
}

// Schema returns the strict reply schema of a category.
func Schema(category string) (json.RawMessage, error) {
	s, ok := schemas[category]
	if !ok {
		return nil, fmt.Errorf("schema for %q: %w", category, ErrUnknownCategory)
	}
	return s, nil
}

// Render renders the judge request for in with a fresh random delimiter
// (64 bits from crypto/rand), so an answer cannot guess and close it.
func Render(in Input) (Prompt, error) {
	var err error
	for range 3 {
		var b [8]byte
		if _, err = rand.Read(b[:]); err != nil {
			return Prompt{}, fmt.Errorf("random delimiter: %w", err)
		}
		var p Prompt
		p, err = RenderWithTag(in, hex.EncodeToString(b[:]))
		if !errors.Is(err, ErrDelimiterCollision) {
			return p, err
		}
	}
	return Prompt{}, err
}

// RenderWithTag renders the judge request with the given delimiter tag:
// the answer goes between "<<<ANSWER-tag>>>" and "<<<END-ANSWER-tag>>>".
// Tests use it to get stable output; everything else calls Render.
func RenderWithTag(in Input, tag string) (Prompt, error) {
	crit, err := Rubric(in.Category)
	if err != nil {
		return Prompt{}, err
	}
	for _, f := range []string{in.Question, in.Tips, in.ReferenceAnswer, in.Answer} {
		if strings.Contains(f, "ANSWER-"+tag) {
			return Prompt{}, ErrDelimiterCollision
		}
	}
	for _, tp := range in.TalkingPoints {
		if strings.Contains(tp.ID+tp.Label, "ANSWER-"+tag) {
			return Prompt{}, ErrDelimiterCollision
		}
	}
	p := Prompt{
		SchemaName: "interview_rubric_" + in.Category,
		Schema:     schemas[in.Category],
		Open:       "<<<ANSWER-" + tag + ">>>",
		Close:      "<<<END-ANSWER-" + tag + ">>>",
		Version:    Version,
	}
	var sys, user bytes.Buffer
	// The system message is the same for every request of a category, so
	// servers can reuse its prefix (OpenAI prompt caching, llama.cpp and
	// vLLM prefix caches); the per-call delimiters are in the user message.
	err = systemTmpl.Execute(&sys, map[string]any{"Category": in.Category, "Criteria": crit})
	if err != nil {
		return Prompt{}, fmt.Errorf("render system prompt: %w", err)
	}
	err = userTmpl.Execute(&user, map[string]any{
		"Category":        in.Category,
		"Question":        strings.TrimSpace(in.Question),
		"Tips":            strings.TrimSpace(in.Tips),
		"TalkingPoints":   in.TalkingPoints,
		"ReferenceAnswer": strings.TrimSpace(in.ReferenceAnswer),
		"Open":            p.Open,
		"Close":           p.Close,
		"Answer":          in.Answer,
	})
	if err != nil {
		return Prompt{}, fmt.Errorf("render user prompt: %w", err)
	}
	p.System, p.User = sys.String(), user.String()
	return p, nil
}

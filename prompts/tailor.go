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

// The tailoring prompt: a model writes the questions of an interview made
// for a job posting and a résumé (interview/tailor_llm.go). It has its own
// version, TailorVersion, so changing it does not change the rubric
// judge's Version (stored with every score).

//go:embed templates/tailor_system.tmpl templates/tailor_user.tmpl
var tailorFS embed.FS

var (
	tailorSystem string
	tailorUser   *template.Template
	tailorNode   *schema
	tailorSchema json.RawMessage

	// TailorVersion identifies the tailoring prompt: a short hash of its
	// templates and reply schema. A plan written by a model records it.
	TailorVersion string
)

// TailorCategories are the categories a tailored question may have.
var TailorCategories = []string{"behavioral", "technical", "situational"}

func init() {
	sys, err := tailorFS.ReadFile("templates/tailor_system.tmpl")
	if err != nil {
		panic(err)
	}
	tailorSystem = string(sys)
	tailorUser = template.Must(template.New("tailor_user.tmpl").
		Funcs(template.FuncMap{"join": strings.Join}).
		ParseFS(tailorFS, "templates/tailor_user.tmpl"))
	cats := make([]any, len(TailorCategories))
	for i, c := range TailorCategories {
		cats[i] = c
	}
	point := object("one thing a strong answer shows",
		prop("label", str("a short name, 2 to 6 words")),
		prop("phrases", stringList("2 to 8 lower-case phrases an answer showing it would contain")),
	)
	question := object("one interview question",
		prop("category", &schema{Type: "string", Enum: cats}),
		prop("question", str("the question, addressed to the candidate")),
		prop("tips", str("what the interviewer looks for, naming each talking point")),
		prop("talking_points", &schema{Type: "array", Description: "2 to 6 talking points", Items: point}),
		prop("targets", stringList("the posting requirements or résumé lines it probes, copied from them")),
		prop("resume_quote", str(`the résumé claim it asks about, copied exactly; "" when none`)),
	)
	tailorNode = object("the questions of the interview",
		prop("questions", &schema{Type: "array", Items: question}))
	tailorSchema, err = json.Marshal(tailorNode)
	if err != nil {
		panic(err)
	}
	h := sha256.New()
	h.Write(sys)
	u, _ := tailorFS.ReadFile("templates/tailor_user.tmpl")
	h.Write(u)
	h.Write(tailorSchema)
	TailorVersion = "tailor-" + hex.EncodeToString(h.Sum(nil))[:10]
}

// TailorSlot is how many questions of one category the model is to write.
type TailorSlot struct {
	Category string
	Count    int
}

// TailorInput is what one tailoring request is about.
type TailorInput struct {
	RoleName       string
	JobDescription string
	Resume         string
	// Terms are the posting's terms found offline, heaviest first: a hint.
	Terms []string
	Slots []TailorSlot
}

// RenderTailor renders the tailoring request with fresh random delimiters
// around the posting and the résumé, so neither can close its block.
func RenderTailor(in TailorInput) (Prompt, error) {
	var err error
	for range 3 {
		var b [8]byte
		if _, err = rand.Read(b[:]); err != nil {
			return Prompt{}, fmt.Errorf("random delimiter: %w", err)
		}
		var p Prompt
		p, err = RenderTailorWithTag(in, hex.EncodeToString(b[:]))
		if !errors.Is(err, ErrDelimiterCollision) {
			return p, err
		}
	}
	return Prompt{}, err
}

// RenderTailorWithTag renders the tailoring request with the given
// delimiter tag; tests use it for stable output.
func RenderTailorWithTag(in TailorInput, tag string) (Prompt, error) {
	total := 0
	for _, s := range in.Slots {
		if s.Count < 0 || !contains(TailorCategories, s.Category) {
			return Prompt{}, fmt.Errorf("tailor slot %q × %d: %w", s.Category, s.Count, ErrUnknownCategory)
		}
		total += s.Count
	}
	if total == 0 {
		return Prompt{}, errors.New("tailor: no questions asked for")
	}
	for _, f := range append([]string{in.JobDescription, in.Resume, in.RoleName}, in.Terms...) {
		if strings.Contains(f, "POSTING-"+tag) || strings.Contains(f, "RESUME-"+tag) {
			return Prompt{}, ErrDelimiterCollision
		}
	}
	role := strings.TrimSpace(in.RoleName)
	if role == "" {
		role = "job"
	}
	var user bytes.Buffer
	err := tailorUser.Execute(&user, map[string]any{
		"Total":        total,
		"RoleName":     role,
		"Slots":        in.Slots,
		"Terms":        in.Terms,
		"Posting":      strings.TrimSpace(in.JobDescription),
		"Resume":       strings.TrimSpace(in.Resume),
		"OpenPosting":  "<<<POSTING-" + tag + ">>>",
		"ClosePosting": "<<<END-POSTING-" + tag + ">>>",
		"OpenResume":   "<<<RESUME-" + tag + ">>>",
		"CloseResume":  "<<<END-RESUME-" + tag + ">>>",
	})
	if err != nil {
		return Prompt{}, fmt.Errorf("render tailoring prompt: %w", err)
	}
	return Prompt{
		System:     tailorSystem,
		User:       user.String(),
		SchemaName: "interview_plan",
		Schema:     tailorSchema,
		Open:       "<<<POSTING-" + tag + ">>>",
		Close:      "<<<END-POSTING-" + tag + ">>>",
		Version:    TailorVersion,
	}, nil
}

// TailorSchema is the strict reply schema of the tailoring prompt.
func TailorSchema() json.RawMessage { return tailorSchema }

// TailorReply is a parsed tailoring reply.
type TailorReply struct {
	Questions []TailorQuestion `json:"questions"`
}

// TailorQuestion is one question the model wrote, as it wrote it; the
// caller checks its content (interview/tailor_llm.go).
type TailorQuestion struct {
	Category      string        `json:"category"`
	Question      string        `json:"question"`
	Tips          string        `json:"tips"`
	TalkingPoints []TailorPoint `json:"talking_points"`
	Targets       []string      `json:"targets"`
	ResumeQuote   string        `json:"resume_quote"`
}

// TailorPoint is one talking point the model wrote.
type TailorPoint struct {
	Label   string   `json:"label"`
	Phrases []string `json:"phrases"`
}

// ParseTailorReply parses a tailoring reply and checks it against the
// schema strictly (every property present, nothing else, types and enums
// respected); a Markdown code fence around the JSON is tolerated.
func ParseTailorReply(data []byte) (TailorReply, error) {
	data = bytes.TrimSpace(data)
	if bytes.HasPrefix(data, []byte("```")) {
		data = bytes.TrimPrefix(data, []byte("```json"))
		data = bytes.TrimPrefix(data, []byte("```"))
		data = bytes.TrimSuffix(bytes.TrimSpace(data), []byte("```"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return TailorReply{}, fmt.Errorf("%w: %v", ErrMalformedReply, err)
	}
	if dec.More() {
		return TailorReply{}, fmt.Errorf("%w: data after the JSON object", ErrMalformedReply)
	}
	if _, ok := v.(map[string]any); !ok {
		return TailorReply{}, fmt.Errorf("%w: not a JSON object", ErrMalformedReply)
	}
	if err := validate(tailorNode, v, "$"); err != nil {
		return TailorReply{}, fmt.Errorf("%w: %v", ErrSchemaMismatch, err)
	}
	var r TailorReply
	if err := json.Unmarshal(data, &r); err != nil {
		return TailorReply{}, fmt.Errorf("%w: %v", ErrSchemaMismatch, err)
	}
	return r, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package questions

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed bank/*.yaml
var embeddedBank embed.FS

// Source is one layer of role files: the *.yaml files at the top of FS
// (or only Files, when set). Name prefixes the file names in problems, so
// a bank author sees "banks/acme.yaml:12: ..." rather than "acme.yaml".
type Source struct {
	Name  string
	FS    fs.FS
	Files []string // names inside FS; empty means every *.yaml at its top
}

// EmbeddedSource is the bank compiled into the binary. LoadSources parses
// it only once per process, like Load.
func EmbeddedSource() Source { return embeddedSource }

var embeddedSource = func() Source {
	sub, err := fs.Sub(embeddedBank, "bank")
	if err != nil {
		panic(err) // unreachable: "bank" is a valid path in the embed pattern
	}
	return Source{Name: "bank", FS: sub}
}()

// DirSource is every *.yaml role file in dir (not its subdirectories).
func DirSource(dir string) Source {
	return Source{Name: dir, FS: os.DirFS(dir)}
}

// FileSource is the one role file at file.
func FileSource(file string) Source {
	return Source{Name: filepath.Dir(file), FS: os.DirFS(filepath.Dir(file)), Files: []string{filepath.Base(file)}}
}

// embedded is the embedded bank, parsed and validated once per process:
// serve, score and practice all start by calling Load.
var embedded = sync.OnceValues(func() ([]roleFile, []Problem) {
	files, problems, err := readSource(embeddedSource)
	if err != nil {
		return nil, []Problem{{File: embeddedSource.Name, Message: err.Error()}}
	}
	return files, problems
})

// embeddedBankOnce is the bank Load returns when no dirs are given.
var embeddedBankOnce = sync.OnceValues(func() (*Bank, error) {
	files, problems := embedded()
	return assemble(files, problems)
})

// Load returns the embedded bank with the banks in dirs layered on top:
// a role file in a dir adds a role or replaces the embedded role of the
// same id. Later dirs win over earlier ones. An error from a broken bank
// is a *ValidationError listing every problem.
func Load(dirs ...string) (*Bank, error) {
	if len(dirs) == 0 {
		return embeddedBankOnce()
	}
	srcs := []Source{embeddedSource}
	for _, d := range dirs {
		srcs = append(srcs, DirSource(d))
	}
	return LoadSources(srcs...)
}

// LoadSources builds a bank from srcs alone (no embedded bank unless it is
// one of them), layered in order: a role in a later source replaces the
// role of the same id from an earlier one.
func LoadSources(srcs ...Source) (*Bank, error) {
	var files []roleFile
	var problems []Problem
	for _, src := range srcs {
		if src.FS == embeddedSource.FS && len(src.Files) == 0 {
			f, p := embedded()
			files = append(files, f...)
			problems = append(problems, p...)
			continue
		}
		f, p, err := readSource(src)
		if err != nil {
			return nil, err
		}
		files = append(files, f...)
		problems = append(problems, p...)
	}
	return assemble(files, problems)
}

// roleFile is one parsed role file with what validation found in it.
type roleFile struct {
	file     string
	role     Role
	warnings []Problem
	loc      *locator // to place cross-file problems
}

// readSource parses a source's files. The error is for a source that cannot
// be read at all (a missing directory); problems inside files come back as
// Problems.
func readSource(src Source) ([]roleFile, []Problem, error) {
	names := src.Files
	if len(names) == 0 {
		var err error
		names, err = fs.Glob(src.FS, "*.yaml")
		if err != nil {
			return nil, nil, fmt.Errorf("read bank %s: %w", src.Name, err)
		}
		if len(names) == 0 {
			if _, err := fs.Stat(src.FS, "."); err != nil {
				return nil, nil, fmt.Errorf("read bank %s: %w", src.Name, err)
			}
			return nil, nil, fmt.Errorf("read bank %s: %w", src.Name, ErrNoRoleFiles)
		}
	}
	var files []roleFile
	var problems []Problem
	for _, name := range names {
		data, err := fs.ReadFile(src.FS, name)
		if err != nil {
			return nil, nil, fmt.Errorf("read bank file: %w", err)
		}
		rf, p := parseFile(displayName(src.Name, name), data)
		problems = append(problems, p...)
		if rf != nil {
			files = append(files, *rf)
		}
	}
	return files, problems, nil
}

func displayName(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	if dir == "bank" {
		return path.Join(dir, name) // the embedded bank: same spelling on every OS
	}
	return filepath.Join(dir, name)
}

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	typeErrLine  = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type`)
)

// parseFile decodes and validates one role file. It returns nil when the
// file is not YAML at all; otherwise the role (possibly with problems).
func parseFile(file string, data []byte) (*roleFile, []Problem) {
	// One strict decode on the happy path; the YAML node tree that gives
	// problems their lines is only built when there is a problem to place.
	loc := &locator{file: file, data: data}
	var role Role
	var problems []Problem
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&role); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			return nil, []Problem{{File: file, Message: "empty file; want a role mapping with id, name and questions"}}
		case !errors.As(err, &te):
			return nil, []Problem{syntaxProblem(file, data, err)}
		}
		if root := loc.rootNode(); root.Kind != yaml.MappingNode {
			return nil, []Problem{{File: file, Line: root.Line, Message: "want a role mapping with id, name and questions at the top"}}
		}
		// Type errors (unknown keys, a list where a string belongs) leave
		// the rest decoded: report them and go on validating the rest.
		for _, msg := range te.Errors {
			problems = append(problems, loc.typeError(msg))
		}
	}
	rf := &roleFile{file: file, role: role, loc: loc}
	for i := range rf.role.Questions {
		rf.role.Questions[i].Role = rf.role.ID
		normalize(&rf.role.Questions[i])
	}
	errs, warns := validateRole(loc, strings.TrimSuffix(path.Base(filepath.ToSlash(file)), path.Ext(file)), rf.role)
	sort.SliceStable(warns, func(i, j int) bool { return warns[i].Line < warns[j].Line })
	rf.warnings = warns
	problems = append(problems, errs...)
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return rf, problems
}

// syntaxProblem reports a YAML syntax error. yaml.v3 names the line where
// the enclosing block starts, which can be far above the mistake; the first
// prefix of the file that fails the same way ends on the line to fix.
func syntaxProblem(file string, data []byte, err error) Problem {
	p := Problem{File: file, Message: "yaml syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return p
	}
	p.Line, _ = strconv.Atoi(m[1])
	p.Message = "yaml syntax: " + m[2]
	lines := bytes.SplitAfter(data, []byte("\n"))
	for k := p.Line; k <= len(lines); k++ {
		var n yaml.Node
		prefix := bytes.Join(lines[:k], nil)
		if perr := yaml.Unmarshal(prefix, &n); perr != nil && perr.Error() == err.Error() {
			if k != p.Line {
				p.Message += fmt.Sprintf(" (in the block that starts at line %d)", p.Line)
				p.Line = k
			}
			break
		}
	}
	return p
}

// normalize trims the blank lines YAML block scalars leave around text.
func normalize(q *Question) {
	q.Text = strings.TrimSpace(q.Text)
	q.Tips = strings.TrimSpace(q.Tips)
	q.ReferenceAnswer = strings.TrimSpace(q.ReferenceAnswer)
	for i := range q.FollowUps {
		q.FollowUps[i] = strings.TrimSpace(q.FollowUps[i])
	}
	for i := range q.TalkingPoints {
		tp := &q.TalkingPoints[i]
		tp.ID = strings.TrimSpace(tp.ID)
		tp.Label = strings.TrimSpace(tp.Label)
		for j := range tp.Phrases {
			tp.Phrases[j] = strings.TrimSpace(tp.Phrases[j])
		}
	}
}

// assemble layers the parsed files (later files replace earlier roles of
// the same id), checks that question ids are unique across the bank and
// builds the index. Any problem makes it return a *ValidationError.
func assemble(files []roleFile, problems []Problem) (*Bank, error) {
	byRole := map[string]int{} // role id -> index in kept
	var kept []roleFile
	for _, f := range files {
		if i, ok := byRole[f.role.ID]; ok && f.role.ID != "" {
			kept[i] = f
			continue
		}
		byRole[f.role.ID] = len(kept)
		kept = append(kept, f)
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].role.ID < kept[j].role.ID })

	b := &Bank{byID: map[string]Question{}, files: map[string]string{}}
	owner := map[string]roleFile{} // question id -> the file that first used it
	reported := map[string]bool{}  // file + id of duplicates already reported
	for _, f := range kept {
		for _, q := range f.role.Questions {
			if q.ID == "" {
				continue
			}
			if first, dup := owner[q.ID]; dup {
				if first.file == f.file || reported[f.file+"\x00"+q.ID] {
					continue // already reported, here or by validateRole
				}
				reported[f.file+"\x00"+q.ID] = true
				problems = append(problems, Problem{
					File: f.file, Line: f.loc.questionLine(q.ID), QuestionID: q.ID, Field: "id",
					Message: fmt.Sprintf("duplicate question id, also in %s:%d", first.file, first.loc.questionLine(q.ID)),
				})
				continue
			}
			owner[q.ID] = f
			b.byID[q.ID] = q
		}
		b.roles = append(b.roles, f.role)
		b.files[f.role.ID] = f.file
		b.warnings = append(b.warnings, f.warnings...)
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool {
			if problems[i].File != problems[j].File {
				return problems[i].File < problems[j].File
			}
			return problems[i].Line < problems[j].Line
		})
		return nil, &ValidationError{Problems: problems}
	}
	return b, nil
}

// locator finds the line of a field in the parsed YAML tree, so problems
// point at the line to fix.
// The embedded files' locators are shared by every Load in the process,
// hence the sync.Once.
type locator struct {
	file string
	data []byte
	once sync.Once
	root *yaml.Node // parsed from data on first use
}

// rootNode returns the top node of the file's first YAML document.
func (l *locator) rootNode() *yaml.Node {
	l.once.Do(func() {
		var doc yaml.Node
		_ = yaml.Unmarshal(l.data, &doc) // decoded once already without a syntax error
		l.root = &doc
		if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
			l.root = doc.Content[0]
		}
	})
	return l.root
}

// questionLine returns the line of the first question entry with id.
func (l *locator) questionLine(id string) int {
	qs := child(l.rootNode(), "questions")
	if qs == nil {
		return 0
	}
	for _, q := range qs.Content {
		if v := child(q, "id"); v != nil && v.Value == id {
			return q.Line
		}
	}
	return 0
}

// line returns the line of the node at path (mapping keys as strings,
// sequence indexes as ints), or of the deepest node on the way there that
// exists, when a key is missing.
func (l *locator) line(steps ...any) int {
	n := l.rootNode()
	for _, s := range steps {
		next := child(n, s)
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}

// keyLine returns the line of a top-level key of the role (the root's line
// when the key is missing).
func (l *locator) keyLine(key string) int {
	root := l.rootNode()
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i].Line
		}
	}
	return root.Line
}

func child(n *yaml.Node, step any) *yaml.Node {
	switch s := step.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}

// questionAt returns the id of the question whose entry contains line.
func (l *locator) questionAt(line int) string {
	qs := child(l.rootNode(), "questions")
	if qs == nil || qs.Kind != yaml.SequenceNode {
		return ""
	}
	id := ""
	for _, q := range qs.Content {
		if q.Line > line {
			break
		}
		id = ""
		if v := child(q, "id"); v != nil {
			id = v.Value
		}
	}
	return id
}

// inQuestions reports whether line falls inside the questions list rather
// than among the role's own keys.
func (l *locator) inQuestions(line int) bool {
	qs := child(l.rootNode(), "questions")
	if qs == nil || len(qs.Content) == 0 || line < qs.Content[0].Line {
		return false
	}
	root := l.rootNode()
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Line > qs.Line && k.Value != "questions" && line >= k.Line {
			return false // a role key written after the questions list
		}
	}
	return true
}

// typeError turns one of yaml's "line N: ..." messages into a Problem.
func (l *locator) typeError(msg string) Problem {
	p := Problem{File: l.file, Message: msg}
	m := typeErrLine.FindStringSubmatch(msg)
	if m == nil {
		return p
	}
	p.Line, _ = strconv.Atoi(m[1])
	p.Message = m[2]
	field := pathToKeyAt(l.rootNode(), p.Line, "")
	if l.inQuestions(p.Line) {
		p.QuestionID = l.questionAt(p.Line)
		if i := strings.Index(field, "]."); strings.HasPrefix(field, "questions[") && i > 0 {
			field = field[i+2:]
		}
	}
	p.Field = field
	if u := unknownField.FindStringSubmatch(m[2]); u != nil {
		if p.Field == "" {
			p.Field = u[1]
		}
		p.Message = "unknown field (see docs/questions.md for the schema)"
	} else if t := wrongType.FindStringSubmatch(m[2]); t != nil {
		p.Message = fmt.Sprintf("got %s, want %s", yamlKind(t[1]), goKind(t[2]))
	}
	return p
}

var wrongType = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `.*`)? into (\\S+)$")

func yamlKind(tag string) string {
	switch tag {
	case "!!map":
		return "a mapping"
	case "!!seq":
		return "a list"
	case "!!str":
		return "a string"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return tag
}

func goKind(typ string) string {
	switch typ {
	case "string", "questions.Category", "questions.Difficulty":
		return "a string"
	case "[]string":
		return "a list of strings"
	case "[]questions.TalkingPoint":
		return "a list of talking points"
	case "[]questions.Question":
		return "a list of questions"
	case "questions.TalkingPoint", "questions.Question", "questions.Role":
		return "a mapping"
	}
	return typ
}

// pathToKeyAt returns the path ("questions[2].follow_ups") of the first
// mapping key on line, or "" when no key starts there.
func pathToKeyAt(n *yaml.Node, line int, prefix string) string {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			if k.Line == line {
				return p
			}
			if found := pathToKeyAt(v, line, p); found != "" {
				return found
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if found := pathToKeyAt(c, line, fmt.Sprintf("%s[%d]", prefix, i)); found != "" {
				return found
			}
		}
	}
	return ""
}

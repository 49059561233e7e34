package questions

// Bank is a loaded, validated set of roles and their questions.
// It is read-only after loading and safe for concurrent use.
type Bank struct {
	roles    []Role
	byID     map[string]Question
	files    map[string]string // role id -> the file it was loaded from
	warnings []Problem
}

// Roles returns every role in a stable order (by id), questions included.
func (b *Bank) Roles() []Role { return b.roles }

// Role returns the role with the given id.
func (b *Bank) Role(id string) (Role, bool) {
	for _, r := range b.roles {
		if r.ID == id {
			return r, true
		}
	}
	return Role{}, false
}

// Question returns the question with the given id.
func (b *Bank) Question(id string) (Question, bool) {
	q, ok := b.byID[id]
	return q, ok
}

// Questions returns the questions of a role (all roles when role is empty)
// in the given categories (all when none are given), in bank order.
func (b *Bank) Questions(role string, cats ...Category) []Question {
	var out []Question
	for _, r := range b.roles {
		if role != "" && r.ID != role {
			continue
		}
		for _, q := range r.Questions {
			if len(cats) == 0 || containsCategory(cats, q.Category) {
				out = append(out, q)
			}
		}
	}
	return out
}

func containsCategory(cats []Category, c Category) bool {
	for _, x := range cats {
		if x == c {
			return true
		}
	}
	return false
}

// File returns the file the role was loaded from, e.g.
// "bank/backend-developer.yaml" for an embedded role, and whether the role
// exists.
func (b *Bank) File(role string) (string, bool) {
	f, ok := b.files[role]
	return f, ok
}

// Warnings returns the style problems found while loading: nothing that
// stops the bank from working (too few questions in a role, too few phrases
// in a talking point), but what `questions lint` reports.
func (b *Bank) Warnings() []Problem { return b.warnings }

// Len returns the number of questions in the bank.
func (b *Bank) Len() int { return len(b.byID) }

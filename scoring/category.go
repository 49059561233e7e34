package scoring

import (
	"slices"
	"strings"
	"sync"

	"github.com/mockinterview/mockinterview/questions"
)

// Openings of a behavioral question: it asks for a past story.
var behavioralCues = []string{
	"tell me about a time", "tell us about a time", "describe a time", "describe a situation where",
	"describe a situation in which", "describe a situation when", "give an example of", "give me an example of",
	"give us an example of", "share an example", "share a time", "talk about a time", "walk me through a time",
	"have you ever", "a time when you", "a time you", "an occasion when", "what is an example of a time",
	"what was the most", "what's the most", "recall a time", "think of a time", "when was the last time you",
	"describe an instance", "tell me about an instance", "tell me about your experience", "how did you",
	"what did you do when", "describe your biggest", "tell me about your biggest", "tell me about a project",
	"describe a project", "tell me about a situation",
}

// Openings of a situational question: a scenario, and what the candidate
// would do in it.
var situationalCues = []string{
	"what would you do", "how would you handle", "how would you respond", "how would you approach",
	"how would you deal", "how would you react", "how would you prioritize", "how would you manage",
	"how would you go about", "what would be your", "what steps would you", "what is your first step",
	"imagine you", "imagine that", "suppose you", "suppose that", "let's say", "lets say", "say you",
	"if you were", "if you found", "if you discovered", "if a ", "if your ", "you notice", "you discover",
	"you find out", "you are asked", "you're asked",
}

// DetectCategory guesses a question's category from its wording: a past
// story ("Tell me about a time", "Describe a situation where", "Give an
// example of") is behavioral; a scenario ("What would you do", "How would
// you handle", a described situation then "What do you do?") is
// situational; anything else is technical.
func DetectCategory(question string) questions.Category {
	q := " " + strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(question, "’", "'"))), " ") + " "
	for _, c := range behavioralCues {
		if strings.Contains(q, " "+c) {
			return questions.Behavioral
		}
	}
	for _, c := range situationalCues {
		if strings.Contains(q, " "+c) {
			return questions.Situational
		}
	}
	if storyRequest(q) {
		return questions.Behavioral
	}
	// A described scenario closed by "What do you do?" / "How do you
	// respond?": a statement first, then the question.
	if i := strings.LastIndexAny(strings.TrimSpace(q), ".!"); i > 0 {
		tail := q[i:]
		for _, c := range []string{"what do you do", "how do you respond", "how do you handle", "what's your next step", "what is your next step", "how do you proceed"} {
			if strings.Contains(tail, c) {
				return questions.Situational
			}
		}
	}
	return questions.Technical
}

// customCache holds compiled custom questions: a batch usually scores
// many answers to the same question. It is bounded and cleared when full;
// compiling is pure, so the cache never changes a score.
type customCache struct {
	mu sync.Mutex
	m  map[uint64][]*compiledQuestion
	n  int
}

const customCacheMax = 512

func (c *customCache) get(q questions.Question, extraRefs []string, concepts conceptTable) *compiledQuestion {
	key := questionKey(q, extraRefs)
	c.mu.Lock()
	for _, cq := range c.m[key] {
		if sameQuestion(cq, q, extraRefs) {
			c.mu.Unlock()
			return cq
		}
	}
	c.mu.Unlock()
	cq := compileQuestion(q, references(q, extraRefs), concepts)
	cq.extraRefs = slices.Clone(extraRefs)
	c.mu.Lock()
	if c.m == nil || c.n >= customCacheMax {
		c.m = make(map[uint64][]*compiledQuestion)
		c.n = 0
	}
	c.m[key] = append(c.m[key], cq)
	c.n++
	c.mu.Unlock()
	return cq
}

func questionKey(q questions.Question, refs []string) uint64 {
	h := uint64(14695981039346656037)
	mix := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	mix(q.Text)
	mix(q.Tips)
	mix(string(q.Category))
	mix(q.ReferenceAnswer)
	for _, p := range q.TalkingPoints {
		mix(p.ID)
		mix(p.Label)
		for _, ph := range p.Phrases {
			mix(ph)
		}
	}
	for _, r := range refs {
		mix(r)
	}
	return h
}

func sameQuestion(cq *compiledQuestion, q questions.Question, refs []string) bool {
	o := cq.q
	if o.Text != q.Text || o.Tips != q.Tips || o.Category != q.Category || o.ReferenceAnswer != q.ReferenceAnswer ||
		len(o.TalkingPoints) != len(q.TalkingPoints) || !slices.Equal(cq.extraRefs, refs) {
		return false
	}
	for i := range q.TalkingPoints {
		a, b := o.TalkingPoints[i], q.TalkingPoints[i]
		if a.ID != b.ID || a.Label != b.Label || !slices.Equal(a.Phrases, b.Phrases) {
			return false
		}
	}
	return true
}

// storyOpeners ask for an account; with a past action of "you" after
// them ("Tell me about an analysis that changed a decision you made",
// "Walk me through an incident you handled") the question asks for a
// story.
var storyOpeners = []string{" tell me about ", " tell us about ", " walk me through ", " walk us through ", " describe ",
	" talk me through ", " talk about ", " share ", " what was ", " what's a ", " what is a "}

var pastOfYou = wordSet(`led made took built ran had did gave wrote found chose faced dealt fought won lost shipped
	handled owned drove caught broke saw met got went began brought taught sold spent thought felt knew`)

// storyRequest reports a story opener followed by "you" and a past verb.
func storyRequest(q string) bool {
	open := -1
	for _, o := range storyOpeners {
		if i := strings.Index(q, o); i >= 0 && (open < 0 || i < open) {
			open = i
		}
	}
	if open < 0 {
		return false
	}
	words := strings.Fields(q[open:])
	for i := 0; i+1 < len(words); i++ {
		if words[i] != "you" && words[i] != "you've" && words[i] != "your" && words[i] != "you'd" {
			continue
		}
		next := strings.Trim(words[i+1], ".,?!;:")
		if words[i] == "your" {
			continue
		}
		if words[i] == "you've" || strings.HasSuffix(next, "ed") && len(next) > 4 || pastOfYou[next] {
			return true
		}
	}
	return false
}

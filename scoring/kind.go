package scoring

import (
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// Kind is what a question asks for: one of the bank's three categories,
// or one of the general kinds an interview also holds (an introduction,
// motivation, strengths and weaknesses, small talk, a backchannel that
// invites the candidate to go on, the closing). General kinds are scored
// by a general policy (relevance, substance, clarity, delivery), not as
// technical knowledge; their Result.Category is behavioral (they are about
// the candidate) and Result.Kind says which.
type Kind string

// Kinds.
const (
	KindBehavioral   Kind = "behavioral"
	KindTechnical    Kind = "technical"
	KindSituational  Kind = "situational"
	KindIntroduction Kind = "introduction"
	KindMotivation   Kind = "motivation"
	KindStrengths    Kind = "strengths_weaknesses"
	KindSmallTalk    Kind = "small_talk"
	KindBackchannel  Kind = "backchannel"
	KindClosing      Kind = "closing"
)

// General reports whether k is not one of the bank's categories.
func (k Kind) General() bool {
	return k != KindBehavioral && k != KindTechnical && k != KindSituational
}

// conversational reports kinds that ask for no content at all.
func (k Kind) conversational() bool { return k == KindSmallTalk || k == KindBackchannel }

var (
	backchannelWords = wordSet(`mm mhm mmhm mm-hmm mm-hm uh-huh uh huh hmm okay ok right yeah yes yep sure great cool
		alright all i see go on interesting wow nice got it and so oh really good perfect excellent gotcha true`)
	kindCues = []struct {
		kind Kind
		cues []string
	}{
		{KindSmallTalk, []string{"how are you", "how's it going", "how is it going", "how's your day", "how is your day",
			"how was your", "nice to meet you", "good to meet you", "did you find", "thanks for coming", "thank you for coming",
			"how are things", "good morning", "good afternoon", "good evening", "can you hear me", "how have you been",
			"did you have any trouble", "is this a good time", "are you ready"}},
		{KindClosing, []string{"do you have any questions", "any questions for", "anything else you'd like", "anything else you would like",
			"anything you'd like to ask", "anything you want to ask", "is there anything else", "anything you want to add",
			"anything you would like to add", "questions for me", "questions for us"}},
		{KindIntroduction, []string{"tell me about yourself", "tell us about yourself", "introduce yourself", "about your background",
			"walk me through your resume", "walk me through your cv", "walk me through your background", "a little about yourself",
			"a bit about yourself", "tell me a little bit about", "describe yourself", "who are you", "your background",
			"what do you do currently", "what are you studying", "what's your major", "what is your major", "tell me about your studies"}},
		{KindStrengths, []string{"strength", "weakness", "what are you good at", "what are you best at", "area of improvement",
			"areas of improvement", "areas for improvement", "what would your colleagues say", "what would your manager say",
			"how would your friends describe", "how would others describe", "how would your coworkers describe", "three words"}},
		{KindMotivation, []string{"why do you want", "why are you interested", "why should we hire", "why should i hire",
			"why do you think we should", "why this company", "why our company", "why this role", "why this job", "what interests you about",
			"where do you see yourself", "career goals", "what motivates you", "why did you apply", "why are you leaving",
			"why did you leave", "what are you looking for in", "why do you think you'd", "why do you think you would", "what makes you a good fit", "why would you be a good fit",
			"what can you bring", "what do you know about us", "what do you know about our", "what are your goals",
			"why are you a good", "good fit for", "right person for", "why are you the best"}},
	}
)

// DetectKind classifies a question: a general kind when its wording says
// so, else its category (DetectCategory).
func DetectKind(question string) Kind {
	if k := generalKind(question); k != "" {
		return k
	}
	return Kind(DetectCategory(question))
}

// generalKind returns the general kind of a question, or "".
func generalKind(question string) Kind {
	lower := strings.ToLower(strings.ReplaceAll(question, "’", "'"))
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !(isWordRune(r) || r == '\'' || r == '-')
	})
	if len(words) == 0 {
		return KindBackchannel
	}
	if len(words) <= 4 {
		all := true
		for _, w := range words {
			if !backchannelWords[w] {
				all = false
				break
			}
		}
		if all {
			return KindBackchannel
		}
	}
	q := " " + strings.Join(words, " ") + " "
	// A story question stays behavioral: "tell me about a time your
	// strength helped" asks for a story.
	for _, c := range behavioralCues {
		if strings.Contains(q, " "+c) && !strings.Contains(q, "yourself") {
			return ""
		}
	}
	for _, kc := range kindCues {
		for _, c := range kc.cues {
			if strings.Contains(q, " "+c) {
				return kc.kind
			}
		}
	}
	return ""
}

// kindOf is the kind a question is scored as: a general kind its text
// shows, else its category.
func kindOf(q questions.Question) Kind {
	if k := generalKind(q.Text); k != "" {
		return k
	}
	return Kind(q.Category)
}

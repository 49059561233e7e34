package scoring

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// injectionPattern is one kind of passage that addresses the grader instead
// of the interviewer. The regexp only runs when the lower-cased answer
// contains one of its triggers: most answers contain none, and a literal
// search is a hundred times cheaper than a case-insensitive regexp.
type injectionPattern struct {
	triggers  []string
	re        *regexp.Regexp
	multiline bool // anchored with (?m)^: searched line by line
}

// injectionPatterns must each be unlikely in an honest answer: "I ignored
// the noise" or "we gave the team 100%" must not match, "ignore the rubric"
// and "give me 10/10" must. All are case-insensitive.
var injectionPatterns = func() []injectionPattern {
	src := []struct {
		triggers string // comma-separated, lower case; a trailing * matches a word prefix
		re       string
	}{
		// Instructions to drop the grader's rules.
		{"ignore,disregard,forget,override", `\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|these\s+|those\s+)*(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|original\s+|system\s+|grading\s+|scoring\s+)*(?:instructions?|rules|rubric|prompts?|guidelines|criteria|directions|constraints)\b`},
		{"instruction*", `\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions?\s*:`},
		// Asking for a score.
		{"give,award,assign,grant", `\b(?:give|award|assign|grant)\s+(?:me|this(?:\s+(?:answer|response|candidate))?|the\s+(?:answer|response|candidate)|it|him|her|them)\s+(?:a\s+|an\s+|the\s+)?(?:score\s+of\s+|rating\s+of\s+|grade\s+of\s+)?(?:\d+\s*/\s*\d+|\d+\s+out\s+of\s+\d+|full\s+(?:marks|points|score)|perfect\s+(?:score|rating|grade|marks?)|top\s+(?:score|marks|rating)|max(?:imum)?\s+(?:score|points|marks)|highest\s+(?:score|rating|grade)|(?:5|five)\s+stars?)`},
		{"score,rate,grade,mark", `\b(?:score|rate|grade|mark)\s+(?:this|it|me|my\s+answer|the\s+answer|this\s+answer|this\s+response)\s+(?:as\s+|at\s+|with\s+|a\s+)?(?:\d+(?:\s*/\s*\d+)?|five|ten|perfect|full|highest|maximum|excellent)\b`},
		{"criteri*", `\b(?:all|every)\s+criteri(?:a|on)\s+(?:should|must|deserves?)\s+(?:get|receive|be)\b`},
		// Re-casting the judge.
		{"you", `\byou(?:'re|\s+are)\s+now\s+(?:a|an|the|in|my|our)\b`},
		{"you", `\byou(?:'re|\s+are)\s+(?:no\s+longer|not)\s+(?:a|an|the)\s+(?:grader|judge|evaluator|interviewer|assistant)\b`},
		{"grader,evaluator,scorer", `\bas\s+(?:the|an?)\s+(?:ai\s+|llm\s+)?(?:grader|evaluator|scorer)\b`},
		{"act,acting,pretend*", `\b(?:act|acting|pretend(?:ing)?\s+to\s+be)\s+(?:as\s+)?(?:the|an?)\s+(?:grader|judge|evaluator|scorer|ai|llm)\b`},
		{"dear,hey,hi,hello,note", `\b(?:dear|hey|hi|hello|note\s+to(?:\s+the)?)\s+(?:ai|llm|gpt|chatgpt|model|grader|judge|evaluator|scorer|assistant|language\s+model)\b`},
		{"ai,llm,gpt,chatgpt,model,grader,judge,evaluator,scorer,assistant", `\b(?:ai|llm|gpt|chatgpt|model|grader|judge|evaluator|scorer|assistant)\s*[,:]\s*(?:please\s+)?(?:ignore|disregard|give|score|rate|mark|award|output|respond|reply)\b`},
		{"prompt,developer", `\b(?:system\s+prompt|developer\s+(?:prompt|message|mode))\b`},
		{"injection_detected", `\binjection_detected\b`},
		// Fake delimiters and markup from chat templates.
		{"<<<", `<<<`},
		{"end,begin,endanswer*,end_answer*,beginanswer*,begin_answer*", `\b(?:end|begin)[-_ ]?answer\b`},
		{"<", `</?\s*(?:system|assistant|user|developer|instructions?|answer|prompt)\s*>`},
		{"<|", `<\|[a-z_]+\|>`},
		{"inst]", `\[/?inst\]`},
		{"sys", `<<\s*/?\s*sys\s*>>`},
		{"##", `(?m)^\s*#{2,}\s*(?:instruction|instructions|system|response|new\s+rules)\b`},
		{"system,assistant,developer", `(?m)^\s*(?:system|assistant|developer)\s*:`},
		// Fake JSON replies.
		{"{", `\{\s*"?(?:score|overall|band|rubric|injection_detected|feedback|criteri(?:a|on))"?\s*:`},
		{"\"", `"(?:score|overall|band)"\s*:\s*\d`},
	}
	out := make([]injectionPattern, len(src))
	for i, p := range src {
		out[i] = injectionPattern{
			triggers:  strings.Split(p.triggers, ","),
			re:        regexp.MustCompile(`(?i)` + p.re),
			multiline: strings.HasPrefix(p.re, "(?m)"),
		}
	}
	return out
}()

// invisibleRune reports characters that render as nothing but can carry
// hidden text to a model: zero-width characters, bidirectional controls,
// word joiners, the byte-order mark inside text and Unicode tag characters.
func invisibleRune(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space/joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2064, // word joiner, invisible operators
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF, r == 0x180E, r == 0x061C,
		r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}

// detectInjection returns the passages of answer that try to instruct the
// judge (fake delimiters, role tags, "ignore the rubric"...), or none. The
// spans are sorted and do not overlap.
//
// It is on every score's path, so it is cheap on honest answers: a pattern's
// regexp runs only on a window around each occurrence of one of its
// triggers (at a word start when the trigger is a word), never on the whole
// answer. Multi-line patterns (anchored with ^) get the whole line.
func detectInjection(answer string) []Evidence {
	var spans [][2]int
	var scanned [32]int // per pattern: end of the last window searched
	for i := range scanned {
		scanned[i] = -1
	}
	for pos := 0; pos < len(answer); pos++ {
		c := answer[pos]
		wordLen := 0 // of the word starting at pos; 0 at a symbol
		if isWordByte(c) {
			if pos > 0 && isWordByte(answer[pos-1]) {
				continue // inside a word: word triggers start words, others are symbols
			}
			for wordLen = 1; pos+wordLen < len(answer) && isWordByte(answer[pos+wordLen]); wordLen++ {
			}
		}
		for _, t := range injectionTriggers[lowerByte(c)] {
			if wordLen > 0 && (wordLen < t.wordPart || t.whole && wordLen != t.wordPart) {
				continue // "hi" is not in "high"; the lengths say so before the bytes
			}
			if !hasPrefixFold(answer[pos:], t.text) {
				continue
			}
			p := &injectionPatterns[t.pattern]
			ws, we := injectionWindow(answer, pos, len(t.text), p.multiline)
			if we <= scanned[t.pattern] {
				continue
			}
			ws = max(ws, scanned[t.pattern])
			scanned[t.pattern] = we
			for _, m := range p.re.FindAllStringIndex(answer[ws:we], -1) {
				spans = append(spans, [2]int{ws + m[0], ws + m[1]})
			}
		}
	}
	for i := 0; i < len(answer); {
		if answer[i] < utf8.RuneSelf {
			i++ // every invisible rune is outside ASCII
			continue
		}
		r, size := utf8.DecodeRuneInString(answer[i:])
		if !invisibleRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(answer) {
			r, size = utf8.DecodeRuneInString(answer[i:])
			if !invisibleRune(r) {
				break
			}
			i += size
		}
		spans = append(spans, [2]int{start, i})
	}
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	out := make([]Evidence, len(merged))
	for i, sp := range merged {
		out[i] = Evidence{Start: sp[0], End: sp[1], Text: answer[sp[0]:sp[1]]}
	}
	return out
}

// injectionWindow is the part of answer searched around a trigger found at
// pos: the trigger's line, cut to a few words before and a sentence or two
// after it unless the pattern is multi-line. Cuts fall on white space so
// that \b at a window's edge means what it means in the whole answer.
func injectionWindow(answer string, pos, n int, multiline bool) (int, int) {
	const before, after = 64, 160
	ls := strings.LastIndexByte(answer[:pos], '\n') + 1
	le := len(answer)
	if j := strings.IndexByte(answer[pos:], '\n'); j >= 0 {
		le = pos + j
	}
	if multiline {
		return ls, le
	}
	ws := ls
	if pos-before > ls {
		ws = pos - before
		for ws < pos && answer[ws] != ' ' && answer[ws] != '\t' {
			ws++
		}
	}
	we := le
	if pos+n+after < le {
		we = pos + n + after
		for we < le && answer[we] != ' ' && answer[we] != '\t' {
			we++
		}
	}
	return ws, we
}

// injectionTrigger is a literal whose presence makes a pattern worth
// running; word triggers count only at the start of a word ("ai" is not in
// "maintain").
type injectionTrigger struct {
	text    string
	pattern int
	whole   bool // a word trigger that must also end a word (no trailing '*')
	// wordPart is the length of the trigger's leading run of word bytes
	// ("inst]" has 4): a word shorter than that cannot start the trigger.
	wordPart int
}

// injectionTriggers indexes the triggers by their (lower-case) first byte,
// so detectInjection finds them all in one pass over the answer.
var injectionTriggers = func() (tab [256][]injectionTrigger) {
	if len(injectionPatterns) > 32 {
		panic("scoring: more injection patterns than detectInjection tracks")
	}
	for i, p := range injectionPatterns {
		for _, t := range p.triggers {
			prefix := strings.HasSuffix(t, "*")
			t = strings.TrimSuffix(t, "*")
			tab[t[0]] = append(tab[t[0]], injectionTrigger{
				text: t, pattern: i,
				whole:    !prefix && isWordByte(t[len(t)-1]),
				wordPart: wordPrefixLen(t),
			})
		}
	}
	return tab
}()

func wordPrefixLen(s string) int {
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	return n
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with prefix (lower case ASCII),
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerByte(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

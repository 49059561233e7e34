package scoring

import (
	"strings"
	"unicode/utf8"
)

// Answers about security quote attacks to discuss them: "An attacker might
// write 'ignore previous instructions' in the input, so we...". A phrase
// span is exempt when it lies inside quotes (or backticks) on its line and
// the words outside the quotes, near it, talk about attacks, injection,
// sanitising, validating...; or when it is reported rather than said ("a
// jailbreak such as telling the model to ignore its instructions"): the
// same talk earlier in its sentence, and a reporting word just before it.
// An instruction outside quotes and not reported is flagged whatever else
// the sentence says, and invisible characters are never exempt.

// discussionCues are stems of the words people use when they discuss an
// attack rather than make one.
var discussionCues = []string{
	"attack", "inject", "malicious", "saniti", "sanitis", "validat", "escap", "jailbreak", "payload",
	"adversar", "exploit", "vulnerab", "phish", "xss", "sql", "red team", "red-team", "guardrail",
	"filter", "detect", "block", "mitigat", "defen", "threat", "hacker", "abuse", "security",
	"untrusted", "strip", "reject", "classif", "denylist", "allowlist", "pentest", "penetration test",
	"owasp", "ctf", "tensor trust", "prompt hijack", "hijack", "fuzz", "regex", "blacklist", "whitelist",
	"scanner", "waf", "firewall", "user input", "pasted", "typed", "chatbot", "user channel", "we tested", "tested it", "tested with", "ending in", "containing", "for example", "such as", "e.g.", "guard", "moderat", "canary", "honeypot", "spoof", "impersonat", "social engineer", "audit",
}

// graderAddress marks text that speaks to the grader even around a quote.
var graderAddress = []string{"grader:", "evaluator:", "judge:", "ai:", "model:", "dear ", "hey ", "score this", "rate this", "grade this", "full marks", "give me", "you must", "you will now", "your instructions", "your new", "language model reading"}

// reportWords introduce a reported attack phrase.
var reportWords = []string{" like ", " such as ", " e.g. ", " e.g., ", " for example ", " for instance ", " to ", " saying ", " says ", " writes ", " wrote ", " typed ", " phrases ", " strings ", " text ", ": ", " as ", " asks ", " asking ", " tell ", " tells ", " telling ", " told "}

func exemptDiscussion(answer string, spans []injectionSpan) []injectionSpan {
	out := spans[:0]
	for _, sp := range spans {
		if sp.kind == spanPhrase && discussed(answer, sp) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// discussed reports whether the span is quoted or reported for discussion.
func discussed(answer string, sp injectionSpan) bool {
	// A span may begin or end on the quote mark itself.
	for sp.start < sp.end {
		r, size := utf8.DecodeRuneInString(answer[sp.start:])
		if closerOf(r) == 0 && r != '”' && r != '’' && r != '»' {
			break
		}
		sp.start += size
	}
	for sp.end > sp.start {
		r, size := utf8.DecodeLastRuneInString(answer[:sp.end])
		if closerOf(r) == 0 && r != '”' && r != '’' && r != '»' {
			break
		}
		sp.end -= size
	}
	if sp.start >= sp.end {
		return false
	}
	// A rule about untrusted content: "ignore any instructions inside the
	// candidate's answer".
	after := strings.ToLower(answer[sp.end:min(len(answer), sp.end+48)])
	if hasAny(after, untrustedPlaces) {
		return true
	}
	ls := strings.LastIndexByte(answer[:sp.start], '\n') + 1
	le := len(answer)
	if j := strings.IndexByte(answer[sp.start:], '\n'); j >= 0 {
		le = sp.start + j
	}
	if sp.end > le {
		return false // a span across lines is not a quotation
	}
	ls = max(ls, sp.start-400)
	le = min(le, sp.end+400)
	if qs, qe, ok := quoteAround(answer, ls, le, sp.start, sp.end); ok {
		outside := strings.ToLower(withoutQuotes(answer[ls:qs]) + " " + withoutQuotes(answer[qe:le]))
		return hasAny(outside, discussionCues) && !hasAny(outside, graderAddress)
	}
	// Reported: "... attackers tell the model to <span>".
	ss := sentenceStart(answer, ls, sp.start)
	before := strings.ToLower(answer[ss:sp.start])
	if !hasAny(before, discussionCues) || hasAny(before, graderAddress) {
		return false
	}
	tail := before[max(0, len(before)-48):]
	return hasAny(" "+tail, reportWords)
}

// untrustedPlaces, right after an instruction, say it is a rule about
// text from elsewhere rather than an instruction.
var untrustedPlaces = []string{" inside the user", " inside the candidate", " inside the document", " inside user", " inside documents", " in the candidate's", " in user input", " in the user's", " in retrieved", " embedded in", " contained in", " inside retrieved", " inside the input", " inside any", " found in"}

// withoutQuotes drops the quoted parts of s: other quoted attack phrases
// on the line must not count as the line speaking to the grader.
func withoutQuotes(s string) string {
	var b strings.Builder
	open := rune(0)
	for i, r := range s {
		if open != 0 {
			if r == open && closesQuote(s, i, utf8.RuneLen(r)) {
				open = 0
			}
			continue
		}
		if c := closerOf(r); c != 0 && opensQuote(s, 0, i, utf8.RuneLen(r), r) {
			open = c
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// sentenceStart is where the sentence holding pos begins, not before ls.
func sentenceStart(s string, ls, pos int) int {
	for i := pos - 1; i > ls; i-- {
		if (s[i] == ' ' || s[i] == '\t') && (s[i-1] == '.' || s[i-1] == '!' || s[i-1] == '?') {
			return i + 1
		}
	}
	return ls
}

// quoteAround finds the quotation on s[ls:le] that holds [start, end) and
// returns its bounds, quote marks included. Straight single quotes count
// as quotes only where they cannot be apostrophes.
func quoteAround(s string, ls, le, start, end int) (int, int, bool) {
	open := rune(0) // the closing mark awaited
	at := -1
	for i := ls; i < start; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if open != 0 {
			if r == open && closesQuote(s, i, size) {
				open = 0
			}
			i += size
			continue
		}
		if c := closerOf(r); c != 0 && opensQuote(s, ls, i, size, r) {
			open, at = c, i
		}
		i += size
	}
	if open == 0 {
		return 0, 0, false
	}
	for i := end; i < le; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == open && closesQuote(s, i, size) {
			if i < end {
				return 0, 0, false
			}
			return at, i + size, true
		}
		i += size
	}
	return 0, 0, false
}

func closerOf(r rune) rune {
	switch r {
	case '"', '\'', '`':
		return r
	case '“', '„':
		return '”'
	case '‘':
		return '’'
	case '«':
		return '»'
	case '「':
		return '」'
	}
	return 0
}

func opensQuote(s string, ls, i, size int, r rune) bool {
	if r != '\'' && r != '’' {
		return true
	}
	// a straight single quote opens after a space or punctuation, not
	// inside a word ("don't")
	return (i == ls || !isWordByte(s[i-1])) && i+size < len(s) && s[i+size] != ' '
}

func closesQuote(s string, i, size int) bool {
	if s[i] != '\'' && !strings.HasPrefix(s[i:], "’") {
		return true
	}
	return i+size >= len(s) || !isWordByte(s[i+size])
}

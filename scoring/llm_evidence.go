package scoring

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minQuoteBytes is the shortest normalised quote accepted as evidence: a
// two-letter "we" is found in almost any answer and proves nothing.
const minQuoteBytes = 4

// ellipsis splits a quote the judge shortened ("I profiled it ... p99
// dropped"); each part must then be found, in order.
var ellipsis = regexp.MustCompile(`\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*`)

// locateQuotes maps the judge's quotes to spans of the answer: first an
// exact match, then a match ignoring case, runs of whitespace, typographic
// quotes and dashes, and invisible characters. Quotes that cannot be found
// (invented or paraphrased) are dropped, never shown as evidence.
func locateQuotes(answer string, quotes []string) []Evidence {
	if len(quotes) == 0 {
		return nil
	}
	var norm *normalizedText
	var out []Evidence
	for _, q := range quotes {
		parts := ellipsis.Split(strings.TrimSpace(q), -1)
		var found []Evidence
		from := 0
		for _, part := range parts {
			part = trimQuote(part)
			if part == "" {
				continue
			}
			if i := strings.Index(answer[from:], part); i >= 0 && len(part) >= minQuoteBytes {
				start := from + i
				found = append(found, Evidence{Start: start, End: start + len(part), Text: part})
				from = start + len(part)
				continue
			}
			if norm == nil {
				norm = normalizeAnswer(answer)
			}
			start, end, ok := norm.find(part, from)
			if !ok {
				found = nil
				break
			}
			found = append(found, Evidence{Start: start, End: end, Text: answer[start:end]})
			from = end
		}
		out = append(out, found...)
	}
	return dedupeEvidence(out)
}

// trimQuote strips what judges add around a quote: quotation marks and
// end punctuation that may not be in the answer.
func trimQuote(q string) string {
	return strings.TrimFunc(q, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’«».,;:!?`, r)
	})
}

func dedupeEvidence(ev []Evidence) []Evidence {
	out := ev[:0]
	seen := map[[2]int]bool{}
	for _, e := range ev {
		k := [2]int{e.Start, e.End}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// normalizedText is the answer folded for matching, with, for each byte of
// the folded text, the span of the original rune it came from.
type normalizedText struct {
	text       string
	start, end []int
}

// foldRune is how both the answer and a quote are folded: lower case,
// typographic quotes and dashes to ASCII, every space to ' ', invisible
// characters to nothing (-1).
func foldRune(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return ' '
	case invisibleRune(r) || r == 0x00AD:
		return -1
	case strings.ContainsRune("‘’‛′`", r):
		return '\''
	case strings.ContainsRune("“”„″«»", r):
		return '"'
	case strings.ContainsRune("‐‑‒–—―−", r):
		return '-'
	}
	return unicode.ToLower(r)
}

func normalizeAnswer(answer string) *normalizedText {
	var b strings.Builder
	n := &normalizedText{}
	lastSpace := true // drops leading spaces
	for i, r := range answer {
		f := foldRune(r)
		if f < 0 || (f == ' ' && lastSpace) {
			continue
		}
		lastSpace = f == ' '
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1
		}
		w := b.Len()
		b.WriteRune(f)
		for range b.Len() - w {
			n.start = append(n.start, i)
			n.end = append(n.end, i+size)
		}
	}
	n.text = b.String()
	return n
}

func foldQuote(q string) string {
	var b strings.Builder
	lastSpace := true
	for _, r := range q {
		f := foldRune(r)
		if f < 0 || (f == ' ' && lastSpace) {
			continue
		}
		lastSpace = f == ' '
		b.WriteRune(f)
	}
	return strings.TrimSpace(b.String())
}

// find returns the original span of the folded quote, searching from the
// original byte offset from.
func (n *normalizedText) find(quote string, from int) (start, end int, ok bool) {
	fq := foldQuote(quote)
	if len(fq) < minQuoteBytes {
		return 0, 0, false
	}
	nf := 0
	for nf < len(n.start) && n.start[nf] < from {
		nf++
	}
	i := strings.Index(n.text[nf:], fq)
	if i < 0 {
		return 0, 0, false
	}
	i += nf
	return n.start[i], n.end[i+len(fq)-1], true
}

// quotedInFeedback finds passages a judge put in quotation marks inside a
// feedback sentence ("you said “we fixed it”").
var quotedInFeedback = regexp.MustCompile(`"([^"]{8,})"|“([^”]{8,})”`)

// verifiedFeedbackItems keeps the feedback items whose quoted passages are
// all in the answer: written feedback that cites the answer must cite it
// truly.
func verifiedFeedbackItems(items []string, answer string) []string {
	var out []string
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		ok := true
		for _, m := range quotedInFeedback.FindAllStringSubmatch(it, -1) {
			q := m[1] + m[2]
			if len(locateQuotes(answer, []string{q})) == 0 {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, it)
		}
	}
	return out
}

package nlp

// Tag is a Penn Treebank part-of-speech tag, as prose's tagger assigns
// them. The zero Tag is Unknown.
type Tag uint8

// The tags. Punctuation tags are named after their mark.
const (
	Unknown    Tag = iota
	CC             // coordinating conjunction
	CD             // cardinal number
	DT             // determiner
	EX             // existential there
	FW             // foreign word
	IN             // preposition or subordinating conjunction
	JJ             // adjective
	JJR            // adjective, comparative
	JJS            // adjective, superlative
	LS             // list item marker
	MD             // modal
	NN             // noun, singular or mass
	NNS            // noun, plural
	NNP            // proper noun, singular
	NNPS           // proper noun, plural
	PDT            // predeterminer
	POS            // possessive ending
	PRP            // personal pronoun
	PRPS           // PRP$, possessive pronoun
	RB             // adverb
	RBR            // adverb, comparative
	RBS            // adverb, superlative
	RP             // particle
	SYM            // symbol
	TO             // to
	UH             // interjection
	VB             // verb, base form
	VBD            // verb, past tense
	VBG            // verb, gerund or present participle
	VBN            // verb, past participle
	VBP            // verb, non-3rd person singular present
	VBZ            // verb, 3rd person singular present
	WDT            // wh-determiner
	WP             // wh-pronoun
	WPS            // WP$, possessive wh-pronoun
	WRB            // wh-adverb
	Dollar         // $
	Pound          // #
	OpenQuote      // ``
	CloseQuote     // ''
	OpenParen      // (
	CloseParen     // )
	Comma          // ,
	Period         // . ! ?
	Colon          // : ; ...
	Hyphen         // "-", which prose tags as itself
	None           // -NONE-, a Treebank empty element
	Bracket        // a Treebank bracket token such as -LRB-, which prose tags as itself
	nTags
)

var tagNames = [nTags]string{
	Unknown: "", CC: "CC", CD: "CD", DT: "DT", EX: "EX", FW: "FW", IN: "IN", JJ: "JJ", JJR: "JJR",
	JJS: "JJS", LS: "LS", MD: "MD", NN: "NN", NNS: "NNS", NNP: "NNP", NNPS: "NNPS", PDT: "PDT",
	POS: "POS", PRP: "PRP", PRPS: "PRP$", RB: "RB", RBR: "RBR", RBS: "RBS", RP: "RP", SYM: "SYM",
	TO: "TO", UH: "UH", VB: "VB", VBD: "VBD", VBG: "VBG", VBN: "VBN", VBP: "VBP", VBZ: "VBZ",
	WDT: "WDT", WP: "WP", WPS: "WP$", WRB: "WRB", Dollar: "$", Pound: "#", OpenQuote: "``",
	CloseQuote: "''", OpenParen: "(", CloseParen: ")", Comma: ",", Period: ".", Colon: ":",
	Hyphen: "-", None: "-NONE-", Bracket: "-BRACKET-",
}

// String returns the Treebank name of the tag ("VBD", "PRP$", ",").
func (t Tag) String() string {
	if t < nTags {
		return tagNames[t]
	}
	return "Tag(?)"
}

// ParseTag returns the tag named s, or Unknown.
func ParseTag(s string) Tag {
	for t, n := range tagNames {
		if n == s && t != int(Unknown) {
			return Tag(t)
		}
	}
	return Unknown
}

// IsVerb reports a verb form, modals included: VB, VBD, VBG, VBN, VBP,
// VBZ, MD.
func (t Tag) IsVerb() bool { return t >= VB && t <= VBZ || t == MD }

// IsPastVerb reports a past tense or past participle: VBD, VBN.
func (t Tag) IsPastVerb() bool { return t == VBD || t == VBN }

// IsFiniteVerb reports a verb that can head a clause on its own: VBD, VBP,
// VBZ, MD.
func (t Tag) IsFiniteVerb() bool { return t == VBD || t == VBP || t == VBZ || t == MD }

// IsNoun reports a common or proper noun: NN, NNS, NNP, NNPS.
func (t Tag) IsNoun() bool { return t >= NN && t <= NNPS }

// IsProperNoun reports NNP or NNPS.
func (t Tag) IsProperNoun() bool { return t == NNP || t == NNPS }

// IsAdj reports an adjective: JJ, JJR, JJS.
func (t Tag) IsAdj() bool { return t >= JJ && t <= JJS }

// IsAdv reports an adverb: RB, RBR, RBS, WRB.
func (t Tag) IsAdv() bool { return t >= RB && t <= RBS || t == WRB }

// IsPronoun reports a pronoun: PRP, PRP$, WP, WP$.
func (t Tag) IsPronoun() bool { return t == PRP || t == PRPS || t == WP || t == WPS }

// IsDeterminer reports DT, PDT, WDT or a possessive pronoun (PRP$, WP$),
// the words that open a noun phrase.
func (t Tag) IsDeterminer() bool {
	return t == DT || t == PDT || t == WDT || t == PRPS || t == WPS
}

// IsPunct reports a punctuation tag.
func (t Tag) IsPunct() bool { return t >= Dollar && t <= Hyphen }

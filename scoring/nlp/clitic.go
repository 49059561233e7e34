package nlp

import "strings"

// CliticAt returns where prose's tokenizer cuts a clitic off a word, or -1:
// the byte index of "'ll", "'s", "'re" or "'m" (tried in that order,
// anywhere in the word, case ignored), else of "n't". "didn't" gives 3
// ("did" + "n't"), "they'll" 4, "it's" 2; a word that is only the clitic
// gives -1. The model was trained on words cut this way, so a caller whose
// tokenizer keeps "didn't" whole should pass the two parts to TagWords.
// prose reads a curly apostrophe (’) as "'"; CliticAt expects "'".
func CliticAt(word string) int {
	for _, c := range [...]string{"'ll", "'s", "'re", "'m", "n't"} {
		if len(word) <= len(c) {
			continue
		}
		if i := indexFold(word, c); i > 0 {
			return i
		} else if i == 0 {
			return -1
		}
	}
	return -1
}

// indexFold is strings.Index of an ASCII lower-case needle, ignoring the
// case of s.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

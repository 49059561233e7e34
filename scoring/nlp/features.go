package nlp

// Feature templates of prose's featurize, in the order the tagger adds
// them. gen_table.go holds a copy of these definitions: keep them in step.
const (
	featBias = iota
	featSuffix
	featPref1
	featTag1
	featTag2
	featTagTag
	featWord
	featTagWord
	featWord1
	featSuffix1
	featWord2
	featNextWord
	featNextSuffix
	featNextWord2
)

// The roles of a word record: the features of one word in the five word
// templates, some summed with the templates the tagger adds together for
// that word.
const (
	roleWord       = iota // i word
	roleWordCombo         // i word + i suffix + i pref1, for a word in lower case
	roleWord1Combo        // i-1 word + i-1 suffix
	roleWord2             // i-2 word
	roleNextCombo         // i+1 word + i+1 suffix
	roleNext2             // i+2 word
	nRoles
)

const tableMagic = "mockinterview-perceptron-3\n"

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashBytes is FNV-1a over s; the empty string hashes to 0.
func hashBytes(s []byte) uint64 {
	if len(s) == 0 {
		return 0
	}
	h := uint64(fnvOffset)
	for _, c := range s {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// featureKey combines a template and the hashes of its one or two parts
// (0 for a missing part) into the key of the weight table.
func featureKey(kind int, a, b uint64) uint64 {
	x := (a ^ uint64(kind+1)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	x ^= b * 0xc2b2ae3d27d4eb4f
	return x ^ x>>29
}

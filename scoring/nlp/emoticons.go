package nlp

// emoticons are the tokens prose tags SYM whatever the model says (its
// tokenize.go list).
var emoticons = map[string]struct{}{
	"(-8": {}, "(-;": {}, "(-_-)": {}, "(._.)": {}, "(:": {}, "(=": {}, "(o:": {}, "(¬_¬)": {},
	"(ಠ_ಠ)": {}, "(╯°□°）╯︵┻━┻": {}, "-__-": {}, "8-)": {}, "8-D": {}, "8D": {}, ":(": {},
	":((": {}, ":(((": {}, ":()": {}, ":)))": {}, ":-)": {}, ":-))": {}, ":-)))": {}, ":-*": {},
	":-/": {}, ":-X": {}, ":-]": {}, ":-o": {}, ":-p": {}, ":-x": {}, ":-|": {}, ":-}": {},
	":0": {}, ":3": {}, ":P": {}, ":]": {}, ":`(": {}, ":`)": {}, ":`-(": {}, ":o": {},
	":o)": {}, "=(": {}, "=)": {}, "=D": {}, "=|": {}, "@_@": {}, "O.o": {}, "O_o": {},
	"V_V": {}, "XDD": {}, "[-:": {}, "^___^": {}, "o_0": {}, "o_O": {}, "o_o": {}, "v_v": {},
	"xD": {}, "xDD": {}, "¯\\(ツ)/¯": {},
}

// emoticonFirst marks the first bytes of the emoticons, so most words skip
// the map lookup.
var emoticonFirst = func() (t [256]bool) {
	for e := range emoticons {
		t[e[0]] = true
	}
	return t
}()

func isEmoticon(w string) bool {
	if len(w) > 32 {
		return false
	}
	_, ok := emoticons[w]
	return ok
}

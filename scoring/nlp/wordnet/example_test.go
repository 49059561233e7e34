package wordnet_test

import (
	"fmt"

	"github.com/mockinterview/mockinterview/scoring/nlp/wordnet"
)

func ExampleRelated() {
	for _, p := range [][2]string{
		{"indexes", "indexing"},
		{"optimise", "optimize"},
		{"fast", "slow"},
		{"measure", "measurement"},
		{"dog", "animal"},
		{"latency", "cache"},
	} {
		fmt.Println(p[0], p[1], wordnet.Related(p[0], p[1]))
	}
	// Output:
	// indexes indexing same
	// optimise optimize synonym
	// fast slow antonym
	// measure measurement derived
	// dog animal hypernym
	// latency cache none
}

func ExampleBase() {
	fmt.Println(wordnet.Base("mice", wordnet.Noun), wordnet.Base("ran", wordnet.Verb), wordnet.Base("better", wordnet.Adj))
	fmt.Println(wordnet.POSOf("indexes"), wordnet.Lemma("leaves"))
	// Output:
	// mouse run good
	// noun|verb leave
}

// The scorer's pattern: precompute each distinct word's synset lists once,
// then match by intersection.
func ExampleFamily() {
	shares := func(a, b []uint32) bool {
		for _, x := range a {
			for _, y := range b {
				if x == y {
					return true
				}
			}
		}
		return false
	}
	fmt.Println(shares(wordnet.Family("optimisation"), wordnet.Family("optimized")))
	fmt.Println(shares(wordnet.Antonyms("increase"), wordnet.Synsets("decreased", wordnet.All)))
	// Output:
	// true
	// true
}

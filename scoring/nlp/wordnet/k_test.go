package wordnet

import (
	"flag"
	"os"
	"strings"
	"testing"
)

// intuitivePairs are word pairs an interviewer would call related, chosen
// without looking at WordNet; TestChooseK counts how many each K links.
var intuitivePairs = [][2]string{
	{"reduce", "lower"}, {"reduce", "cut"}, {"grow", "increase"}, {"improve", "enhance"},
	{"bug", "defect"}, {"bug", "error"}, {"mistake", "error"}, {"problem", "issue"},
	{"solve", "resolve"}, {"fix", "solve"}, {"check", "verify"}, {"test", "verify"},
	{"build", "construct"}, {"customer", "client"}, {"goal", "objective"}, {"result", "outcome"},
	{"task", "assignment"}, {"conflict", "disagreement"}, {"lead", "manage"}, {"team", "group"},
	{"latency", "delay"}, {"fast", "rapid"}, {"slow", "sluggish"}, {"communicate", "communication"},
	{"deploy", "deployment"}, {"scale", "scalability"}, {"learn", "study"}, {"server", "computer"},
	{"decide", "decision"}, {"measure", "metric"}, {"estimate", "estimation"}, {"prioritize", "priority"},
	{"succeed", "success"}, {"fail", "succeed"}, {"expensive", "cheap"}, {"simple", "complex"},
	{"start", "finish"}, {"accept", "reject"}, {"increase", "drop"}, {"improve", "worsen"},
}

var kTables = flag.String("wordnet.ktables", "", "comma-separated tables generated with different -k, for TestChooseK")

// TestChooseK compares tables built with different K: how many of
// relatedCases find their relation (any, when WordNet links them), and how
// often two frequent words picked at random are related at all. It backs
// the choice of K in docs/wordnet.md:
//
//	for k in 1 2 3 4 5; do go run ./gen -k $k -o /tmp/wn$k.bin.gz; done
//	go test -run TestChooseK -v -wordnet.ktables=/tmp/wn1.bin.gz,...,/tmp/wn5.bin.gz .
func TestChooseK(t *testing.T) {
	if *kTables == "" {
		t.Skip("no -wordnet.ktables")
	}
	for _, path := range strings.Split(*kTables, ",") {
		gz, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := decode(gz)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		exact, linked, want := 0, 0, 0
		for _, c := range relatedCases {
			got := tb.relate(c.a, c.b)
			if got == c.want {
				exact++
			}
			if c.want != None {
				want++
				if got != None {
					linked++
				}
			}
		}
		intuitive := 0
		for _, p := range intuitivePairs {
			if r := tb.relate(p[0], p[1]); r != None {
				intuitive++
			} else if tb.k == K {
				t.Logf("K=%d: %s/%s not linked", tb.k, p[0], p[1])
			}
		}
		// Frequent lemmas: a first sense tagged at least 20 times in SemCor.
		var common []string
		for i := range tb.bits {
			for p := range 4 {
				if tb.freq[i][p] >= 20 && !strings.Contains(tb.lemma(uint32(i)), " ") {
					common = append(common, tb.lemma(uint32(i)))
					break
				}
			}
		}
		const pairs = 20000
		var byRel [Hypernym + 1]int
		x := uint64(1)
		for range pairs {
			x = x*6364136223846793005 + 1442695040888963407
			a := common[(x>>33)%uint64(len(common))]
			x = x*6364136223846793005 + 1442695040888963407
			b := common[(x>>33)%uint64(len(common))]
			byRel[tb.relate(a, b)]++
		}
		t.Logf("K=%d: %d/%d cases exact, %d/%d linked pairs found, %d/%d intuitive pairs linked; %d random pairs of %d frequent words: synonym %d antonym %d derived %d hypernym %d (%.2f%% related)",
			tb.k, exact, len(relatedCases), linked, want, intuitive, len(intuitivePairs), pairs, len(common),
			byRel[Synonym], byRel[Antonym], byRel[Derived], byRel[Hypernym],
			100*float64(pairs-byRel[None]-byRel[Same])/pairs)
	}
}

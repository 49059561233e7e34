package wordnet

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestMorphology(t *testing.T) {
	tests := []struct {
		word  string
		pos   POS
		noun  string // Base(word, Noun)
		verb  string
		adj   string
		lemma string
	}{
		{"indexes", Noun | Verb, "index", "index", "", "index"},
		{"indexed", Verb, "", "index", "", "index"},
		{"indexing", Noun | Verb, "indexing", "index", "", "indexing"}, // noun sense is tagged more often
		{"ran", Verb, "", "run", "", "run"},
		{"running", Noun | Verb | Adj, "running", "run", "running", "run"},
		{"mice", Noun, "mouse", "", "", "mouse"},
		{"geese", Noun, "goose", "", "", "goose"},
		{"children", Noun, "child", "", "", "child"},
		{"better", All, "better", "better", "good", "good"},
		{"best", All, "best", "best", "good", "good"},
		{"worse", Noun | Adj | Adv, "worse", "", "bad", "bad"},
		{"went", Verb, "", "go", "", "go"},
		{"gone", Verb | Adj, "", "go", "gone", "go"},
		{"was", Verb, "", "be", "", "be"}, // not the noun "wa" (Washington)
		{"is", Verb, "", "be", "", "be"},
		{"does", Noun | Verb, "doe", "do", "", "do"},
		{"bought", Verb, "", "buy", "", "buy"},
		{"written", Verb | Adj, "", "write", "written", "write"},
		{"stopped", Verb | Adj, "", "stop", "stopped", "stop"},
		{"programmed", Verb, "", "program", "", "program"}, // doubled consonant rule
		{"bigger", Adj, "", "", "big", "big"},
		{"happier", Adj, "", "", "happy", "happy"},
		{"queries", Noun | Verb, "query", "query", "", "query"},
		{"boxes", Noun | Verb, "box", "box", "", "box"},
		{"churches", Noun | Verb, "church", "church", "", "church"},
		{"women", Noun, "woman", "", "", "woman"},
		{"analyses", Noun | Verb, "analysis", "analyse", "", "analysis"},
		{"analysed", Verb | Adj, "", "analyse", "analyzed", "analyse"}, // only the -yzed adjective exists
		{"analyzing", Verb, "", "analyze", "", "analyze"},
		{"optimised", Verb, "", "optimise", "", "optimise"},
		{"optimizing", Verb, "", "optimize", "", "optimize"},
		{"optimization", Noun, "optimization", "", "", "optimization"},
		{"deployments", Noun, "deployment", "", "", "deployment"},
		{"caches", Noun | Verb, "cache", "cache", "", "cache"},
		{"latencies", Noun, "latency", "", "", "latency"},
		{"measured", Verb | Adj, "", "measure", "measured", "measure"},
		{"failures", Noun, "failure", "", "", "failure"},
		{"quickly", Adv, "", "", "", "quickly"},
		{"faster", Adj | Adv, "", "", "fast", "fast"},
		{"data", Noun, "data", "", "", "data"}, // a noun lemma itself: not "datum"
		{"media", Noun, "medium", "", "", "medium"},
		{"found", Noun | Verb | Adj, "found", "find", "found", "find"},
		{"saw", Noun | Verb, "saw", "see", "", "see"},
		{"cut_down", Verb, "", "cut down", "", "cut down"},
		{"cutting down", Verb, "", "cut down", "", "cut down"},
		{"field mice", Noun, "field mouse", "", "", "field mouse"}, // through the head word
		{"computer programs", Noun, "computer program", "", "", "computer program"},
		{"load balancers", 0, "", "", "", "load balancers"}, // not in WordNet
		{"Dogs", Noun | Verb, "dog", "dog", "", "dog"},
		{"colourised", Verb, "", "colourise", "", "colourise"},
		{"behaviours", Noun, "behaviour", "", "", "behaviour"},       // WordNet lists many British forms
		{"parallelised", Verb, "", "parallelize", "", "parallelize"}, // spelling fallback: no "parallelise"
		{"xyzzyq", 0, "", "", "", "xyzzyq"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := POSOf(tt.word); got != tt.pos {
				t.Errorf("POSOf(%q) = %v; want %v", tt.word, got, tt.pos)
			}
			for _, c := range []struct {
				pos  POS
				want string
			}{{Noun, tt.noun}, {Verb, tt.verb}, {Adj, tt.adj}} {
				if got := Base(tt.word, c.pos); got != c.want {
					t.Errorf("Base(%q, %v) = %q; want %q", tt.word, c.pos, got, c.want)
				}
			}
			if got := Lemma(tt.word); got != tt.lemma {
				t.Errorf("Lemma(%q) = %q; want %q", tt.word, got, tt.lemma)
			}
		})
	}
}

// relatedCases are pairs with the relation WordNet 3.0 gives them at K=3;
// the comments say where intuition and WordNet disagree.
var relatedCases = []struct {
	a, b string
	want Relation
}{
	{"index", "index", Same},
	{"index", "indexing", Same}, // "indexing" is also a form of the verb
	{"indexes", "indexed", Same},
	{"ran", "running", Same},
	{"mice", "mouse", Same},
	{"optimise", "optimize", Synonym},
	{"optimisation", "optimization", Synonym},
	{"decrease", "reduce", Hypernym}, // reduce is a kind of decrease (verb)
	{"fix", "repair", Synonym},
	{"check", "verify", Hypernym}, // not synonyms in WordNet
	{"begin", "start", Synonym},
	{"quick", "fast", Synonym}, // satellite of the head "fast"
	{"big", "large", Synonym},
	{"large", "huge", Synonym}, // head and satellite
	{"quick", "rapid", None},   // two satellites of "fast": not linked, or
	{"five", "eight", None},    // every number (satellites of "cardinal") would be a synonym
	{"red", "brown", None},     // and every colour (of "chromatic")
	{"error", "mistake", Synonym},
	{"fast", "slow", Antonym},
	{"quick", "slow", Antonym}, // through the head "fast"
	{"slow", "quick", Antonym},
	{"quick", "sluggish", None}, // two similar-to hops: quick -> fast ! slow -> sluggish
	{"three", "first", None},    // cardinal ! ordinal, each through a hop
	{"slow", "rapid", Antonym},
	{"increase", "decrease", Antonym},
	{"increased", "decreasing", Antonym},
	{"success", "failure", Antonym},
	{"succeed", "fail", Antonym},
	{"open", "closed", Antonym},
	{"good", "bad", Antonym},
	{"optimize", "optimization", Derived},
	{"optimization", "optimize", Derived},
	{"measure", "measurement", Derived},
	{"fail", "failure", Derived},
	{"deploy", "deployment", Derived},
	{"scale", "scalability", None}, // WordNet has no derivation link
	{"dog", "animal", Hypernym},    // via domestic animal
	{"animal", "dog", Hypernym},
	{"dog", "canine", Hypernym},
	{"einstein", "physicist", Hypernym}, // instance hypernym
	{"car", "vehicle", Hypernym},
	{"latency", "cache", None},
	{"reduce", "lower", None}, // no shared top sense, no pointer
	{"database", "table", None},
	{"bug", "error", None}, // bug -> defect -> imperfection; error is elsewhere
	{"improve", "better", Synonym},
	{"test", "examination", Synonym},
	{"xyzzyq", "xyzzyq", Same},
	{"xyzzyq", "dog", None},
}

func TestRelated(t *testing.T) {
	for _, tt := range relatedCases {
		if got := Related(tt.a, tt.b); got != tt.want {
			t.Errorf("Related(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Related(tt.b, tt.a); got != tt.want {
			t.Errorf("Related(%q, %q) = %v; want %v (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestTableMatchesK(t *testing.T) {
	if got := get().k; got != K {
		t.Fatalf("embedded table keeps %d senses; K = %d (regenerate with -k %d or change K)", got, K, K)
	}
}

func TestSynsets(t *testing.T) {
	if got := Synsets("dog", Noun); len(got) != K {
		t.Errorf("len(Synsets(dog, Noun)) = %d; want %d", len(got), K)
	}
	n, v := Synsets("indexes", Noun), Synsets("indexes", Verb)
	all := Synsets("indexes", All)
	if !slices.Equal(all, append(slices.Clone(n), v...)) {
		t.Errorf("Synsets(indexes, All) = %v; want nouns %v then verbs %v", all, n, v)
	}
	// "better": noun and verb senses of "better", adjective senses of "good".
	if got, want := Synsets("better", Adj), Synsets("good", Adj); !slices.Equal(got, want) {
		t.Errorf("Synsets(better, Adj) = %v; want Synsets(good, Adj) %v", got, want)
	}
	mixed := Synsets("better", Noun|Adj)
	if len(mixed) != len(Synsets("better", Noun))+len(Synsets("good", Adj)) {
		t.Errorf("Synsets(better, Noun|Adj) = %v; want noun senses of better and adjective senses of good", mixed)
	}
	if got := Synsets("xyzzyq", All); got != nil {
		t.Errorf("Synsets(xyzzyq, All) = %v; want nil", got)
	}
}

func intersects(a, b []uint32) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func TestFamilyAndAntonyms(t *testing.T) {
	for _, w := range []string{"optimize", "failure", "fast", "index", "slow"} {
		f := Family(w)
		if !slices.IsSorted(f) || len(slices.Compact(slices.Clone(f))) != len(f) {
			t.Errorf("Family(%q) = %v; want sorted and unique", w, f)
		}
		a := Antonyms(w)
		if !slices.IsSorted(a) {
			t.Errorf("Antonyms(%q) = %v; want sorted", w, a)
		}
	}
	family := []struct {
		a, b string
		want bool
	}{
		{"optimisation", "optimize", true},
		{"measurement", "measured", true},
		{"failure", "fail", true},
		{"latency", "cache", false},
	}
	for _, tt := range family {
		if got := intersects(Family(tt.a), Family(tt.b)); got != tt.want {
			t.Errorf("Family(%q) ∩ Family(%q) non-empty = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
	antonyms := []struct {
		a, b string
		want bool
	}{
		{"fast", "slow", true},
		{"slow", "quick", true},
		{"increase", "decrease", true},
		{"success", "failure", true},
		{"fast", "quick", false},
	}
	for _, tt := range antonyms {
		if got := intersects(Antonyms(tt.a), Synsets(tt.b, All)); got != tt.want {
			t.Errorf("Antonyms(%q) ∩ Synsets(%q) non-empty = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestAllocationFree(t *testing.T) {
	get()
	checks := map[string]func(){
		"POSOf":    func() { POSOf("indexes") },
		"Base":     func() { Base("analysed", Verb) },
		"Lemma":    func() { Lemma("better") },
		"Synsets":  func() { Synsets("indexes", All) },
		"Related":  func() { Related("quick", "slow") },
		"Family":   func() { Family("optimisation") },
		"Antonyms": func() { Antonyms("increase") },
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per call; want 0", name, n)
		}
	}
}

// TestTableIsRegenerated checks that the generator, run on the installed
// WordNet, reproduces the committed table byte for byte.
func TestTableIsRegenerated(t *testing.T) {
	const dict = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(dict, "data.noun")); err != nil {
		t.Skip("WordNet not installed at", dict)
	}
	if testing.Short() {
		t.Skip("runs the generator")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out := filepath.Join(t.TempDir(), "wordnet.bin.gz")
	cmd := exec.Command(goBin, "run", "./gen", "-dict", dict, "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, tableGz) {
		t.Errorf("regenerated table (%d bytes) differs from wordnet.bin.gz (%d bytes); run go generate", len(got), len(tableGz))
	}
}

// TestDecodeSurvivesDamage flips bytes of the inflated table at spread-out
// places: decode must return an error or a table, never panic.
func TestDecodeSurvivesDamage(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes the table eight times")
	}
	raw, err := gunzip(tableGz)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 8; i++ {
		bad := slices.Clone(raw)
		at := len(bad) * i / 9
		bad[at] ^= 0xa5 // i/9 of the way in
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(bad)
		zw.Close()
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("decode(table with byte %d flipped) panicked: %v", at, r)
				}
			}()
			decode(z.Bytes())
		}()
	}
}

func TestDecodeRejectsCorruptTable(t *testing.T) {
	if _, err := decode(tableGz[:len(tableGz)/2]); err == nil {
		t.Error("decode(truncated table) succeeded; want an error")
	}
	if _, err := decode([]byte("not gzip")); err == nil {
		t.Error("decode(garbage) succeeded; want an error")
	}
}

// FuzzRelated checks that any input is handled and that Related does not
// depend on argument order.
func FuzzRelated(f *testing.F) {
	for _, c := range relatedCases {
		f.Add(c.a, c.b)
	}
	f.Add("Optimisations", "optimized")
	f.Add("", "a")
	f.Add("cut_down", "cut down")
	f.Add("ééé", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		if ab, ba := Related(a, b), Related(b, a); ab != ba {
			t.Errorf("Related(%q, %q) = %v but Related(%q, %q) = %v", a, b, ab, b, a, ba)
		}
		POSOf(a)
		Lemma(a)
		Synsets(a, Noun|Adj)
		Family(a)
		Antonyms(a)
	})
}

package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/mockinterview/mockinterview/questions"
)

// The agreement tests compare TagWords with prose's own tagger on the
// tokens prose's tokenizer makes, the whole text as one sentence (prose
// with segmentation off does the same).
//
// prose's tokenizer caches the tokens of each whitespace-separated span
// and hands out the same *Token again when the span repeats, so the tag it
// reports for a repeated span is the tag of its last occurrence: the
// earlier ones are overwritten. The tagger itself decodes every position
// (the overwritten tag is still its context for the next words). So the
// comparison looks at the positions whose tag prose reports as decoded:
// a token that is not reused later.

var (
	proseOnce  sync.Once
	proseModel *prose.Model
)

func proseTagger() *prose.Model {
	proseOnce.Do(func() { proseModel = prose.ModelFromData("agreement") })
	return proseModel
}

// proseTags returns prose's tokens of text and their tags, and whether
// each tag is the one prose decoded there (the token is not reused later).
func proseTags(t testing.TB, text string) (words, tags []string, decoded []bool) {
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithExtraction(false),
		prose.UsingModel(proseTagger()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range doc.Tokens() {
		words = append(words, tok.Text)
		tags = append(tags, tok.Tag)
	}
	// The *Token pointers, read from the unexported field.
	ptrs := reflect.ValueOf(doc).Elem().FieldByName("tokens")
	if ptrs.Len() != len(words) {
		t.Fatalf("prose document has %d token pointers for %d tokens", ptrs.Len(), len(words))
	}
	last := map[uintptr]int{}
	for i := range words {
		last[ptrs.Index(i).Pointer()] = i
	}
	decoded = make([]bool, len(words))
	for i := range words {
		decoded[i] = last[ptrs.Index(i).Pointer()] == i
	}
	return words, tags, decoded
}

// agreement tags the texts both ways and returns the tokens compared and
// those that differ; it logs the first few differences.
func agreement(t *testing.T, texts []string) (total, differ int) {
	logged := 0
	var out []Tag
	for _, text := range texts {
		words, want, decoded := proseTags(t, text)
		out = append(out[:0], make([]Tag, len(words))...)
		TagWords(words, out)
		for i := range words {
			if !decoded[i] {
				continue
			}
			total++
			if out[i].String() != want[i] && !(out[i] == Bracket && want[i] == words[i]) {
				differ++
				if logged < 20 {
					logged++
					lo, hi := max(0, i-3), min(len(words), i+4)
					t.Logf("TagWords %q at %q: %s; prose %s", strings.Join(words[lo:hi], " "), words[i], out[i], want[i])
				}
			}
		}
	}
	return total, differ
}

func bankTexts(t *testing.T) []string {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, role := range bank.Roles() {
		for _, q := range bank.Questions(role.ID) {
			for _, s := range []string{q.Text, q.Tips, q.ReferenceAnswer} {
				if s != "" {
					texts = append(texts, s)
				}
			}
		}
	}
	return texts
}

func semevalTexts(t *testing.T) []string {
	files, _ := filepath.Glob("/work/wt/shared/data/semeval2013/*.jsonl")
	var texts []string
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var line struct {
				Answer string `json:"answer"`
			}
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			texts = append(texts, line.Answer)
		}
		r.Close()
	}
	return texts
}

func checkAgreement(t *testing.T, texts []string) {
	total, differ := agreement(t, texts)
	if total == 0 {
		t.Fatal("no tokens compared")
	}
	agree := 1 - float64(differ)/float64(total)
	t.Logf("%d texts, %d tokens, %d differ: agreement %.4f%%", len(texts), total, differ, 100*agree)
	if agree < 0.995 {
		t.Errorf("agreement with prose %.4f%%; want >= 99.5%%", 100*agree)
	}
}

func TestAgreementBank(t *testing.T) {
	checkAgreement(t, bankTexts(t))
}

func TestAgreementSemEval(t *testing.T) {
	texts := semevalTexts(t)
	if len(texts) == 0 {
		t.Skip("SemEval-2013 answers not found under /work/wt/shared/data/semeval2013")
	}
	checkAgreement(t, texts)
}

// proseDir is where the prose module lives in the module cache.
func proseDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/jdkato/prose/v2").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("prose module not in the module cache: %v", err)
	}
	return dir
}

// TestTreebank scores TagWords against the gold Treebank tags prose ships
// in its testdata; prose's own test wants at least 0.957477.
func TestTreebank(t *testing.T) {
	dir := proseDir(t)
	var toks []struct {
		Text string `json:"text"`
	}
	var gold []string
	for name, v := range map[string]any{"treebank_tokens.json": &toks, "treebank_tags.json": &gold} {
		b, err := os.ReadFile(filepath.Join(dir, "testdata", name))
		if err != nil {
			t.Skip(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	words := make([]string, len(toks))
	for i, tok := range toks {
		words[i] = tok.Text
	}
	out := make([]Tag, len(words))
	TagWords(words, out)
	correct := 0
	for i, g := range gold {
		if out[i].String() == g || out[i] == Bracket && g == words[i] {
			correct++
		}
	}
	acc := float64(correct) / float64(len(gold))
	t.Logf("Treebank sample: %d tokens, accuracy %.4f%%", len(gold), 100*acc)
	if acc < 0.957477 {
		t.Errorf("Treebank accuracy %.4f; want >= 0.957477 (prose's baseline)", acc)
	}
}

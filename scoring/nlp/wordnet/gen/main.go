// Command gen builds the compact WordNet table that package wordnet embeds.
//
// It reads the Princeton WordNet 3.0 database files (index.*, data.*, *.exc,
// cntlist.rev) from -dict, keeps only what the package's API needs (lemmas,
// the first -k senses per lemma and part of speech, hypernym, similar-to,
// antonym and derivation pointers, the exception lists and one frequency per
// lemma and POS) and writes them gzip-compressed to -o. The output depends
// only on the input files: running it twice gives the same bytes.
//
//	go run ./gen -dict /usr/share/wordnet -o wordnet.bin.gz
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Parts of speech in table order; the satellite adjective ('s') is folded
// into adjective.
const (
	pNoun = iota
	pVerb
	pAdj
	pAdv
	nPOS
)

var posNames = [nPOS]string{"noun", "verb", "adj", "adv"}

func posIndex(c byte) int {
	switch c {
	case 'n':
		return pNoun
	case 'v':
		return pVerb
	case 'a', 's':
		return pAdj
	case 'r':
		return pAdv
	}
	return -1
}

const magic = "WN30T3\n"

var sizes bool

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "WordNet 3.0 dict directory")
	out := flag.String("o", "wordnet.bin.gz", "output file")
	k := flag.Int("k", 3, "senses kept per lemma and part of speech")
	flag.BoolVar(&sizes, "sizes", false, "report the compressed size of each section")
	flag.Parse()
	if err := run(*dict, *out, *k); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dict, out string, k int) error {
	if k < 1 || k > 15 {
		return fmt.Errorf("k %d out of range 1..15", k)
	}
	db, err := load(dict)
	if err != nil {
		return err
	}
	raw := db.encode(k)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	// The zero header (no name, no mtime) keeps the output deterministic.
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d lemmas, %d synsets, %d bytes raw, %d bytes gzip -> %s\n",
		len(db.lemmas), len(db.synsets), len(raw), buf.Len(), out)
	return nil
}

type pointer struct {
	sym    string
	target int // synset number
	src    int // source word number in the synset, 0 for the whole synset
	dst    int // target word number, 0 for the whole synset
}

type synset struct {
	pos   int
	sat   bool
	words []string // lower-case, spaces for underscores
	ptrs  []pointer
}

type lemmaEntry struct {
	senses [nPOS][]int // synset numbers in sense order, all senses
	freq   [nPOS]int   // tag count of the most frequent sense
}

type database struct {
	synsets []synset
	byKey   map[[2]int]int // (pos, offset) -> synset number
	lemmas  []string       // sorted
	lemma   map[string]*lemmaEntry
	exc     [nPOS]map[string][]string
}

func normWord(w string) string {
	// Adjective position markers such as "(a)", "(p)", "(ip)".
	if i := strings.IndexByte(w, '('); i > 0 {
		w = w[:i]
	}
	return strings.ReplaceAll(strings.ToLower(w), "_", " ")
}

func load(dict string) (*database, error) {
	db := &database{byKey: map[[2]int]int{}, lemma: map[string]*lemmaEntry{}}
	// Number the synsets densely: noun, verb, adjective, adverb, each by offset
	// (the order of the data files).
	type rawPtr struct {
		sym     string
		pos     int
		offset  int
		srcDst  string
		fromIdx int
	}
	var pending [][]rawPtr
	for p := 0; p < nPOS; p++ {
		f, err := os.Open(filepath.Join(dict, "data."+posNames[p]))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") {
				continue // license header
			}
			if i := strings.Index(line, " | "); i >= 0 {
				line = line[:i]
			}
			fs := strings.Fields(line)
			off, err := strconv.Atoi(fs[0])
			if err != nil {
				return nil, fmt.Errorf("data.%s: bad offset %q", posNames[p], fs[0])
			}
			ss := synset{pos: p, sat: fs[2] == "s"}
			wc, _ := strconv.ParseInt(fs[3], 16, 32)
			i := 4
			for j := 0; j < int(wc); j++ {
				ss.words = append(ss.words, normWord(fs[i]))
				i += 2
			}
			pc, _ := strconv.Atoi(fs[i])
			i++
			var rp []rawPtr
			for j := 0; j < pc; j++ {
				o, _ := strconv.Atoi(fs[i+1])
				rp = append(rp, rawPtr{sym: fs[i], pos: posIndex(fs[i+2][0]), offset: o, srcDst: fs[i+3]})
				i += 4
			}
			db.byKey[[2]int{p, off}] = len(db.synsets)
			db.synsets = append(db.synsets, ss)
			pending = append(pending, rp)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	for n, rps := range pending {
		for _, r := range rps {
			switch r.sym {
			case "@", "@i", "!", "&", "+":
			default:
				continue
			}
			t, ok := db.byKey[[2]int{r.pos, r.offset}]
			if !ok {
				return nil, fmt.Errorf("dangling pointer to %d/%08d", r.pos, r.offset)
			}
			sd, _ := strconv.ParseUint(r.srcDst, 16, 16)
			db.synsets[n].ptrs = append(db.synsets[n].ptrs, pointer{sym: r.sym, target: t, src: int(sd >> 8), dst: int(sd & 0xff)})
		}
	}

	for p := 0; p < nPOS; p++ {
		f, err := os.Open(filepath.Join(dict, "index."+posNames[p]))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") {
				continue
			}
			fs := strings.Fields(line)
			lem := normWord(fs[0])
			syncnt, _ := strconv.Atoi(fs[2])
			pcnt, _ := strconv.Atoi(fs[3])
			offs := fs[4+pcnt+2:]
			if len(offs) != syncnt {
				return nil, fmt.Errorf("index.%s: %q: %d offsets, want %d", posNames[p], fs[0], len(offs), syncnt)
			}
			e := db.lemma[lem]
			if e == nil {
				e = &lemmaEntry{}
				db.lemma[lem] = e
			}
			for _, o := range offs {
				off, _ := strconv.Atoi(o)
				n, ok := db.byKey[[2]int{p, off}]
				if !ok {
					return nil, fmt.Errorf("index.%s: %q: unknown synset %s", posNames[p], fs[0], o)
				}
				e.senses[p] = append(e.senses[p], n)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	for l := range db.lemma {
		db.lemmas = append(db.lemmas, l)
	}
	slices.Sort(db.lemmas)

	// cntlist.rev: "lemma%ss_type:lex_filenum:lex_id:head:head_id sense_number tag_cnt".
	if f, err := os.Open(filepath.Join(dict, "cntlist.rev")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) != 3 {
				continue
			}
			pct := strings.IndexByte(fs[0], '%')
			if pct < 0 || pct+1 >= len(fs[0]) {
				continue
			}
			e := db.lemma[normWord(fs[0][:pct])]
			if e == nil {
				continue
			}
			p := -1
			switch fs[0][pct+1] {
			case '1':
				p = pNoun
			case '2':
				p = pVerb
			case '3', '5':
				p = pAdj
			case '4':
				p = pAdv
			}
			c, _ := strconv.Atoi(fs[2])
			if p >= 0 && c > e.freq[p] {
				e.freq[p] = c
			}
		}
		f.Close()
	} else {
		return nil, err
	}

	for p := 0; p < nPOS; p++ {
		db.exc[p] = map[string][]string{}
		data, err := os.ReadFile(filepath.Join(dict, posNames[p]+".exc"))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			fs := strings.Fields(line)
			if len(fs) < 2 {
				continue
			}
			w := normWord(fs[0])
			for _, b := range fs[1:] {
				b = normWord(b)
				// Keep only bases that morphy would accept: lemmas of this POS.
				if e := db.lemma[b]; e != nil && len(e.senses[p]) > 0 && !slices.Contains(db.exc[p][w], b) {
					db.exc[p][w] = append(db.exc[p][w], b)
				}
			}
		}
	}
	return db, nil
}

// wordIndex is the 1-based position of lemma in synset n, or 0.
func (db *database) wordIndex(n int, lemma string) int {
	for i, w := range db.synsets[n].words {
		if w == lemma {
			return i + 1
		}
	}
	return 0
}

type writer struct {
	b     []byte
	marks []mark
}

type mark struct {
	name string
	at   int
}

// section starts a named section, for the -sizes report.
func (w *writer) section(name string) { w.marks = append(w.marks, mark{name, len(w.b)}) }

func (w *writer) uv(v int) {
	if v < 0 {
		panic("negative uvarint")
	}
	w.b = binary.AppendUvarint(w.b, uint64(v))
}
func (w *writer) sv(v int)     { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *writer) str(s string) { w.uv(len(s)); w.b = append(w.b, s...) }

// ids writes a count and the numbers as deltas from base.
func (w *writer) ids(base int, xs []int) {
	w.uv(len(xs))
	prev := base
	for _, x := range xs {
		w.sv(x - prev)
		prev = x
	}
}

func sortedUnique(xs []int) []int {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// encode lays the table out section by section so that similar numbers sit
// together and compress well. The layout is documented in ../table.go.
func (db *database) encode(k int) []byte {
	lemmaID := make(map[string]int, len(db.lemmas))
	for i, l := range db.lemmas {
		lemmaID[l] = i
	}
	var perPOS, posStart [nPOS]int
	for _, s := range db.synsets {
		perPOS[s.pos]++
	}
	for p := 1; p < nPOS; p++ {
		posStart[p] = posStart[p-1] + perPOS[p-1]
	}

	// Hypernyms and instance hypernyms (noun, verb) or similar-to
	// (adjective) per synset.
	rel := make([][]int, len(db.synsets))
	for n, s := range db.synsets {
		for _, p := range s.ptrs {
			switch {
			case (p.sym == "@" || p.sym == "@i") && (s.pos == pNoun || s.pos == pVerb),
				p.sym == "&" && s.pos == pAdj:
				rel[n] = append(rel[n], p.target)
			}
		}
		rel[n] = sortedUnique(rel[n])
	}

	top := func(e *lemmaEntry, p int) []int { return e.senses[p][:min(k, len(e.senses[p]))] }

	// Derivationally related lemmas: targets of "+" pointers whose source is
	// the lemma in one of its top senses.
	der := make([][]int, len(db.lemmas))
	// Antonyms: for each top sense, the targets of "!" pointers from the
	// lemma, an adjective head target with its satellites ("fast" gets
	// "slow" and "sluggish"); for an adjective satellite, the antonym heads
	// of its head ("quick" gets "slow", not "sluggish": one similar-to hop
	// in all, so the ordinal "first" and the cardinal "three" are not
	// antonyms).
	ant := make([][]int, len(db.lemmas))
	for i, l := range db.lemmas {
		e := db.lemma[l]
		addAnt := func(t int, satellites bool) {
			ant[i] = append(ant[i], t)
			if ts := db.synsets[t]; satellites && ts.pos == pAdj && !ts.sat {
				for _, p := range ts.ptrs {
					if p.sym == "&" {
						ant[i] = append(ant[i], p.target)
					}
				}
			}
		}
		for p := 0; p < nPOS; p++ {
			for _, n := range top(e, p) {
				s := db.synsets[n]
				wi := db.wordIndex(n, l)
				for _, ptr := range s.ptrs {
					switch {
					case ptr.sym == "+" && ptr.src == wi:
						t := db.synsets[ptr.target].words[ptr.dst-1]
						if id, ok := lemmaID[t]; ok && id != i {
							der[i] = append(der[i], id)
						}
					case ptr.sym == "!" && (ptr.src == wi || ptr.src == 0):
						addAnt(ptr.target, true)
					}
				}
				if !s.sat {
					continue
				}
				for _, hp := range s.ptrs {
					if hp.sym != "&" {
						continue
					}
					for _, ptr := range db.synsets[hp.target].ptrs {
						if ptr.sym == "!" {
							addAnt(ptr.target, false)
						}
					}
				}
			}
		}
		der[i] = sortedUnique(der[i])
		ant[i] = sortedUnique(ant[i])
	}

	// Totals let the decoder allocate every array once.
	var textLen, relLen, senLen, derLen, antLen int
	for _, l := range db.lemmas {
		textLen += len(l)
		for p := 0; p < nPOS; p++ {
			senLen += len(top(db.lemma[l], p))
		}
	}
	for _, r := range rel {
		relLen += len(r)
	}
	for i := range db.lemmas {
		derLen += len(der[i])
		antLen += len(ant[i])
	}

	if len(db.synsets) >= 1<<24 {
		panic("synset ids no longer fit three bytes")
	}
	w := &writer{}
	w.b = append(w.b, magic...)
	w.uv(k)
	for _, c := range perPOS {
		w.uv(c)
	}
	w.uv(len(db.lemmas))
	for _, v := range []int{textLen, relLen, senLen, derLen, antLen} {
		w.uv(v)
	}

	w.section("synset relations")
	for n, s := range db.synsets {
		if s.pos != pAdv {
			w.ids(n, rel[n])
		}
	}

	w.section("lemmas")
	prev := ""
	for _, l := range db.lemmas {
		c := 0
		for c < len(l) && c < len(prev) && l[c] == prev[c] {
			c++
		}
		w.uv(c)
		w.str(l[c:])
		prev = l
	}

	w.section("pos bits")
	for _, l := range db.lemmas {
		e := db.lemma[l]
		bits := 0
		for p := 0; p < nPOS; p++ {
			if len(e.senses[p]) > 0 {
				bits |= 1 << p
			}
		}
		w.b = append(w.b, byte(bits))
	}
	// Sense ids are close to random, so they go as three byte planes
	// (high, middle, low), which gzip packs better than varints.
	w.section("senses")
	var planes [3][]byte
	for _, l := range db.lemmas {
		e := db.lemma[l]
		for p := 0; p < nPOS; p++ {
			if len(e.senses[p]) > 0 {
				w.b = append(w.b, byte(len(top(e, p))))
				for _, x := range top(e, p) {
					planes[0] = append(planes[0], byte(x>>16))
					planes[1] = append(planes[1], byte(x>>8))
					planes[2] = append(planes[2], byte(x))
				}
			}
		}
	}
	for _, pl := range planes {
		w.b = append(w.b, pl...)
	}
	w.section("frequencies")
	for _, l := range db.lemmas {
		e := db.lemma[l]
		for p := 0; p < nPOS; p++ {
			if len(e.senses[p]) > 0 {
				w.uv(e.freq[p])
			}
		}
	}
	w.section("derived")
	for i := range db.lemmas {
		w.ids(i, der[i])
	}
	w.section("antonyms")
	for i := range db.lemmas {
		w.ids(0, ant[i])
	}

	w.section("exceptions")
	for p := 0; p < nPOS; p++ {
		forms := make([]string, 0, len(db.exc[p]))
		for f := range db.exc[p] {
			forms = append(forms, f)
		}
		slices.Sort(forms)
		w.uv(len(forms))
		prev := ""
		for _, f := range forms {
			c := 0
			for c < len(f) && c < len(prev) && f[c] == prev[c] {
				c++
			}
			w.uv(c)
			w.str(f[c:])
			prev = f
			bases := db.exc[p][f]
			w.uv(len(bases))
			for _, b := range bases {
				w.uv(lemmaID[b])
			}
		}
	}
	w.b = append(w.b, magic...)
	if sizes {
		w.marks = append(w.marks, mark{"", len(w.b)})
		for i := 0; i+1 < len(w.marks); i++ {
			part := w.b[w.marks[i].at:w.marks[i+1].at]
			var z bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
			zw.Write(part)
			zw.Close()
			fmt.Fprintf(os.Stderr, "gen: %-17s %8d bytes raw %8d gzip\n", w.marks[i].name, len(part), z.Len())
		}
	}
	return w.b
}

package wordnet

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// The table written by ./gen, gzip-compressed. Layout (all integers are
// varints; "ids(base)" is a count followed by zig-zag deltas starting from
// base):
//
//	magic "WN30T1\n", K
//	synset counts: noun, verb, adj, adv (ids are dense in that order)
//	per noun and verb synset: ids(self) of hypernyms and instance hypernyms;
//	per adjective synset: ids(self) of similar-to synsets
//	lemma count; lemmas sorted, front-coded: shared prefix length, suffix
//	per lemma: one byte of POS bits
//	per lemma and POS present: ids(POS range start) of its first K synsets in sense order
//	per lemma and POS present: tag count of its most frequent sense
//	per lemma: ids(self) of derivationally related lemmas
//	per lemma: ids(0) of antonym synsets (sorted)
//	per POS: exception count; forms sorted, front-coded, each with a count
//	and the lemma ids of its bases
//	magic again
//
//go:embed wordnet.bin.gz
var tableGz []byte

const tableMagic = "WN30T1\n"

// table is the decoded WordNet data. Every list lives in one shared backing
// array and is addressed by an offsets slice (n+1 entries), so lookups
// return sub-slices and never allocate.
type table struct {
	k int

	// Synsets: ids 0..nSyn-1, nouns first, then verbs, adjectives, adverbs.
	synEnd [4]uint32 // end id of each POS range
	rel    []uint32  // hypernyms (noun, verb) or similar-to (adjective)
	relOff []uint32  // per synset
	lemmas string    // all lemma text
	lemOff []uint32  // per lemma, into lemmas
	index  map[string]uint32
	bits   []POS       // per lemma
	senses []uint32    // top-K synsets, per lemma by POS in order N, V, A, R
	senOff []uint32    // per lemma
	senCnt []uint16    // per lemma, 4 bits per POS: sense count in senses
	freq   [][4]uint16 // per lemma and POS: tag count of the first sense (saturated)
	der    []uint32    // derivationally related lemma ids, sorted
	derOff []uint32
	ant    []uint32 // antonym synsets, sorted
	antOff []uint32
	fam    []uint32 // family synsets, sorted, computed at load
	famOff []uint32

	excIndex map[string]uint32 // form -> exception record
	excOff   [][5]uint32       // per record: bases of POS p are excBase[off[p]:off[p+1]]
	excBase  []uint32
}

var (
	tbl     *table
	tblOnce sync.Once
)

// get decodes the embedded table on first use. A corrupt table is a build
// error, so it panics rather than making every lookup return an error.
func get() *table {
	tblOnce.Do(func() {
		t, err := decode(tableGz)
		if err != nil {
			panic("wordnet: embedded table: " + err.Error())
		}
		tbl = t
	})
	return tbl
}

var errCorrupt = errors.New("corrupt table")

type reader struct {
	b   []byte
	err error
}

func (r *reader) uv() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) sv() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.b = nil
}

// ids appends a delta-coded list to dst, checking every id against limit.
func (r *reader) ids(dst []uint32, base, limit int) []uint32 {
	n := r.uv()
	prev := base
	for i := 0; i < n && r.err == nil; i++ {
		prev += r.sv()
		if prev < 0 || prev >= limit {
			r.fail()
			break
		}
		dst = append(dst, uint32(prev))
	}
	return dst
}

func decode(gz []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(raw, []byte(tableMagic)) || !bytes.HasSuffix(raw, []byte(tableMagic)) {
		return nil, fmt.Errorf("%w: bad magic", errCorrupt)
	}
	r := &reader{b: raw[len(tableMagic) : len(raw)-len(tableMagic)]}
	t := &table{k: r.uv()}

	nSyn := 0
	for p := range 4 {
		nSyn += r.uv()
		t.synEnd[p] = uint32(nSyn)
	}
	t.relOff = make([]uint32, 1, nSyn+1)
	t.rel = make([]uint32, 0, nSyn+nSyn/4)
	for n := range nSyn {
		if uint32(n) < t.synEnd[2] {
			t.rel = r.ids(t.rel, n, nSyn)
		}
		t.relOff = append(t.relOff, uint32(len(t.rel)))
	}

	nLem := r.uv()
	if r.err != nil || nLem > len(r.b) {
		return nil, errCorrupt
	}
	text := make([]byte, 0, 16*nLem)
	t.lemOff = make([]uint32, 1, nLem+1)
	prevStart := 0
	for range nLem {
		c := r.uv()
		s := r.bytes(r.uv())
		if c > len(text)-prevStart {
			r.fail()
		}
		if r.err != nil {
			return nil, r.err
		}
		start := len(text)
		text = append(text, text[prevStart:prevStart+c]...)
		text = append(text, s...)
		prevStart = start
		t.lemOff = append(t.lemOff, uint32(len(text)))
	}
	t.lemmas = string(text)
	t.index = make(map[string]uint32, nLem)
	for i := range nLem {
		t.index[t.lemma(uint32(i))] = uint32(i)
	}

	t.bits = make([]POS, nLem)
	for i, b := range r.bytes(nLem) {
		t.bits[i] = POS(b) & All
	}
	t.senOff = make([]uint32, 1, nLem+1)
	t.senCnt = make([]uint16, nLem)
	t.senses = make([]uint32, 0, nLem*3/2)
	for i := range nLem {
		for p := range 4 {
			if t.bits[i]&(1<<p) == 0 {
				continue
			}
			lo, hi := 0, int(t.synEnd[p])
			if p > 0 {
				lo = int(t.synEnd[p-1])
			}
			before := len(t.senses)
			t.senses = r.ids(t.senses, lo, hi)
			if n := len(t.senses) - before; n < 1 || n > t.k || n > 15 {
				r.fail()
			}
			for _, s := range t.senses[before:] {
				if s < uint32(lo) {
					r.fail()
				}
			}
			t.senCnt[i] |= uint16(len(t.senses)-before) << (4 * p)
		}
		t.senOff = append(t.senOff, uint32(len(t.senses)))
	}
	if r.err != nil {
		return nil, r.err
	}
	t.freq = make([][4]uint16, nLem)
	for i := range nLem {
		for p := range 4 {
			if t.bits[i]&(1<<p) != 0 {
				t.freq[i][p] = uint16(min(r.uv(), 0xffff))
			}
		}
	}
	t.derOff = make([]uint32, 1, nLem+1)
	for i := range nLem {
		t.der = r.ids(t.der, i, nLem)
		t.derOff = append(t.derOff, uint32(len(t.der)))
	}
	t.antOff = make([]uint32, 1, nLem+1)
	for range nLem {
		t.ant = r.ids(t.ant, 0, nSyn)
		t.antOff = append(t.antOff, uint32(len(t.ant)))
	}

	t.excIndex = map[string]uint32{}
	type excPart struct {
		rec   uint32
		bases []uint32
	}
	var parts [4][]excPart
	var formText []byte
	var formOff [][2]int
	for p := range 4 {
		n := r.uv()
		prevStart, prevEnd := 0, 0
		for range n {
			c := r.uv()
			s := r.bytes(r.uv())
			if c > prevEnd-prevStart {
				r.fail()
			}
			if r.err != nil {
				return nil, r.err
			}
			start := len(formText)
			formText = append(formText, formText[prevStart:prevStart+c]...)
			formText = append(formText, s...)
			prevStart, prevEnd = start, len(formText)
			parts[p] = append(parts[p], excPart{rec: uint32(len(formOff))})
			formOff = append(formOff, [2]int{start, len(formText)})
			m := r.uv()
			for range m {
				b := r.uv()
				if b >= nLem {
					r.fail()
				}
				last := &parts[p][len(parts[p])-1]
				last.bases = append(last.bases, uint32(b))
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(r.b))
	}
	// One record per distinct form across the four lists.
	forms := string(formText)
	type pending struct{ bases [4][]uint32 }
	var recs []pending
	for p := range 4 {
		for _, e := range parts[p] {
			f := forms[formOff[e.rec][0]:formOff[e.rec][1]]
			id, ok := t.excIndex[f]
			if !ok {
				id = uint32(len(recs))
				t.excIndex[f] = id
				recs = append(recs, pending{})
			}
			recs[id].bases[p] = e.bases
		}
	}
	t.excOff = make([][5]uint32, len(recs))
	for i, rc := range recs {
		for p := range 4 {
			t.excOff[i][p] = uint32(len(t.excBase))
			t.excBase = append(t.excBase, rc.bases[p]...)
		}
		t.excOff[i][4] = uint32(len(t.excBase))
	}

	t.buildFamilies()
	return t, nil
}

// buildFamilies computes, per lemma, its top synsets plus the top synsets
// of its derivationally related lemmas, sorted and deduplicated.
func (t *table) buildFamilies() {
	n := len(t.bits)
	t.famOff = make([]uint32, 1, n+1)
	t.fam = make([]uint32, 0, len(t.senses)*2)
	for i := range n {
		start := len(t.fam)
		t.fam = append(t.fam, t.senses[t.senOff[i]:t.senOff[i+1]]...)
		for _, d := range t.der[t.derOff[i]:t.derOff[i+1]] {
			t.fam = append(t.fam, t.senses[t.senOff[d]:t.senOff[d+1]]...)
		}
		f := t.fam[start:]
		slices.Sort(f)
		f = slices.Compact(f)
		t.fam = t.fam[:start+len(f)]
		t.famOff = append(t.famOff, uint32(len(t.fam)))
	}
	t.fam = slices.Clip(t.fam)
}

func (t *table) lemma(i uint32) string { return t.lemmas[t.lemOff[i]:t.lemOff[i+1]] }

// topRange is where the lemma's top synsets for the single POS index p
// (0..3) sit in t.senses.
func (t *table) topRange(l uint32, p int) (start, end uint32) {
	c := t.senCnt[l]
	start = t.senOff[l]
	for q := 0; q < p; q++ {
		start += uint32(c >> (4 * q) & 0xf)
	}
	return start, start + uint32(c>>(4*p)&0xf)
}

func (t *table) top(l uint32, p int) []uint32 {
	s, e := t.topRange(l, p)
	return t.senses[s:e:e]
}

func (t *table) related(s uint32) []uint32  { return t.rel[t.relOff[s]:t.relOff[s+1]] }
func (t *table) derived(l uint32) []uint32  { return t.der[t.derOff[l]:t.derOff[l+1]] }
func (t *table) antonyms(l uint32) []uint32 { return t.ant[t.antOff[l]:t.antOff[l+1]] }
func (t *table) family(l uint32) []uint32   { return t.fam[t.famOff[l]:t.famOff[l+1]] }

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
//	magic "WN30T3\n", K
//	synset counts: noun, verb, adj, adv (ids are dense in that order)
//	lemma count; totals: lemma text bytes, relation, sense, derived and
//	antonym entries (so the decoder allocates once)
//	per noun and verb synset: ids(self) of hypernyms and instance hypernyms;
//	per adjective synset: ids(self) of similar-to synsets
//	lemmas sorted, front-coded: shared prefix length, suffix
//	per lemma: one byte of POS bits
//	per lemma and POS present: one byte, how many of its synsets follow
//	(at most K); then the synset ids of all of them, in sense order, as
//	three byte planes (high, middle, low bytes of every id)
//	per lemma and POS present: tag count of its most frequent sense
//	per lemma: ids(self) of derivationally related lemmas
//	per lemma: ids(0) of antonym synsets (sorted)
//	per POS: exception count; forms sorted, front-coded, each with a count
//	and the lemma ids of its bases
//	magic again
//
//go:embed wordnet.bin.gz
var tableGz []byte

const tableMagic = "WN30T3\n"

// table is the decoded WordNet data. Every list lives in one shared backing
// array and is addressed by an offsets slice (n+1 entries), so lookups
// return sub-slices and never allocate.
type table struct {
	k int

	// Synsets: ids 0..nSyn-1, nouns first, then verbs, adjectives, adverbs.
	synEnd [4]uint32 // end id of each POS range
	rel    []uint32  // hypernyms (noun, verb) or similar-to (adjective)
	relOff []uint32  // per synset

	lemmas string   // all lemma text
	lemOff []uint32 // per lemma, into lemmas
	// index maps a lemma or an exception form to its entry: one lookup
	// answers "is it a lemma" and "is it an irregular form".
	index  map[string]entry
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

	excOff  [][5]uint32 // per exception record: bases of POS p are excBase[off[p]:off[p+1]]
	excBase []uint32
}

// entry is what index holds for a string; -1 marks "none".
type entry struct {
	lemma int32
	exc   int32
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
	if n <= 0 || v > 1<<31 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) sv() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v > 1<<31 || v < -1<<31 {
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

// ids appends a delta-coded list to dst, checking every id against
// [lo, hi) and the list against the capacity the header promised.
func (r *reader) ids(dst []uint32, base, lo, hi int) []uint32 {
	n := r.uv()
	if n > cap(dst)-len(dst) {
		r.fail()
		return dst
	}
	prev := base
	for i := 0; i < n && r.err == nil; i++ {
		prev += r.sv()
		if prev < lo || prev >= hi {
			r.fail()
			break
		}
		dst = append(dst, uint32(prev))
	}
	return dst
}

// gunzip inflates gz into one buffer of the size the gzip trailer states.
func gunzip(gz []byte) ([]byte, error) {
	if len(gz) < 18 {
		return nil, errCorrupt
	}
	size := binary.LittleEndian.Uint32(gz[len(gz)-4:])
	if size > 64<<20 {
		return nil, fmt.Errorf("%w: %d bytes inflated", errCorrupt, size)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw := make([]byte, size)
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, err
	}
	// Reading past the end verifies the checksum.
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data", errCorrupt)
	}
	return raw, nil
}

func decode(gz []byte) (*table, error) {
	raw, err := gunzip(gz)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(raw, []byte(tableMagic)) || !bytes.HasSuffix(raw, []byte(tableMagic)) {
		return nil, fmt.Errorf("%w: bad magic", errCorrupt)
	}
	r := &reader{b: raw[len(tableMagic) : len(raw)-len(tableMagic)]}
	t := &table{k: r.uv()}
	if t.k < 1 || t.k > 15 {
		return nil, fmt.Errorf("%w: k %d", errCorrupt, t.k)
	}
	nSyn := 0
	for p := range 4 {
		nSyn += r.uv()
		t.synEnd[p] = uint32(nSyn)
	}
	nLem := r.uv()
	textLen, relLen, senLen, derLen, antLen := r.uv(), r.uv(), r.uv(), r.uv(), r.uv()
	// Every entry takes at least one byte of the table.
	if r.err != nil || nSyn+nLem+relLen+senLen+derLen+antLen > len(r.b) || textLen > len(r.b)*64 {
		return nil, fmt.Errorf("%w: header", errCorrupt)
	}

	t.relOff = make([]uint32, 1, nSyn+1)
	t.rel = make([]uint32, 0, relLen)
	for n := range nSyn {
		if uint32(n) < t.synEnd[2] {
			t.rel = r.ids(t.rel, n, 0, nSyn)
		}
		t.relOff = append(t.relOff, uint32(len(t.rel)))
	}

	text := make([]byte, 0, textLen)
	t.lemOff = make([]uint32, 1, nLem+1)
	prevStart := 0
	for range nLem {
		c := r.uv()
		s := r.bytes(r.uv())
		if c > len(text)-prevStart || len(text)+c+len(s) > textLen {
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

	t.bits = make([]POS, nLem)
	for i, b := range r.bytes(nLem) {
		t.bits[i] = POS(b) & All
	}
	t.senOff = make([]uint32, 1, nLem+1)
	t.senCnt = make([]uint16, nLem)
	t.senses = make([]uint32, senLen)
	n := 0
	for i := range nLem {
		for p := range 4 {
			if t.bits[i]&(1<<p) == 0 {
				continue
			}
			c := r.bytes(1)
			if len(c) == 0 || c[0] < 1 || int(c[0]) > t.k || n+int(c[0]) > senLen {
				return nil, fmt.Errorf("%w: senses", errCorrupt)
			}
			n += int(c[0])
			t.senCnt[i] |= uint16(c[0]) << (4 * p)
		}
		t.senOff = append(t.senOff, uint32(n))
	}
	planes := r.bytes(3 * senLen)
	if n != senLen || planes == nil && senLen > 0 {
		return nil, fmt.Errorf("%w: senses", errCorrupt)
	}
	hi, mid, lo := planes[:senLen], planes[senLen:2*senLen], planes[2*senLen:]
	for j := range t.senses {
		t.senses[j] = uint32(hi[j])<<16 | uint32(mid[j])<<8 | uint32(lo[j])
	}
	for i := range nLem {
		for p := range 4 {
			start, end := t.topRange(uint32(i), p)
			posLo := uint32(0)
			if p > 0 {
				posLo = t.synEnd[p-1]
			}
			for _, s := range t.senses[start:end] {
				if s < posLo || s >= t.synEnd[p] {
					return nil, fmt.Errorf("%w: sense out of range", errCorrupt)
				}
			}
		}
	}
	t.freq = make([][4]uint16, nLem)
	for i := range nLem {
		for p := range 4 {
			if t.bits[i]&(1<<p) != 0 {
				t.freq[i][p] = uint16(min(r.uv(), 0xffff))
			}
		}
	}
	t.der = make([]uint32, 0, derLen)
	t.derOff = make([]uint32, 1, nLem+1)
	for i := range nLem {
		t.der = r.ids(t.der, i, 0, nLem)
		t.derOff = append(t.derOff, uint32(len(t.der)))
	}
	t.ant = make([]uint32, 0, antLen)
	t.antOff = make([]uint32, 1, nLem+1)
	for range nLem {
		t.ant = r.ids(t.ant, 0, 0, nSyn)
		t.antOff = append(t.antOff, uint32(len(t.ant)))
	}
	if r.err != nil {
		return nil, r.err
	}

	t.index = make(map[string]entry, nLem+nLem/32)
	for i := range nLem {
		t.index[t.lemma(uint32(i))] = entry{lemma: int32(i), exc: -1}
	}
	if err := t.decodeExceptions(r, nLem); err != nil {
		return nil, err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(r.b))
	}
	t.buildFamilies()
	return t, nil
}

// decodeExceptions reads the four exception lists into one record per
// distinct form.
func (t *table) decodeExceptions(r *reader, nLem int) error {
	type form struct {
		text  string
		bases []uint32
	}
	var lists [4][]form
	for p := range 4 {
		n := r.uv()
		if n > len(r.b) {
			r.fail()
		}
		var prev []byte
		for range n {
			c := r.uv()
			s := r.bytes(r.uv())
			if c > len(prev) {
				r.fail()
			}
			m := r.uv()
			if r.err != nil || m > len(r.b) {
				return errCorrupt
			}
			cur := make([]byte, 0, c+len(s))
			cur = append(append(cur, prev[:c]...), s...)
			f := form{text: string(cur), bases: make([]uint32, 0, m)}
			for range m {
				b := r.uv()
				if b >= nLem {
					r.fail()
				}
				f.bases = append(f.bases, uint32(b))
			}
			lists[p] = append(lists[p], f)
			prev = cur
		}
	}
	if r.err != nil {
		return r.err
	}
	var recs [][4][]uint32
	for p := range 4 {
		for _, f := range lists[p] {
			e, ok := t.index[f.text]
			if !ok {
				e = entry{lemma: -1, exc: -1}
			}
			if e.exc < 0 {
				e.exc = int32(len(recs))
				recs = append(recs, [4][]uint32{})
				t.index[f.text] = e
			}
			recs[e.exc][p] = f.bases
		}
	}
	t.excOff = make([][5]uint32, len(recs))
	for i, rc := range recs {
		for p := range 4 {
			t.excOff[i][p] = uint32(len(t.excBase))
			t.excBase = append(t.excBase, rc[p]...)
		}
		t.excOff[i][4] = uint32(len(t.excBase))
	}
	return nil
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

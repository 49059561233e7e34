package nlp

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"sync"
	"unicode/utf8"
)

//go:generate go run gen_table.go

// perceptronTable is prose's averaged-perceptron model (MIT licence, see
// LICENSE.prose) in the format gen_table.go writes.
//
//go:embed perceptron.bin.gz
var perceptronTable []byte

// model is the decoded table: the tag dictionary of frequent unambiguous
// words and an open-addressing hash table from feature key to the sparse
// weight vector of that feature.
type model struct {
	// words is an open-addressing table (linear probing, load factor at
	// most 1/4) of the words whose tag does not depend on the model:
	// prose's tag dictionary and its emoticons.
	words     []wordSlot
	wordsMask uint64
	classTag  [64]Tag
	nClasses  int
	// slots is an open-addressing table of the features (linear probing,
	// load factor at most 1/2); an empty slot has end 0.
	slots []featureSlot
	mask  uint64
	// packed holds each feature's weights: two words holding the bits of
	// the classes it touches, then for each class milli<<6 | class, the
	// weight in thousandths and the class it votes for.
	packed []int32
	pref1  [256]uint64 // hash of prose's string(word[0]) for each first byte
	tagKey [nTags]uint64
	pairs  []pairScores // by ctx index of the tag before * nCtx + of the one before that
	// records is an open-addressing table (linear probing, load factor at
	// most 1/2) of the words of the word templates.
	records    []wordRecord
	recordMask uint64
}

// span is a range of packed.
type span struct{ start, end uint32 }

// wordRecord holds the features of one word in its roles, so the tagger
// finds them with one lookup per word of the sentence.
type wordRecord struct {
	key  uint64 // hashString(word); 0 for an empty slot
	role [nRoles]span
}

// noRecord is the record of a word the word templates do not know.
var noRecord wordRecord

var (
	loadOnce sync.Once
	theModel *model
	errLoad  error
)

// errTable reports a corrupt embedded table.
var errTable = errors.New("nlp: corrupt perceptron table")

// Load decodes the embedded model; the first call to TagWords does it too.
// It is safe to call from several goroutines and does the work once.
func Load() error {
	loadOnce.Do(func() { theModel, errLoad = decodeTable(perceptronTable) })
	return errLoad
}

func loaded() *model {
	if err := Load(); err != nil {
		panic(err) // the table is embedded: a failure is a build defect
	}
	return theModel
}

func decodeTable(gz []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errTable, err)
	}
	// gzip ends with the size of its content: read it in one buffer.
	if len(gz) < 4 {
		return nil, errTable
	}
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	if size > 64<<20 {
		return nil, fmt.Errorf("%w: %d bytes", errTable, size)
	}
	raw := make([]byte, size)
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, fmt.Errorf("%w: %v", errTable, err)
	}
	r := tableReader{b: raw}
	if string(r.next(len(tableMagic))) != tableMagic {
		return nil, fmt.Errorf("%w: bad magic", errTable)
	}
	m := &model{}
	m.nClasses = int(r.byte())
	if m.nClasses > 64 {
		return nil, fmt.Errorf("%w: %d classes", errTable, m.nClasses)
	}
	for c := 0; c < m.nClasses; c++ {
		name := string(r.next(int(r.byte())))
		t := ParseTag(name)
		if t == Unknown {
			return nil, fmt.Errorf("%w: unknown class %q", errTable, name)
		}
		m.classTag[c] = t
	}
	nDict := int(r.uint32())
	if nDict > len(raw) {
		return nil, errTable
	}
	dict := make([]wordSlot, 0, nDict+len(emoticons))
	for i := 0; i < nDict && r.err == nil; i++ {
		w := string(r.next(int(r.byte())))
		dict = append(dict, wordSlot{word: w, tag: m.classTag[r.byte()&63]})
	}
	nFeat, nW := int(r.uint32()), int(r.uint32())
	if r.err != nil || nFeat > len(raw) || nW > len(raw) {
		return nil, errTable
	}
	size = 1 << bits.Len(uint(nFeat)) // load factor <= 1/2
	m.slots = make([]featureSlot, size)
	m.mask = uint64(size - 1)
	m.packed = make([]int32, 0, nW*9/2+2*nFeat) // the headers and summed roles take it to about 4.5 nW
	for f := 0; f < nFeat && r.err == nil; f++ {
		key := r.uint64()
		n := int(r.byte())
		start := uint32(len(m.packed))
		m.packed = append(m.packed, 0, 0)
		var touched uint64
		for j := 0; j < n; j++ {
			c := int32(r.byte())
			w := int32(r.uint32())
			if int(c) >= m.nClasses {
				return nil, fmt.Errorf("%w: class %d", errTable, c)
			}
			m.packed = append(m.packed, w<<6|c)
			touched |= 1 << c
		}
		m.packed[start], m.packed[start+1] = int32(uint32(touched)), int32(uint32(touched>>32))
		if n == 0 {
			return nil, fmt.Errorf("%w: feature without weights", errTable)
		}
		m.insert(featureSlot{key: key, start: start, end: uint32(len(m.packed))})
	}
	if r.err != nil {
		return nil, r.err
	}
	var rb [utf8.UTFMax]byte
	for b := 0; b < 256; b++ {
		// prose takes string(word[0]): the byte as a rune, UTF-8 encoded.
		m.pref1[b] = hashBytes(utf8.AppendRune(rb[:0], rune(b)))
	}
	for t := Tag(1); t < nTags; t++ {
		m.tagKey[t] = hashString(tagNames[t])
	}
	m.buildPairs()
	m.buildWords(dict)
	var lists [5][][]byte
	nWords := 0
	for k := range lists {
		n := int(r.uint32())
		if n > len(raw) {
			return nil, errTable
		}
		for i := 0; i < n && r.err == nil; i++ {
			lists[k] = append(lists[k], r.next(int(r.byte())))
		}
		nWords += n
	}
	if r.err != nil {
		return nil, r.err
	}
	m.buildRecords(lists, nWords)
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errTable, len(r.b))
	}
	return m, nil
}

// featureSlot is a feature's key and the range of its weights in packed,
// together so a lookup touches one cache line.
type featureSlot struct {
	key        uint64
	start, end uint32
}

// weights returns the packed weights of the feature with the given key.
func (m *model) weights(key uint64) []int32 {
	s := key & m.mask
	for {
		f := &m.slots[s]
		if f.end == 0 {
			return nil
		}
		if f.key == key {
			return m.packed[f.start:f.end]
		}
		s = (s + 1) & m.mask
	}
}

// buildRecords gathers the word templates' features by word. lists holds
// the words of i word, i-1 word, i-2 word, i+1 word and i+2 word.
func (m *model) buildRecords(lists [5][][]byte, nWords int) {
	size := 1 << bits.Len(uint(nWords)) // at most half full: the lists overlap
	m.records = make([]wordRecord, size)
	m.recordMask = uint64(size - 1)
	for k, kind := range [5]int{featWord, featWord1, featWord2, featNextWord, featNextWord2} {
		for _, w := range lists[k] {
			h := hashBytes(w)
			suf := hashBytes(w[len(w)-min(len(w), 3):])
			rec := m.recordSlot(h)
			switch kind {
			case featWord:
				rec.role[roleWord] = m.sum(featureKey(featWord, h, 0), 0, 0)
				rec.role[roleWordCombo] = m.sum(featureKey(featWord, h, 0), featureKey(featSuffix, suf, 0),
					featureKey(featPref1, m.pref1[w[0]], 0))
			case featWord1:
				rec.role[roleWord1Combo] = m.sum(featureKey(featWord1, h, 0), featureKey(featSuffix1, suf, 0), 0)
			case featWord2:
				rec.role[roleWord2] = m.sum(featureKey(featWord2, h, 0), 0, 0)
			case featNextWord:
				rec.role[roleNextCombo] = m.sum(featureKey(featNextWord, h, 0), featureKey(featNextSuffix, suf, 0), 0)
			case featNextWord2:
				rec.role[roleNext2] = m.sum(featureKey(featNextWord2, h, 0), 0, 0)
			}
		}
	}
}

// recordSlot returns the record of the word with hash h, adding it.
func (m *model) recordSlot(h uint64) *wordRecord {
	s := h & m.recordMask
	for m.records[s].key != 0 && m.records[s].key != h {
		s = (s + 1) & m.recordMask
	}
	m.records[s].key = h
	return &m.records[s]
}

// record returns the record of the word with hash h, or noRecord.
func (m *model) record(h uint64) *wordRecord {
	s := h & m.recordMask
	for {
		r := &m.records[s]
		if r.key == h {
			return r
		}
		if r.key == 0 {
			return &noRecord
		}
		s = (s + 1) & m.recordMask
	}
}

// sum appends to packed the sum of up to three features (a key of 0 is
// none) and returns where it is. Classes that a part touches stay in the
// sum even where it is zero, since prose only compares the classes some
// feature gave a weight.
func (m *model) sum(a, b, c uint64) span {
	var scores [64]int32
	var touched uint64
	for _, k := range [3]uint64{a, b, c} {
		if k != 0 {
			touched |= accumulate(&scores, m.weights(k))
		}
	}
	if touched == 0 {
		return span{}
	}
	// The classes touched go first, as two int32 words, so adding the sum
	// needs no per-weight bookkeeping.
	start := uint32(len(m.packed))
	m.packed = append(m.packed, int32(uint32(touched)), int32(uint32(touched>>32)))
	for t := touched; t != 0; t &= t - 1 {
		c := bits.TrailingZeros64(t)
		m.packed = append(m.packed, scores[c]<<6|int32(c))
	}
	return span{start, uint32(len(m.packed))}
}

// add adds the weights at sp to scores and returns the classes they
// touch.
func (m *model) add(scores *[64]int32, sp span) uint64 {
	return accumulate(scores, m.packed[sp.start:sp.end])
}

// wordSlot is a word of the words table and its tag.
type wordSlot struct {
	hash uint64
	word string
	tag  Tag
}

// buildWords fills the words table. prose checks its emoticons before
// anything else but "-", and its link, e-mail and Treebank patterns before
// its dictionary: a dictionary word those patterns take is left out.
func (m *model) buildWords(dict []wordSlot) {
	for e := range emoticons {
		dict = append(dict, wordSlot{word: e, tag: SYM})
	}
	size := 1 << bits.Len(uint(len(dict)*4))
	m.words = make([]wordSlot, size)
	m.wordsMask = uint64(size - 1)
	for _, d := range dict {
		if d.word == "" || d.word == "-" || d.tag != SYM && m.patternTag(d.word) != Unknown {
			continue
		}
		if _, isEmoticon := emoticons[d.word]; isEmoticon && d.tag != SYM {
			continue
		}
		d.hash = hashString(d.word)
		s := d.hash & m.wordsMask
		for m.words[s].word != "" && m.words[s].word != d.word {
			s = (s + 1) & m.wordsMask
		}
		m.words[s] = d
	}
}

// lookupWord returns the tag of w in the words table; h is hashString(w).
func (m *model) lookupWord(h uint64, w string) (Tag, bool) {
	s := h & m.wordsMask
	for {
		e := &m.words[s]
		if e.word == "" {
			return Unknown, false
		}
		if e.hash == h && e.word == w {
			return e.tag, true
		}
		s = (s + 1) & m.wordsMask
	}
}

func (m *model) insert(f featureSlot) {
	s := f.key & m.mask
	for m.slots[s].end != 0 {
		s = (s + 1) & m.mask
	}
	m.slots[s] = f
}

type tableReader struct {
	b   []byte
	err error
}

func (r *tableReader) next(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = errTable
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *tableReader) byte() byte {
	p := r.next(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (r *tableReader) uint32() uint32 {
	p := r.next(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

func (r *tableReader) uint64() uint64 {
	p := r.next(8)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(p)
}

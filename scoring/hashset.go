package scoring

// hashSet is a set of word hashes (open addressing, linear probing),
// reused across answers: the per-answer sets (distinct terms, technical
// terms, trigrams, reference terms) need membership and counts, not order,
// and a hash set gives both without sorting.
type hashSet struct {
	slots []uint64
	mask  uint64
	n     int
}

// reset empties the set, sized for up to n insertions.
func (s *hashSet) reset(n int) {
	size := 64
	for size < 2*n {
		size <<= 1
	}
	if cap(s.slots) >= size {
		s.slots = s.slots[:size]
		clear(s.slots)
	} else {
		s.slots = make([]uint64, size)
	}
	s.mask = uint64(size - 1)
	s.n = 0
}

// slot spreads a hash over the table; 0 marks an empty slot, so a zero
// hash is stored as 1.
func (s *hashSet) slot(h uint64) (uint64, uint64) {
	if h == 0 {
		h = 1
	}
	return h, (h ^ h>>31) * 0x9e3779b97f4a7c15 >> 40 & s.mask
}

// add inserts h and reports whether it was new. A set filled past half
// its slots doubles, so a caller's size is a hint, never a limit.
func (s *hashSet) add(h uint64) bool {
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	h, i := s.slot(h)
	for {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			s.n++
			return true
		case h:
			return false
		}
		i = (i + 1) & s.mask
	}
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if len(s.slots) == 0 {
		return false
	}
	h, i := s.slot(h)
	for {
		switch s.slots[i] {
		case 0:
			return false
		case h:
			return true
		}
		i = (i + 1) & s.mask
	}
}

// count returns how many of want are in the set.
func (s *hashSet) count(want []uint64) int {
	n := 0
	for _, h := range want {
		if s.has(h) {
			n++
		}
	}
	return n
}

// grow doubles the table and reinserts what it holds.
func (s *hashSet) grow() {
	old := s.slots
	size := max(64, 2*len(old))
	s.slots = make([]uint64, size)
	s.mask = uint64(size - 1)
	s.n = 0
	for _, h := range old {
		if h != 0 {
			_, i := s.slot(h)
			for s.slots[i] != 0 {
				i = (i + 1) & s.mask
			}
			s.slots[i] = h
			s.n++
		}
	}
}

// refTable is a read-only map from a word hash to the phrases holding it,
// built once per compiled question: open addressing over the hashes
// themselves (already well mixed), so a lookup is a multiply and a probe
// or two instead of a Go map's hashing of the key again.
type refTable struct {
	keys []uint64
	vals [][]phraseRef
	mask uint64
	zero []phraseRef // the refs of hash 0, which marks an empty slot
}

// newRefTable builds the table of m.
func newRefTable(m map[uint64][]phraseRef) refTable {
	size := 16
	for size < 2*len(m) {
		size <<= 1
	}
	t := refTable{keys: make([]uint64, size), vals: make([][]phraseRef, size), mask: uint64(size - 1)}
	for h, v := range m {
		if h == 0 {
			t.zero = v
			continue
		}
		i := t.slot(h)
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = h, v
	}
	return t
}

func (t *refTable) slot(h uint64) uint64 { return (h ^ h>>31) * 0x9e3779b97f4a7c15 >> 40 & t.mask }

// get returns the refs of h, nil when there are none.
func (t *refTable) get(h uint64) []phraseRef {
	if h == 0 {
		return t.zero
	}
	if len(t.keys) == 0 {
		return nil
	}
	for i := t.slot(h); ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.vals[i]
		case 0:
			return nil
		}
	}
}

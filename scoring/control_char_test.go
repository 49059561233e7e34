package scoring

import (
	"math/rand"
	"testing"
)

// TestControlCharMatchesRuneScan: the word-at-a-time scan finds the same
// first control character, at the same offset, as a scan of the runes,
// on random strings of spaces, controls, ASCII and (broken) UTF-8.
func TestControlCharMatchesRuneScan(t *testing.T) {
	ref := func(s string) (int, rune) {
		for i, r := range s {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
				return i, r
			}
		}
		return -1, 0
	}
	rng := rand.New(rand.NewSource(1))
	alpha := []byte("abc \t\n\r\x00\x01\x1f\x7f\x80\xc3\xa9~ 0123456789")
	for n := 0; n < 200000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = alpha[rng.Intn(len(alpha))]
		}
		s := string(b)
		i1, r1 := controlChar(s)
		i2, r2 := ref(s)
		if i1 != i2 || (i1 >= 0 && r1 != r2) {
			t.Fatalf("%q: %d %q vs %d %q", s, i1, r1, i2, r2)
		}
	}
}

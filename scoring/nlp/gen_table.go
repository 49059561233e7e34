//go:build ignore

// gen_table converts the averaged-perceptron model of
// github.com/jdkato/prose/v2 (classes, tag dictionary and weights, the gob
// assets it embeds) into perceptron.bin.gz, the compact table this
// package embeds. Run it with go generate; the output is byte-for-byte
// repeatable.
//
// Every feature key of the model is split into its kind (one of the 14
// feature templates of prose's featurize) and its one or two parts, and
// stored as featureKey(kind, hash(part1), hash(part2)) so the tagger can
// compute keys without building strings. Weights are multiples of 0.001 in
// the model; they are stored exactly as int32 thousandths.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"log"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/jdkato/prose/v2"
)

func main() {
	log.SetFlags(0)
	var (
		classes []string
		dict    map[string]string
		weights map[string]map[string]float64
	)
	load("classes.gob", &classes)
	load("tags.gob", &dict)
	load("weights.gob", &weights)

	classIdx := map[string]int{}
	for i, c := range classes {
		classIdx[c] = i
	}
	cls := func(c string) byte {
		i, ok := classIdx[c]
		if !ok {
			log.Fatalf("gen_table: class %q not in classes.gob", c)
		}
		return byte(i)
	}

	var buf bytes.Buffer
	buf.WriteString(tableMagic)
	buf.WriteByte(byte(len(classes)))
	for _, c := range classes {
		buf.WriteByte(byte(len(c)))
		buf.WriteString(c)
	}

	words := make([]string, 0, len(dict))
	for w := range dict {
		words = append(words, w)
	}
	slices.Sort(words)
	binary.Write(&buf, binary.LittleEndian, uint32(len(words)))
	for _, w := range words {
		if len(w) > 255 {
			log.Fatalf("gen_table: dictionary word %q too long", w)
		}
		buf.WriteByte(byte(len(w)))
		buf.WriteString(w)
		buf.WriteByte(cls(dict[w]))
	}

	type feature struct {
		key uint64
		ws  []int32 // class<<0 in low byte of pair
		cs  []byte
	}
	// The words of the five word templates: the loader gathers the
	// features of one word into one record, and sums the templates the
	// tagger adds together for a word (i word with i suffix and i pref1,
	// i-1 word with i-1 suffix, i+1 word with i+1 suffix).
	combos := map[int][]string{featWord: nil, featWord1: nil, featWord2: nil, featNextWord: nil, featNextWord2: nil}
	feats := make([]feature, 0, len(weights))
	seen := map[uint64]string{}
	nw := 0
	for k, ws := range weights {
		kind, a, b, ok := splitKey(k)
		if !ok {
			log.Fatalf("gen_table: feature %q has no known template", k)
		}
		key := featureKey(kind, hashString(a), hashString(b)) // b is "" for one-part templates
		if _, ok := combos[kind]; ok {
			combos[kind] = append(combos[kind], a)
		}
		if prev, dup := seen[key]; dup {
			log.Fatalf("gen_table: features %q and %q share key %x", prev, k, key)
		}
		seen[key] = k
		f := feature{key: key}
		names := make([]string, 0, len(ws))
		for c := range ws {
			names = append(names, c)
		}
		slices.SortFunc(names, func(x, y string) int { return int(cls(x)) - int(cls(y)) })
		for _, c := range names {
			milli := math.Round(ws[c] * 1000)
			if math.Abs(ws[c]*1000-milli) > 1e-6 {
				log.Fatalf("gen_table: weight %v of %q/%s is not a multiple of 0.001", ws[c], k, c)
			}
			if milli == 0 {
				continue
			}
			f.cs = append(f.cs, cls(c))
			f.ws = append(f.ws, int32(milli))
		}
		if len(f.cs) == 0 {
			continue
		}
		nw += len(f.cs)
		feats = append(feats, f)
	}
	slices.SortFunc(feats, func(x, y feature) int {
		if x.key < y.key {
			return -1
		}
		if x.key > y.key {
			return 1
		}
		return 0
	})
	binary.Write(&buf, binary.LittleEndian, uint32(len(feats)))
	binary.Write(&buf, binary.LittleEndian, uint32(nw))
	for _, f := range feats {
		binary.Write(&buf, binary.LittleEndian, f.key)
		buf.WriteByte(byte(len(f.cs)))
		for i, c := range f.cs {
			buf.WriteByte(c)
			binary.Write(&buf, binary.LittleEndian, f.ws[i])
		}
	}

	for _, kind := range []int{featWord, featWord1, featWord2, featNextWord, featNextWord2} {
		ws := combos[kind]
		slices.Sort(ws)
		binary.Write(&buf, binary.LittleEndian, uint32(len(ws)))
		for _, w := range ws {
			if len(w) > 255 {
				log.Fatalf("gen_table: word %q too long", w)
			}
			buf.WriteByte(byte(len(w)))
			buf.WriteString(w)
		}
	}

	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("perceptron.bin.gz", gz.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("gen_table: %d classes, %d dictionary words, %d features, %d weights; %d bytes raw, %d gzipped\n",
		len(classes), len(words), len(feats), nw, buf.Len(), gz.Len())
}

// load decodes one gob of the model prose embeds and uses (its data.go),
// which differs from the copy in the module's model directory.
func load(name string, v any) {
	b, err := prose.Asset("model/AveragedPerceptron/" + name)
	if err != nil {
		log.Fatalf("gen_table: %v", err)
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		log.Fatalf("gen_table: %s: %v", name, err)
	}
}

// splitKey splits a prose feature key into its template and parts. The
// two-part templates join a tag (which has no space) and the second part
// with one space.
func splitKey(k string) (kind int, a, b string, ok bool) {
	if k == "bias" {
		return featBias, "", "", true
	}
	for kind, name := range featNames {
		if kind == featBias || !strings.HasPrefix(k, name+" ") {
			continue
		}
		rest := k[len(name)+1:]
		if kind == featTagTag || kind == featTagWord {
			i := strings.IndexByte(rest, ' ')
			if i < 0 {
				return 0, "", "", false
			}
			return kind, rest[:i], rest[i+1:], true
		}
		return kind, rest, "", true
	}
	return 0, "", "", false
}

// The definitions below must match features.go.

const tableMagic = "mockinterview-perceptron-3\n"

const (
	featBias = iota
	featSuffix
	featPref1
	featTag1
	featTag2
	featTagTag
	featWord
	featTagWord
	featWord1
	featSuffix1
	featWord2
	featNextWord
	featNextSuffix
	featNextWord2
)

var featNames = [...]string{
	featBias:       "bias",
	featSuffix:     "i suffix",
	featPref1:      "i pref1",
	featTag1:       "i-1 tag",
	featTag2:       "i-2 tag",
	featTagTag:     "i tag+i-2 tag",
	featWord:       "i word",
	featTagWord:    "i-1 tag+i word",
	featWord1:      "i-1 word",
	featSuffix1:    "i-1 suffix",
	featWord2:      "i-2 word",
	featNextWord:   "i+1 word",
	featNextSuffix: "i+1 suffix",
	featNextWord2:  "i+2 word",
}

func hashString(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func featureKey(kind int, a, b uint64) uint64 {
	x := (a ^ uint64(kind+1)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	x ^= b * 0xc2b2ae3d27d4eb4f
	return x ^ x>>29
}

package wordnet

import "testing"

var sink int

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, err := decode(tableGz)
		if err != nil {
			b.Fatal(err)
		}
		sink += len(t.bits)
	}
}

var benchWords = []string{"indexes", "optimisation", "latency", "measured", "failures", "quickly", "better", "deployment"}

func BenchmarkSynsets(b *testing.B) {
	get()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sink += len(Synsets(benchWords[i%len(benchWords)], All))
		i++
	}
}

func BenchmarkLemma(b *testing.B) {
	get()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sink += len(Lemma(benchWords[i%len(benchWords)]))
		i++
	}
}

func BenchmarkRelated(b *testing.B) {
	get()
	pairs := [][2]string{{"quick", "slow"}, {"optimize", "optimization"}, {"dog", "animal"}, {"latency", "cache"}, {"measured", "measurements"}, {"fix", "repair"}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		sink += int(Related(p[0], p[1]))
		i++
	}
}

func BenchmarkFamily(b *testing.B) {
	get()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sink += len(Family(benchWords[i%len(benchWords)]))
		i++
	}
}

func BenchmarkSynsetsNoun(b *testing.B) {
	get()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sink += len(Synsets(benchWords[i%len(benchWords)], Noun))
		i++
	}
}

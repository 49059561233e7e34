package scoring

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// pearson is the correlation of x and y (0 when either is constant).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// ranks returns the mid-ranks of x.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			r[idx[k]] = float64(i+j-1)/2 + 1
		}
		i = j
	}
	return r
}

func spearman(x, y []float64) float64 { return pearson(ranks(x), ranks(y)) }

func TestCorrelations(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	if got := pearson(x, []float64{2, 4, 6, 8}); math.Abs(got-1) > 1e-9 {
		t.Errorf("pearson = %v; want 1", got)
	}
	if got := spearman(x, []float64{1, 10, 100, 1000}); math.Abs(got-1) > 1e-9 {
		t.Errorf("spearman = %v; want 1", got)
	}
	if got := spearman(x, []float64{4, 3, 2, 1}); math.Abs(got+1) > 1e-9 {
		t.Errorf("spearman = %v; want -1", got)
	}
}

// TestSemEvalReport prints, for every SemEval file, the ROC AUC and the
// point-biserial (Pearson) correlation of overall and of the reference part
// with the label, beside the README's overlap baseline:
//
//	go test ./scoring -run TestSemEvalReport -v
func TestSemEvalReport(t *testing.T) {
	dir := semevalDir(t)
	if testing.Short() || os.Getenv("MOCKINTERVIEW_EVAL") == "" {
		t.Skip("evaluation report: set MOCKINTERVIEW_EVAL=1")
	}
	s := New(nil)
	for _, file := range []string{
		"beetle-train.jsonl", "sciEntsBank-train.jsonl",
		"beetle-test-unseen-questions.jsonl", "sciEntsBank-test-unseen-questions.jsonl",
		"beetle-test-unseen-answers.jsonl", "sciEntsBank-test-unseen-answers.jsonl",
	} {
		items := readSemeval(t, filepath.Join(dir, file))
		var overall, ref, base, y []float64
		var labels []bool
		for _, it := range items {
			o, r := -1.0, -1.0
			if res, err := s.Score(context.Background(), semevalInput(it)); err == nil {
				o = float64(res.Overall)
				if res.Coverage.Reference != nil {
					r = *res.Coverage.Reference
				}
			}
			overall = append(overall, o)
			ref = append(ref, r)
			base = append(base, baselineOverlap(it))
			pos := it.Label == "correct"
			labels = append(labels, pos)
			if pos {
				y = append(y, 1)
			} else {
				y = append(y, 0)
			}
		}
		t.Logf("%-42s n=%4d  overall AUC %.3f r %.3f | reference AUC %.3f r %.3f | baseline AUC %.3f r %.3f",
			file, len(items), rocAUC(overall, labels), pearson(overall, y), rocAUC(ref, labels), pearson(ref, y),
			rocAUC(base, labels), pearson(base, y))
	}
}

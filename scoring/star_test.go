package scoring

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

func labelOf(t *testing.T, st Star, text, sentence string) Label {
	t.Helper()
	for _, sl := range st.Sentences {
		if strings.HasPrefix(text[sl.Start:sl.End], sentence) {
			return sl.Label
		}
	}
	t.Fatalf("no sentence starts with %q in %q", sentence, text)
	return ""
}

func TestStarTaskInPlainSight(t *testing.T) {
	text := "Our checkout service started timing out during the spring sale. As the engineer on call, it was my job to find the cause and get latency back under our 500 ms SLO. I profiled the service and found a missing index. I added the index and p99 fell from 2 seconds to 300 ms."
	st := tagGold(text)
	if l := labelOf(t, st, text, "As the engineer on call"); l != LabelTask {
		t.Errorf("tagStar(%.40q): the duty sentence is %q; want task (labels %+v)", text, l, st.Sentences)
	}
	if !st.Situation.Present || !st.Task.Present || !st.Action.Present || !st.Result.Present {
		t.Errorf("tagStar(%.40q) = %+v; want all four parts", text, st)
	}
}

func TestStarStyles(t *testing.T) {
	tests := []struct {
		name, text string
		want       [4]bool // S, T, A, R present
	}{
		{"present tense", "So I'm the lead, and we have this outage on a Friday night. My job is to get the orders flowing again. So I go and profile the worker and I move the big jobs to their own queue. By morning every order is out.", [4]bool{true, true, true, true}},
		{"reported speech", "I was a junior analyst at an insurer. My manager told me I had to cut the report time. I rebuilt the report in SQL. She said it saved the team two days a month.", [4]bool{true, true, true, true}},
		{"run-on", "so at my last job the deploys kept breaking and i was asked to fix it so i went through the failures and rewrote the migration step and in the end deploy failures went from weekly to almost never", [4]bool{true, true, true, true}},
		{"result first", "We cut our cloud bill by 30% in three months. Here's how. The company was growing fast and nobody watched costs. My job was to find the waste. I tagged every resource and shut down the idle ones.", [4]bool{true, true, true, true}},
		{"vague", "I would probably look into it.", [4]bool{}},
		{"plan", "I would first look at the dashboards. Then I would check recent deploys and roll back. After that I would write a postmortem.", [4]bool{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tagGold(tc.text)
			got := [4]bool{st.Situation.Present, st.Task.Present, st.Action.Present, st.Result.Present}
			if got != tc.want {
				t.Errorf("tagStar(%.40q) present = %v; want %v (labels %+v)", tc.text, got, tc.want, st.Sentences)
			}
		})
	}
}

// TestStarClauseSpans: a part found in a clause has its span inside the
// sentence, and a Result present always has a sentence labelled Result
// (feedback quotes it).
func TestStarClauseSpans(t *testing.T) {
	for _, file := range []string{"tuning.jsonl", "heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl"} {
		for _, g := range loadStarGoldIfAny(t, file) {
			st := tagGold(g.Text)
			for _, comp := range []Component{st.Situation, st.Task, st.Action, st.Result} {
				if comp.Present != (len(comp.Spans) > 0) {
					t.Errorf("tagStar(%.40q): present %v with spans %v", g.Text, comp.Present, comp.Spans)
				}
				for _, sp := range comp.Spans {
					if sp.Start < 0 || sp.End > len(g.Text) || sp.Start >= sp.End {
						t.Errorf("tagStar(%.40q): bad span %+v", g.Text, sp)
					}
				}
			}
			if st.Result.Present && firstLabelled(&st, LabelResult, nil) < 0 {
				t.Errorf("tagStar(%.40q): Result present with no Result sentence", g.Text)
			}
			again := tagGold(g.Text)
			if !sameStar(st, again) {
				t.Errorf("tagStar(%.40q) is not deterministic", g.Text)
			}
		}
	}
}

func loadStarGoldIfAny(t *testing.T, name string) []starGold {
	if _, err := fileStat("testdata/star/" + name); err != nil {
		return nil
	}
	return loadStarGold(t, name)
}

func sameStar(a, b Star) bool {
	if len(a.Sentences) != len(b.Sentences) || a.Order != b.Order || a.Ownership != b.Ownership {
		return false
	}
	for i := range a.Sentences {
		if a.Sentences[i] != b.Sentences[i] {
			return false
		}
	}
	return true
}

func fileStat(name string) (fs.FileInfo, error) { return os.Stat(name) }

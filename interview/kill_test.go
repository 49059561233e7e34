package interview_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/sqlite"
	"github.com/mockinterview/mockinterview/scoring"
)

// stuckScorer never finishes: the process is killed while scoring.
type stuckScorer struct{}

func (stuckScorer) ScoreWithFollowUp(ctx context.Context, _ scoring.Input, _ func(string)) (scoring.Result, string, error) {
	<-ctx.Done()
	return scoring.Result{}, "", ctx.Err()
}

// TestHelperAnswerThenHang is the child process of
// TestAcknowledgedAnswerSurvivesKill: it answers turn 1, prints the
// session id once Answer returned, and hangs in scoring.
func TestHelperAnswerThenHang(t *testing.T) {
	path := os.Getenv("MOCKINTERVIEW_KILL_TEST_DB")
	if path == "" {
		t.Skip("helper process for TestAcknowledgedAnswerSurvivesKill")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := interview.New(st, loadBank(t), stuckScorer{})
	sess, err := svc.Create(ctx, "kim", interview.PlanRequest{Role: "backend-developer", Count: 2, Seed: seed(1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Answer(ctx, sess.ID, 1, "The answer that was acknowledged."); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ACK %s\n", sess.ID)
	select {} // killed here
}

func TestAcknowledgedAnswerSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "kill.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAnswerThenHang$", "-test.v=false")
	cmd.Env = append(os.Environ(), "MOCKINTERVIEW_KILL_TEST_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var id string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
			id = rest
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code, no Close
		t.Fatal(err)
	}
	cmd.Wait()
	if id == "" {
		t.Fatalf("child did not acknowledge an answer")
	}

	h := &harness{t: t, bank: loadBank(t), path: path, clock: &fakeClock{}}
	h.store = h.openStore()
	h.svc = interview.New(h.store, h.bank, scoring.New(h.bank))
	t.Cleanup(func() { h.svc.Close(context.Background()) })
	sess, err := h.svc.Session(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := sess.Turns[0]; got.Answer != "The answer that was acknowledged." || got.Status != interview.TurnAnswered {
		t.Fatalf("after kill -9 turn 1 = %+v; want the acknowledged answer, unscored", got)
	}
	evs := h.checkLog(id)
	if last := evs[len(evs)-1]; last.Type != interview.EventAnswerAck {
		t.Errorf("last stored event is %s; want answer.ack", last.Type)
	}
	// The restarted engine scores it when the client comes back.
	if err := h.svc.Start(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	h.untilType(id, 0, interview.EventScore)
}

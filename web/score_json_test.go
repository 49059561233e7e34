package web_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/web"
)

// TestScoreResponseIsJSONMarshal checks that the score handler's encoder
// (scoring.Result.AppendJSON into a pooled buffer) answers exactly what
// gin's c.JSON answered: json.Marshal of the result, the same content type,
// no trailing newline; and that stored idempotent answers are not touched
// when the buffer is reused.
func TestScoreResponseIsJSONMarshal(t *testing.T) {
	ts := newTestServer(t, web.Config{}, nil)
	scorer := scoring.New(ts.bank)
	inputs := []scoring.Input{
		{QuestionID: "be-performance-bottleneck", Answer: goodAnswer},
		{QuestionID: "be-performance-bottleneck", Answer: benchAnswer},
		{Question: "Tell me about <b>a</b> time & place", Tips: "ownership, \"impact\"",
			Answer: "I led it — café 漢字 <script>x</script> & \u2028 done; cut p99 by 40%.\tThen I wrote it up."},
		// Control bytes are refused in answers (invalid_characters); the
		// question may hold them, and off-topic feedback quotes it.
		{Question: "Why \x01 this \x1f job?", Answer: "A \u2029 separator; I like building reliable systems, mostly gardening and cooking on weekends with friends and family."},
	}
	var bodies [][]byte
	for i, in := range inputs {
		want, err := scorer.Score(context.Background(), in)
		if err != nil {
			t.Fatalf("Score(%.30q): %v", in.Answer, err)
		}
		wantBody, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		res := ts.do(t, "POST", "/api/v1/score", scoreBody(t, in), "Idempotency-Key", "same-bytes-"+string(rune('a'+i)))
		if res.status != 200 {
			t.Fatalf("input %d: status %d (body %s)", i, res.status, res.body)
		}
		if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("input %d: Content-Type = %q; want gin's application/json; charset=utf-8", i, ct)
		}
		if string(res.body) != string(wantBody) {
			t.Errorf("input %d: body differs from json.Marshal(result):\n got %s\nwant %s", i, res.body, wantBody)
		}
		bodies = append(bodies, wantBody)
	}
	for i, in := range inputs {
		res := ts.do(t, "POST", "/api/v1/score", scoreBody(t, in), "Idempotency-Key", "same-bytes-"+string(rune('a'+i)))
		if res.header.Get("Idempotent-Replayed") != "true" || string(res.body) != string(bodies[i]) {
			t.Errorf("replay %d: Idempotent-Replayed %q, body equal %v; want the stored first answer",
				i, res.header.Get("Idempotent-Replayed"), string(res.body) == string(bodies[i]))
		}
	}
}

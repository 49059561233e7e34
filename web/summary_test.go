package web_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/web"
)

// TestSessionQuestionIDs: POST /api/v1/sessions with question_ids asks
// those questions in that order; bad ids are refused with the field named.
func TestSessionQuestionIDs(t *testing.T) {
	srv := newLiveServer(t, web.HubConfig{})
	g := srv.newGuest(t)
	ids := []string{"be-restful-api-design", "be-performance-bottleneck"}
	body, _ := json.Marshal(map[string]any{"role": "backend-developer", "question_ids": ids, "mode": "exam"})
	created := g.createSession(t, string(body))
	if created.Plan.Count != 2 || created.Plan.Mix["technical"] != 1 || created.Plan.Mix["behavioral"] != 1 {
		t.Fatalf("plan %+v; want 2 questions, one technical and one behavioral", created.Plan)
	}
	c := g.dial(t, created.ID)
	c.send(`{"type":"start"}`)
	msgs := playInterview(t, c, &sequence{t: t}, "exam", 2)
	var asked []string
	var finished *wireMsg
	for i, m := range msgs {
		if m.Type == "question" {
			asked = append(asked, m.ID)
			if strings.Contains(string(m.raw), "reference_answer") {
				t.Errorf("question message carries the reference answer: %s", m.raw)
			}
		}
		if m.Type == "finished" {
			finished = &msgs[i]
		}
	}
	if !reflect.DeepEqual(asked, ids) {
		t.Errorf("asked %v; want %v in that order", asked, ids)
	}
	// The finished summary carries the verdict, what to practise and each turn.
	s := finished.Summary
	if s.Verdict == nil || s.Verdict.Label == "" || len(s.Practise) > 3 || len(s.Turns) != 2 ||
		s.Turns[0].QuestionID != ids[0] || s.Turns[1].QuestionID != ids[1] {
		t.Errorf("finished summary %s; want a verdict, at most 3 things to practise and both turns", finished.raw)
	}
	tr := g.transcript(t, created.ID)
	if tr.Summary == nil || !reflect.DeepEqual(tr.Summary.Verdict, s.Verdict) || !reflect.DeepEqual(tr.Summary.Turns, s.Turns) {
		t.Errorf("transcript summary %+v differs from the finished one %+v", tr.Summary, s)
	}
	if raw, _ := json.Marshal(tr.Turns); strings.Contains(string(raw), "reference_answer") {
		t.Errorf("transcript turns carry reference answers")
	}

	for _, tc := range []struct {
		name, body, field, want string
	}{
		{"unknown", `{"role":"backend-developer","question_ids":["be-cap-theorem","no-such"]}`, "question_ids", `question_ids[1]: no question has the id \"no-such\"`},
		{"other role", `{"role":"backend-developer","question_ids":["ca-multi-region"]}`, "question_ids", "not one of role backend-developer"},
		{"repeat", `{"role":"backend-developer","question_ids":["be-cap-theorem","be-cap-theorem"]}`, "question_ids", "repeats"},
		{"empty", `{"role":"backend-developer","question_ids":[]}`, "question_ids", "question_ids is empty"},
		{"too many", `{"role":"backend-developer","question_ids":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"]}`, "question_ids", "at most 20"},
		{"count", `{"role":"backend-developer","count":3,"question_ids":["be-cap-theorem"]}`, "count", "count is 3 but 1 question_ids"},
		{"not a list", `{"role":"backend-developer","question_ids":"be-cap-theorem"}`, "question_ids", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, b := g.do(t, "POST", "/api/v1/sessions", tc.body)
			var e struct {
				Error web.ErrorBody `json:"error"`
			}
			if err := json.Unmarshal(b, &e); err != nil || status != http.StatusBadRequest || e.Error.Field != tc.field || !strings.Contains(string(b), tc.want) {
				t.Errorf("POST %s: %d %s; want 400 on %s saying %q", tc.body, status, b, tc.field, tc.want)
			}
			assertNoGoErrorText(t, b)
		})
	}
}

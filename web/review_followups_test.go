package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

// followUpSession is a finished practice interview of one behavioral
// question whose answer got a follow-up question, then answered (answer
// != "") or skipped it.
func (s *accountServer) followUpSession(t *testing.T, g *guest, answer string) (string, interview.Turn) {
	t.Helper()
	created := g.createSession(t, `{"role":"backend-developer","categories":["behavioral"],"count":1,"mode":"practice","seed":3}`)
	ctx := context.Background()
	if err := s.engine.Start(ctx, created.ID); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := s.engine.Answer(ctx, created.ID, 1, "We had a slow checkout. I looked at it."); err != nil {
		t.Fatalf("Answer: %v", err)
	}
	waitFor(t, "the follow-up question", func() bool {
		sess, err := s.engine.Session(ctx, created.ID)
		if err != nil || sess.State == interview.StateFinished {
			t.Fatalf("the session finished without a follow-up (%v)", err)
		}
		return sess.Turns[0].Status == interview.TurnFollowUp
	})
	var err error
	if answer == "" {
		err = s.engine.Skip(ctx, created.ID, 1)
	} else {
		err = s.engine.Answer(ctx, created.ID, 1, answer)
	}
	if err != nil {
		t.Fatalf("answer or skip the follow-up: %v", err)
	}
	var sess interview.Session
	waitFor(t, "the session to finish", func() bool {
		sess, err = s.engine.Session(ctx, created.ID)
		return err == nil && sess.State == interview.StateFinished
	})
	return created.ID, sess.Turns[0]
}

// TestFollowUpsInTranscriptAndExports: every view of a transcript says
// which follow-up was asked, with its answer, or that it was skipped: the
// transcript page, the printable and shared views, Markdown, CSV (its
// followup_N_* columns) and JSON (answer_parts).
func TestFollowUpsInTranscriptAndExports(t *testing.T) {
	const fuAnswer = "I added the index myself; checkout fell to 200 ms."
	for _, tc := range []struct {
		name, answer, status string
	}{
		{"answered", fuAnswer, "answered"},
		{"skipped", "", "skipped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAccountServer(t)
			coach, _ := srv.addUser(t, "cy@example.com", interview.RoleCoach)
			team := coach.createTeam(t, "T")
			ann := srv.newGuest(t)
			ann.signup(t, "ann@example.com", team.Invite)
			id, turn := srv.followUpSession(t, ann, tc.answer)
			if len(turn.FollowUps) != 1 || turn.FollowUps[0].Skipped != (tc.answer == "") {
				t.Fatalf("stored follow-ups %+v; want one, skipped %v", turn.FollowUps, tc.answer == "")
			}
			question := turn.FollowUps[0].Text

			for _, path := range []string{"/coach/sessions/" + id, "/coach/sessions/" + id + "/print"} {
				page := html.UnescapeString(coach.page(t, path))
				if !strings.Contains(page, `class="followup" data-followup="1"`) || !strings.Contains(page, question) {
					t.Errorf("%s lacks the follow-up question %q", path, question)
				}
				if tc.answer != "" && !strings.Contains(page, `data-followup="1" data-base=`) {
					t.Errorf("%s does not show the follow-up's answer as its own part", path)
				}
				if tc.answer == "" && !strings.Contains(page, `followup-skipped`) {
					t.Errorf("%s does not say the follow-up was skipped", path)
				}
			}

			md := coach.getExport(t, id, "md", "text/markdown")
			wantMD := "### Follow-up 1\n\n"
			if !strings.Contains(md, wantMD) || !strings.Contains(md, question) {
				t.Errorf("Markdown lacks %q and the question %q:\n%s", wantMD, question, md)
			}
			if tc.answer != "" && !strings.Contains(md, "> "+fuAnswer) {
				t.Errorf("Markdown lacks the follow-up answer quoted:\n%s", md)
			}
			if tc.answer == "" && !strings.Contains(md[strings.Index(md, wantMD):], "_Skipped._") {
				t.Errorf("Markdown does not say the follow-up was skipped:\n%s", md)
			}

			rows, err := csv.NewReader(strings.NewReader(coach.getExport(t, id, "csv", "text/csv"))).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("CSV = %q, %v", rows, err)
			}
			col := func(name string) string {
				i := slices.Index(rows[0], name)
				if i < 0 {
					t.Fatalf("CSV has no column %s: %v", name, rows[0])
				}
				return rows[1][i]
			}
			if col("followup_1_question") != question || col("followup_1_status") != tc.status || col("followup_1_answer") != tc.answer {
				t.Errorf("CSV follow-up 1 = %q, %q, %q; want %q, %s, %q", col("followup_1_question"), col("followup_1_status"), col("followup_1_answer"), question, tc.status, tc.answer)
			}
			if col("followup_2_question") != "" || col("followup_2_status") != "" {
				t.Errorf("CSV follow-up 2 = %q, %q; want empty (none asked)", col("followup_2_question"), col("followup_2_status"))
			}
			if turn.InitialScore == nil {
				t.Fatalf("turn %+v has no initial_score", turn)
			}
			if got := col("initial_score"); got != strconv.Itoa(turn.InitialScore.Overall) {
				t.Errorf("CSV initial_score = %q; want the first answer's %d", got, turn.InitialScore.Overall)
			}
			first := fmt.Sprintf("- First answer: %d (band %d), %d after the follow-up\n", turn.InitialScore.Overall, turn.InitialScore.Band, turn.Score.Overall)
			t.Logf("first answer %d, after the follow-up %d", turn.InitialScore.Overall, turn.Score.Overall)
			page := html.UnescapeString(coach.page(t, "/coach/sessions/"+id))
			if changed := turn.InitialScore.Overall != turn.Score.Overall; changed != strings.Contains(md, first) ||
				changed != strings.Contains(page, `class="first-score">`+strconv.Itoa(turn.InitialScore.Overall)+"<") {
				t.Errorf("first answer %d, final %d: Markdown has %q: %v; page shows the first score: %v", turn.InitialScore.Overall, turn.Score.Overall,
					first, strings.Contains(md, first), strings.Contains(page, `class="first-score"`))
			}
			if rows[0][6] != "answer" || rows[1][6] != turn.Answer {
				t.Errorf("CSV answer column %q = %q; want the scored text %q in place", rows[0][6], rows[1][6], turn.Answer)
			}

			var exp web.ExportJSON
			if err := json.Unmarshal([]byte(coach.getExport(t, id, "json", "application/json")), &exp); err != nil {
				t.Fatal(err)
			}
			if len(exp.AnswerParts) != 1 || len(exp.AnswerParts[0].Parts) != 2 {
				t.Fatalf("JSON answer_parts = %+v; want one turn with the main answer and one follow-up", exp.AnswerParts)
			}
			p := exp.AnswerParts[0].Parts[1]
			if p.FollowUp != 1 || p.Question != question || p.Text != tc.answer || p.Skipped != (tc.answer == "") {
				t.Errorf("JSON follow-up part = %+v; want question %q, text %q", p, question, tc.answer)
			}
			if p.Text != "" && turn.Answer[p.Start:p.End] != p.Text {
				t.Errorf("JSON follow-up part range [%d,%d) is %q in the answer", p.Start, p.End, turn.Answer[p.Start:p.End])
			}

			// The shared view shows the follow-up too.
			status, b := ann.do(t, "POST", "/api/v1/sessions/"+id+"/shares", `{}`)
			var share web.ShareCreated
			if status != 201 || json.Unmarshal(b, &share) != nil {
				t.Fatalf("share: %d %s", status, b)
			}
			if page := html.UnescapeString(srv.newGuest(t).page(t, share.URL)); !strings.Contains(page, question) {
				t.Errorf("the shared view lacks the follow-up question")
			}
		})
	}
}

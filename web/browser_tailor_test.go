package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview/extract/extracttest"
)

// TestBrowserTailoredInterview is issue 13's page from end to end in
// Chromium, on a real server, store and websocket: paste a posting, upload
// a résumé .docx through the file input, see its extracted text, preview
// the plan (questions with what they probe and their source), start that
// very interview, answer every question, and read the job-fit panel
// (covered terms with their evidence linking to the turn, terms never
// addressed); the Markdown export holds the job fit too. Screenshots go to
// the test's temp dir (or $MOCKINTERVIEW_SCREENSHOTS).
func TestBrowserTailoredInterview(t *testing.T) {
	srv := newAccountServer(t)
	ctx := browserContext(t)
	shots := t.TempDir()
	if dir := os.Getenv("MOCKINTERVIEW_SCREENSHOTS"); dir != "" {
		shots = dir
	}
	poll := func(what, expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
			t.Fatalf("waiting for %s: %v\npage text:\n%s", what, err, text)
		}
		return v
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "tailor-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	resumeFile := filepath.Join(t.TempDir(), "resume.docx")
	claim := "Migrated 120 services to Kubernetes with zero downtime"
	if err := os.WriteFile(resumeFile, extracttest.DOCX(t, []string{"Sam Rivera", "- " + claim, "- Reduced incident response time by 45% by rewriting the on-call runbooks"}), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#jd"))); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	poll("the roles", `document.querySelector('#role option[value="backend-developer"]') ? 'ok' : ''`)
	// Paste the posting (a paste fires input), upload the résumé.
	postingJSON, _ := json.Marshal(srePosting)
	eval(`(() => { const a = document.getElementById('jd'); a.focus(); a.value = ` + string(postingJSON) + `; a.dispatchEvent(new Event('input', {bubbles: true})); return 'ok'; })()`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#resume-file"), []string{resumeFile})); err != nil {
		t.Fatalf("upload the résumé: %v", err)
	}
	status := poll("the résumé's text", `document.getElementById('resume-status').textContent.startsWith('Read ') ? document.getElementById('resume-status').textContent : ''`)
	if !strings.Contains(status, "resume.docx") || !strings.Contains(status, "DOCX") {
		t.Errorf("résumé status %q; want it to name the file and its type", status)
	}
	if got := eval(`document.getElementById('resume').value`); !strings.Contains(got, claim) || !strings.Contains(got, "Sam Rivera\n- ") {
		t.Errorf("résumé textarea = %q; want the extracted lines", got)
	}
	if count := eval(`document.getElementById('jd-count').textContent`); !strings.Contains(count, "of 16,384 bytes") {
		t.Errorf("posting count %q", count)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#count"), "3"),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=exam]`)),
	); err != nil {
		t.Fatal(err)
	}

	// Preview the plan.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#preview-plan"))); err != nil {
		t.Fatal(err)
	}
	poll("the plan preview", `document.querySelectorAll('#plan-questions li').length === 3 ? 'ok' : ''`)
	var preview []struct {
		Text    string `json:"text"`
		Source  string `json:"source"`
		Targets string `json:"targets"`
	}
	raw := eval(`JSON.stringify([...document.querySelectorAll('#plan-questions li')].map(li => ({text: li.querySelector('.plan-q').textContent, source: li.dataset.source, targets: (li.querySelector('.plan-targets')||{}).textContent || ''})))`)
	if err := json.Unmarshal([]byte(raw), &preview); err != nil {
		t.Fatal(err)
	}
	generated := false
	for _, q := range preview {
		if q.Source == "generated" {
			generated = true
			if !strings.Contains(q.Targets, "Probes:") {
				t.Errorf("résumé question %q shows no targets", q.Text)
			}
		}
	}
	if !generated {
		t.Errorf("preview %+v has no question about the résumé", preview)
	}
	if terms := eval(`document.querySelector('#plan-preview .hint').textContent`); !strings.Contains(strings.ToLower(terms), "kubernetes") {
		t.Errorf("preview terms line %q; want the posting's terms", terms)
	}
	screenshot("1-preview")

	// Start it: the interview is the one previewed.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#start-tailored"))); err != nil {
		t.Fatal(err)
	}
	answers := []string{
		"I ran our Kubernetes clusters for two years. I wrote the Terraform modules for every environment, and we cut deploy time by 40%.",
		"I would ask the team what they need first, then decide together and write it down.",
		"I keep things simple, talk to people early and follow up on what we agreed.",
	}
	for turn := 1; ; turn++ {
		if turn > 4 {
			t.Fatal("the interview did not finish after 3 answers")
		}
		if state := poll("a question or the end", composerState); state == "finished" {
			break
		}
		q := poll("the question", `document.querySelector('#turn-`+itoa(turn)+` .question').textContent`)
		if want := strings.TrimSpace(preview[turn-1].Text); !strings.HasSuffix(want, strings.TrimSpace(q)) {
			t.Errorf("question %d = %q; want the previewed %q", turn, q, want)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#answer"), answers[turn-1]), chromedp.Click(chromedp.CSS("#submit-answer"))); err != nil {
			t.Fatalf("answer %d: %v", turn, err)
		}
		poll("the answer saved", `(document.querySelector('#turn-`+itoa(turn)+` .answer-box .ack')||{}).textContent?.startsWith('Saved') ? 'ok' : ''`)
	}

	// The job-fit panel.
	poll("the job-fit panel", `document.querySelector('#live-summary .jobfit') ? 'ok' : ''`)
	var fit struct {
		Count   string   `json:"count"`
		Covered []string `json:"covered"`
		Missing []string `json:"missing"`
		Quote   string   `json:"quote"`
		Href    string   `json:"href"`
		Green   string   `json:"green"`
		Amber   string   `json:"amber"`
		Deco    string   `json:"deco"`
	}
	raw = eval(`(() => {
		const p = document.querySelector('#live-summary .jobfit');
		const c = [...p.querySelectorAll('.jobfit-term.covered')], m = [...p.querySelectorAll('.jobfit-term.missing')];
		return JSON.stringify({count: p.querySelector('.jobfit-count').textContent,
			covered: c.map(li => li.textContent), missing: m.map(li => li.textContent),
			quote: c.length ? c[0].querySelector('q.evidence').textContent : '', href: c.length ? c[0].querySelector('a').getAttribute('href') : '',
			green: c.length ? getComputedStyle(c[0]).borderLeftColor : '', amber: m.length ? getComputedStyle(m[0]).borderLeftColor : '', deco: m.length ? getComputedStyle(m[0]).textDecorationLine : ''});
	})()`)
	if err := json.Unmarshal([]byte(raw), &fit); err != nil {
		t.Fatal(err)
	}
	if len(fit.Covered) == 0 || len(fit.Missing) == 0 {
		t.Fatalf("job fit covered %q, missing %q; want both", fit.Covered, fit.Missing)
	}
	if !strings.Contains(fit.Covered[0], "covered in question 1") || !strings.Contains(answers[0], fit.Quote) || fit.Quote == "" || fit.Href != "#turn-1" {
		t.Errorf("first covered term %q quote %q href %q; want question 1 with a sentence of its answer", fit.Covered[0], fit.Quote, fit.Href)
	}
	if !strings.Contains(strings.ToLower(strings.Join(fit.Covered, " ")), "kubernetes") {
		t.Errorf("covered terms %q; want kubernetes among them", fit.Covered)
	}
	for _, m := range fit.Missing {
		if !strings.Contains(m, "never addressed") {
			t.Errorf("missing term %q does not say never addressed", m)
		}
	}
	if !strings.Contains(fit.Count, "posting terms covered") {
		t.Errorf("job-fit count %q", fit.Count)
	}
	if fit.Green == fit.Amber || fit.Green == "" {
		t.Errorf("covered border %q, missing border %q; want two colours", fit.Green, fit.Amber)
	}
	if fit.Deco != "none" {
		t.Errorf("a term never addressed is drawn with text-decoration %q; want none (it is a term, not a deletion)", fit.Deco)
	}
	// The evidence link goes to the turn without leaving the page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#live-summary .jobfit-term.covered a"))); err != nil {
		t.Fatal(err)
	}
	if got := poll("the turn focused", `document.activeElement ? document.activeElement.id : ''`); got != "turn-1" || !strings.HasPrefix(eval(`location.hash`), "#/live/") {
		t.Errorf("after the evidence link: focus %q, hash %q; want turn-1 on the live page", got, eval(`location.hash`))
	}
	screenshot("2-job-fit")

	// The session is the previewed plan; the export carries the job fit.
	id := strings.TrimPrefix(eval(`location.hash`), "#/live/")
	got := poll("the export", `fetch('/api/v1/sessions/`+id+`/export?format=md').then(r => r.text())`)
	if !strings.Contains(got, "## Job fit") || !strings.Contains(got, "never addressed") || !strings.Contains(got, claim) {
		t.Errorf("Markdown export lacks the job fit or the résumé:\n%s", got)
	}
	tr := poll("the transcript", `fetch('/api/v1/sessions/`+id+`').then(r => r.text())`)
	var transcript struct {
		Plan struct {
			Resume    string `json:"resume"`
			Questions []struct {
				Question string `json:"question"`
			} `json:"questions"`
		} `json:"plan"`
	}
	if err := json.Unmarshal([]byte(tr), &transcript); err != nil {
		t.Fatal(err)
	}
	if len(transcript.Plan.Questions) != 3 || !strings.Contains(transcript.Plan.Resume, claim) {
		t.Fatalf("stored plan %+v", transcript.Plan)
	}
	for i, q := range transcript.Plan.Questions {
		if !strings.HasSuffix(preview[i].Text, q.Question) {
			t.Errorf("stored question %d %q; want the previewed %q", i+1, q.Question, preview[i].Text)
		}
	}

	// The candidate's transcript shows the job fit and the posting and résumé.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/#/sessions/"+id)); err != nil {
		t.Fatal(err)
	}
	poll("the transcript's job fit", `document.querySelector('#transcript-summary .jobfit .jobfit-term.covered') ? 'ok' : ''`)
	if src := eval(`(document.querySelector('#view-transcript .tailor-source')||{}).textContent || ''`); !strings.Contains(src, "Site Reliability Engineer") || !strings.Contains(src, claim) {
		t.Errorf("transcript posting and résumé = %q", src)
	}
	screenshot("3-transcript")
}

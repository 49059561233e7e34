package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// The coach's pages (and the account pages around them), rendered on the
// server from the templates in static/coach and served from the binary:
// the sessions list, a transcript with its highlights and review forms, a
// printable transcript, a candidate's progress charts (SVG drawn here),
// the teams page, login and sign-up, the invite page and a shared
// interview. The pages' script (static/coach/coach.js) only sends the
// forms to the JSON API, turns a selected passage into byte offsets, and
// follows a live interview read-only.

var pageTemplates = template.Must(template.New("pages").Funcs(template.FuncMap{
	"date":       func(t time.Time) string { return t.Format("2006-01-02 15:04") },
	"day":        func(t time.Time) string { return t.Format("2006-01-02") },
	"seconds":    func(ms int64) string { return (time.Duration(ms) * time.Millisecond).Round(time.Second).String() },
	"percent":    func(f float64) int { return int(f*100 + 0.5) },
	"score":      func(f *float64) string { return scoreText(f) },
	"invite":     InvitePath,
	"plural":     plural,
	"inc":        func(i int) int { return i + 1 },
	"categories": func() []questions.Category { return questions.Categories },

	"answerOf": func(turn int, p partView) answerOf { return answerOf{Turn: turn, Part: p} },

	// Job fit (tailor_views.go).
	"jobFitCovered": jobFitCovered,
}).ParseFS(staticFS, "coach/*.tmpl"))

// plural is "1 member", "0 members", "3 members": n and the noun, with an
// s unless n is 1 (the page's nouns all take one).
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func scoreText(f *float64) string {
	if f == nil {
		return "–"
	}
	return strconv.FormatFloat(*f, 'f', 0, 64)
}

// page is what every page template gets.
type page struct {
	Title string
	User  *interview.User
	Print bool
	Data  any
}

// renderPage renders the template name with data, or a plain error page.
func renderPage(c *gin.Context, status int, name, title string, data any) {
	var buf bytes.Buffer
	p := page{Title: title, User: callerFrom(c).User, Print: strings.HasSuffix(c.FullPath(), "/print"), Data: data}
	if err := pageTemplates.ExecuteTemplate(&buf, name, p); err != nil {
		_ = c.Error(err)
		writeError(c, err)
		return
	}
	pageSecurity(c.Writer.Header())
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// pageError renders err as a page: a 404 for what the caller may not see,
// the login page for someone not signed in.
func pageError(c *gin.Context, err error) {
	e := toAPIError(err)
	if e.Status >= http.StatusInternalServerError {
		_ = c.Error(err)
	}
	if e.Status == http.StatusUnauthorized {
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		return
	}
	renderPage(c, e.Status, "error", "Not available", e.Message)
}

// pageUser requires a signed-in user for a page (redirecting to the login
// page otherwise) with one of roles when given.
func pageUser(c *gin.Context, roles ...interview.Role) (interview.User, bool) {
	u, err := signedInAs(c, roles...)
	if err != nil {
		pageError(c, err)
		return interview.User{}, false
	}
	return u, true
}

// handleLoginPage serves the login and sign-up page.
func handleLoginPage(signup bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		next := c.Query("next")
		if !localPath(next) {
			next = ""
		}
		title := "Log in"
		if signup {
			title = "Sign up"
		}
		// A notice of what just happened, from a flag in the query: the
		// pages go here after logging out (?logged_out=1) and after a
		// password reset (?reset=1).
		notice := ""
		switch {
		case c.Query("logged_out") != "":
			notice = "You are logged out."
		case c.Query("reset") != "":
			notice = "Password changed; log in with the new one."
		}
		renderPage(c, http.StatusOK, "login", title, struct {
			Signup bool
			Next   string
			Invite string
			Notice string
		}{signup, next, "", notice})
	}
}

// localPath reports whether next is a path on this host, safe to go to
// after login. Browsers read a backslash as a slash and drop tabs and
// newlines, so "/\\evil.example" and "/\t/evil.example" would leave the
// host: those, any control character or space, and anything with a scheme
// or a host are refused.
func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return false
	}
	for _, r := range next {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError {
			return false
		}
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// handleJoinPage shows a team invite: a signed-in candidate joins with one
// click; anyone else signs up (or logs in) with the invite.
func handleJoinPage(accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			pageError(c, errNoAccounts)
			return
		}
		t, err := accounts.TeamByInvite(c.Request.Context(), c.Param("token"))
		if err != nil {
			pageError(c, inviteError(err))
			return
		}
		renderPage(c, http.StatusOK, "join", "Join "+t.Name, struct {
			Team   string
			Invite string
		}{t.Name, t.InviteToken})
	}
}

// listPage is the data of the sessions list: for a coach or an admin the
// interviews they review (and their own), for a candidate their home, "Your
// interviews".
type listPage struct {
	Query    url.Values
	Roles    []questions.Role
	Sessions []listRow
	Sorts    []sortLink
	Error    string
	Coach    bool
	// Filtered says a filter narrowed the list (sorting does not count):
	// an empty list then says which filters to clear.
	Filtered bool
	// Teams is how many teams a coach has: with none, the empty list says
	// to create one.
	Teams int
	// UserID is the signed-in user's id, for the link to their progress.
	UserID string
}

// listRow is one interview of the list with what the coaches added
// (ReviewListItem.Coaching).
type listRow struct {
	ReviewListItem
}

// Coached is the coach's score of the interview, nil when no turn was
// overridden. The row shows it, with the engine's beside it; otherwise
// the engine's (EffectiveScore is the one or the other, what the list is
// filtered and sorted by).
func (r listRow) Coached() *float64 { return r.Coaching.Score }

// Overrides is how many turns a coach scored.
func (r listRow) Overrides() int { return r.Coaching.OverriddenTurns }

// Comments is how many comments the coaches wrote.
func (r listRow) Comments() int { return r.Coaching.Comments }

// Reviewed says a coach commented on the interview or changed a score.
func (r listRow) Reviewed() bool { return r.Overrides() > 0 || r.Comments() > 0 }

// listRows are the listed sessions with their coaching.
func listRows(ctx context.Context, reviews ReviewService, list []interview.ListedSession) ([]listRow, error) {
	items := make([]ReviewListItem, 0, len(list))
	for _, l := range list {
		items = append(items, reviewListItem(l))
	}
	if err := withCoaching(ctx, reviews, items); err != nil {
		return nil, err
	}
	rows := make([]listRow, 0, len(items))
	for _, it := range items {
		rows = append(rows, listRow{it})
	}
	return rows, nil
}

type sortLink struct {
	Label  string
	Href   string
	Active bool
}

// handleSessionsPage lists the sessions the signed-in user may see, with
// the filters and sorting of the search API.
func handleSessionsPage(bank Bank, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := pageUser(c)
		if !ok {
			return
		}
		// Empty filters from the form mean no filter.
		query := c.Request.URL.Query()
		for k, v := range query {
			if len(v) == 0 || v[0] == "" {
				query.Del(k)
			}
		}
		c.Request.URL.RawQuery = query.Encode()
		data := listPage{Query: query, Roles: bank.Roles(), Sessions: []listRow{}, Coach: u.Role != interview.RoleCandidate, UserID: u.ID}
		if data.Coach && accounts != nil {
			teams, err := accounts.CoachTeams(c.Request.Context(), u.ID)
			if err != nil {
				pageError(c, err)
				return
			}
			data.Teams = len(teams)
		}
		for k := range query {
			if k != "sort" {
				data.Filtered = true
			}
		}
		q, any, err := searchQuery(c)
		if err == nil && any {
			var list []interview.ListedSession
			if list, err = reviews.Search(c.Request.Context(), q); err == nil {
				data.Sessions, err = listRows(c.Request.Context(), reviews, list)
			}
		}
		if err != nil {
			// A bad filter is shown above the (empty) list, not as an
			// error page.
			if e := toAPIError(err); e.Status != http.StatusBadRequest {
				pageError(c, err)
				return
			}
			data.Error = toAPIError(err).Message
		}
		for _, s := range []struct{ label, sort string }{
			{"Newest", "-created"}, {"Oldest", "created"}, {"Best score", "-score"}, {"Lowest score", "score"}, {"Candidate", "candidate"},
		} {
			if s.sort == "candidate" && !data.Coach {
				continue // a candidate's list is all theirs
			}
			v := url.Values{}
			for k, vals := range query {
				v[k] = vals
			}
			v.Set("sort", s.sort)
			cur := query.Get("sort")
			if cur == "" {
				cur = "-created"
			}
			data.Sorts = append(data.Sorts, sortLink{Label: s.label, Href: "/coach?" + v.Encode(), Active: cur == s.sort})
		}
		title := "Interviews"
		if !data.Coach {
			title = "Your interviews"
		}
		renderPage(c, http.StatusOK, "list", title, data)
	}
}

// Segment is a piece of an answer between two highlight boundaries: a
// half-open byte range, its STAR label (when inside a labelled sentence),
// the talking points whose evidence covers it and whether a comment is
// anchored on it.
type Segment struct {
	Start, End int
	Text       string
	Label      string
	Points     []string
	Commented  bool
	// CommentRefs numbers (from 1, in the turn's comment order) the
	// comments whose passage ends with this segment, so that the page marks
	// each passage's end with its comment's number.
	CommentRefs string
}

// Highlighted reports whether the segment is marked at all.
func (s Segment) Highlighted() bool { return s.Label != "" || len(s.Points) > 0 || s.Commented }

// answerSegments cuts the answer at every boundary of its STAR sentences,
// talking-point evidence and comment anchors (moved back onto a character
// boundary should one fall inside a character).
func answerSegments(answer string, score *scoring.Result, comments []interview.Comment) []Segment {
	type span struct {
		start, end int
		label      string
		point      string
		comment    bool
		ref        int
	}
	var spans []span
	if score != nil {
		for _, s := range score.Star.Sentences {
			if s.Label != scoring.LabelOther {
				spans = append(spans, span{start: s.Start, end: s.End, label: string(s.Label)})
			}
		}
		for _, p := range score.Coverage.Points {
			for _, e := range p.Evidence {
				spans = append(spans, span{start: e.Start, end: e.End, point: p.Label})
			}
		}
	}
	for i, cm := range comments {
		spans = append(spans, span{start: cm.Start, end: cm.End, comment: true, ref: i + 1})
	}
	fix := func(i int) int {
		i = max(0, min(i, len(answer)))
		for i > 0 && i < len(answer) && !utf8.RuneStart(answer[i]) {
			i--
		}
		return i
	}
	cuts := []int{0, len(answer)}
	for i := range spans {
		spans[i].start, spans[i].end = fix(spans[i].start), fix(spans[i].end)
		cuts = append(cuts, spans[i].start, spans[i].end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []Segment
	for i := 0; i+1 < len(cuts); i++ {
		seg := Segment{Start: cuts[i], End: cuts[i+1], Text: answer[cuts[i]:cuts[i+1]]}
		for _, s := range spans {
			if s.start <= seg.Start && seg.End <= s.end {
				switch {
				case s.label != "":
					seg.Label = s.label
				case s.point != "":
					if !slices.Contains(seg.Points, s.point) {
						seg.Points = append(seg.Points, s.point)
					}
				case s.comment:
					seg.Commented = true
					if s.end == seg.End {
						if seg.CommentRefs != "" {
							seg.CommentRefs += ","
						}
						seg.CommentRefs += strconv.Itoa(s.ref)
					}
				}
			}
		}
		out = append(out, seg)
	}
	return out
}

// partSegments are the segments of the answer inside the part's range
// [start, end), cut at its ends (part boundaries are character
// boundaries: the separator between parts is a blank line).
func partSegments(segs []Segment, answer string, start, end int) []Segment {
	var out []Segment
	for _, s := range segs {
		a, b := max(s.Start, start), min(s.End, end)
		if a >= b {
			continue
		}
		s.Start, s.End, s.Text = a, b, answer[a:b]
		out = append(out, s)
	}
	return out
}

// answerOf is what the "answer" template draws: a part of a turn.
type answerOf struct {
	Turn int
	Part partView
}

// partView is the main answer or one follow-up of a turn on the
// transcript page, with the highlight segments inside it.
type partView struct {
	interview.AnswerPart
	Segments []Segment
}

// turnView is one turn of the transcript page.
type turnView struct {
	interview.Turn
	Segments   []Segment
	Parts      []partView // the main answer, then each follow-up asked
	Comments   []interview.Comment
	Overrides  []interview.ScoreOverride
	Latest     *interview.ScoreOverride // the override in force
	Effective  *int
	Overridden bool
	Star       []starPart
}

type starPart struct {
	Name       string
	Present    bool
	Confidence float64
}

// transcriptPage is the data of the transcript page.
type transcriptPage struct {
	Session interview.Session
	// Average is the session's score that counts (Review.SessionScore),
	// the one the session list shows; Coached says it is the coaches'
	// (a turn was overridden), the engine's average then shown beside it.
	Average   *float64
	Coached   bool
	Candidate string
	OwnerID   string
	Turns     []turnView
	Review    bool // the caller may comment and override
	Own       bool
	Live      bool // the interview is still going on: it can be watched
	Shared    bool
	ExpiresAt time.Time
}

func transcriptData(sess interview.Session, rev interview.Review, access Access) transcriptPage {
	data := transcriptPage{Session: sess, Review: access.Review, Own: access.Own, Live: sess.State != interview.StateFinished}
	if avg, ok := rev.SessionScore(sess); ok {
		data.Average, data.Coached = &avg, len(rev.Overrides) > 0
	}
	data.OwnerID, _ = interview.OwnerUserID(sess.Owner)
	for _, t := range sess.Turns {
		tv := turnView{Turn: t, Comments: rev.TurnComments(t.Index)}
		tv.Segments = answerSegments(t.Answer, t.Score, tv.Comments)
		for _, p := range t.AnswerParts() {
			tv.Parts = append(tv.Parts, partView{AnswerPart: p, Segments: partSegments(tv.Segments, t.Answer, p.Start, p.End)})
		}
		for _, o := range rev.Overrides {
			if o.Turn == t.Index {
				tv.Overrides = append(tv.Overrides, o)
			}
		}
		tv.Latest = rev.LatestOverride(t.Index)
		if overall, overridden, ok := rev.EffectiveOverall(t); ok {
			tv.Effective, tv.Overridden = &overall, overridden
		}
		if t.Score != nil {
			s := t.Score.Star
			for i, p := range []scoring.Component{s.Situation, s.Task, s.Action, s.Result} {
				tv.Star = append(tv.Star, starPart{Name: interview.StarParts[i], Present: p.Present, Confidence: p.Confidence})
			}
		}
		data.Turns = append(data.Turns, tv)
	}
	return data
}

// handleTranscriptPage shows a session to whoever may read it, with the
// review forms for its reviewers; under /print, a printable version.
func handleTranscriptPage(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, ok := pageUser(c); !ok {
			return
		}
		sess, access, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			pageError(c, err)
			return
		}
		rev, err := reviews.Review(c.Request.Context(), sess.ID)
		if err != nil {
			pageError(c, err)
			return
		}
		data := transcriptData(sess, rev, access)
		if id, ok := interview.OwnerUserID(sess.Owner); ok && accounts != nil {
			if u, err := accounts.UserByID(c.Request.Context(), id); err == nil {
				data.Candidate = u.Email
			}
		}
		renderPage(c, http.StatusOK, "transcript", "Interview "+sess.Plan.RoleName, data)
	}
}

// handleSharedPage shows the interview of a share link, read-only.
func handleSharedPage(engine SessionEngine, accounts AccountStore, reviews ReviewService, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, l, err := sharedSession(c.Request.Context(), engine, accounts, c.Param("token"), now())
		if err != nil {
			pageError(c, err)
			return
		}
		rev, err := reviews.Review(c.Request.Context(), sess.ID)
		if err != nil {
			pageError(c, err)
			return
		}
		// Coaches' notes and who overrode a score and why are not shared:
		// only the effective scores are.
		rev.Comments = nil
		data := transcriptData(withoutDrafts(sess), rev, Access{Read: true})
		for i := range data.Turns {
			data.Turns[i].Overrides, data.Turns[i].Latest = nil, nil
		}
		data.Shared, data.Live, data.ExpiresAt = true, false, l.ExpiresAt
		renderPage(c, http.StatusOK, "transcript", "Shared interview", data)
	}
}

// progressPage is the data of a candidate's progress page.
type progressPage struct {
	Candidate     UserView
	Own           bool // the candidate reads their own: worded for them
	Progress      interview.Progress
	Overall       template.HTML
	Categories    template.HTML
	Star          template.HTML
	TalkingPoints template.HTML
}

func handleProgressPage(engine SessionEngine, accounts AccountStore, reviews ReviewService) gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, ok := pageUser(c); !ok {
			return
		}
		if accounts == nil {
			pageError(c, errNoReviews)
			return
		}
		u, p, ok, err := candidateProgress(c.Request.Context(), callerFrom(c), engine, accounts, reviews, c.Param("id"))
		if err == nil && !ok {
			err = interview.ErrUserNotFound
		}
		if err != nil {
			pageError(c, err)
			return
		}
		data := progressPage{Candidate: userView(u), Progress: p, Own: callerFrom(c).User.ID == u.ID}
		data.Overall = lineChart("Overall score", []chartSeries{{Name: "overall", Points: p.Overall}})
		var cats []chartSeries
		for _, cat := range questions.Categories {
			if pts := p.Categories[cat]; len(pts) > 0 {
				cats = append(cats, chartSeries{Name: string(cat), Points: pts})
			}
		}
		data.Categories = lineChart("Score by category", cats)
		var star []chartSeries
		for _, part := range interview.StarParts {
			if pts := p.Star[part]; len(pts) > 0 {
				star = append(star, chartSeries{Name: part, Points: pts})
			}
		}
		data.Star = lineChart("STAR parts (behavioral and situational answers)", star)
		data.TalkingPoints = coverageBars("Talking points covered", p.TalkingPoints)
		title := "Progress of " + u.Email
		if data.Own {
			title = "Your progress"
		}
		renderPage(c, http.StatusOK, "progress", title, data)
	}
}

// teamsPage is the data of the teams page.
type teamsPage struct {
	Teams  []TeamView
	Member []interview.Membership
	Coach  bool
}

func handleTeamsPage(accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := pageUser(c)
		if !ok {
			return
		}
		if accounts == nil {
			pageError(c, errNoAccounts)
			return
		}
		ctx := c.Request.Context()
		data := teamsPage{Coach: u.Role != interview.RoleCandidate}
		var err error
		if data.Coach {
			data.Teams, err = teamViews(ctx, accounts, u.ID)
		}
		if err == nil {
			data.Member, err = accounts.UserMemberships(ctx, u.ID)
		}
		if err != nil {
			pageError(c, err)
			return
		}
		renderPage(c, http.StatusOK, "teams", "Teams", data)
	}
}

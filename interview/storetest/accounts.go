package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

// AccountStore is what the account suite checks: the store web declares
// for accounts, sign-ins, teams, share links, guest claims and login
// failures, with the session store it sits beside.
type AccountStore interface {
	interview.Store
	CreateUser(ctx context.Context, u interview.User) error
	UserByID(ctx context.Context, id string) (interview.User, error)
	UserByEmail(ctx context.Context, email string) (interview.User, error)
	Users(ctx context.Context) ([]interview.User, error)
	CreateAuthSession(ctx context.Context, a interview.AuthSession) error
	AuthSession(ctx context.Context, tokenHash string, now time.Time) (interview.AuthSession, interview.User, error)
	DeleteAuthSession(ctx context.Context, tokenHash string) error
	DeleteExpiredAuthSessions(ctx context.Context, now time.Time) ([]string, error)
	CreateTeam(ctx context.Context, t interview.Team) error
	Team(ctx context.Context, id string) (interview.Team, error)
	TeamByInvite(ctx context.Context, token string) (interview.Team, error)
	CoachTeams(ctx context.Context, coachID string) ([]interview.Team, error)
	JoinTeam(ctx context.Context, teamID, userID string, at time.Time) (interview.Membership, error)
	LeaveTeam(ctx context.Context, teamID, userID string) error
	UserMemberships(ctx context.Context, userID string) ([]interview.Membership, error)
	TeamMembers(ctx context.Context, teamID string) ([]interview.Membership, error)
	CoachSees(ctx context.Context, coachID, owner string, createdAt time.Time) (bool, error)
	ClaimGuestSessions(ctx context.Context, guestOwner, userOwner string) (int64, error)
	CreateShare(ctx context.Context, l interview.ShareLink) error
	Share(ctx context.Context, tokenHash string) (interview.ShareLink, error)
	RevokeShare(ctx context.Context, tokenHash string, at time.Time) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	RecordLoginFailure(ctx context.Context, key string, at, forgetBefore time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error
	SetPassword(ctx context.Context, userID, passwordHash string) ([]string, error)
	CreatePasswordReset(ctx context.Context, r interview.PasswordReset) error
	PasswordReset(ctx context.Context, tokenHash string, now time.Time) (interview.PasswordReset, error)
	ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (interview.PasswordReset, []string, error)
}

// RunAccounts checks the account store semantics; open is as for Run.
func RunAccounts(t *testing.T, open func(t *testing.T) AccountStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st AccountStore)
	}{
		{"Users", testUsers},
		{"AuthSessions", testAuthSessions},
		{"TeamsAndVisibility", testTeams},
		{"ClaimGuestSessions", testClaimGuest},
		{"ShareLinks", testShares},
		{"LoginFailures", testLoginFailures},
		{"SetPassword", testSetPassword},
		{"PasswordResets", testPasswordResets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

func user(id, email string, role interview.Role, at time.Time) interview.User {
	return interview.User{ID: id, Email: email, Role: role, PasswordHash: "$2a$10$hash-of-" + id, CreatedAt: at}
}

func mustCreateUsers(t *testing.T, st AccountStore, users ...interview.User) {
	t.Helper()
	for _, u := range users {
		if err := st.CreateUser(ctxT(t), u); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Email, err)
		}
	}
}

func testUsers(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	cy := user("u-cy", "cy@example.com", interview.RoleCoach, base.Add(time.Second))
	mustCreateUsers(t, st, ann, cy)
	if err := st.CreateUser(ctx, user("u-ann2", "ann@example.com", interview.RoleAdmin, base)); !errors.Is(err, interview.ErrEmailTaken) {
		t.Errorf("CreateUser(same email) error = %v; want ErrEmailTaken", err)
	}
	if got, err := st.UserByEmail(ctx, "ann@example.com"); err != nil || got != ann {
		t.Errorf("UserByEmail = %+v, %v; want %+v", got, err, ann)
	}
	if got, err := st.UserByID(ctx, "u-cy"); err != nil || got != cy {
		t.Errorf("UserByID = %+v, %v; want %+v", got, err, cy)
	}
	if _, err := st.UserByID(ctx, "nobody"); !errors.Is(err, interview.ErrUserNotFound) {
		t.Errorf("UserByID(nobody) error = %v; want ErrUserNotFound", err)
	}
	if _, err := st.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, interview.ErrUserNotFound) {
		t.Errorf("UserByEmail(nobody) error = %v; want ErrUserNotFound", err)
	}
	all, err := st.Users(ctx)
	if err != nil || len(all) != 2 || all[0] != ann || all[1] != cy {
		t.Errorf("Users = %+v, %v; want ann then cy", all, err)
	}
}

func testAuthSessions(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	mustCreateUsers(t, st, ann)
	a := interview.AuthSession{TokenHash: "h1", UserID: ann.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour), LastSeenAt: base}
	if err := st.CreateAuthSession(ctx, a); err != nil {
		t.Fatalf("CreateAuthSession: %v", err)
	}
	got, u, err := st.AuthSession(ctx, "h1", base.Add(10*time.Second))
	if err != nil || got != a || u != ann {
		t.Errorf("AuthSession(h1) = %+v, %+v, %v; want %+v of %+v (not seen again within a minute)", got, u, err, a, ann)
	}
	later := base.Add(5 * time.Minute)
	if _, _, err := st.AuthSession(ctx, "h1", later); err != nil {
		t.Fatalf("AuthSession(h1) later: %v", err)
	}
	if got, _, _ := st.AuthSession(ctx, "h1", later.Add(time.Second)); !got.LastSeenAt.Equal(later) {
		t.Errorf("LastSeenAt = %v; want %v", got.LastSeenAt, later)
	}
	if _, _, err := st.AuthSession(ctx, "h1", base.Add(time.Hour)); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("AuthSession at expiry error = %v; want ErrSignedOut", err)
	}
	if _, _, err := st.AuthSession(ctx, "h1", base); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("AuthSession after expiry was seen: error = %v; want ErrSignedOut (deleted)", err)
	}

	for _, h := range []string{"h2", "h3"} {
		if err := st.CreateAuthSession(ctx, interview.AuthSession{TokenHash: h, UserID: ann.ID, CreatedAt: base,
			ExpiresAt: base.Add(time.Hour), LastSeenAt: base}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateAuthSession(ctx, interview.AuthSession{TokenHash: "h4", UserID: ann.ID, CreatedAt: base,
		ExpiresAt: base.Add(3 * time.Hour), LastSeenAt: base}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteAuthSession(ctx, "h2"); err != nil {
		t.Fatalf("DeleteAuthSession: %v", err)
	}
	if _, _, err := st.AuthSession(ctx, "h2", base); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("AuthSession after logout error = %v; want ErrSignedOut", err)
	}
	if err := st.DeleteAuthSession(ctx, "h2"); err != nil {
		t.Errorf("DeleteAuthSession twice: %v; want nil", err)
	}
	gone, err := st.DeleteExpiredAuthSessions(ctx, base.Add(2*time.Hour))
	if err != nil || !slices.Equal(gone, []string{"h3"}) {
		t.Errorf("DeleteExpiredAuthSessions = %v, %v; want [h3]", gone, err)
	}
	if _, _, err := st.AuthSession(ctx, "h4", base.Add(2*time.Hour)); err != nil {
		t.Errorf("AuthSession(h4) after the sweep: %v; want still signed in", err)
	}
}

func testTeams(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	cy := user("u-cy", "cy@example.com", interview.RoleCoach, base)
	di := user("u-di", "di@example.com", interview.RoleCoach, base)
	mustCreateUsers(t, st, ann, cy, di)
	team := interview.Team{ID: "t1", Name: "Backend cohort", CoachID: cy.ID, InviteToken: "invite-1", CreatedAt: base}
	if err := st.CreateTeam(ctx, team); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	other := interview.Team{ID: "t2", Name: "Other", CoachID: di.ID, InviteToken: "invite-2", CreatedAt: base}
	if err := st.CreateTeam(ctx, other); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	if got, err := st.TeamByInvite(ctx, "invite-1"); err != nil || got != team {
		t.Errorf("TeamByInvite = %+v, %v; want %+v", got, err, team)
	}
	if _, err := st.TeamByInvite(ctx, "nope"); !errors.Is(err, interview.ErrTeamNotFound) {
		t.Errorf("TeamByInvite(nope) error = %v; want ErrTeamNotFound", err)
	}
	if got, err := st.Team(ctx, "t2"); err != nil || got != other {
		t.Errorf("Team(t2) = %+v, %v", got, err)
	}
	if ts, err := st.CoachTeams(ctx, cy.ID); err != nil || len(ts) != 1 || ts[0] != team {
		t.Errorf("CoachTeams(cy) = %+v, %v; want [t1]", ts, err)
	}

	before := newSession("s-before", ann.Owner(), base.Add(time.Minute))
	if _, err := st.CreateSession(ctx, before, nil); err != nil {
		t.Fatal(err)
	}
	joined := base.Add(2 * time.Minute)
	m, err := st.JoinTeam(ctx, team.ID, ann.ID, joined)
	want := interview.Membership{TeamID: "t1", TeamName: "Backend cohort", UserID: ann.ID, Email: ann.Email, JoinedAt: joined}
	if err != nil || m != want {
		t.Errorf("JoinTeam = %+v, %v; want %+v", m, err, want)
	}
	if m, err := st.JoinTeam(ctx, team.ID, ann.ID, joined.Add(time.Hour)); err != nil || !m.JoinedAt.Equal(joined) {
		t.Errorf("JoinTeam again = %+v, %v; want the first joined_at %v", m, err, joined)
	}
	if _, err := st.JoinTeam(ctx, "no-team", ann.ID, joined); !errors.Is(err, interview.ErrTeamNotFound) {
		t.Errorf("JoinTeam(no-team) error = %v; want ErrTeamNotFound", err)
	}
	if ms, err := st.UserMemberships(ctx, ann.ID); err != nil || len(ms) != 1 || ms[0] != want {
		t.Errorf("UserMemberships(ann) = %+v, %v; want [%+v]", ms, err, want)
	}
	if ms, err := st.TeamMembers(ctx, team.ID); err != nil || len(ms) != 1 || ms[0] != want {
		t.Errorf("TeamMembers(t1) = %+v, %v; want [%+v]", ms, err, want)
	}

	for _, c := range []struct {
		coach, owner string
		created      time.Time
		want         bool
	}{
		{cy.ID, ann.Owner(), base.Add(time.Minute), false}, // before joining
		{cy.ID, ann.Owner(), joined, true},
		{cy.ID, ann.Owner(), joined.Add(time.Hour), true},
		{di.ID, ann.Owner(), joined.Add(time.Hour), false}, // another coach's team
		{cy.ID, "guest:abc", joined.Add(time.Hour), false},
		{cy.ID, cy.Owner(), joined.Add(time.Hour), false},
	} {
		if got, err := st.CoachSees(ctx, c.coach, c.owner, c.created); err != nil || got != c.want {
			t.Errorf("CoachSees(%s, %s, %v) = %v, %v; want %v", c.coach, c.owner, c.created, got, err, c.want)
		}
	}
	if err := st.LeaveTeam(ctx, team.ID, ann.ID); err != nil {
		t.Fatalf("LeaveTeam: %v", err)
	}
	if got, _ := st.CoachSees(ctx, cy.ID, ann.Owner(), joined.Add(time.Hour)); got {
		t.Errorf("CoachSees after the candidate left = true; want false")
	}
	if err := st.LeaveTeam(ctx, team.ID, ann.ID); !errors.Is(err, interview.ErrNotMember) {
		t.Errorf("LeaveTeam twice error = %v; want ErrNotMember", err)
	}
}

func testClaimGuest(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	for i, owner := range []string{"guest:g1", "guest:g1", "guest:g2"} {
		s := newSession("s-claim-"+string(rune('a'+i)), owner, base.Add(time.Duration(i)*time.Second))
		if _, err := st.CreateSession(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []interview.ShareLink{
		{TokenHash: "sh-claim-a", SessionID: "s-claim-a", CreatedBy: "guest:g1", CreatedAt: base, ExpiresAt: base.Add(time.Hour)},
		{TokenHash: "sh-claim-c", SessionID: "s-claim-c", CreatedBy: "guest:g2", CreatedAt: base, ExpiresAt: base.Add(time.Hour)},
	} {
		if err := st.CreateShare(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	n, err := st.ClaimGuestSessions(ctx, "guest:g1", "user:u1")
	if err != nil || n != 2 {
		t.Errorf("ClaimGuestSessions = %d, %v; want 2", n, err)
	}
	for hash, want := range map[string]string{"sh-claim-a": "user:u1", "sh-claim-c": "guest:g2"} {
		if l, err := st.Share(ctx, hash); err != nil || l.CreatedBy != want {
			t.Errorf("Share(%s).CreatedBy after the claim = %q, %v; want %q", hash, l.CreatedBy, err, want)
		}
	}
	mine, err := st.Sessions(ctx, interview.ListFilter{Owner: "user:u1"})
	if err != nil || len(mine) != 2 {
		t.Errorf("sessions of user:u1 after the claim = %d, %v; want 2", len(mine), err)
	}
	if left, _ := st.Sessions(ctx, interview.ListFilter{Owner: "guest:g1"}); len(left) != 0 {
		t.Errorf("guest:g1 still owns %d sessions", len(left))
	}
	if other, _ := st.Sessions(ctx, interview.ListFilter{Owner: "guest:g2"}); len(other) != 1 {
		t.Errorf("guest:g2 owns %d sessions; want its 1 untouched", len(other))
	}
}

func testShares(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	s := newSession("s-share", "user:u1", base)
	if _, err := st.CreateSession(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	l := interview.ShareLink{TokenHash: "sh1", SessionID: s.ID, CreatedBy: "u1", CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	if err := st.CreateShare(ctx, l); err != nil {
		t.Fatalf("CreateShare: %v", err)
	}
	if err := st.CreateShare(ctx, interview.ShareLink{TokenHash: "sh2", SessionID: "missing", CreatedAt: base, ExpiresAt: base}); !errors.Is(err, interview.ErrNotFound) {
		t.Errorf("CreateShare(missing session) error = %v; want ErrNotFound", err)
	}
	got, err := st.Share(ctx, "sh1")
	if err != nil || got.SessionID != s.ID || got.CreatedBy != "u1" || !got.ExpiresAt.Equal(l.ExpiresAt) || got.RevokedAt != nil {
		t.Errorf("Share(sh1) = %+v, %v; want %+v", got, err, l)
	}
	if !got.Active(base) || got.Active(base.Add(time.Hour)) {
		t.Errorf("Active: want active before expiry only")
	}
	revoked := base.Add(time.Minute)
	if err := st.RevokeShare(ctx, "sh1", revoked); err != nil {
		t.Fatalf("RevokeShare: %v", err)
	}
	if err := st.RevokeShare(ctx, "sh1", revoked.Add(time.Minute)); err != nil {
		t.Errorf("RevokeShare twice: %v", err)
	}
	got, _ = st.Share(ctx, "sh1")
	if got.RevokedAt == nil || !got.RevokedAt.Equal(revoked) || got.Active(base) {
		t.Errorf("after RevokeShare, Share = %+v; want revoked at %v and inactive", got, revoked)
	}
	if _, err := st.Share(ctx, "nope"); !errors.Is(err, interview.ErrShareNotFound) {
		t.Errorf("Share(nope) error = %v; want ErrShareNotFound", err)
	}
	if err := st.RevokeShare(ctx, "nope", base); !errors.Is(err, interview.ErrShareNotFound) {
		t.Errorf("RevokeShare(nope) error = %v; want ErrShareNotFound", err)
	}
}

func testLoginFailures(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	key := "ann@example.com|127.0.0.1"
	for i := range 3 {
		at := base.Add(time.Duration(i) * time.Minute)
		if err := st.RecordLoginFailure(ctx, key, at, at.Add(-10*time.Minute)); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
	}
	if err := st.RecordLoginFailure(ctx, "other", base, base); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		since time.Time
		want  int
	}{{base, 3}, {base.Add(time.Minute), 2}, {base.Add(time.Hour), 0}} {
		if n, err := st.LoginFailures(ctx, key, c.since); err != nil || n != c.want {
			t.Errorf("LoginFailures(since %v) = %d, %v; want %d", c.since, n, err, c.want)
		}
	}
	if err := st.ClearLoginFailures(ctx, key); err != nil {
		t.Fatalf("ClearLoginFailures: %v", err)
	}
	if n, _ := st.LoginFailures(ctx, key, base); n != 0 {
		t.Errorf("LoginFailures after Clear = %d; want 0", n)
	}
	if n, _ := st.LoginFailures(ctx, "other", base); n != 1 {
		t.Errorf("LoginFailures(other) = %d; want 1 (untouched)", n)
	}
}

func signIns(t *testing.T, st AccountStore, userID string, hashes ...string) {
	t.Helper()
	for _, h := range hashes {
		if err := st.CreateAuthSession(ctxT(t), interview.AuthSession{TokenHash: h, UserID: userID, CreatedAt: base,
			ExpiresAt: base.Add(time.Hour), LastSeenAt: base}); err != nil {
			t.Fatalf("CreateAuthSession(%s): %v", h, err)
		}
	}
}

// testSetPassword: a new password hash is stored and signs the account
// out everywhere (its sign-ins and resets go, others' stay).
func testSetPassword(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	bob := user("u-bob", "bob@example.com", interview.RoleCandidate, base)
	mustCreateUsers(t, st, ann, bob)
	signIns(t, st, ann.ID, "ann-1", "ann-2")
	signIns(t, st, bob.ID, "bob-1")
	if err := st.CreatePasswordReset(ctx, interview.PasswordReset{TokenHash: "r-ann", UserID: ann.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	ended, err := st.SetPassword(ctx, ann.ID, "$2a$10$new-hash")
	slices.Sort(ended)
	if err != nil || !slices.Equal(ended, []string{"ann-1", "ann-2"}) {
		t.Fatalf("SetPassword = %v, %v; want [ann-1 ann-2] ended", ended, err)
	}
	if u, err := st.UserByID(ctx, ann.ID); err != nil || u.PasswordHash != "$2a$10$new-hash" {
		t.Errorf("UserByID after SetPassword = %+v, %v; want the new hash", u, err)
	}
	for _, h := range []string{"ann-1", "ann-2"} {
		if _, _, err := st.AuthSession(ctx, h, base); !errors.Is(err, interview.ErrSignedOut) {
			t.Errorf("AuthSession(%s) after SetPassword error = %v; want ErrSignedOut", h, err)
		}
	}
	if _, _, err := st.AuthSession(ctx, "bob-1", base); err != nil {
		t.Errorf("AuthSession(bob-1) after ann's SetPassword: %v; want still signed in", err)
	}
	if _, err := st.PasswordReset(ctx, "r-ann", base); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("PasswordReset(r-ann) after SetPassword error = %v; want ErrResetNotFound", err)
	}
	if u, _ := st.UserByID(ctx, bob.ID); u.PasswordHash != bob.PasswordHash {
		t.Errorf("bob's hash changed to %q", u.PasswordHash)
	}
	if _, err := st.SetPassword(ctx, "nobody", "$2a$10$x"); !errors.Is(err, interview.ErrUserNotFound) {
		t.Errorf("SetPassword(nobody) error = %v; want ErrUserNotFound", err)
	}
}

// testPasswordResets: a reset is found until it expires, used once, and
// using it sets the password and signs the account out.
func testPasswordResets(t *testing.T, st AccountStore) {
	ctx := ctxT(t)
	ann := user("u-ann", "ann@example.com", interview.RoleCandidate, base)
	mustCreateUsers(t, st, ann)
	signIns(t, st, ann.ID, "ann-1")
	r := interview.PasswordReset{TokenHash: "r1", UserID: ann.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	if err := st.CreatePasswordReset(ctx, r); err != nil {
		t.Fatalf("CreatePasswordReset: %v", err)
	}
	if got, err := st.PasswordReset(ctx, "r1", base.Add(59*time.Minute)); err != nil || got != r {
		t.Errorf("PasswordReset(r1) = %+v, %v; want %+v", got, err, r)
	}
	if _, err := st.PasswordReset(ctx, "r1", base.Add(time.Hour)); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("PasswordReset(r1) at expiry error = %v; want ErrResetNotFound", err)
	}
	if _, err := st.PasswordReset(ctx, "nope", base); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("PasswordReset(nope) error = %v; want ErrResetNotFound", err)
	}
	// Expired: refused, and nothing changes.
	if _, _, err := st.ResetPassword(ctx, "r1", "$2a$10$late", base.Add(2*time.Hour)); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("ResetPassword(r1) expired error = %v; want ErrResetNotFound", err)
	}
	if u, _ := st.UserByID(ctx, ann.ID); u.PasswordHash != ann.PasswordHash {
		t.Errorf("an expired reset changed the hash to %q", u.PasswordHash)
	}
	got, ended, err := st.ResetPassword(ctx, "r1", "$2a$10$reset", base.Add(time.Minute))
	if err != nil || got != r || !slices.Equal(ended, []string{"ann-1"}) {
		t.Fatalf("ResetPassword(r1) = %+v, %v, %v; want %+v, [ann-1]", got, ended, err, r)
	}
	if u, _ := st.UserByID(ctx, ann.ID); u.PasswordHash != "$2a$10$reset" {
		t.Errorf("hash after ResetPassword = %q; want the new one", u.PasswordHash)
	}
	if _, _, err := st.AuthSession(ctx, "ann-1", base); !errors.Is(err, interview.ErrSignedOut) {
		t.Errorf("AuthSession(ann-1) after reset error = %v; want ErrSignedOut", err)
	}
	// Single use.
	if _, _, err := st.ResetPassword(ctx, "r1", "$2a$10$again", base.Add(2*time.Minute)); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("ResetPassword(r1) twice error = %v; want ErrResetNotFound", err)
	}
	if u, _ := st.UserByID(ctx, ann.ID); u.PasswordHash != "$2a$10$reset" {
		t.Errorf("a used reset changed the hash to %q", u.PasswordHash)
	}
	// Expired resets are swept when a new one is made.
	old := interview.PasswordReset{TokenHash: "old", UserID: ann.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	fresh := interview.PasswordReset{TokenHash: "fresh", UserID: ann.ID, CreatedAt: base.Add(3 * time.Hour), ExpiresAt: base.Add(4 * time.Hour)}
	if err := st.CreatePasswordReset(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePasswordReset(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PasswordReset(ctx, "old", base); !errors.Is(err, interview.ErrResetNotFound) {
		t.Errorf("PasswordReset(old) after the sweep error = %v; want ErrResetNotFound (deleted)", err)
	}
	if _, err := st.PasswordReset(ctx, "fresh", base.Add(3*time.Hour)); err != nil {
		t.Errorf("PasswordReset(fresh): %v", err)
	}
}

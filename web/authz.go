package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
)

// Authorization (docs/accounts.md). Every route that names a session asks
// authorizer.session what the caller may do with it:
//
//   - its owner (the candidate, a guest by cookie, an API key) takes it,
//     reads it, exports it and shares it;
//   - a coach reads and reviews (comments, overrides, watches live) the
//     sessions of the candidates in their teams created since they joined;
//   - an admin reads and reviews every session;
//   - anyone else gets 404, exactly as for a session that does not exist,
//     so that nothing confirms a session id. Someone who may read a
//     session but not do what they ask gets 403.

// Access is what a caller may do with one session.
type Access struct {
	Read   bool // see the transcript, its review, export it, watch it live
	Review bool // comment and override scores
	Own    bool // take the interview, share it
}

// sessionAccess decides what caller may do with sess.
func sessionAccess(ctx context.Context, accounts AccountStore, caller Caller, sess interview.Session) (Access, error) {
	if caller.Owner != "" && sess.Owner == caller.Owner {
		return Access{Read: true, Own: true}, nil
	}
	if caller.User == nil || accounts == nil {
		return Access{}, nil
	}
	switch caller.User.Role {
	case interview.RoleAdmin:
		return Access{Read: true, Review: true}, nil
	case interview.RoleCoach:
		sees, err := accounts.CoachSees(ctx, caller.User.ID, sess.Owner, sess.CreatedAt)
		if err != nil || !sees {
			return Access{}, err
		}
		return Access{Read: true, Review: true}, nil
	}
	return Access{}, nil
}

// errForbidden refuses a caller who may see the session but not do this.
func errForbidden(message string) *Error {
	return &Error{Status: http.StatusForbidden, Code: CodeForbidden, Message: message}
}

// authorizedSession returns the session id when the caller may read it and
// need (nil means reading is enough) holds; 404 when it may not read it,
// 403 when need does not hold.
func authorizedSession(c *gin.Context, engine SessionEngine, accounts AccountStore, need func(Access) bool, denied string) (interview.Session, Access, error) {
	caller, id := callerFrom(c), c.Param("id")
	if id == "" || engine == nil {
		return interview.Session{}, Access{}, errSessionNotFound
	}
	sess, err := engine.Session(c.Request.Context(), id)
	if err != nil {
		return interview.Session{}, Access{}, err
	}
	access, err := sessionAccess(c.Request.Context(), accounts, caller, sess)
	if err != nil {
		return interview.Session{}, Access{}, err
	}
	if !access.Read {
		return interview.Session{}, Access{}, errSessionNotFound
	}
	if need != nil && !need(access) {
		return interview.Session{}, Access{}, errForbidden(denied)
	}
	return sess, access, nil
}

func canReview(a Access) bool { return a.Review }
func canShare(a Access) bool  { return a.Own }

// signedInAs answers 401 unless a user is signed in, and 403 unless their
// role is one of roles (any role when none given).
func signedInAs(c *gin.Context, roles ...interview.Role) (interview.User, error) {
	caller := callerFrom(c)
	if caller.User == nil {
		return interview.User{}, errNotSignedIn
	}
	if len(roles) == 0 {
		return *caller.User, nil
	}
	for _, r := range roles {
		if caller.User.Role == r {
			return *caller.User, nil
		}
	}
	return interview.User{}, errForbidden("your account's role (" + string(caller.User.Role) + ") may not do this")
}

// reviewer is the caller as the author of review rows.
func reviewer(c *gin.Context) interview.Reviewer {
	if u := callerFrom(c).User; u != nil {
		return interview.Reviewer{ID: u.ID, Email: u.Email}
	}
	return interview.Reviewer{}
}

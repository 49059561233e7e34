package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
)

// Teams: a coach creates a team and shares its invite link; a candidate
// who joins shares the interviews they start from then on with the team's
// coach, until they leave (docs/accounts.md).

// TeamView is a team as its coach (or an admin) sees it.
type TeamView struct {
	ID         string                 `json:"id"`
	Name       string                 `json:"name"`
	CoachID    string                 `json:"coach_id"`
	InviteLink string                 `json:"invite_link"`
	Invite     string                 `json:"invite"`
	Members    []interview.Membership `json:"members"`
	CreatedAt  time.Time              `json:"created_at"`
}

// InvitePath is the page a candidate opens to join a team.
func InvitePath(token string) string { return "/join/" + token }

func teamView(ctx context.Context, accounts AccountStore, t interview.Team) (TeamView, error) {
	members, err := accounts.TeamMembers(ctx, t.ID)
	if err != nil {
		return TeamView{}, err
	}
	return TeamView{ID: t.ID, Name: t.Name, CoachID: t.CoachID, Invite: t.InviteToken,
		InviteLink: InvitePath(t.InviteToken), Members: members, CreatedAt: t.CreatedAt}, nil
}

func teamViews(ctx context.Context, accounts AccountStore, coachID string) ([]TeamView, error) {
	teams, err := accounts.CoachTeams(ctx, coachID)
	if err != nil {
		return nil, err
	}
	out := []TeamView{}
	for _, t := range teams {
		v, err := teamView(ctx, accounts, t)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func newTeamID() string {
	var b [9]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// handleCreateTeam makes a team coached by the caller (a coach or an
// admin) and returns it with its invite link.
func handleCreateTeam(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		coach, err := signedInAs(c, interview.RoleCoach, interview.RoleAdmin)
		if err != nil {
			writeError(c, err)
			return
		}
		var in struct {
			Name string `json:"name"`
		}
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		name, err := interview.ValidateTeamName(in.Name)
		if err != nil {
			writeError(c, err)
			return
		}
		invite, _ := newToken()
		t := interview.Team{ID: newTeamID(), Name: name, CoachID: coach.ID, InviteToken: invite,
			CreatedAt: now().UTC().Truncate(time.Microsecond)}
		if err := accounts.CreateTeam(c.Request.Context(), t); err != nil {
			writeError(c, err)
			return
		}
		c.Header("Location", "/api/v1/teams/"+t.ID)
		c.JSON(http.StatusCreated, TeamView{ID: t.ID, Name: t.Name, CoachID: t.CoachID, Invite: t.InviteToken,
			InviteLink: InvitePath(t.InviteToken), Members: []interview.Membership{}, CreatedAt: t.CreatedAt})
	}
}

// TeamList answers GET /api/v1/teams: the teams the caller coaches and
// the ones they are a member of.
type TeamList struct {
	Coached []TeamView             `json:"coached"`
	Member  []interview.Membership `json:"member"`
}

func handleTeams(accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		u, err := signedInAs(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		out := TeamList{Coached: []TeamView{}}
		if u.Role != interview.RoleCandidate {
			if out.Coached, err = teamViews(ctx, accounts, u.ID); err != nil {
				writeError(c, err)
				return
			}
		}
		if out.Member, err = accounts.UserMemberships(ctx, u.ID); err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
	}
}

// handleTeam shows one team to its coach or an admin; to anyone else it
// does not exist.
func handleTeam(accounts AccountStore) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		u, err := signedInAs(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := c.Request.Context()
		t, err := accounts.Team(ctx, c.Param("id"))
		if err == nil && t.CoachID != u.ID && u.Role != interview.RoleAdmin {
			err = interview.ErrTeamNotFound
		}
		if err != nil {
			writeError(c, err)
			return
		}
		v, err := teamView(ctx, accounts, t)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, v)
	}
}

// handleJoinTeam makes the signed-in candidate a member of the team whose
// invite they send.
func handleJoinTeam(accounts AccountStore, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		u, err := signedInAs(c, interview.RoleCandidate)
		if err != nil {
			writeError(c, err)
			return
		}
		var in struct {
			Invite string `json:"invite"`
		}
		if err := decodeBody(c, &in); err != nil {
			writeError(c, err)
			return
		}
		if in.Invite == "" {
			writeError(c, badRequest(CodeInvalidField, "invite", "is required: the token of the invite link"))
			return
		}
		ctx := c.Request.Context()
		t, err := accounts.TeamByInvite(ctx, in.Invite)
		if err != nil {
			writeError(c, inviteError(err))
			return
		}
		m, err := accounts.JoinTeam(ctx, t.ID, u.ID, now().UTC().Truncate(time.Microsecond))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, m)
	}
}

// handleLeaveTeam ends the caller's membership: the coach no longer sees
// any of their interviews, nor watches them live any more (on this server).
func handleLeaveTeam(accounts AccountStore, hub *Hub) gin.HandlerFunc {
	return func(c *gin.Context) {
		if accounts == nil {
			writeError(c, errNoAccounts)
			return
		}
		u, err := signedInAs(c)
		if err != nil {
			writeError(c, err)
			return
		}
		if err := accounts.LeaveTeam(c.Request.Context(), c.Param("id"), u.ID); err != nil {
			writeError(c, err)
			return
		}
		if hub != nil {
			if err := hub.closeLostWatchers(c.Request.Context(), accounts, u.Owner()); err != nil {
				writeError(c, err)
				return
			}
		}
		c.Status(http.StatusNoContent)
	}
}

package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
)

// Identity: a caller is the signed-in account of the mi_session cookie
// (account.go), else the API key it proved ("key:<id>", set by
// authenticate), else a guest known by a random cookie. The owner stored
// with a session is "user:<id>", "key:<id>" or "guest:<hash>", where the
// hash is derived from the cookie so that the stored owner cannot be
// replayed as a cookie. Handlers only ever ask callerFrom; what a caller may
// do with a session is decided in authz.go.

const (
	// guestCookie holds a guest's secret id: 32 random bytes, base64url.
	guestCookie    = "mi_guest"
	guestIDBytes   = 32
	guestCookieAge = 365 * 24 * 60 * 60 // seconds
)

// Caller is who a request acts for.
type Caller struct {
	// User is the signed-in account (the mi_session cookie), nil
	// otherwise; AuthHash is the hash of its sign-in token and AuthExpires
	// when the sign-in ends. A signed-in user's Owner is "user:<id>".
	User        *interview.User
	AuthHash    string
	AuthExpires time.Time

	// Owner is the owner of the sessions the caller creates and may see:
	// "user:<id>", "key:<id>" or "guest:<hash>". Empty for a guest without
	// a cookie.
	Owner string
	// Guest says the caller is known only by the guest cookie.
	Guest bool
}

type callerKey struct{}

// identify works out the caller after authenticate: the signed-in account,
// else the API key when one was proved, else the guest cookie. With mint, a
// guest without a valid cookie is given a new one (first visit of the page,
// first session created).
func identify(accounts AccountStore, now func() time.Time, mint bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, a, ok, err := signedIn(c.Request.Context(), accounts, c.Request, now())
		if err != nil {
			writeError(c, err)
			return
		}
		var caller Caller
		if ok {
			caller = Caller{Owner: u.Owner(), User: &u, AuthHash: a.TokenHash, AuthExpires: a.ExpiresAt}
		} else {
			caller = identifyRequest(c, mint)
		}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), callerKey{}, caller))
		c.Next()
	}
}

func identifyRequest(c *gin.Context, mint bool) Caller {
	if p, ok := PrincipalFrom(c.Request.Context()); ok && p.Authenticated() {
		return Caller{Owner: "key:" + p.KeyID}
	}
	if v, err := c.Cookie(guestCookie); err == nil && validGuestID(v) {
		return Caller{Owner: guestOwner(v), Guest: true}
	}
	if !mint {
		return Caller{Guest: true}
	}
	id := newGuestID()
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     guestCookie,
		Value:    id,
		Path:     "/",
		MaxAge:   guestCookieAge,
		HttpOnly: true,
		Secure:   c.Request.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return Caller{Owner: guestOwner(id), Guest: true}
}

// callerFrom returns who the request acts for (set by identify). An empty
// Owner means an anonymous guest who owns nothing yet.
func callerFrom(c *gin.Context) Caller {
	caller, _ := c.Request.Context().Value(callerKey{}).(Caller)
	return caller
}

func newGuestID() string {
	var b [guestIDBytes]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func validGuestID(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == guestIDBytes
}

// guestOwner is the stored owner of a guest: a hash of the cookie, so the
// database never holds the secret itself.
func guestOwner(id string) string {
	sum := sha256.Sum256([]byte("mockinterview guest\x00" + id))
	return "guest:" + hex.EncodeToString(sum[:16])
}

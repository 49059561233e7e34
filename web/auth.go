package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Principal is who sent a request: the API key it proved, or nobody in
// particular (KeyID empty) from the client address. Rate limits and
// idempotency records are kept per Principal.Scope.
type Principal struct {
	KeyID  string
	Client string
	// Scopes are the key's (see APIKey.Scopes); empty without a key.
	Scopes string
}

// Authenticated reports whether the request proved an identity.
func (p Principal) Authenticated() bool { return p.KeyID != "" }

// Scope names the principal for per-client state: "key:<id>" or
// "client:<address>".
func (p Principal) Scope() string {
	if p.KeyID != "" {
		return "key:" + p.KeyID
	}
	return "client:" + p.Client
}

type principalKey struct{}

// PrincipalFrom returns the principal authenticate stored in ctx.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// A Credential is one way a request proves who sent it: an API key in the
// Authorization header today, an account's session cookie later.
type Credential interface {
	// Authenticate returns ok false when r carries no credential of this
	// kind, an *Error (401) when it carries a bad one, any other error
	// when checking failed.
	Authenticate(r *http.Request) (p Principal, ok bool, err error)
}

// authenticate runs the credentials in order; the first one the request
// carries decides who it is. Without any, the request goes on anonymously
// unless required. The principal is stored in the request context.
func authenticate(required bool, creds ...Credential) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := Principal{Client: c.ClientIP()}
		for _, cred := range creds {
			found, ok, err := cred.Authenticate(c.Request)
			if err != nil {
				writeError(c, err)
				return
			}
			if ok {
				found.Client = p.Client
				p = found
				break
			}
		}
		if required && !p.Authenticated() {
			writeError(c, &Error{Status: http.StatusUnauthorized, Code: CodeMissingAPIKey,
				Message: "this API needs an API key: send Authorization: Bearer <key>"})
			return
		}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), principalKey{}, p))
		c.Next()
	}
}

// requireScope answers 403 insufficient_scope to a request made with an
// API key that lacks scope; requests without a key (guests, signed-in
// browsers) pass.
func requireScope(scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p, _ := PrincipalFrom(c.Request.Context()); p.Authenticated() && !HasScope(p.Scopes, scope) {
			writeError(c, &Error{Status: http.StatusForbidden, Code: CodeInsufficientScope, Field: "Authorization",
				Message: "this API key may not use " + scope + " routes: create a key with --scope " + p.Scopes + "," + scope})
			return
		}
		c.Next()
	}
}

// API keys look like mi_<id>_<secret>: a 12-hex-digit id, shown by
// "mockinterview keys list" and used to revoke, and 32 random bytes in
// unpadded base64url. Only the SHA-256 of the whole key is stored.
const (
	apiKeyPrefix    = "mi_"
	apiKeyIDLen     = 12
	apiKeySecretLen = 43 // base64.RawURLEncoding of 32 bytes
	apiKeyLen       = len(apiKeyPrefix) + apiKeyIDLen + 1 + apiKeySecretLen
)

// ErrAPIKeyNotFound is what a KeyStore returns for a hash it does not know.
var ErrAPIKeyNotFound = errors.New("api key not found")

// APIKey is a stored API key as the server sees it.
type APIKey struct {
	ID        string
	Name      string
	CreatedAt time.Time
	// RevokedAt is zero while the key is active.
	RevokedAt time.Time
	// Scopes is what the key may do, comma-separated (ScopeScore,
	// ScopeSessions); see HasScope.
	Scopes string
}

// API key scopes. A key made for scoring does not read or share the
// interviews made with it unless it also has ScopeSessions.
const (
	ScopeScore    = "score"
	ScopeSessions = "sessions"
	// DefaultScopes are a new key's scopes unless more are asked for.
	DefaultScopes = ScopeScore
)

// HasScope reports whether the comma-separated scopes hold scope.
func HasScope(scopes, scope string) bool {
	for _, s := range strings.Split(scopes, ",") {
		if strings.TrimSpace(s) == scope {
			return true
		}
	}
	return false
}

// ParseScopes checks a comma-separated list of scopes and returns it in
// canonical order, or an error naming the unknown one.
func ParseScopes(s string) (string, error) {
	var score, sessions bool
	for _, part := range strings.Split(s, ",") {
		switch strings.TrimSpace(part) {
		case ScopeScore:
			score = true
		case ScopeSessions:
			sessions = true
		case "":
		default:
			return "", fmt.Errorf("unknown scope %q: scopes are %s and %s", strings.TrimSpace(part), ScopeScore, ScopeSessions)
		}
	}
	var out []string
	if score {
		out = append(out, ScopeScore)
	}
	if sessions {
		out = append(out, ScopeSessions)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("no scope given: scopes are %s and %s", ScopeScore, ScopeSessions)
	}
	return strings.Join(out, ","), nil
}

// KeyStore finds API keys by the hash of the whole key.
type KeyStore interface {
	// APIKeyByHash returns the key (revoked ones too) whose HashAPIKey is
	// hash, or an error wrapping ErrAPIKeyNotFound.
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
}

// NewAPIKey makes a new random API key. Show Key once to its owner and
// store only ID and Hash.
func NewAPIKey() (id, key, hash string, err error) {
	var idBytes [apiKeyIDLen / 2]byte
	var secret [32]byte
	if _, err := rand.Read(idBytes[:]); err != nil {
		return "", "", "", fmt.Errorf("new api key: %w", err)
	}
	if _, err := rand.Read(secret[:]); err != nil {
		return "", "", "", fmt.Errorf("new api key: %w", err)
	}
	id = hex.EncodeToString(idBytes[:])
	key = apiKeyPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
	return id, key, HashAPIKey(key), nil
}

// HashAPIKey is the stored form of a key: hex SHA-256. A fast hash is
// enough because keys carry 256 random bits; there is nothing to guess.
func HashAPIKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// parseAPIKey returns the id of a well-formed key.
func parseAPIKey(key string) (id string, ok bool) {
	if len(key) != apiKeyLen || !strings.HasPrefix(key, apiKeyPrefix) {
		return "", false
	}
	id = key[len(apiKeyPrefix) : len(apiKeyPrefix)+apiKeyIDLen]
	if _, err := hex.DecodeString(id); err != nil || strings.ToLower(id) != id {
		return "", false
	}
	rest := key[len(apiKeyPrefix)+apiKeyIDLen:]
	if rest[0] != '_' {
		return "", false
	}
	if _, err := base64.RawURLEncoding.DecodeString(rest[1:]); err != nil {
		return "", false
	}
	return id, true
}

// apiKeyCredential reads "Authorization: Bearer mi_..." and checks the key.
type apiKeyCredential struct {
	keys KeyStore
}

var errInvalidAPIKey = &Error{Status: http.StatusUnauthorized, Code: CodeInvalidAPIKey,
	Message: "invalid or revoked API key"}

func (a apiKeyCredential) Authenticate(r *http.Request) (Principal, bool, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return Principal{}, false, nil
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return Principal{}, false, &Error{Status: http.StatusUnauthorized, Code: CodeMalformedAPIKey,
			Field: "Authorization", Message: `the Authorization header must be "Bearer <API key>"`}
	}
	id, ok := parseAPIKey(strings.TrimSpace(token))
	if !ok {
		return Principal{}, false, &Error{Status: http.StatusUnauthorized, Code: CodeMalformedAPIKey,
			Field: "Authorization", Message: "the API key is malformed: keys look like mi_<12 hex digits>_<43 base64url characters>"}
	}
	if a.keys == nil {
		return Principal{}, false, errInvalidAPIKey
	}
	k, err := a.keys.APIKeyByHash(r.Context(), HashAPIKey(strings.TrimSpace(token)))
	if errors.Is(err, ErrAPIKeyNotFound) {
		return Principal{}, false, errInvalidAPIKey
	}
	if err != nil {
		return Principal{}, false, fmt.Errorf("check api key: %w", err)
	}
	if !k.RevokedAt.IsZero() || k.ID != id {
		return Principal{}, false, errInvalidAPIKey
	}
	return Principal{KeyID: k.ID, Scopes: k.Scopes}, true, nil
}

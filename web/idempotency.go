package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// IdempotencyClaim asks to answer a request under an Idempotency-Key.
type IdempotencyClaim struct {
	// Scope is the principal's scope: keys of different clients never meet.
	Scope string
	Key   string
	// RequestHash is the SHA-256 of method, path and body.
	RequestHash string
	Now         time.Time
	ExpiresAt   time.Time
	// StaleBefore: a claim still running that was made earlier is taken
	// to be abandoned (its server died) and may be claimed again.
	StaleBefore time.Time
}

// IdempotentResponse is what is stored under a key.
type IdempotentResponse struct {
	RequestHash string
	// Status is 0 while the first request is still being answered.
	Status    int
	Body      []byte
	CreatedAt time.Time
}

// IdempotencyStore keeps the first response to each idempotency key.
type IdempotencyStore interface {
	// ClaimIdempotencyKey claims c.Key (claimed true) or, when it is
	// already held and not expired, returns what it holds.
	ClaimIdempotencyKey(ctx context.Context, c IdempotencyClaim) (held IdempotentResponse, claimed bool, err error)
	// CompleteIdempotencyKey stores the response to a claimed key.
	CompleteIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error
	// ReleaseIdempotencyKey forgets a claim whose request failed with a
	// server error, so that it can be retried.
	ReleaseIdempotencyKey(ctx context.Context, scope, key string) error
}

const (
	idempotencyHeader = "Idempotency-Key"
	replayedHeader    = "Idempotent-Replayed"
	// idempotencyStaleAfter is longer than any request may run (the
	// http.Server's WriteTimeout), so a claim this old was abandoned.
	idempotencyStaleAfter = 5 * time.Minute
)

// idempotent makes a POST with an Idempotency-Key header answer once: the
// first response (any status below 500) is stored for ttl and replayed,
// with Idempotent-Replayed: true, to a repeat of the same request by the
// same principal. The same key with another body is 409
// idempotency_conflict; a repeat while the first is still running is 409
// idempotency_in_progress (with Retry-After: 1) rather than a wait that
// would hold a connection. Server errors are not stored, so they can be
// retried with the same key.
func idempotent(store IdempotencyStore, ttl time.Duration, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.GetHeader(idempotencyHeader)
		if key == "" {
			c.Next()
			return
		}
		if store == nil {
			writeError(c, &Error{Status: http.StatusNotImplemented, Code: CodeNotImplemented,
				Field: idempotencyHeader, Message: "this server does not keep idempotency keys"})
			return
		}
		if !idempotencyKeyOK(key) {
			writeError(c, badRequest(CodeInvalidIdempotencyKey, idempotencyHeader,
				"the Idempotency-Key must be 1 to 255 visible ASCII characters"))
			return
		}
		body, err := readBody(c)
		if err != nil {
			writeError(c, err)
			return
		}
		p, _ := PrincipalFrom(c.Request.Context())
		scope := p.Scope()
		t := now()
		claim := IdempotencyClaim{
			Scope:       scope,
			Key:         key,
			RequestHash: requestHash(c.Request.Method, c.Request.URL.Path, body),
			Now:         t,
			ExpiresAt:   t.Add(ttl),
			StaleBefore: t.Add(-idempotencyStaleAfter),
		}
		held, claimed, err := store.ClaimIdempotencyKey(c.Request.Context(), claim)
		if err != nil {
			writeError(c, err)
			return
		}
		if !claimed {
			replay(c, held, claim.RequestHash)
			return
		}

		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		w := &capturingWriter{ResponseWriter: c.Writer}
		c.Writer = w
		c.Next()

		// The record must be settled even if the client went away.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 5*time.Second)
		defer cancel()
		if status := w.Status(); status >= http.StatusInternalServerError {
			err = store.ReleaseIdempotencyKey(ctx, scope, key)
		} else {
			err = store.CompleteIdempotencyKey(ctx, scope, key, status, w.body.Bytes())
		}
		if err != nil {
			_ = c.Error(err)
		}
	}
}

func replay(c *gin.Context, held IdempotentResponse, hash string) {
	switch {
	case held.RequestHash != hash:
		writeError(c, &Error{Status: http.StatusConflict, Code: CodeIdempotencyConflict, Field: idempotencyHeader,
			Message: "this Idempotency-Key was already used for a different request"})
	case held.Status == 0:
		c.Header("Retry-After", "1")
		writeError(c, &Error{Status: http.StatusConflict, Code: CodeIdempotencyInProgress, Field: idempotencyHeader,
			Message: "a request with this Idempotency-Key is still being answered: retry shortly"})
	default:
		c.Header(replayedHeader, "true")
		c.Data(held.Status, "application/json; charset=utf-8", held.Body)
		c.Abort()
	}
}

func idempotencyKeyOK(key string) bool {
	if len(key) > 255 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

func requestHash(method, path string, body []byte) string {
	h := sha256.New()
	io.WriteString(h, method)
	io.WriteString(h, " ")
	io.WriteString(h, path)
	io.WriteString(h, "\n")
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// capturingWriter keeps a copy of the response body for the store.
type capturingWriter struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *capturingWriter) WriteString(s string) (int, error) {
	w.body.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}

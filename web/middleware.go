package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

const requestIDHeader = "X-Request-ID"

const requestIDKey = "request_id"

// requestID gives every request an id, echoed in X-Request-ID and logged:
// the client's own when it sent a short, plain one, otherwise a random one.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(requestIDHeader)
		if !plainToken(id, 64) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Header(requestIDHeader, id)
		c.Next()
	}
}

// plainToken reports whether s is 1 to max characters of letters, digits
// and - _ . : only, safe to log and echo.
func plainToken(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9',
			b == '-', b == '_', b == '.', b == ':':
		default:
			return false
		}
	}
	return true
}

// routeLabel is the route pattern of the request ("/api/v1/questions/:id"),
// never the raw path, so logs and metrics stay bounded and free of ids.
func routeLabel(c *gin.Context) string {
	if p := c.FullPath(); p != "" {
		return p
	}
	return "unmatched"
}

// logRequests logs one line per request: method, route pattern, status,
// duration and request id; plus the error of a server error. It never logs
// bodies, query strings or credentials.
func logRequests(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		attrs := []slog.Attr{
			slog.String("method", c.Request.Method),
			slog.String("route", routeLabel(c)),
			slog.Int("status", c.Writer.Status()),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", c.GetString(requestIDKey)),
		}
		level := slog.LevelInfo
		if len(c.Errors) > 0 {
			level = slog.LevelError
			attrs = append(attrs, slog.String("error", c.Errors.String()))
		}
		log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}

// recoverPanics turns a panic in a handler into a logged 500.
func recoverPanics() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				writeError(c, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		c.Next()
	}
}

package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// sharedLimiter is a RateLimiter whose answer the test sets.
type sharedLimiter struct {
	decision RateDecision
	err      error
	calls    int
}

func (s *sharedLimiter) Take(ctx context.Context, scope string) (RateDecision, error) {
	s.calls++
	return s.decision, s.err
}

func TestRateLimitShared(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		shared     sharedLimiter
		wantStatus []int // of successive requests; the local burst is 1
	}{
		{"shared allows beyond the local burst", sharedLimiter{decision: RateDecision{Allowed: true, Remaining: 5}},
			[]int{200, 200, 200}},
		{"shared refuses", sharedLimiter{decision: RateDecision{RetryAfter: 1500 * time.Millisecond}},
			[]int{429, 429}},
		{"shared fails: local buckets decide", sharedLimiter{err: errors.New("database down")},
			[]int{200, 429}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newRateLimiter(0.001, 1, func() time.Time { return now })
			shared := tt.shared
			l.shared = &shared
			ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) })
			r := gin.New()
			r.GET("/", rateLimit(l), func(c *gin.Context) { c.Status(http.StatusOK) })
			for i, want := range tt.wantStatus {
				w := httptest.NewRecorder()
				r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
				if w.Code != want {
					t.Errorf("request %d = %d; want %d", i+1, w.Code, want)
				}
				if w.Code == 429 && tt.shared.err == nil && w.Header().Get("Retry-After") != "2" {
					t.Errorf("Retry-After = %q; want 2 (1.5 s rounded up)", w.Header().Get("Retry-After"))
				}
			}
			if shared.calls != len(tt.wantStatus) {
				t.Errorf("shared limiter asked %d times; want %d", shared.calls, len(tt.wantStatus))
			}
		})
	}
}

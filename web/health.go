package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

type statusResponse struct {
	Status string `json:"status"`
}

// handleHealthz says the process is up; it touches nothing else.
func handleHealthz() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, statusResponse{Status: "ok"})
	}
}

// handleReadyz says whether the server can do its work: 503 when the
// database does not answer within two seconds.
func handleReadyz(ready Pinger) gin.HandlerFunc {
	return func(c *gin.Context) {
		if ready != nil {
			ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
			defer cancel()
			if err := ready.Ping(ctx); err != nil {
				_ = c.Error(err)
				writeError(c, &Error{Status: http.StatusServiceUnavailable, Code: CodeNotReady,
					Message: "the database is not available"})
				return
			}
		}
		c.JSON(http.StatusOK, statusResponse{Status: "ok"})
	}
}

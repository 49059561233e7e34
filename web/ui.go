package web

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// The candidate's page: plain HTML, CSS and JavaScript embedded in the
// binary, no build step and nothing loaded from elsewhere. index.html is the
// one page; it routes by URL fragment (#/, #/live/<id>, #/sessions/<id>).
//
//go:embed static
var staticFiles embed.FS

var staticFS = mustSub(staticFiles, "static")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// pageSecurity are the headers of every page and asset: only this origin's
// scripts, styles and websocket; no framing. Media may also be blob: URLs
// (the candidate listens back to a recording made in the page), and only
// this origin may ask for the microphone.
func pageSecurity(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "+
		"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Permissions-Policy", "microphone=(self), camera=()")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// handleIndex serves the page; identify(true) in front of it gives a first
// visitor their guest cookie.
func handleIndex() gin.HandlerFunc {
	page, err := fs.ReadFile(staticFS, "index.html")
	if err != nil {
		panic(err)
	}
	return func(c *gin.Context) {
		pageSecurity(c.Writer.Header())
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	}
}

// handleStatic serves the page's assets under /static/.
func handleStatic() gin.HandlerFunc {
	files := http.FileServer(http.FS(staticFS))
	return func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("path"), "/")
		if name == "" || name == "index.html" {
			writeError(c, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such file"})
			return
		}
		if _, err := fs.Stat(staticFS, name); err != nil {
			writeError(c, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such file"})
			return
		}
		pageSecurity(c.Writer.Header())
		c.Header("Cache-Control", "no-cache")
		req := c.Request.Clone(c.Request.Context())
		req.URL.Path = "/" + name
		files.ServeHTTP(c.Writer, req)
	}
}

package web

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the OpenAPI 3.1 document of the HTTP API, served at
// /api/v1/openapi.json. It is written by hand; TestOpenAPIContract checks
// every route and response against it.
//
//go:embed openapi.json
var OpenAPI []byte

func handleOpenAPI() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Data(http.StatusOK, "application/json; charset=utf-8", OpenAPI)
	}
}

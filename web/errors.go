package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
)

// Error codes of the API. Clients switch on these; messages are for people.
const (
	CodeInvalidJSON           = "invalid_json"
	CodeInvalidUTF8           = "invalid_utf8"
	CodeHostNotAllowed        = "host_not_allowed"
	CodeInsufficientScope     = "insufficient_scope"
	CodeInvalidField          = "invalid_field"
	CodeUnknownField          = "unknown_field"
	CodeInvalidParameter      = "invalid_parameter"
	CodeUnknownParameter      = "unknown_parameter"
	CodePayloadTooLarge       = "payload_too_large"
	CodeTooManyItems          = "too_many_items"
	CodeUnsupportedMediaType  = "unsupported_media_type"
	CodeUnknownQuestion       = "unknown_question"
	CodeUnknownRole           = "unknown_role"
	CodeMissingAPIKey         = "missing_api_key"
	CodeMalformedAPIKey       = "malformed_api_key"
	CodeInvalidAPIKey         = "invalid_api_key"
	CodeRateLimited           = "rate_limited"
	CodeIdempotencyConflict   = "idempotency_conflict"
	CodeIdempotencyInProgress = "idempotency_in_progress"
	CodeInvalidIdempotencyKey = "invalid_idempotency_key"
	CodeNotImplemented        = "not_implemented"
	CodeNotFound              = "not_found"
	CodeMethodNotAllowed      = "method_not_allowed"
	CodeNotReady              = "not_ready"
	CodeCanceled              = "canceled"
	CodeTimeout               = "timeout"
	CodeInternal              = "internal_error"
)

// Error is an error the client is told about as is: the HTTP status, a
// stable code, a readable message and, when one input field is at fault,
// its name (a JSON field, a query parameter or a header).
type Error struct {
	Status  int
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Code + ": " + e.Field + ": " + e.Message
	}
	return e.Code + ": " + e.Message
}

// ErrorBody is the JSON of an error: {"error": {"code", "message", "field"?}}.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

type errorResponse struct {
	Error ErrorBody `json:"error"`
}

func (e *Error) body() *ErrorBody {
	return &ErrorBody{Code: e.Code, Message: e.Message, Field: e.Field}
}

// toAPIError is the one mapping from errors to what the client sees. Add
// the sentinel errors of new domain calls here. Anything unknown is a 500
// with a generic message.
func toAPIError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if e := scoringError(err); e != nil {
		return e
	}
	if e := accountError(err); e != nil {
		return e
	}
	if e := interviewError(err); e != nil {
		return e
	}
	if e := speechError(err); e != nil {
		return e
	}
	if e := recordingError(err); e != nil {
		return e
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeCanceled, Message: "the request was canceled"}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: "the request took too long"}
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal server error"}
}

// writeError answers the request with err mapped by toAPIError and stops
// the handler chain. Server errors are attached to the gin context, where
// logRequests logs them with the request id; their text never reaches the
// client.
func writeError(c *gin.Context, err error) {
	e := toAPIError(err)
	if e.Status >= http.StatusInternalServerError {
		_ = c.Error(err)
	}
	if e.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="mockinterview"`)
	}
	c.AbortWithStatusJSON(e.Status, errorResponse{Error: *e.body()})
}

func badRequest(code, field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Field: field, Message: message}
}

func handleNoRoute() gin.HandlerFunc {
	return func(c *gin.Context) {
		writeError(c, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such route"})
	}
}

func handleNoMethod() gin.HandlerFunc {
	return func(c *gin.Context) {
		writeError(c, &Error{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
			Message: "method " + c.Request.Method + " is not allowed here"})
	}
}

// scoringError maps scoring's input errors: an unknown question id is 404
// unknown_question; a field over scoring's size limits is 413
// payload_too_large naming the field; every other input error is 400 with
// scoring's own code, field and message.
func scoringError(err error) *Error {
	var in *scoring.InputError
	if !errors.As(err, &in) {
		return nil
	}
	switch in.Code {
	case scoring.CodeUnknownQuestion:
		return &Error{Status: http.StatusNotFound, Code: CodeUnknownQuestion, Field: in.Field, Message: in.Message}
	case scoring.CodeAnswerTooLong, scoring.CodeQuestionTooLong, scoring.CodeFieldTooLong:
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge, Field: in.Field, Message: in.Message}
	}
	return &Error{Status: http.StatusBadRequest, Code: in.Code, Field: in.Field, Message: in.Message}
}

// interviewError maps the interview engine's errors: a plan field that
// fails validation is 400 invalid_field naming the field; an unknown session
// is 404; an engine shutting down, or a database that cannot be reached,
// is 503.
func interviewError(err error) *Error {
	var v *interview.ValidationError
	switch {
	case errors.As(err, &v):
		return badRequest(CodeInvalidField, v.Field, v.Message)
	case errors.Is(err, interview.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no session with this id"}
	case errors.Is(err, interview.ErrClosed):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "the server is shutting down: try again shortly"}
	case errors.Is(err, interview.ErrUnavailable):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "the database is not available: try again shortly"}
	}
	return nil
}

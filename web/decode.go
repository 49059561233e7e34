package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/scoring"
)

// requireJSON answers 415 unless the request body is declared as JSON.
func requireJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		ct := c.GetHeader("Content-Type")
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			writeError(c, &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
				Field: "Content-Type", Message: "send the body as JSON with Content-Type: application/json"})
			return
		}
		c.Next()
	}
}

// optionalJSON answers 415 when a body is sent that is not declared as
// JSON; a request with no body passes.
func optionalJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength == 0 && len(c.Request.TransferEncoding) == 0 {
			c.Next()
			return
		}
		requireJSON()(c)
	}
}

// allowHosts answers 421 to a request whose Host is not one of hosts
// (when hosts is not empty).
func allowHosts(hosts []string) gin.HandlerFunc {
	allowed := map[string]bool{}
	for _, h := range hosts {
		allowed[strings.ToLower(strings.Trim(h, "[]"))] = true
	}
	return func(c *gin.Context) {
		if len(allowed) == 0 {
			c.Next()
			return
		}
		host := c.Request.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if !allowed[strings.ToLower(strings.Trim(host, "[]"))] {
			writeError(c, &Error{Status: http.StatusMisdirectedRequest, Code: CodeHostNotAllowed, Field: "Host",
				Message: "this server does not answer for host " + quote(c.Request.Host) + "; start it with --allowed-hosts to add it"})
			return
		}
		c.Next()
	}
}

// limitBody answers 413 when the body is, or turns out to be, longer than
// limit bytes: at once when Content-Length says so, otherwise when reading
// reaches the limit (readBody).
func limitBody(limit int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			writeError(c, tooLarge(limit))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

func tooLarge(limit int64) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge,
		Message: fmt.Sprintf("the request body is larger than %d bytes", limit)}
}

// decodeBody reads the request body and decodes it strictly into v: the
// readBody and decodeJSON errors, with their statuses and fields.
func decodeBody(c *gin.Context, v any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	return decodeJSON(body, v)
}

// readBody reads the whole request body, mapping an over-long body to 413.
func readBody(c *gin.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	return body, nil
}

// readBodyInto reads the whole request body into buf, as readBody does:
// the score handlers read into pooled buffers.
func readBodyInto(c *gin.Context, buf *bytes.Buffer) error {
	if _, err := buf.ReadFrom(c.Request.Body); err != nil {
		return bodyError(err)
	}
	return nil
}

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	return badRequest(CodeInvalidJSON, "", "the request body could not be read")
}

// decodeJSON decodes exactly one JSON value from data into v, rejecting
// unknown fields, and maps every failure to a 400 that says where:
// the line and column of a syntax error, the field of a type mismatch or
// of an unknown field.
func decodeJSON(data []byte, v any) error {
	if err := checkUTF8(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := position(data, dec.InputOffset())
		return badRequest(CodeInvalidJSON, "", fmt.Sprintf(
			"unexpected data after the JSON value at line %d, column %d", line, col))
	}
	return nil
}

// checkUTF8 refuses a body that is not valid UTF-8: encoding/json would
// silently turn the bad bytes into U+FFFD, and spans returned into the
// text would no longer match what was sent.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	i := 0
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	line, col := position(data, int64(i))
	return badRequest(CodeInvalidUTF8, "", fmt.Sprintf("the body is not valid UTF-8: bad byte 0x%02x at line %d, column %d (byte %d)", data[i], line, col, i))
}

// checkText refuses control characters other than tab, line feed and
// carriage return in text a person wrote (names, answers): NUL and the
// like are never typed, and break exports and terminals.
func checkText(field, s string) error {
	for i, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return badRequest(CodeInvalidField, field, fmt.Sprintf("%s holds a control character (U+%04X) at byte %d", field, r, i))
		}
	}
	return nil
}

// checkQuery refuses a malformed query string ("role=%zz"): net/url drops
// such pairs silently, which would drop a filter the caller asked for.
func checkQuery() gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, err := url.ParseQuery(c.Request.URL.RawQuery); err != nil {
			writeError(c, badRequest(CodeInvalidParameter, "", "the query string is malformed: "+strings.TrimPrefix(err.Error(), "invalid URL escape ")))
			return
		}
		c.Next()
	}
}

func jsonError(data []byte, err error) error {
	var (
		syntax    *json.SyntaxError
		typeError *json.UnmarshalTypeError
		apiError  *Error
		input     *scoring.InputError
	)
	switch {
	case errors.As(err, &apiError):
		return apiError
	case errors.As(err, &input):
		return err // a custom decoder of scoring (talking points); toAPIError maps it
	case errors.Is(err, io.EOF):
		return badRequest(CodeInvalidJSON, "", "the request body is empty: expected a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest(CodeInvalidJSON, "", "the JSON ends too early: a value, bracket or quote is missing")
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		return badRequest(CodeInvalidJSON, "", fmt.Sprintf(
			"malformed JSON at line %d, column %d (byte %d)", line, col, syntax.Offset))
	case errors.As(err, &typeError):
		field := typeError.Field
		want := jsonKind(typeError.Type)
		if field == "" {
			return badRequest(CodeInvalidJSON, "", fmt.Sprintf("the body must be a JSON %s, not %s", want, typeError.Value))
		}
		return badRequest(CodeInvalidField, field, fmt.Sprintf("%s must be %s, not %s", field, withArticle(want), typeError.Value))
	}
	// encoding/json has no type for unknown fields; its message is
	// `json: unknown field "name"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unquoted, uerr := strconv.Unquote(name); uerr == nil {
			name = unquoted
		}
		return badRequest(CodeUnknownField, name, fmt.Sprintf("unknown field %q", name))
	}
	return badRequest(CodeInvalidJSON, "", "the body is not valid JSON for this request")
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "value"
}

func withArticle(kind string) string {
	switch kind {
	case "array", "object", "integer":
		return "an " + kind
	}
	return "a " + kind
}

package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/extract"
)

// Tailoring to a job posting (docs/tailoring.md): the text of an uploaded
// posting or résumé (POST /api/v1/extract) and the plan a posting would
// get, without starting it (POST /api/v1/plan).

// Planner previews tailored plans. *interview.Service implements it; the
// routes find it on the session engine.
type Planner interface {
	PreviewPlan(ctx context.Context, req interview.PlanRequest) (interview.TailoredPlan, error)
}

// Error codes of extraction.
const (
	CodeInvalidDocument = "invalid_document"
	CodeNoText          = "no_text"
)

// Limits of uploads.
const (
	// maxExtractBody is the upload (extract.MaxUpload) and the multipart
	// framing around it.
	maxExtractBody = extract.MaxUpload + 64<<10
	// maxExtractUploads bounds the files read at once: each holds up to
	// 2 MiB and its text in memory.
	maxExtractUploads = 4
	// extractTimeout bounds one extraction; a file that takes longer is
	// refused (its work goes on in the background, holding its slot).
	extractTimeout = 10 * time.Second
)

// fieldLimits are the text limits of the fields a document can fill.
var fieldLimits = map[string]int{
	"job_description": interview.MaxJobDescriptionBytes,
	"resume":          interview.MaxResumeBytes,
}

// Extracted answers POST /api/v1/extract.
type Extracted struct {
	Field string `json:"field"`
	Text  string `json:"text"`
	// Chars counts the characters of Text; Bytes its UTF-8 bytes.
	Chars int `json:"chars"`
	Bytes int `json:"bytes"`
	// Truncated says the document's text was longer than the field's
	// limit (Limit bytes) and was cut at a line end.
	Truncated  bool   `json:"truncated,omitempty"`
	Limit      int    `json:"limit"`
	SourceType string `json:"source_type"`
	Filename   string `json:"filename,omitempty"`
}

// requireMultipart answers 415 unless the body is multipart/form-data.
func requireMultipart() gin.HandlerFunc {
	return func(c *gin.Context) {
		mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
		if err != nil || mt != "multipart/form-data" {
			writeError(c, &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType, Field: "Content-Type",
				Message: "send the file as multipart/form-data: a part named file (.txt, .pdf or .docx) and a part named field (job_description or resume)"})
			return
		}
		c.Next()
	}
}

// upload is the file of an extract request.
type upload struct {
	field, name, contentType string
	data                     []byte
}

// readUpload reads the multipart parts: field (job_description or resume)
// and file; a file part may also be named after its field.
func readUpload(c *gin.Context) (upload, error) {
	var up upload
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return up, badRequest(CodeInvalidField, "file", "the multipart body cannot be read")
	}
	gotFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, uploadReadError(err)
		}
		name := part.FormName()
		switch {
		case name == "field":
			v, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return up, uploadReadError(err)
			}
			up.field = strings.TrimSpace(string(v))
		case name == "file" || fieldLimits[name] != 0:
			if gotFile {
				return up, badRequest(CodeInvalidField, "file", "send one file at a time")
			}
			gotFile = true
			if name != "file" {
				up.field = name
			}
			up.name, up.contentType = part.FileName(), part.Header.Get("Content-Type")
			up.data, err = io.ReadAll(io.LimitReader(part, extract.MaxUpload+1))
			if err != nil {
				return up, uploadReadError(err)
			}
			if len(up.data) > extract.MaxUpload {
				return up, &Error{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge, Field: "file",
					Message: fmt.Sprintf("the file is larger than %d bytes (2 MiB)", extract.MaxUpload)}
			}
		}
		_ = part.Close()
	}
	if !gotFile {
		return up, badRequest(CodeInvalidField, "file", "the request has no file part: send the document as a part named file")
	}
	if fieldLimits[up.field] == 0 {
		return up, badRequest(CodeInvalidField, "field", "field must be job_description or resume")
	}
	return up, nil
}

func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	return badRequest(CodeInvalidField, "file", "the multipart body is malformed")
}

// uploadSlots lets at most cap(slots) extractions run at once; the others
// wait for a slot as long as their client does. A slot is held until the
// extraction itself returns, even past its request's timeout.
type uploadSlots chan struct{}

// handleExtract is POST /api/v1/extract: a .txt, .pdf or .docx file in,
// its text out, cut to the field's limit, for the page to preview.
func handleExtract(slots uploadSlots) gin.HandlerFunc {
	return func(c *gin.Context) {
		up, err := readUpload(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), extractTimeout)
		defer cancel()
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			writeError(c, ctx.Err())
			return
		}
		type result struct {
			doc extract.Document
			err error
		}
		done := make(chan result, 1)
		go func() { // owned by its slot: it frees the slot when it returns
			defer func() { <-slots }()
			doc, err := extract.Text(up.name, up.contentType, up.data)
			done <- result{doc, err}
		}()
		var res result
		select {
		case res = <-done:
		case <-ctx.Done():
			writeError(c, &Error{Status: http.StatusUnprocessableEntity, Code: CodeInvalidDocument, Field: "file",
				Message: "the document took too long to read: paste its text instead"})
			return
		}
		if res.err != nil {
			writeError(c, extractError(res.err))
			return
		}
		limit := fieldLimits[up.field]
		text, cut := extract.Truncate(res.doc.Text, limit)
		c.JSON(http.StatusOK, Extracted{
			Field: up.field, Text: text, Chars: utf8.RuneCountInString(text), Bytes: len(text),
			Truncated: cut, Limit: limit, SourceType: res.doc.Type, Filename: up.name,
		})
	}
}

// extractError maps extraction errors: a type other than .txt, .pdf or
// .docx is 415; a broken file 400; a document without text (scanned or
// password-protected PDF) 422; too large 413. The messages are
// extract's, written for the person who uploaded the file.
func extractError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, extract.ErrUnsupported):
		return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType, Field: "file",
			Message: strings.TrimPrefix(msg, "unsupported document type: ") + " is not accepted: " + extract.Accepted}
	case errors.Is(err, extract.ErrInvalid):
		return badRequest(CodeInvalidDocument, "file", strings.TrimPrefix(msg, "invalid document: "))
	case errors.Is(err, extract.ErrNoText):
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeNoText, Field: "file", Message: strings.TrimPrefix(msg, "no text in document: ")}
	case errors.Is(err, extract.ErrTooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge, Field: "file", Message: strings.TrimPrefix(msg, "document too large: ")}
	}
	return err
}

// PlanPreview answers POST /api/v1/plan: the plan command's JSON
// (DESIGN.md: jd_terms and the questions with targets and source) and what
// the page shows besides.
type PlanPreview struct {
	JDTerms   []string                 `json:"jd_terms"`
	Role      string                   `json:"role"`
	RoleName  string                   `json:"role_name"`
	Roles     []interview.RoleWeight   `json:"roles"`
	Seed      int64                    `json:"seed"`
	Count     int                      `json:"count"`
	Questions []interview.PlanQuestion `json:"questions"`
	// LLM says whether a model wrote the questions and why not.
	LLM *interview.PlanLLM `json:"llm,omitempty"`
}

// handlePlanPreview is POST /api/v1/plan: the body of POST
// /api/v1/sessions, the plan it would start, nothing stored. Sending the
// returned seed with the same body to POST /api/v1/sessions starts it.
func handlePlanPreview(planner Planner) gin.HandlerFunc {
	return func(c *gin.Context) {
		if planner == nil {
			writeError(c, errNoSessionEngine)
			return
		}
		var req interview.PlanRequest
		body, err := readBody(c)
		if err == nil {
			err = decodeJSON(body, &req)
		}
		if err == nil && req.Count == 0 && sentCount(body) {
			err = badRequest(CodeInvalidField, "count", fmt.Sprintf("count must be from 1 to %d, not 0 (leave it out for %d)", interview.MaxCount, interview.DefaultCount))
		}
		if err != nil {
			writeError(c, err)
			return
		}
		tp, err := planner.PreviewPlan(c.Request.Context(), req)
		if err != nil {
			writeError(c, err)
			return
		}
		out := PlanPreview{JDTerms: []string{}, Role: tp.Plan.Role, RoleName: tp.Plan.RoleName, Roles: tp.Roles,
			Seed: tp.Plan.Seed, Count: len(tp.Questions), Questions: tp.Questions}
		if tp.Plan.Tailoring != nil {
			out.LLM = tp.Plan.Tailoring.LLM
		}
		if out.Roles == nil {
			out.Roles = []interview.RoleWeight{}
		}
		if out.Questions == nil {
			out.Questions = []interview.PlanQuestion{}
		}
		for _, t := range tp.Terms {
			out.JDTerms = append(out.JDTerms, t.Term)
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, out)
	}
}

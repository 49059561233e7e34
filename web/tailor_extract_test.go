package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview/extract/extracttest"
	"github.com/mockinterview/mockinterview/web"
)

// multipartUpload is a POST /api/v1/extract body: the field part and the
// file part, and its Content-Type.
func multipartUpload(t testing.TB, field, filename string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if field != "" {
		if err := mw.WriteField("field", field); err != nil {
			t.Fatal(err)
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+filename+`"`)
	h.Set("Content-Type", "application/octet-stream")
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

func TestExtract(t *testing.T) {
	ts := newTestServer(t, web.Config{}, withSessions(t))
	pdf := extracttest.PDF(t, []string{"Platform Engineer", "Kubernetes, Terraform and on-call."})
	long := strings.Repeat("Go developer with Kafka and PostgreSQL experience.\n", 400) // 20 KiB
	tests := []struct {
		name, field, file string
		data              []byte
		status            int
		code, errField    string
		text              string // a part of the text
		source            string
		truncated         bool
	}{
		{"docx resume", "resume", "cv.docx", extracttest.DOCX(t, []string{"Jane Doe", "- Cut p99 latency by 40%"}), 200, "", "", "- Cut p99 latency by 40%", "docx", false},
		{"pdf posting", "job_description", "job.pdf", pdf, 200, "", "", "Kubernetes, Terraform and on-call.", "pdf", false},
		{"txt cut to 16 KiB", "job_description", "job.txt", []byte(long), 200, "", "", "Go developer", "txt", true},
		{"txt within 32 KiB", "resume", "cv.txt", []byte(long), 200, "", "", "Go developer", "txt", false},
		{"unknown field", "cover_letter", "cv.txt", []byte("hi"), 400, "invalid_field", "field", "", "", false},
		{"no field", "", "cv.txt", []byte("hi"), 400, "invalid_field", "field", "", "", false},
		{"image", "resume", "cv.png", []byte("\x89PNG\r\n\x1a\n"), 415, "unsupported_media_type", "file", "", "", false},
		{"broken docx", "resume", "cv.docx", []byte("not a zip"), 400, "invalid_document", "file", "", "", false},
		{"truncated pdf", "resume", "cv.pdf", pdf[:len(pdf)/3], 400, "invalid_document", "file", "", "", false},
		{"scanned pdf", "resume", "scan.pdf", extracttest.PDF(t, []string{""}), 422, "no_text", "file", "", "", false},
		{"too large", "resume", "cv.txt", bytes.Repeat([]byte("a"), 2<<20+1), 413, "payload_too_large", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartUpload(t, tt.field, tt.file, tt.data)
			res := ts.do(t, "POST", "/api/v1/extract", body, "Content-Type", ct)
			if res.status != tt.status {
				t.Fatalf("POST /api/v1/extract (%s) = %d %s; want %d", tt.name, res.status, res.body, tt.status)
			}
			if tt.status != 200 {
				var e struct{ Error web.ErrorBody }
				if err := json.Unmarshal(res.body, &e); err != nil {
					t.Fatal(err)
				}
				if e.Error.Code != tt.code || (tt.errField != "" && e.Error.Field != tt.errField) || e.Error.Message == "" {
					t.Errorf("error = %+v; want code %s, field %s, a message", e.Error, tt.code, tt.errField)
				}
				if tt.status == 415 && !strings.Contains(e.Error.Message, ".txt, .pdf or .docx") {
					t.Errorf("415 message %q does not say which types are accepted", e.Error.Message)
				}
				return
			}
			var got web.Extracted
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Text, tt.text) || got.SourceType != tt.source || got.Truncated != tt.truncated || got.Field != tt.field {
				t.Errorf("extract = %+v; want text holding %q, source %s, truncated %v", got, tt.text, tt.source, tt.truncated)
			}
			if got.Bytes != len(got.Text) || got.Bytes > got.Limit {
				t.Errorf("bytes %d, limit %d, text %d bytes", got.Bytes, got.Limit, len(got.Text))
			}
		})
	}
	t.Run("not multipart", func(t *testing.T) {
		res := ts.do(t, "POST", "/api/v1/extract", []byte("hello"), "Content-Type", "text/plain")
		if res.status != http.StatusUnsupportedMediaType || !strings.Contains(string(res.body), "multipart/form-data") {
			t.Errorf("text/plain body = %d %s; want 415 naming multipart/form-data", res.status, res.body)
		}
	})
}

func TestPlanPreviewMatchesSession(t *testing.T) {
	ts := newTestServer(t, web.Config{}, withSessions(t))
	req := `{"job_description":"Site Reliability Engineer. Kubernetes, Terraform, SLOs and error budgets, incident response and postmortems, Prometheus alerting.","resume":"- Migrated 120 services to Kubernetes with zero downtime","count":4}`
	res := ts.do(t, "POST", "/api/v1/plan", []byte(req))
	if res.status != 200 {
		t.Fatalf("POST /api/v1/plan = %d %s", res.status, res.body)
	}
	var preview web.PlanPreview
	if err := json.Unmarshal(res.body, &preview); err != nil {
		t.Fatal(err)
	}
	if len(preview.Questions) != 4 || len(preview.JDTerms) == 0 {
		t.Fatalf("preview = %d questions, terms %v; want 4 and some terms", len(preview.Questions), preview.JDTerms)
	}
	seeded, _ := json.Marshal(preview.Seed)
	created := ts.do(t, "POST", "/api/v1/sessions", []byte(strings.TrimSuffix(req, "}")+`,"seed":`+string(seeded)+`}`))
	if created.status != 201 {
		t.Fatalf("POST /api/v1/sessions = %d %s", created.status, created.body)
	}
	var sess struct {
		Plan struct {
			Questions []struct{ ID string } `json:"questions"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(created.body, &sess); err != nil {
		t.Fatal(err)
	}
	for i, q := range preview.Questions {
		if i >= len(sess.Plan.Questions) || sess.Plan.Questions[i].ID != q.ID {
			t.Fatalf("session questions %+v differ from the preview's at %d (%s)", sess.Plan.Questions, i, q.ID)
		}
	}
	for _, body := range []string{`{"role":"backend-developer"}`, `{"job_description":"` + strings.Repeat("kafka ", 3000) + `"}`} {
		res := ts.do(t, "POST", "/api/v1/plan", []byte(body))
		if res.status != 400 || !strings.Contains(string(res.body), `"field":"job_description"`) {
			t.Errorf("POST /api/v1/plan %.40s… = %d %s; want 400 on job_description", body, res.status, res.body)
		}
	}
}

package extract_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview/extract"
	"github.com/mockinterview/mockinterview/interview/extract/extracttest"
)

func TestTextDOCX(t *testing.T) {
	data := extracttest.DOCX(t, []string{
		"Jane Doe — Site Reliability Engineer",
		"- Migrated 120 services to Kubernetes\twith zero downtime",
		"",
		"- Reduced incident response time by 45% & rewrote the runbooks",
	})
	doc, err := extract.Text("resume.docx", "", data)
	if err != nil {
		t.Fatalf("Text(docx): %v", err)
	}
	want := "Jane Doe — Site Reliability Engineer\n- Migrated 120 services to Kubernetes\twith zero downtime\n- Reduced incident response time by 45% & rewrote the runbooks"
	if doc.Text != want || doc.Type != extract.TypeDOCX {
		t.Errorf("Text(docx) = %q (%s); want %q (docx)", doc.Text, doc.Type, want)
	}
}

func TestTextDOCXBreaksAndDeletedText(t *testing.T) {
	xmlBody := `<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Line one</w:t><w:br/><w:t xml:space="preserve">line two </w:t><w:t>continued</w:t></w:r></w:p>
<w:p><w:r><w:delText>deleted words</w:delText><w:t>kept</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>`
	data := extracttest.Zip(t, map[string]string{"word/document.xml": xmlBody, "[Content_Types].xml": "<Types/>"})
	doc, err := extract.Text("x.docx", "", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "Line one\nline two continued\nkept\ncell a\ncell b"
	if doc.Text != want {
		t.Errorf("Text = %q; want %q", doc.Text, want)
	}
}

func TestTextPDF(t *testing.T) {
	data := extracttest.PDF(t, []string{"Senior Backend Engineer (Go)", "We need Kubernetes, PostgreSQL and gRPC."}, []string{"Page two: on-call rotation"})
	doc, err := extract.Text("posting.pdf", "application/pdf", data)
	if err != nil {
		t.Fatalf("Text(pdf): %v", err)
	}
	for _, want := range []string{"Senior Backend Engineer (Go)", "We need Kubernetes, PostgreSQL and gRPC.", "Page two: on-call rotation"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("Text(pdf) = %q; want it to hold %q", doc.Text, want)
		}
	}
	if doc.Type != extract.TypePDF {
		t.Errorf("Type = %q; want pdf", doc.Type)
	}
}

func TestTextPlain(t *testing.T) {
	doc, err := extract.Text("p.txt", "text/plain", []byte("\xef\xbb\xbfGo developer\r\n\r\n\r\n\r\nKafka   \r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Go developer\n\nKafka"; doc.Text != want || doc.Type != extract.TypeText {
		t.Errorf("Text = %q (%s); want %q (txt)", doc.Text, doc.Type, want)
	}
}

func TestTextErrors(t *testing.T) {
	valid := extracttest.PDF(t, []string{"Hello world"})
	bomb := bombDOCX(t)
	tests := []struct {
		name, file, ct string
		data           []byte
		want           error
	}{
		{"not a zip", "resume.docx", "", []byte("this is not a zip at all"), extract.ErrInvalid},
		{"zip without document", "resume.docx", "", extracttest.Zip(t, map[string]string{"hello.txt": "hi"}), extract.ErrInvalid},
		{"bad xml", "resume.docx", "", extracttest.Zip(t, map[string]string{"word/document.xml": "<w:document xmlns:w=\"x\"><unclosed>"}), extract.ErrInvalid},
		{"zip bomb", "resume.docx", "", bomb, extract.ErrTooLarge},
		{"empty docx", "resume.docx", "", extracttest.DOCX(t, []string{"", " "}), extract.ErrNoText},
		{"truncated pdf", "p.pdf", "", valid[:len(valid)/2], extract.ErrInvalid},
		{"pdf header only", "p.pdf", "", []byte("%PDF-1.4\n"), extract.ErrInvalid},
		{"pdf named but not", "p.pdf", "", []byte("hello"), extract.ErrInvalid},
		{"image-only pdf", "scan.pdf", "", extracttest.PDF(t, []string{""}), extract.ErrNoText},
		{"encrypted pdf", "locked.pdf", "", encryptedPDF(valid), extract.ErrNoText},
		{"pdf /Prev cycle", "p.pdf", "", prevCycle(t, valid), extract.ErrInvalid},
		{"pdf /Kids cycle", "p.pdf", "", bytes.Replace(valid, []byte("/Kids [4 0 R] /Count 1"), []byte("/Kids [2 0 R] /Count 5"), 1), extract.ErrInvalid},
		{"pdf huge /Size", "p.pdf", "", bytes.Replace(valid, []byte("/Size 6"), []byte("/Size 999999999"), 1), extract.ErrInvalid},
		{"pdf huge xref subsection", "p.pdf", "", bytes.Replace(valid, []byte("xref\n0 6"), []byte("xref\n4000000000 6"), 1), extract.ErrInvalid},
		{"pdf huge /W", "p.pdf", "", bytes.Replace(valid, []byte("/Root 1 0 R"), []byte("/Root 1 0 R /W [1 99999999 1]"), 1), extract.ErrInvalid},
		{"png", "photo.png", "image/png", []byte("\x89PNG\r\n\x1a\n...."), extract.ErrUnsupported},
		{"old word", "cv.doc", "application/msword", []byte{0xd0, 0xcf, 0x11, 0xe0}, extract.ErrUnsupported},
		{"zip not docx", "cv.zip", "", extracttest.Zip(t, map[string]string{"a": "b"}), extract.ErrUnsupported},
		{"latin-1 text", "p.txt", "", []byte("caf\xe9"), extract.ErrInvalid},
		{"utf-16 text", "p.txt", "", []byte("\xff\xfeh\x00i\x00"), extract.ErrInvalid},
		{"empty text", "p.txt", "", []byte(" \n\n"), extract.ErrNoText},
		{"too large", "p.txt", "", bytes.Repeat([]byte("a"), extract.MaxUpload+1), extract.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			done := make(chan struct{})
			go func() { _, err = extract.Text(tt.file, tt.ct, tt.data); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Text(%s) still running after 10 s", tt.name)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Text(%s) error = %v; want %v", tt.file, err, tt.want)
			}
			if msg := err.Error(); strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("error %q leaks internals", msg)
			}
		})
	}
}

// bombDOCX is a .docx whose document part inflates to 17 MiB of one
// repeated paragraph: over the limit, from a file of a few dozen KiB.
func bombDOCX(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`))
	para := []byte(strings.Repeat(`<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>`, 1000))
	for n := 0; n < (17<<20)/len(para)+1; n++ {
		_, _ = w.Write(para)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > extract.MaxUpload {
		t.Fatalf("bomb is %d bytes; want it under the upload limit", buf.Len())
	}
	return buf.Bytes()
}

// encryptedPDF marks a PDF's trailer as encrypted with a password the
// reader does not know (an /Encrypt dictionary of the standard handler).
func encryptedPDF(valid []byte) []byte {
	return bytes.Replace(valid, []byte("/Root 1 0 R"),
		[]byte("/Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <"+strings.Repeat("41", 32)+"> /U <"+strings.Repeat("42", 32)+"> >>"), 1)
}

// prevCycle points a PDF's trailer /Prev at its own cross-reference table.
func prevCycle(t *testing.T, valid []byte) []byte {
	t.Helper()
	i := bytes.LastIndex(valid, []byte("startxref\n"))
	off := strings.Fields(string(valid[i+len("startxref\n"):]))[0]
	return bytes.Replace(valid, []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Prev "+off), 1)
}

func TestTruncate(t *testing.T) {
	text := strings.Repeat("line of text\n", 10) + "ééé"
	got, cut := extract.Truncate(text, 40)
	if !cut || len(got) > 40 || strings.HasSuffix(got, "\n") {
		t.Errorf("Truncate = %q, %v; want ≤ 40 bytes, cut at a line", got, cut)
	}
	if got, cut := extract.Truncate("short", 40); cut || got != "short" {
		t.Errorf("Truncate(short) = %q, %v", got, cut)
	}
	got, _ = extract.Truncate("ééééé", 3)
	if got != "é" {
		t.Errorf("Truncate at a rune = %q; want é", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("a.pdf", []byte("%PDF-1.4\n%%EOF"))
	f.Add("a.docx", []byte("PK\x03\x04"))
	f.Add("a.txt", []byte("hello"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		_, _ = extract.Text(name, "", data) // must not panic
	})
}

// Package extract turns an uploaded job posting or résumé into plain text:
// a .txt file as it is (UTF-8, a BOM dropped), a .docx through archive/zip
// and the XML of word/document.xml, a .pdf through the pure-Go
// github.com/ledongthuc/pdf reader. Every format is bounded: the upload, the
// zip entries read and the text kept. It knows nothing of HTTP; web maps its
// errors to statuses.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Source types of a document.
const (
	TypeText = "txt"
	TypePDF  = "pdf"
	TypeDOCX = "docx"
)

// MaxUpload is the largest file Text reads: 2 MiB.
const MaxUpload = 2 << 20

// maxText bounds the text any format yields before the caller's own limit:
// four times the largest field (32 KiB), so that a caller can still say how
// long the text was.
const maxText = 128 << 10

// Errors of extraction. Messages wrapped around them are for the person
// who uploaded the file; they name no internal detail.
var (
	// ErrUnsupported: not a .txt, .pdf or .docx file.
	ErrUnsupported = errors.New("unsupported document type")
	// ErrInvalid: the file claims a type but is broken (not a zip, a
	// truncated PDF, text that is not UTF-8).
	ErrInvalid = errors.New("invalid document")
	// ErrNoText: a well-formed document without extractable text (a
	// scanned or encrypted PDF, an empty document).
	ErrNoText = errors.New("no text in document")
	// ErrTooLarge: the upload, or a part of it, is over its limit.
	ErrTooLarge = errors.New("document too large")
)

// Accepted says which files are accepted, for error messages.
const Accepted = "upload a .txt, .pdf or .docx file"

// Document is the text of one uploaded file.
type Document struct {
	Text string
	// Type is TypeText, TypePDF or TypeDOCX.
	Type string
}

// Text extracts the text of data, a file named name (its extension, and the
// declared contentType, help tell plain text apart; PDF and DOCX are known
// by their first bytes). Lines are kept, runs of blank lines folded, and
// spaces trimmed at line ends.
func Text(name, contentType string, data []byte) (Document, error) {
	if len(data) > MaxUpload {
		return Document{}, fmt.Errorf("%w: the file is %d bytes; the limit is %d (2 MiB)", ErrTooLarge, len(data), MaxUpload)
	}
	var (
		doc Document
		err error
	)
	switch kind := sniff(name, contentType, data); kind {
	case TypePDF:
		doc.Type = TypePDF
		doc.Text, err = pdfText(data)
	case TypeDOCX:
		doc.Type = TypeDOCX
		doc.Text, err = docxText(data)
	case TypeText:
		doc.Type = TypeText
		doc.Text, err = plainText(data)
	default:
		return Document{}, fmt.Errorf("%w: %s", ErrUnsupported, kind)
	}
	if err != nil {
		return Document{}, err
	}
	doc.Text = tidy(doc.Text)
	if strings.TrimSpace(doc.Text) == "" {
		switch doc.Type {
		case TypePDF:
			return Document{}, fmt.Errorf("%w: the PDF has no text layer (a scanned or image-only PDF): paste the text instead", ErrNoText)
		default:
			return Document{}, fmt.Errorf("%w: the file has no text", ErrNoText)
		}
	}
	return doc, nil
}

// sniff names the format of a file: by its first bytes for PDF and zip, by
// extension or content type for plain text; anything else is described
// for the error message.
func sniff(name, contentType string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return TypePDF
	case ext == ".pdf" || ct == "application/pdf":
		return TypePDF // broken: pdfText says so
	case ext == ".docx" || ct == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return TypeDOCX
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a zip archive that is not named .docx"
	case ext == ".doc" || ct == "application/msword":
		return "an old Word .doc file (save it as .docx or PDF)"
	case ext == ".txt" || ext == ".text" || ext == ".md" || ct == "text/plain" || ct == "text/markdown":
		return TypeText
	case ext == "" && (ct == "" || ct == "application/octet-stream") && utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		return TypeText
	}
	if ext != "" {
		return "a " + ext + " file"
	}
	if ct != "" {
		return ct
	}
	return "an unknown type"
}

// plainText is a UTF-8 text file, its byte-order mark dropped.
func plainText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return "", fmt.Errorf("%w: the text file is UTF-16; save it as UTF-8", ErrInvalid)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%w: the text file is not UTF-8; save it as UTF-8", ErrInvalid)
	}
	if bytes.ContainsRune(data, 0) {
		return "", fmt.Errorf("%w: the file holds binary data, not text", ErrInvalid)
	}
	if len(data) > maxText {
		data = data[:maxText]
	}
	return string(data), nil
}

// tidy normalises line ends, trims trailing spaces, folds runs of blank
// lines into one and drops control characters other than tab and newline.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			return -1
		case r == '\u00a0':
			return ' '
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}

// Truncate cuts text to at most limit bytes, at a line end when one is in
// the last quarter, else at a rune boundary; it reports whether it cut.
func Truncate(text string, limit int) (string, bool) {
	if len(text) <= limit {
		return text, false
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if nl := strings.LastIndexByte(text[:cut], '\n'); nl >= limit*3/4 {
		cut = nl
	}
	return strings.TrimRight(text[:cut], " \t\n"), true
}

package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxPDFPages bounds the pages read: a posting or a résumé is a few pages.
const maxPDFPages = 100

// pdfText is the text of every page, a page per paragraph. The reader
// panics on some malformed files; that is recovered and reported as an
// invalid PDF.
func pdfText(data []byte) (text string, err error) {
	defer func() {
		if x := recover(); x != nil {
			text, err = "", fmt.Errorf("%w: the PDF file is damaged or truncated", ErrInvalid)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, pdf.ErrInvalidPassword) {
		return "", fmt.Errorf("%w: the PDF is password-protected: remove the password, or paste the text", ErrNoText)
	}
	if err != nil {
		return "", fmt.Errorf("%w: the PDF file is damaged or truncated", ErrInvalid)
	}
	n := r.NumPage()
	if n <= 0 {
		return "", fmt.Errorf("%w: the PDF file has no pages", ErrInvalid)
	}
	if n > maxPDFPages {
		n = maxPDFPages
	}
	var b strings.Builder
	fonts := map[string]*pdf.Font{}
	for i := 1; i <= n && b.Len() <= maxText; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		for _, name := range p.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := p.Font(name)
				fonts[name] = &f
			}
		}
		s, err := p.GetPlainText(fonts)
		if err != nil {
			return "", fmt.Errorf("%w: page %d of the PDF cannot be read", ErrInvalid, i)
		}
		b.WriteString(s)
		b.WriteString("\n\n")
	}
	return b.String(), nil
}

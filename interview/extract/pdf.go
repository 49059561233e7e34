package extract

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Bounds of a PDF. The reader trusts the file: it sizes its tables by the
// object numbers it finds, follows /Prev and /Kids links without noticing
// cycles, and resolves every object again from the file each time. So,
// before it sees a byte, every number that sizes a table (xref subsection
// headers, /Size, /Index, /W) is checked against what a 2 MiB file can
// hold; and while it runs, the file it reads counts the bytes read and
// stops the reader past a budget (a cycle ends there, not in a hang).
const (
	maxPDFPages   = 100
	maxPDFObjects = 1 << 18 // a 2 MiB file holds fewer: each object takes 20+ bytes
	maxXrefWidth  = 8
	// readBudget is how many times over the file may be read.
	readBudget = 256
)

// pdfText is the text of every page, a page per paragraph. The reader
// panics on some malformed files; that is recovered and reported as an
// invalid PDF.
func pdfText(data []byte) (text string, err error) {
	defer func() {
		if x := recover(); x != nil {
			text, err = "", fmt.Errorf("%w: the PDF file is damaged or truncated", ErrInvalid)
			if x == errReadBudget {
				err = fmt.Errorf("%w: the PDF file is too complex to read (its structure loops or is far larger than its text): paste the text instead", ErrInvalid)
			}
		}
	}()
	if err := checkPDFTables(data); err != nil {
		return "", err
	}
	f := &budgetFile{data: data, left: int64(readBudget*len(data) + 16<<20)}
	r, err := pdf.NewReader(f, int64(len(data)))
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
		if f.spent() {
			panic(errReadBudget) // GetPlainText recovered it: report it as such
		}
		if err != nil {
			return "", fmt.Errorf("%w: page %d of the PDF cannot be read", ErrInvalid, i)
		}
		b.WriteString(s)
		b.WriteString("\n\n")
	}
	return b.String(), nil
}

var errReadBudget = errors.New("pdf read budget spent")

// budgetFile is the PDF as the reader sees it: an io.ReaderAt that panics
// (recovered by the reader and by pdfText) once left bytes were read.
type budgetFile struct {
	data []byte
	left int64
}

func (f *budgetFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(f.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.data[off:])
	f.left -= int64(n)
	if f.left < 0 {
		panic(errReadBudget)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *budgetFile) spent() bool { return f.left < 0 }

var (
	sizeKey    = regexp.MustCompile(`/Size\s*(-?\d+)`)
	arrayKey   = regexp.MustCompile(`/(Index|W)\s*\[([^\]]*)\]`)
	xrefTables = regexp.MustCompile(`(?:^|[^a-z])xref\s`)
	integer    = regexp.MustCompile(`-?\d+`)
)

// checkPDFTables refuses a PDF whose cross-reference tables claim more
// objects than the file can hold, or fields wider than 8 bytes.
func checkPDFTables(data []byte) error {
	bad := func(what string) error {
		return fmt.Errorf("%w: the PDF file's cross-reference table is damaged (%s)", ErrInvalid, what)
	}
	for _, m := range sizeKey.FindAllSubmatch(data, -1) {
		if n, err := strconv.Atoi(string(m[1])); err != nil || n < 0 || n > maxPDFObjects {
			return bad("/Size " + string(m[1]))
		}
	}
	for _, m := range arrayKey.FindAllSubmatch(data, -1) {
		limit := maxPDFObjects
		if string(m[1]) == "W" {
			limit = maxXrefWidth
		}
		for _, v := range integer.FindAll(m[2], -1) {
			if n, err := strconv.Atoi(string(v)); err != nil || n < 0 || n > limit {
				return bad("/" + string(m[1]) + " " + string(v))
			}
		}
	}
	for _, loc := range xrefTables.FindAllIndex(data, -1) {
		// Subsection headers "start count", each followed by count
		// entries of three tokens, until the trailer.
		toks := strings.Fields(string(data[loc[1]:min(len(data), loc[1]+64<<10)]))
		for i := 0; i+1 < len(toks); {
			start, err1 := strconv.Atoi(toks[i])
			count, err2 := strconv.Atoi(toks[i+1])
			if err1 != nil || err2 != nil {
				break
			}
			if start < 0 || count < 0 || start > maxPDFObjects || count > maxPDFObjects-start {
				return bad("subsection " + toks[i] + " " + toks[i+1])
			}
			i += 2 + 3*count
		}
	}
	return nil
}

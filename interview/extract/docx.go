package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Bounds of a .docx: a Word document is a zip of XML parts; only
// word/document.xml is read, and only up to maxDocumentXML bytes
// uncompressed (the declared size is checked first and the reader is
// limited too, so a zip bomb stops at the limit).
const (
	maxZipEntries  = 5000
	maxDocumentXML = 16 << 20
)

// wordNS is the WordprocessingML namespace of w:p, w:t and friends.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// docxText is the text of word/document.xml: each paragraph (w:p) a line,
// the runs' text (w:t) joined, w:tab a tab, w:br and w:cr line breaks.
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: the .docx file is not a Word document (not a zip archive)", ErrInvalid)
	}
	if len(zr.File) > maxZipEntries {
		return "", fmt.Errorf("%w: the .docx file has %d parts; the limit is %d", ErrInvalid, len(zr.File), maxZipEntries)
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
			break
		}
	}
	if part == nil {
		return "", fmt.Errorf("%w: the .docx file has no word/document.xml (not a Word document)", ErrInvalid)
	}
	if part.UncompressedSize64 > maxDocumentXML {
		return "", fmt.Errorf("%w: the document's text part is %d bytes uncompressed; the limit is %d (16 MiB)", ErrTooLarge, part.UncompressedSize64, maxDocumentXML)
	}
	rc, err := part.Open()
	if err != nil {
		return "", fmt.Errorf("%w: the .docx file's text part cannot be read", ErrInvalid)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxDocumentXML + 1}
	text, err := wordXMLText(lr)
	if lr.N <= 0 {
		return "", fmt.Errorf("%w: the document's text part is over %d bytes uncompressed", ErrTooLarge, maxDocumentXML)
	}
	if err != nil {
		return "", err
	}
	return text, nil
}

// wordXMLText walks the XML tokens of a document part.
func wordXMLText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	var (
		b      strings.Builder
		inText int // depth inside w:t
		line   bool
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%w: the .docx file's text part is not well-formed XML", ErrInvalid)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText++
			case "tab":
				b.WriteByte('\t')
				line = true
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				if inText > 0 {
					inText--
				}
			case "p":
				if line {
					b.WriteByte('\n')
				}
				line = false
			}
		case xml.CharData:
			if inText > 0 {
				b.Write(t)
				line = true
			}
		}
		if b.Len() > maxText {
			break
		}
	}
	return b.String(), nil
}

package web

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"net/http"

	"github.com/gin-gonic/gin"
)

// favicon is the product's icon as a 32×32 ICO (one PNG image inside, which
// every current browser reads): four stripes in the STAR colours of
// static/theme.css on a rounded white card. It is drawn once, at start-up,
// so there is no binary file to keep in step with the colours.
var favicon = func() []byte {
	const n = 32
	stripes := []color.RGBA{
		{0x25, 0x63, 0xeb, 0xff}, // situation
		{0xd9, 0x77, 0x06, 0xff}, // task
		{0x16, 0xa3, 0x4a, 0xff}, // action
		{0xdb, 0x27, 0x77, 0xff}, // result
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			// A rounded square: corners of radius 6 stay transparent.
			cx, cy := min(max(x, 6), n-7), min(max(y, 6), n-7)
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy > 36 {
				continue
			}
			c := color.RGBA{0xff, 0xff, 0xff, 0xff}
			if x >= 5 && x < n-5 && y >= 4 && y < n-4 {
				// four bars of 5 px with 2 px gaps, of decreasing length
				row := (y - 4) / 6
				if (y-4)%6 < 5 && row < 4 && x < n-5-row*3 {
					c = stripes[row]
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, img); err != nil {
		panic(err)
	}
	var ico bytes.Buffer
	binary.Write(&ico, binary.LittleEndian, [3]uint16{0, 1, 1}) // reserved, type icon, one image
	ico.Write([]byte{n, n, 0, 0})                               // width, height, no palette, reserved
	binary.Write(&ico, binary.LittleEndian, [2]uint16{1, 32})   // planes, bits per pixel
	binary.Write(&ico, binary.LittleEndian, [2]uint32{uint32(pngData.Len()), 22})
	ico.Write(pngData.Bytes())
	return ico.Bytes()
}()

// handleFavicon serves /favicon.ico, which browsers ask for on every page.
func handleFavicon(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/x-icon", favicon)
}

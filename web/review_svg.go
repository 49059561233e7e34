package web

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

// Progress charts drawn on the server as SVG: no script, no library, and
// they print. Colours come from the page's style sheet (classes s0, s1...),
// so the markup carries no inline style.

type chartSeries struct {
	Name   string
	Points []interview.ProgressPoint
}

const (
	chartW, chartH = 640.0, 240.0
	padL, padR     = 40.0, 120.0
	padT, padB     = 28.0, 30.0
)

// lineChart draws series of 0-100 values against the sessions in time
// order, one line each. The x axis is the sessions in order (not to scale
// in time), labelled with their dates.
func lineChart(title string, series []chartSeries) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-label="%s">`,
		chartW, chartH, chartW, chartH, esc(title))
	fmt.Fprintf(&b, `<title>%s</title><text class="chart-title" x="%.0f" y="18">%s</text>`, esc(title), padL, esc(title))
	// The sessions on the x axis: every session of any series, by time.
	type xkey struct {
		id string
		at int64
	}
	var xs []xkey
	seen := map[string]bool{}
	for _, s := range series {
		for _, p := range s.Points {
			if !seen[p.SessionID] {
				seen[p.SessionID] = true
				xs = append(xs, xkey{p.SessionID, p.At.UnixMicro()})
			}
		}
	}
	slices.SortStableFunc(xs, func(a, b xkey) int { return cmp.Compare(a.at, b.at) })
	index := map[string]int{}
	for i, x := range xs {
		index[x.id] = i
	}
	plotW, plotH := chartW-padL-padR, chartH-padT-padB
	x := func(i int) float64 {
		if len(xs) <= 1 {
			return padL + plotW/2
		}
		return padL + plotW*float64(i)/float64(len(xs)-1)
	}
	y := func(v float64) float64 { return padT + plotH*(1-min(max(v, 0), 100)/100) }
	for _, g := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><text class="tick" x="%.1f" y="%.1f" text-anchor="end">%.0f</text>`,
			padL, y(g), padL+plotW, y(g), padL-6, y(g)+4, g)
	}
	if len(xs) == 0 {
		fmt.Fprintf(&b, `<text class="empty" x="%.1f" y="%.1f" text-anchor="middle">no scored interviews yet</text></svg>`, padL+plotW/2, padT+plotH/2)
		return template.HTML(b.String())
	}
	labelEvery := max(1, len(xs)/6)
	for i, s := range xs {
		if i%labelEvery == 0 || i == len(xs)-1 {
			var at string
			for _, ser := range series {
				for _, p := range ser.Points {
					if p.SessionID == s.id {
						at = p.At.Format("Jan 2")
					}
				}
			}
			fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(i), chartH-10, esc(at))
		}
	}
	for n, s := range series {
		var pts []string
		for _, p := range s.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(index[p.SessionID]), y(p.Value)))
		}
		class := fmt.Sprintf("s%d", n%8)
		if slices.Contains(interview.StarParts, s.Name) {
			class += " star-" + s.Name // the product's STAR colour (static/theme.css)
		}
		fmt.Fprintf(&b, `<g class="series %s" data-series="%s"><polyline fill="none" points="%s"/>`, class, esc(s.Name), strings.Join(pts, " "))
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle r="3.5" cx="%.1f" cy="%.1f" data-value="%.1f"><title>%s %s: %.0f</title></circle>`,
				x(index[p.SessionID]), y(p.Value), p.Value, esc(s.Name), p.At.Format("2006-01-02"), p.Value)
		}
		fmt.Fprintf(&b, `<rect class="swatch" x="%.1f" y="%.1f" width="10" height="10"/><text class="legend" x="%.1f" y="%.1f">%s</text></g>`,
			chartW-padR+14, padT+float64(n)*18, chartW-padR+28, padT+float64(n)*18+9, esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// coverageBars draws how often each talking point was covered (covered
// counts 1, partial ½), the most asked points first, at most 12.
func coverageBars(title string, points []interview.TalkingPointProgress) template.HTML {
	esc := template.HTMLEscapeString
	sorted := slices.Clone(points)
	total := func(p interview.TalkingPointProgress) int { return p.Covered + p.Partial + p.Missing }
	slices.SortStableFunc(sorted, func(a, b interview.TalkingPointProgress) int { return total(b) - total(a) })
	if len(sorted) > 12 {
		sorted = sorted[:12]
	}
	const rowH, labelW, barW = 22.0, 240.0, 320.0
	h := padT + rowH*float64(max(len(sorted), 1)) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart bars" role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-label="%s">`, chartW, h, chartW, h, esc(title))
	fmt.Fprintf(&b, `<title>%s</title><text class="chart-title" x="0" y="18">%s</text>`, esc(title), esc(title))
	if len(sorted) == 0 {
		fmt.Fprintf(&b, `<text class="empty" x="%.1f" y="%.1f">no talking points scored yet</text></svg>`, 0.0, padT+14)
		return template.HTML(b.String())
	}
	for i, p := range sorted {
		n := total(p)
		rate := (float64(p.Covered) + 0.5*float64(p.Partial)) / float64(n)
		top := padT + rowH*float64(i)
		label := p.Label
		if len(label) > 40 {
			label = label[:37] + "..."
		}
		fmt.Fprintf(&b, `<g class="bar" data-point="%s"><text class="legend" x="0" y="%.1f">%s</text>`, esc(p.ID), top+14, esc(label))
		fmt.Fprintf(&b, `<rect class="track" x="%.1f" y="%.1f" width="%.1f" height="14"/>`, labelW, top+3, barW)
		fmt.Fprintf(&b, `<rect class="fill" x="%.1f" y="%.1f" width="%.1f" height="14"/>`, labelW, top+3, barW*rate)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f">%.0f%% of %d</text></g>`, labelW+barW+8, top+14, rate*100, n)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

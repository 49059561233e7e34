package speech

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Pocketsphinx is the offline engine: Debian's pocketsphinx with the
// pocketsphinx-en-us model, run as a process per recording. Both command
// lines Debian and upstream ship are understood: pocketsphinx_continuous
// (0.8, Debian bookworm: "-infile F.wav -time yes", a line per word with
// start and end) and the newer pocketsphinx CLI (5.x: "single F.wav", JSON
// with words).
type Pocketsphinx struct {
	path  string
	json  bool     // the 5.x CLI
	args  []string // extra arguments (a model directory)
	slots chan struct{}
}

// ErrNoPocketsphinx: neither pocketsphinx_continuous nor pocketsphinx is on
// PATH.
var ErrNoPocketsphinx = errors.New("pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us)")

// FindPocketsphinx looks for the engine on PATH at start-up. concurrency
// bounds recognitions running at once (each takes a core; <= 0 means 1).
func FindPocketsphinx(concurrency int) (*Pocketsphinx, error) {
	if concurrency <= 0 {
		concurrency = 1
	}
	p := &Pocketsphinx{slots: make(chan struct{}, concurrency)}
	if path, err := exec.LookPath("pocketsphinx_continuous"); err == nil {
		p.path = path
	} else if path, err := exec.LookPath("pocketsphinx"); err == nil {
		p.path, p.json = path, true
	} else {
		return nil, ErrNoPocketsphinx
	}
	// The English model: the binary's compiled-in default, unless it is
	// missing where Debian puts it.
	const model = "/usr/share/pocketsphinx/model/en-us"
	if _, err := os.Stat(model + "/en-us"); err == nil && !p.json {
		p.args = []string{"-hmm", model + "/en-us", "-lm", model + "/en-us.lm.bin", "-dict", model + "/cmudict-en-us.dict"}
	}
	return p, nil
}

// Name is "pocketsphinx".
func (p *Pocketsphinx) Name() string { return "pocketsphinx" }

// Path is the binary found.
func (p *Pocketsphinx) Path() string { return p.path }

// Transcribe writes the audio to a temporary file and runs the engine on it.
func (p *Pocketsphinx) Transcribe(ctx context.Context, a Audio) (Recognition, error) {
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return Recognition{}, ctx.Err()
	}
	// It runs at about a quarter of real time on a busy core; a run far
	// slower than real time is stuck.
	limit := 30*time.Second + 2*a.Duration()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	f, err := os.CreateTemp("", "mockinterview-*.wav")
	if err != nil {
		return Recognition{}, p.fail(fmt.Errorf("temporary file: %w", err))
	}
	defer os.Remove(f.Name())
	_, err = f.Write(a.WAV())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Recognition{}, p.fail(fmt.Errorf("write temporary file: %w", err))
	}
	var args []string
	if p.json {
		args = []string{"-loglevel", "FATAL", "single", f.Name()}
	} else {
		args = append([]string{"-infile", f.Name(), "-time", "yes", "-logfn", os.DevNull}, p.args...)
	}
	cmd := exec.CommandContext(ctx, p.path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Recognition{}, p.fail(fmt.Errorf("no result after %s", limit))
		}
		if ctx.Err() != nil {
			return Recognition{}, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 200 {
			msg = msg[len(msg)-200:]
		}
		return Recognition{}, p.fail(fmt.Errorf("%v: %s", err, msg))
	}
	var rec Recognition
	if p.json {
		rec, err = parseSphinxJSON(stdout.Bytes())
	} else {
		rec, err = parseSphinxTimes(stdout.Bytes())
	}
	if err != nil {
		return Recognition{}, p.fail(err)
	}
	rec.Duration = a.Seconds()
	return rec, nil
}

func (p *Pocketsphinx) fail(err error) error {
	return &EngineError{Engine: "pocketsphinx", Err: err}
}

// sphinxWord cleans one word of pocketsphinx's output: "" for markers
// (<s>, </s>, <sil>, [NOISE], ++NOISE++), the word without its
// pronunciation variant ("the(2)") otherwise.
func sphinxWord(w string) string {
	if w == "" || w[0] == '<' || w[0] == '[' || strings.HasPrefix(w, "++") {
		return ""
	}
	if i := strings.IndexByte(w, '('); i > 0 {
		w = w[:i]
	}
	return w
}

// parseSphinxTimes reads pocketsphinx_continuous -time yes: per utterance a
// line of text, then a line "word start end confidence" per word.
func parseSphinxTimes(out []byte) (Recognition, error) {
	var rec Recognition
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 {
			continue // an utterance's text line
		}
		start, err1 := strconv.ParseFloat(f[1], 64)
		end, err2 := strconv.ParseFloat(f[2], 64)
		if _, err3 := strconv.ParseFloat(f[3], 64); err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		if w := sphinxWord(f[0]); w != "" {
			rec.Words = append(rec.Words, Word{Word: w, Start: start, End: end})
		}
	}
	if err := sc.Err(); err != nil {
		return rec, fmt.Errorf("read output: %w", err)
	}
	rec.Text = joinWords(rec.Words)
	return rec, nil
}

// parseSphinxJSON reads the 5.x CLI: a JSON object per utterance,
// {"b": begin, "d": duration, "t": text, "w": [{"b", "d", "t"}]}.
func parseSphinxJSON(out []byte) (Recognition, error) {
	var rec Recognition
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var u struct {
			W []struct {
				B float64 `json:"b"`
				D float64 `json:"d"`
				T string  `json:"t"`
			} `json:"w"`
		}
		if err := dec.Decode(&u); err != nil {
			return rec, fmt.Errorf("read output: %w", err)
		}
		for _, w := range u.W {
			if t := sphinxWord(w.T); t != "" {
				rec.Words = append(rec.Words, Word{Word: t, Start: w.B, End: w.B + w.D})
			}
		}
	}
	rec.Text = joinWords(rec.Words)
	return rec, nil
}

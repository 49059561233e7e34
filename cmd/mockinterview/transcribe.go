package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mockinterview/mockinterview/scoring/openai"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// sttFlag registers --stt on fs (env MOCKINTERVIEW_STT).
func sttFlag(fs *flag.FlagSet, e env) *string {
	def := e.getenv("MOCKINTERVIEW_STT")
	if def == "" {
		def = "auto"
	}
	return fs.String("stt", def, "speech recognition: off, auto (the transcription server when configured, else pocketsphinx when installed), openai or pocketsphinx (env MOCKINTERVIEW_STT)")
}

// newSpeech builds the transcription service --stt asks for; see
// docs/speech.md. auto never fails: without an engine voice is off and the
// service says why.
func newSpeech(mode string, e env) (*speech.Service, error) {
	var lim speech.Limits
	openAI := func() (*speech.Service, error) {
		cfg, err := openai.STTConfigFromEnv(e.getenv)
		if err != nil {
			return nil, err
		}
		t, err := openai.NewTranscriber(cfg)
		if err != nil {
			return nil, err
		}
		return speech.NewService(speech.Resilient(t, speech.ResilienceSettings{}), lim), nil
	}
	sphinx := func() (*speech.Service, error) {
		p, err := speech.FindPocketsphinx(1)
		if err != nil {
			return nil, err
		}
		return speech.NewService(p, lim), nil
	}
	switch mode {
	case "off":
		return speech.Disabled("voice answers are turned off on this server (--stt off)", lim), nil
	case "openai":
		s, err := openAI()
		if err != nil {
			return nil, fmt.Errorf("--stt openai: %w", err)
		}
		return s, nil
	case "pocketsphinx":
		s, err := sphinx()
		if err != nil {
			return nil, fmt.Errorf("--stt pocketsphinx: %w", err)
		}
		return s, nil
	case "auto":
		s, err := openAI()
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, openai.ErrSTTNotConfigured) {
			fmt.Fprintf(e.stderr, "mockinterview: transcription server not used: %v\n", err)
		}
		if s, err := sphinx(); err == nil {
			return s, nil
		}
		return speech.Disabled("no speech recognition on this server: configure a transcription server (MOCKINTERVIEW_STT_MODEL) or install pocketsphinx and pocketsphinx-en-us", lim), nil
	}
	return nil, fmt.Errorf("--stt must be off, auto, openai or pocketsphinx, not %q", mode)
}

// runTranscribe is `mockinterview transcribe [--json] FILE`: the words of
// a WAV recording with their timings and the delivery figures.
func runTranscribe(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("transcribe", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: mockinterview transcribe [--json] [--stt MODE] FILE.wav   (FILE - reads stdin)")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the transcript as JSON (text, duration, engine, words, delivery)")
	stt := sttFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("transcribe takes one file, got %d arguments", fs.NArg())
	}
	svc, err := newSpeech(*stt, e)
	if err != nil {
		return err
	}
	if !svc.Enabled() {
		return errors.New(svc.OffReason())
	}
	name := fs.Arg(0)
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	audio, err := speech.Decode(in, svc.Limits())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	tr, err := svc.Transcribe(ctx, audio)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(tr)
	}
	writeTranscript(e.stdout, tr)
	return nil
}

// writeTranscript is the readable report of transcribe.
func writeTranscript(w io.Writer, tr speech.Transcript) {
	d := tr.Delivery
	fmt.Fprintf(w, "%s, %.1f s\n\n%s\n\n", tr.Engine, tr.Duration, wrapText(tr.Text, 76, ""))
	fmt.Fprintf(w, "words       %d\n", d.Words)
	fmt.Fprintf(w, "pace        %.0f words a minute over %.1f s of speaking (target %d–%d)\n", d.WordsPerMinute, d.SpeakingTime, speech.PaceLow, speech.PaceHigh)
	fmt.Fprintf(w, "pauses      %d of %.0f s or more, longest %.1f s\n", len(d.Pauses), speech.PauseMin, d.LongestPause)
	for _, p := range d.Pauses {
		fmt.Fprintf(w, "            %6.2f–%6.2f s  %.1f s  %s\n", p.Start, p.End, p.Duration, p.Context)
	}
	fmt.Fprintf(w, "fillers     %d (%.1f per 100 words)", d.FillerCount, d.FillerRate)
	if d.FillerCount > 0 {
		var ws []string
		for _, f := range d.Fillers {
			ws = append(ws, fmt.Sprintf("%s at %.1f s", f.Word, f.Start))
		}
		fmt.Fprintf(w, ": %s", strings.Join(ws, ", "))
	}
	fmt.Fprintln(w)
	if len(d.Feedback) > 0 {
		fmt.Fprintln(w)
		for _, f := range d.Feedback {
			fmt.Fprintf(w, "- %s\n", strings.TrimPrefix(wrapText(f, 76, "  "), "  "))
		}
	}
}

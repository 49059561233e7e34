package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring/speech"
)

// transcribe answers turn with the recording in file as the page does: the
// audio is stored with the turn, then transcribed; the transcript and its
// delivery are printed and the transcript is returned to be submitted.
func (p *practiceTerminal) transcribe(ctx context.Context, svc *interview.Service, turn int, file string) (string, error) {
	if !p.speech.Enabled() {
		return "", errors.New(p.speech.OffReason())
	}
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	audio, err := speech.Decode(f, p.speech.Limits())
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	rec, err := svc.Record(ctx, p.sess.ID, turn, audio)
	if err != nil {
		return "", err
	}
	tr, err := p.speech.Transcribe(ctx, audio)
	if err != nil {
		return "", fmt.Errorf("%s is kept with the turn but could not be transcribed: %w", file, err)
	}
	if err := svc.SetTranscript(ctx, p.sess.ID, turn, rec.FollowUp, tr); err != nil {
		return "", err
	}
	if len(tr.Words) == 0 {
		return "", fmt.Errorf("no words were recognized in %s", file)
	}
	d := tr.Delivery
	fmt.Fprintf(p.out, "(heard by %s, %.1f s) %s\n", tr.Engine, tr.Duration, tr.Text)
	fmt.Fprintf(p.out, "Delivery: %.0f words a minute; pauses of 1 s or more: %d; filler words: %d.\n", d.WordsPerMinute, len(d.Pauses), d.FillerCount)
	for _, s := range d.Feedback {
		fmt.Fprintf(p.out, "  - %s\n", s)
	}
	return tr.Text, nil
}

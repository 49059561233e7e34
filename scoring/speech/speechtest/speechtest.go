// Package speechtest makes speech for tests with espeak-ng and sox, the
// way scripts/test installs them: a sentence, or several with silences of
// known length between them.
package speechtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Need skips the test when espeak-ng or sox is missing, unless CI is set:
// there scripts/test installed them and their absence is a failure.
func Need(t testing.TB) {
	t.Helper()
	for _, bin := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (scripts/test installs it): %v", bin, err)
			}
			t.Skipf("%s is not installed: apt-get install espeak-ng sox", bin)
		}
	}
}

// Part is a piece of a recording: Text spoken, or, when Text is empty,
// Silence seconds of silence.
type Part struct {
	Text    string
	Silence float64
}

// Speak writes a WAV file of parts into dir, at rate Hz with channels
// channels (espeak-ng speaks at 22050 Hz mono; sox converts), and returns
// its path.
func Speak(t testing.TB, dir string, rate, channels int, parts ...Part) string {
	t.Helper()
	Need(t)
	var files []string
	for i, p := range parts {
		f := filepath.Join(dir, fmt.Sprintf("part%d.wav", i))
		var cmd *exec.Cmd
		if p.Text != "" {
			cmd = exec.Command("espeak-ng", "-v", "en-us", "-s", "150", "-w", f, p.Text)
		} else {
			cmd = exec.Command("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", f, "trim", "0", strconv.FormatFloat(p.Silence, 'f', 3, 64))
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v: %s", cmd, err, out)
		}
		files = append(files, f)
	}
	out := filepath.Join(dir, fmt.Sprintf("speech-%d-%d.wav", rate, channels))
	args := append(files, "-r", strconv.Itoa(rate), "-c", strconv.Itoa(channels), "-b", "16", "-e", "signed-integer", out)
	if o, err := exec.Command("sox", args...).CombinedOutput(); err != nil {
		t.Fatalf("sox %v: %v: %s", args, err, o)
	}
	return out
}

package speech_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/scoring/speech"
	"github.com/mockinterview/mockinterview/scoring/speech/speechtest"
)

// wavFile builds a WAV header and data by hand, for formats EncodeWAV does
// not write.
func wavFile(format, channels uint16, rate uint32, bits uint16, data []byte, dataSize uint32) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+len(data)))
	b.WriteString("WAVEfmt ")
	align := channels * bits / 8
	for _, v := range []any{uint32(16), format, channels, rate, rate * uint32(align), align, bits} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, dataSize)
	b.Write(data)
	return b.Bytes()
}

func tone(n int, hz, rate float64) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*hz*float64(i)/rate))
	}
	return s
}

func TestDecodeRoundTrip(t *testing.T) {
	in := tone(16000, 440, 16000)
	a, err := speech.DecodeBytes(speech.EncodeWAV(in, 16000), speech.Limits{})
	if err != nil {
		t.Fatalf("DecodeBytes: %v", err)
	}
	if len(a.Samples) != len(in) || a.Samples[100] != in[100] {
		t.Fatalf("decoded %d samples, [100]=%d; want %d, %d", len(a.Samples), a.Samples[100], len(in), in[100])
	}
	if a.Duration() != time.Second {
		t.Errorf("Duration = %s; want 1s", a.Duration())
	}
}

func TestDecodeResamplesStereo(t *testing.T) {
	mono := tone(44100*2, 300, 44100)
	pcm := make([]byte, 0, len(mono)*4)
	for _, s := range mono {
		pcm = binary.LittleEndian.AppendUint16(pcm, uint16(s))
		pcm = binary.LittleEndian.AppendUint16(pcm, uint16(s))
	}
	a, err := speech.DecodeBytes(wavFile(1, 2, 44100, 16, pcm, uint32(len(pcm))), speech.Limits{})
	if err != nil {
		t.Fatalf("DecodeBytes: %v", err)
	}
	if got := a.Seconds(); math.Abs(got-2) > 0.01 {
		t.Errorf("Seconds = %.3f; want 2", got)
	}
	// A 300 Hz tone keeps its level through the resampler.
	if lvl := a.Level(); lvl < -16 || lvl > -10 {
		t.Errorf("Level = %.1f dBFS; want about -15", lvl)
	}
	if a.Source != "wav 44100 Hz stereo" {
		t.Errorf("Source = %q", a.Source)
	}
}

func TestDecodeStreamingSize(t *testing.T) {
	// sox and browsers writing to a pipe leave the data size 0 or ~0.
	pcm := make([]byte, 3200)
	for _, size := range []uint32{0, math.MaxUint32} {
		a, err := speech.DecodeBytes(wavFile(1, 1, 16000, 16, pcm, size), speech.Limits{})
		if err != nil || len(a.Samples) != 1600 {
			t.Errorf("data size %d: %d samples, %v; want 1600, nil", size, len(a.Samples), err)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	pcm := make([]byte, 32000)
	long := speech.EncodeWAV(make([]int16, 16000*6), 16000)
	tests := []struct {
		name string
		data []byte
		lim  speech.Limits
		want error
	}{
		{"empty", nil, speech.Limits{}, speech.ErrInvalidAudio},
		{"json", []byte(`{"answer":"hello"}`), speech.Limits{}, speech.ErrUnsupported},
		{"riff not wave", append([]byte("RIFF\x04\x00\x00\x00AVI "), pcm[:100]...), speech.Limits{}, speech.ErrUnsupported},
		{"header only", wavFile(1, 1, 16000, 16, nil, 32000)[:30], speech.Limits{}, speech.ErrInvalidAudio},
		{"truncated data", wavFile(1, 1, 16000, 16, pcm[:1000], 32000), speech.Limits{}, speech.ErrInvalidAudio},
		{"8-bit", wavFile(1, 1, 16000, 8, pcm, 32000), speech.Limits{}, speech.ErrUnsupported},
		{"float", wavFile(3, 1, 16000, 32, pcm, 32000), speech.Limits{}, speech.ErrUnsupported},
		{"three channels", wavFile(1, 3, 16000, 16, pcm[:31998], 31998), speech.Limits{}, speech.ErrUnsupported},
		{"96 kHz", wavFile(1, 1, 96000, 16, pcm, 32000), speech.Limits{}, speech.ErrUnsupported},
		{"too short", wavFile(1, 1, 16000, 16, pcm[:100], 100), speech.Limits{}, speech.ErrInvalidAudio},
		{"too long", long, speech.Limits{MaxDuration: 5 * time.Second}, speech.ErrTooLarge},
		{"too many bytes", long, speech.Limits{MaxBytes: 1000}, speech.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := speech.Decode(bytes.NewReader(tt.data), tt.lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v; want %v", err, tt.want)
			}
			if err.Error() == tt.want.Error() {
				t.Errorf("error %q says nothing beyond its kind", err)
			}
		})
	}
}

func TestDecodeEspeak(t *testing.T) {
	dir := t.TempDir()
	path := speechtest.Speak(t, dir, 44100, 2, speechtest.Part{Text: "Hello, I am ready."}, speechtest.Part{Silence: 1})
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := speech.Decode(f, speech.Limits{})
	if err != nil {
		t.Fatalf("Decode(%s): %v", path, err)
	}
	if a.Seconds() < 1.5 || a.Level() < -40 {
		t.Errorf("decoded %.2f s at %.1f dBFS; want > 1.5 s of audible speech", a.Seconds(), a.Level())
	}
}

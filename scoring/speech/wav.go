package speech

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// SampleRate is the rate every engine gets: what speech models are trained
// on, and what the page records.
const SampleRate = 16000

// Default limits of one recording: five minutes is longer than any question
// allows, and 10 MB holds five minutes of 16 kHz mono 16-bit audio (9.6 MB).
const (
	DefaultMaxBytes    = 10 << 20
	DefaultMaxDuration = 5 * time.Minute
)

// Decoding errors. Each error Decode returns wraps exactly one of them;
// web maps ErrUnsupported to 415, ErrTooLarge to 413 and the rest to 400.
var (
	// ErrUnsupported: not a WAV file, or a WAV file in a format this
	// package does not decode (compressed, float, 8/24/32-bit, >2 channels).
	ErrUnsupported = errors.New("unsupported audio format")
	// ErrInvalidAudio: a WAV file that is empty, truncated or malformed.
	ErrInvalidAudio = errors.New("invalid audio")
	// ErrTooLarge: more bytes or a longer recording than the limits allow.
	ErrTooLarge = errors.New("audio too large")
)

// Limits bound what Decode accepts; zero fields mean the defaults.
type Limits struct {
	MaxBytes    int64
	MaxDuration time.Duration
	// MinDuration refuses recordings too short to hold a word (default
	// 0.1 s).
	MinDuration time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDuration <= 0 {
		l.MaxDuration = DefaultMaxDuration
	}
	if l.MinDuration <= 0 {
		l.MinDuration = 100 * time.Millisecond
	}
	return l
}

// Audio is a decoded recording, normalized to SampleRate mono.
type Audio struct {
	Samples []int16
	// Source describes what was decoded, e.g. "wav 44100 Hz stereo".
	Source string
}

// Duration is the length of the recording.
func (a Audio) Duration() time.Duration {
	return time.Duration(len(a.Samples)) * time.Second / SampleRate
}

// Seconds is the length of the recording in seconds.
func (a Audio) Seconds() float64 { return float64(len(a.Samples)) / SampleRate }

// WAV encodes the audio as a 16 kHz mono 16-bit PCM WAV file.
func (a Audio) WAV() []byte {
	return EncodeWAV(a.Samples, SampleRate)
}

// EncodeWAV writes mono 16-bit PCM samples at rate as a WAV file.
func EncodeWAV(samples []int16, rate int) []byte {
	var b bytes.Buffer
	n := uint32(len(samples) * 2)
	b.Grow(44 + int(n))
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, 36+n)
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		_ = binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, n)
	_ = binary.Write(&b, binary.LittleEndian, samples)
	return b.Bytes()
}

// Decode reads a WAV file from r (at most lim.MaxBytes) and returns it
// normalized: 16-bit PCM, mono or stereo, 8 to 48 kHz, mixed to mono and
// resampled to 16 kHz. The error says what is wrong and wraps
// ErrUnsupported, ErrInvalidAudio or ErrTooLarge.
func Decode(r io.Reader, lim Limits) (Audio, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return Audio{}, fmt.Errorf("read audio: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return Audio{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.MaxBytes)
	}
	return DecodeBytes(data, lim)
}

// DecodeBytes is Decode on a file already in memory.
func DecodeBytes(data []byte, lim Limits) (Audio, error) {
	lim = lim.withDefaults()
	if len(data) == 0 {
		return Audio{}, fmt.Errorf("%w: the body is empty", ErrInvalidAudio)
	}
	if int64(len(data)) > lim.MaxBytes {
		return Audio{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.MaxBytes)
	}
	if len(data) < 12 || string(data[0:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		if len(data) >= 4 && string(data[0:4]) == "RIFF" {
			return Audio{}, fmt.Errorf("%w: a RIFF file but not WAVE", ErrUnsupported)
		}
		return Audio{}, fmt.Errorf("%w: not a WAV file (send 16-bit PCM WAV, audio/wav)", ErrUnsupported)
	}
	var (
		haveFmt          bool
		format, channels uint16
		rate             uint32
		bits, blockAlign uint16
		pcm              []byte
		haveData         bool
	)
	p := data[12:]
	for len(p) > 0 && !haveData {
		if len(p) < 8 {
			return Audio{}, fmt.Errorf("%w: truncated chunk header", ErrInvalidAudio)
		}
		id, size := string(p[0:4]), binary.LittleEndian.Uint32(p[4:8])
		p = p[8:]
		switch id {
		case "fmt ":
			if size < 16 || int64(size) > int64(len(p)) {
				return Audio{}, fmt.Errorf("%w: bad fmt chunk of %d bytes", ErrInvalidAudio, size)
			}
			format = binary.LittleEndian.Uint16(p[0:2])
			channels = binary.LittleEndian.Uint16(p[2:4])
			rate = binary.LittleEndian.Uint32(p[4:8])
			blockAlign = binary.LittleEndian.Uint16(p[12:14])
			bits = binary.LittleEndian.Uint16(p[14:16])
			if format == 0xFFFE && size >= 40 {
				// WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the tag.
				format = binary.LittleEndian.Uint16(p[24:26])
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return Audio{}, fmt.Errorf("%w: data chunk before fmt chunk", ErrInvalidAudio)
			}
			switch {
			case size == 0 || size == math.MaxUint32:
				// Written to a pipe: the size was never filled in.
				pcm = p
			case int64(size) <= int64(len(p)):
				pcm = p[:size]
			default:
				return Audio{}, fmt.Errorf("%w: truncated: the data chunk says %d bytes, %d are there", ErrInvalidAudio, size, len(p))
			}
			haveData = true
			continue
		}
		if int64(size) > int64(len(p)) {
			return Audio{}, fmt.Errorf("%w: truncated %q chunk", ErrInvalidAudio, id)
		}
		p = p[size+size&1:]
	}
	if !haveFmt {
		return Audio{}, fmt.Errorf("%w: no fmt chunk", ErrInvalidAudio)
	}
	if !haveData {
		return Audio{}, fmt.Errorf("%w: no data chunk", ErrInvalidAudio)
	}
	switch {
	case format != 1:
		return Audio{}, fmt.Errorf("%w: WAV format tag %d; want 1 (PCM)", ErrUnsupported, format)
	case bits != 16:
		return Audio{}, fmt.Errorf("%w: %d-bit samples; want 16-bit", ErrUnsupported, bits)
	case channels != 1 && channels != 2:
		return Audio{}, fmt.Errorf("%w: %d channels; want mono or stereo", ErrUnsupported, channels)
	case rate < 8000 || rate > 48000:
		return Audio{}, fmt.Errorf("%w: %d Hz; want 8000 to 48000", ErrUnsupported, rate)
	case blockAlign != 2*channels:
		return Audio{}, fmt.Errorf("%w: block align %d does not match %d channels of 16 bits", ErrInvalidAudio, blockAlign, channels)
	}
	frames := len(pcm) / int(blockAlign)
	dur := time.Duration(frames) * time.Second / time.Duration(rate)
	if dur > lim.MaxDuration {
		return Audio{}, fmt.Errorf("%w: %.1f s of audio; at most %s", ErrTooLarge, dur.Seconds(), lim.MaxDuration)
	}
	if dur < lim.MinDuration {
		return Audio{}, fmt.Errorf("%w: %.2f s of audio is too short to hold speech", ErrInvalidAudio, dur.Seconds())
	}
	mono := make([]int16, frames)
	for i := range frames {
		off := i * int(blockAlign)
		s := int32(int16(binary.LittleEndian.Uint16(pcm[off:])))
		if channels == 2 {
			s = (s + int32(int16(binary.LittleEndian.Uint16(pcm[off+2:])))) / 2
		}
		mono[i] = int16(s)
	}
	name := "mono"
	if channels == 2 {
		name = "stereo"
	}
	return Audio{Samples: resample(mono, int(rate), SampleRate), Source: fmt.Sprintf("wav %d Hz %s", rate, name)}, nil
}

// resample converts mono samples from one rate to another: a moving average
// over the decimation ratio (a cheap low-pass against aliasing) when going
// down, then linear interpolation.
func resample(in []int16, from, to int) []int16 {
	if from == to || len(in) == 0 {
		return in
	}
	src := in
	if from > to {
		w := (from + to - 1) / to // window of the moving average
		if w > 1 {
			f := make([]int16, len(in))
			var sum int64
			for i := range in {
				sum += int64(in[i])
				if i >= w {
					sum -= int64(in[i-w])
				}
				f[i] = int16(sum / int64(min(i+1, w)))
			}
			src = f
		}
	}
	n := int(int64(len(src)) * int64(to) / int64(from))
	out := make([]int16, n)
	step := float64(from) / float64(to)
	for i := range out {
		x := float64(i) * step
		j := int(x)
		if j+1 >= len(src) {
			out[i] = src[len(src)-1]
			continue
		}
		frac := x - float64(j)
		out[i] = int16(math.Round(float64(src[j])*(1-frac) + float64(src[j+1])*frac))
	}
	return out
}

// Level is the RMS level of the audio in dBFS (-inf for silence); a
// recording whose level stays below about -60 dBFS holds no speech.
func (a Audio) Level() float64 {
	if len(a.Samples) == 0 {
		return math.Inf(-1)
	}
	var sum float64
	for _, s := range a.Samples {
		f := float64(s) / 32768
		sum += f * f
	}
	return 10 * math.Log10(sum/float64(len(a.Samples)))
}

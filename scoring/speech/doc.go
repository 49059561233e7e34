// Package speech turns a spoken answer into words with timings and into
// delivery figures: WAV decoding and validation (wav.go), the Transcriber
// interface the engines implement (transcriber.go), the offline engine on
// Debian's pocketsphinx (pocketsphinx.go), retries, deadlines and a circuit
// breaker around a remote engine (resilient.go), and pace, pauses and
// fillers measured from word timings (delivery.go).
//
// The OpenAI-compatible transcription engine lives in scoring/openai, the
// one package that imports go-openai; it implements Transcriber too.
//
// Everything here is safe for concurrent use. Audio handed to an engine is
// always the normalized form Decode returns (16 kHz mono 16-bit PCM WAV):
// audio that does not decode never reaches an engine.
package speech

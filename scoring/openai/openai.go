// Package openai is the one adapter between scoring and an LLM: it
// implements scoring.Judge on github.com/sashabaranov/go-openai, against any
// OpenAI-compatible chat completions server (OpenAI, Azure OpenAI, Ollama,
// vLLM, llama.cpp). It makes exactly one HTTP attempt per call; retries,
// deadlines, the circuit breaker and the cache live in scoring. It is the
// only package that imports go-openai, and it also turns scoring's judge
// counters into a Prometheus collector.
package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/mockinterview/mockinterview/scoring"
)

// DefaultModel is the model used against OpenAI itself when
// MOCKINTERVIEW_MODEL is not set: cheap, fast and supports strict schemas.
const DefaultModel = "gpt-4o-mini"

// DefaultAzureAPIVersion is the first GA Azure OpenAI API version with
// strict json_schema response formats.
const DefaultAzureAPIVersion = "2024-10-21"

// ErrNotConfigured means the environment names no LLM server.
var ErrNotConfigured = errors.New("llm not configured: set OPENAI_API_KEY, or OPENAI_BASE_URL and MOCKINTERVIEW_MODEL")

// Config says which server and model the judge talks to.
type Config struct {
	APIKey  string
	BaseURL string // "" means https://api.openai.com/v1
	Model   string
	// AzureAPIVersion is used when BaseURL is an Azure OpenAI resource
	// (*.openai.azure.com); the model is then the deployment name.
	AzureAPIVersion string
	// HTTPClient carries the requests (nil: a plain http.Client); its
	// Timeout should be 0, scoring sets deadlines per attempt.
	HTTPClient *http.Client
}

// ConfigFromEnv reads OPENAI_API_KEY, OPENAI_BASE_URL, MOCKINTERVIEW_MODEL
// and OPENAI_API_VERSION (Azure). It returns ErrNotConfigured when neither
// a key nor a base URL is set, and an error when a base URL other than
// OpenAI's is set without a model (a local server has no default model).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		APIKey:          strings.TrimSpace(getenv("OPENAI_API_KEY")),
		BaseURL:         strings.TrimSpace(getenv("OPENAI_BASE_URL")),
		Model:           strings.TrimSpace(getenv("MOCKINTERVIEW_MODEL")),
		AzureAPIVersion: strings.TrimSpace(getenv("OPENAI_API_VERSION")),
	}
	if c.APIKey == "" && c.BaseURL == "" {
		return c, ErrNotConfigured
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
			return c, fmt.Errorf("OPENAI_BASE_URL %q is not an http(s) URL", c.BaseURL)
		}
	}
	if c.Model == "" {
		if c.BaseURL != "" && !strings.Contains(c.BaseURL, "api.openai.com") {
			return c, fmt.Errorf("MOCKINTERVIEW_MODEL is required with OPENAI_BASE_URL %s (the model or deployment name)", c.BaseURL)
		}
		c.Model = DefaultModel
	}
	return c, nil
}

// Judge implements scoring.Judge with go-openai.
type Judge struct {
	client *goopenai.Client
	model  string
}

// New returns a Judge for cfg.
func New(cfg Config) (*Judge, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("openai judge: no model")
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{}
	}
	var cc goopenai.ClientConfig
	if strings.Contains(cfg.BaseURL, ".openai.azure.com") {
		cc = goopenai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		cc.APIVersion = cfg.AzureAPIVersion
		if cc.APIVersion == "" {
			cc.APIVersion = DefaultAzureAPIVersion
		}
		// The deployment name is the model name, verbatim.
		cc.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		cc = goopenai.DefaultConfig(cfg.APIKey)
		if cfg.BaseURL != "" {
			cc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		}
	}
	cc.HTTPClient = &transport{client: base}
	return &Judge{client: goopenai.NewClientWithConfig(cc), model: cfg.Model}, nil
}

// Model is the model the judge asks.
func (j *Judge) Model() string { return j.model }

// reasoningModel reports models that reject a temperature and max_tokens
// (go-openai's own test: o1, o3, o4, gpt-5 prefixes).
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// Judge makes one chat completion call for req.
func (j *Judge) Judge(ctx context.Context, req scoring.JudgeRequest) (scoring.JudgeReply, error) {
	model := req.Model
	if model == "" {
		model = j.model
	}
	creq := goopenai.ChatCompletionRequest{
		Model: model,
		ResponseFormat: &goopenai.ChatCompletionResponseFormat{
			Type: goopenai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &goopenai.ChatCompletionResponseFormatJSONSchema{
				Name:   req.SchemaName,
				Schema: json.RawMessage(req.Schema),
				Strict: true,
			},
		},
	}
	for _, m := range req.Messages {
		creq.Messages = append(creq.Messages, goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	meta := &callMeta{}
	if reasoningModel(model) {
		creq.MaxCompletionTokens = req.MaxTokens
	} else {
		creq.MaxTokens = req.MaxTokens
		// go-openai omits a zero Temperature (float32, omitempty) and the
		// server would then use its default (1 on OpenAI, 0.8 on
		// llama.cpp): the transport writes it into the body instead.
		creq.Temperature = float32(req.Temperature)
		meta.zeroTemperature = req.Temperature == 0
	}
	ctx = context.WithValue(ctx, metaKey{}, meta)
	if req.Stream {
		return j.stream(ctx, creq, req.OnDelta, meta)
	}
	resp, err := j.client.CreateChatCompletion(ctx, creq)
	if err != nil {
		return scoring.JudgeReply{}, judgeError(ctx, err, meta)
	}
	if len(resp.Choices) == 0 {
		return scoring.JudgeReply{}, &scoring.JudgeError{Status: meta.status, Temporary: true, Err: errors.New("reply has no choices")}
	}
	ch := resp.Choices[0]
	content := ch.Message.Content
	if content == "" && ch.Message.Refusal != "" {
		return scoring.JudgeReply{}, &scoring.JudgeError{Status: meta.status, Err: fmt.Errorf("model refused: %s", ch.Message.Refusal)}
	}
	return scoring.JudgeReply{
		Content:          content,
		Model:            resp.Model,
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
		Truncated:        ch.FinishReason == goopenai.FinishReasonLength,
	}, nil
}

func (j *Judge) stream(ctx context.Context, creq goopenai.ChatCompletionRequest, onDelta func(string), meta *callMeta) (scoring.JudgeReply, error) {
	creq.Stream = true
	creq.StreamOptions = &goopenai.StreamOptions{IncludeUsage: true}
	s, err := j.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return scoring.JudgeReply{}, judgeError(ctx, err, meta)
	}
	defer s.Close()
	var reply scoring.JudgeReply
	var content strings.Builder
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return scoring.JudgeReply{}, judgeError(ctx, err, meta)
		}
		if chunk.Model != "" {
			reply.Model = chunk.Model
		}
		if chunk.Usage != nil {
			reply.PromptTokens = chunk.Usage.PromptTokens
			reply.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" {
				content.WriteString(d)
				if onDelta != nil {
					onDelta(d)
				}
			}
			if ch.FinishReason == goopenai.FinishReasonLength {
				reply.Truncated = true
			}
		}
	}
	reply.Content = content.String()
	return reply, nil
}

// judgeError turns a go-openai or transport error into a *JudgeError with
// the status, the Retry-After the server sent, and whether to retry.
func judgeError(ctx context.Context, err error, meta *callMeta) error {
	je := &scoring.JudgeError{Status: meta.status, RetryAfter: meta.retryAfter, Err: err}
	var apiErr *goopenai.APIError
	var reqErr *goopenai.RequestError
	switch {
	case errors.As(err, &apiErr):
		je.Status = apiErr.HTTPStatusCode
		je.Err = fmt.Errorf("%s", apiErr.Message)
	case errors.As(err, &reqErr):
		je.Status = reqErr.HTTPStatusCode
		je.Err = fmt.Errorf("%s", http.StatusText(reqErr.HTTPStatusCode))
	}
	if je.Status == http.StatusOK {
		// The upstream answered 200, then the stream broke off.
		je.Status = 0
	}
	if ctx.Err() != nil {
		// Keep errors.Is(err, context.DeadlineExceeded) working whatever
		// the transport wrapped.
		je.Err = fmt.Errorf("%w: %v", ctx.Err(), err)
	}
	switch {
	case je.Status == 0:
		je.Temporary = !errors.Is(je.Err, context.Canceled)
	case je.Status == http.StatusRequestTimeout, je.Status == http.StatusConflict,
		je.Status == http.StatusTooManyRequests, je.Status >= 500:
		je.Temporary = true
	}
	return je
}

// callMeta is what the transport learns about one call that go-openai's
// errors do not carry: the status code and the Retry-After header.
type callMeta struct {
	zeroTemperature bool
	status          int
	retryAfter      time.Duration
}

type metaKey struct{}

// transport is the HTTPDoer go-openai sends through. Per call (found in
// the request's context) it writes "temperature": 0 into the JSON body and
// records the response status and Retry-After.
type transport struct {
	client *http.Client
}

func (t *transport) Do(req *http.Request) (*http.Response, error) {
	meta, _ := req.Context().Value(metaKey{}).(*callMeta)
	if meta != nil && meta.zeroTemperature && req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		body = withZeroTemperature(body)
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := t.client.Do(req)
	if err != nil || meta == nil {
		return resp, err
	}
	meta.status = resp.StatusCode
	meta.retryAfter = parseRetryAfter(resp.Header, time.Now())
	return resp, nil
}

// withZeroTemperature adds "temperature":0 to a JSON object that has no
// temperature, keeping everything else byte for byte.
func withZeroTemperature(body []byte) []byte {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return body
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(body, &probe) != nil {
		return body
	}
	if _, ok := probe["temperature"]; ok {
		return body
	}
	i := len(body) - len(trimmed) + 1
	sep := ","
	if len(probe) == 0 {
		sep = ""
	}
	out := make([]byte, 0, len(body)+16)
	out = append(out, body[:i]...)
	out = append(out, `"temperature":0`+sep...)
	return append(out, body[i:]...)
}

// parseRetryAfter reads retry-after-ms (OpenAI, Azure) or Retry-After in
// seconds or as an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 0 {
			return time.Duration(s * float64(time.Second))
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

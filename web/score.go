package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/mockinterview/mockinterview/scoring"
)

// handleScore scores one answer: the body is a score input, the answer a
// score result (DESIGN.md).
func handleScore(scorer Scorer) gin.HandlerFunc {
	return func(c *gin.Context) {
		buf := getScoreBuffers()
		defer putScoreBuffers(buf)
		if err := readBodyInto(c, &buf.body); err != nil {
			writeError(c, err)
			return
		}
		var in scoring.Input
		if err := decodeScoreInput(buf.body.Bytes(), &in); err != nil {
			writeError(c, err)
			return
		}
		res, err := scorer.Score(c.Request.Context(), in)
		if err != nil {
			writeError(c, err)
			return
		}
		if buf.out, err = res.AppendJSON(buf.out); err != nil {
			writeError(c, err)
			return
		}
		c.Data(http.StatusOK, jsonContentType, buf.out)
	}
}

// jsonContentType is what gin's c.JSON sends; the score handlers write
// their pre-encoded answers with c.Data and the same type.
const jsonContentType = "application/json; charset=utf-8"

// scoreBuffers are the request body and the encoded answer of one score
// or batch request, recycled through a pool so that the hot path makes
// no garbage for them. The answer is encoded with
// scoring.Result.AppendJSON: byte for byte json.Marshal's output, without
// its reflection. Nothing keeps either past the handler: the input's
// strings and batch items are copies, and c.Data copies the answer out (an
// http.ResponseWriter does not retain what it is given).
type scoreBuffers struct {
	body bytes.Buffer
	out  []byte
}

var scoreBufferPool = sync.Pool{New: func() any {
	return &scoreBuffers{out: make([]byte, 0, 8<<10)}
}}

// maxPooledBuffer keeps the buffers of large batches out of the pool, so
// that one big batch does not pin its memory.
const maxPooledBuffer = 64 << 10

func getScoreBuffers() *scoreBuffers { return scoreBufferPool.Get().(*scoreBuffers) }

func putScoreBuffers(b *scoreBuffers) {
	if b.body.Cap() > maxPooledBuffer || cap(b.out) > maxPooledBuffer {
		return
	}
	b.body.Reset()
	b.out = b.out[:0]
	scoreBufferPool.Put(b)
}

type batchRequest struct {
	Items []json.RawMessage `json:"items"`
}

// BatchResult is one entry of a batch answer: a score result, or the error
// of that item alone.
type BatchResult struct {
	*scoring.Result
	Error *ErrorBody `json:"error,omitempty"`
}

// batchResponse is the shape of a batch answer, written by
// appendBatchResponse (TestAppendBatchResponseMatchesMarshal holds the two
// together).
type batchResponse struct {
	Results []BatchResult `json:"results"`
}

// handleScoreBatch scores up to maxItems answers, workers at a time, and
// answers their results in input order. A bad item gets its error in its
// place; the batch as a whole fails only when the body is bad, holds no
// item or too many, or the request is canceled.
func handleScoreBatch(scorer Scorer, maxItems, workers int) gin.HandlerFunc {
	return func(c *gin.Context) {
		buf := getScoreBuffers()
		defer putScoreBuffers(buf)
		if err := readBodyInto(c, &buf.body); err != nil {
			writeError(c, err)
			return
		}
		var req batchRequest
		if err := decodeJSON(buf.body.Bytes(), &req); err != nil {
			writeError(c, err)
			return
		}
		switch {
		case len(req.Items) == 0:
			writeError(c, badRequest(CodeInvalidField, "items", "items must hold at least one score input"))
			return
		case len(req.Items) > maxItems:
			writeError(c, &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooManyItems, Field: "items",
				Message: fmt.Sprintf("a batch holds at most %d items, this one has %d: split it", maxItems, len(req.Items))})
			return
		}
		results, internal := scoreBatch(c.Request.Context(), scorer, req.Items, workers)
		if err := c.Request.Context().Err(); err != nil {
			writeError(c, err)
			return
		}
		var encodeErrs []error
		buf.out, encodeErrs = appendBatchResponse(buf.out, results)
		for _, err := range append(internal, encodeErrs...) {
			_ = c.Error(err)
		}
		c.Data(http.StatusOK, jsonContentType, buf.out)
	}
}

// appendBatchResponse appends the JSON of batchResponse{Results: results},
// byte for byte what json.Marshal gives, and returns the items that could
// not be encoded (a non-finite number: json.Marshal would fail the whole
// batch) as internal errors in their places, and as errors to log.
func appendBatchResponse(b []byte, results []BatchResult) ([]byte, []error) {
	var errs []error
	b = append(b, `{"results":[`...)
	for i := range results {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendBatchResult(b, &results[i]); err != nil {
			errs = append(errs, fmt.Errorf("batch item %d: %w", i, err))
			b = appendBatchResultError(b, toAPIError(err).body())
		}
	}
	return append(b, "]}"...), errs
}

// appendBatchResult appends r as encoding/json writes a BatchResult: the
// fields of the embedded *scoring.Result, when set, then "error", when set.
// On error b is returned unchanged.
func appendBatchResult(b []byte, r *BatchResult) ([]byte, error) {
	if r.Result == nil {
		if r.Error == nil {
			return append(b, "{}"...), nil
		}
		return appendBatchResultError(b, r.Error), nil
	}
	out, err := r.Result.AppendJSON(b)
	if err != nil || r.Error == nil {
		return out, err
	}
	out = append(out[:len(out)-1], `,"error":`...) // reopen the result object
	return append(appendErrorBody(out, r.Error), '}'), nil
}

func appendBatchResultError(b []byte, e *ErrorBody) []byte {
	b = append(b, `{"error":`...)
	return append(appendErrorBody(b, e), '}')
}

// appendErrorBody appends e with encoding/json: errors are the rare path.
func appendErrorBody(b []byte, e *ErrorBody) []byte {
	enc, _ := json.Marshal(e) // three strings: never fails
	return append(b, enc...)
}

// scoreBatch scores items with at most workers goroutines, all finished on
// return. It returns the results in order and the internal errors met (to
// be logged; their items carry a generic internal_error).
func scoreBatch(ctx context.Context, scorer Scorer, items []json.RawMessage, workers int) ([]BatchResult, []error) {
	results := make([]BatchResult, len(items))
	itemErrs := make([]error, len(items))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], itemErrs[i] = scoreItem(ctx, scorer, items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()

	var internal []error
	for i, err := range itemErrs {
		if err != nil {
			internal = append(internal, fmt.Errorf("batch item %d: %w", i, err))
		}
	}
	return results, internal
}

// scoreItem scores one batch item; the error it returns is a server error
// to log, already reported in the result. It runs on a worker goroutine,
// beyond recoverPanics: a panic is caught here and becomes that item's
// internal error.
func scoreItem(ctx context.Context, scorer Scorer, raw json.RawMessage) (res BatchResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			res = BatchResult{Error: toAPIError(err).body()}
		}
	}()
	var in scoring.Input
	if err := decodeScoreInput(raw, &in); err != nil {
		return BatchResult{Error: toAPIError(err).body()}, nil
	}
	scored, err := scorer.Score(ctx, in)
	if err != nil {
		e := toAPIError(err)
		if e.Status >= http.StatusInternalServerError {
			return BatchResult{Error: e.body()}, err
		}
		return BatchResult{Error: e.body()}, nil
	}
	return BatchResult{Result: &scored}, nil
}

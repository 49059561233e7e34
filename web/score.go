package web

import (
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
		body, err := readBody(c)
		if err != nil {
			writeError(c, err)
			return
		}
		var in scoring.Input
		if err := decodeJSON(body, &in); err != nil {
			writeError(c, err)
			return
		}
		res, err := scorer.Score(c.Request.Context(), in)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, res)
	}
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

type batchResponse struct {
	Results []BatchResult `json:"results"`
}

// handleScoreBatch scores up to maxItems answers, workers at a time, and
// answers their results in input order. A bad item gets its error in its
// place; the batch as a whole fails only when the body is bad, holds no
// item or too many, or the request is canceled.
func handleScoreBatch(scorer Scorer, maxItems, workers int) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, err := readBody(c)
		if err != nil {
			writeError(c, err)
			return
		}
		var req batchRequest
		if err := decodeJSON(body, &req); err != nil {
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
		for _, err := range internal {
			_ = c.Error(err)
		}
		c.JSON(http.StatusOK, batchResponse{Results: results})
	}
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
	if err := decodeJSON(raw, &in); err != nil {
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

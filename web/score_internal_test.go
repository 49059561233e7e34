package web

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/mockinterview/mockinterview/scoring"
)

// TestAppendBatchResponseMatchesMarshal checks the batch encoder against
// json.Marshal of batchResponse for every shape an item can take.
func TestAppendBatchResponseMatchesMarshal(t *testing.T) {
	ref := 0.5
	scored := &scoring.Result{QuestionID: "q-1", Overall: 71, Band: 4, Category: "behavioral",
		Coverage: scoring.Coverage{Score: 0.25, Reference: &ref}, Flags: []string{"too_short"},
		Feedback: scoring.Feedback{Summary: "<ok> & \u2028 fine"}}
	errBody := &ErrorBody{Code: CodeInvalidField, Message: `answer must be a "string"`, Field: "answer"}
	tests := []struct {
		name    string
		results []BatchResult
	}{
		{"one result", []BatchResult{{Result: scored}}},
		{"one error", []BatchResult{{Error: errBody}}},
		{"mixed", []BatchResult{{Result: scored}, {Error: errBody}, {Result: &scoring.Result{}}, {Error: &ErrorBody{Code: CodeInternal, Message: "internal server error"}}}},
		{"result and error", []BatchResult{{Result: scored, Error: errBody}}},
		{"neither", []BatchResult{{}}},
		{"none", []BatchResult{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(batchResponse{Results: tt.results})
			if err != nil {
				t.Fatal(err)
			}
			got, errs := appendBatchResponse([]byte("x"), tt.results)
			if len(errs) > 0 || string(got) != "x"+string(want) {
				t.Errorf("appendBatchResponse = %s, %v;\nwant x%s, no errors", got, errs, want)
			}
		})
	}
}

// TestAppendBatchResponseNonFinite: an item json.Marshal cannot encode
// becomes that item's internal error instead of failing the batch.
func TestAppendBatchResponseNonFinite(t *testing.T) {
	results := []BatchResult{
		{Result: &scoring.Result{Overall: 1}},
		{Result: &scoring.Result{Star: scoring.Star{Order: math.NaN()}}},
		{Result: &scoring.Result{Overall: 3}},
	}
	got, errs := appendBatchResponse(nil, results)
	if len(errs) != 1 || !errors.Is(errs[0], scoring.ErrNonFiniteNumber) {
		t.Fatalf("errors = %v; want one ErrNonFiniteNumber", errs)
	}
	var decoded struct {
		Results []struct {
			Overall *int       `json:"overall"`
			Error   *ErrorBody `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(got, &decoded); err != nil {
		t.Fatalf("batch %s: %v", got, err)
	}
	if len(decoded.Results) != 3 || decoded.Results[1].Error == nil || decoded.Results[1].Error.Code != CodeInternal ||
		decoded.Results[1].Overall != nil || decoded.Results[0].Overall == nil || *decoded.Results[2].Overall != 3 {
		t.Errorf("batch = %s; want item 1 an internal_error and the others scored", got)
	}
}

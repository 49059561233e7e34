package interview

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/mockinterview/mockinterview/scoring/speech"
)

// MarshalJSON writes the score; a spoken answer's result carries its
// delivery, as DESIGN.md's score result of a spoken answer does.
func (d ScoreData) MarshalJSON() ([]byte, error) {
	type plain ScoreData
	if d.Delivery == nil {
		return json.Marshal(plain(d))
	}
	res, err := json.Marshal(d.Result)
	if err != nil {
		return nil, err
	}
	del, err := json.Marshal(d.Delivery)
	if err != nil {
		return nil, err
	}
	res = bytes.TrimSpace(res)
	if len(res) < 2 || res[len(res)-1] != '}' {
		return nil, fmt.Errorf("score result is not a json object")
	}
	// One delivery object: the one the scorer read from the text, with
	// the recording's timing figures over it (they win where both give a
	// figure: filler_count, filler_rate).
	var result map[string]json.RawMessage
	if err := json.Unmarshal(res, &result); err != nil {
		return nil, err
	}
	combined := map[string]json.RawMessage{}
	if text, ok := result["delivery"]; ok {
		if err := json.Unmarshal(text, &combined); err != nil {
			return nil, err
		}
	}
	var spoken map[string]json.RawMessage
	if err := json.Unmarshal(del, &spoken); err != nil {
		return nil, err
	}
	for k, v := range spoken {
		combined[k] = v
	}
	delivery, err := json.Marshal(combined)
	if err != nil {
		return nil, err
	}
	merged := append([]byte(nil), res...)
	if _, ok := result["delivery"]; ok {
		// Replace the text delivery in place, keeping the result's key order.
		i := bytes.Index(merged, []byte(`"delivery":`))
		end := i + len(`"delivery":`) + len(result["delivery"])
		merged = append(append(append([]byte(nil), merged[:i+len(`"delivery":`)]...), delivery...), merged[end:]...)
	} else {
		merged = append(append(merged[:len(merged)-1], `,"delivery":`...), append(delivery, '}')...)
	}
	return json.Marshal(struct {
		Turn   int             `json:"turn"`
		Result json.RawMessage `json:"result"`
	}{d.Turn, merged})
}

// UnmarshalJSON reads a score back, with the delivery of its result.
func (d *ScoreData) UnmarshalJSON(p []byte) error {
	type plain ScoreData
	if err := json.Unmarshal(p, (*plain)(d)); err != nil {
		return err
	}
	var spoken struct {
		Result struct {
			Delivery *struct {
				speech.Delivery
				WordsPerMinute *float64 `json:"words_per_minute"`
			} `json:"delivery"`
		} `json:"result"`
	}
	if err := json.Unmarshal(p, &spoken); err != nil {
		return err
	}
	// Every result has a delivery read from its text; only a spoken
	// answer's has the recording's timings.
	if sd := spoken.Result.Delivery; sd != nil && sd.WordsPerMinute != nil {
		del := sd.Delivery
		del.WordsPerMinute = *sd.WordsPerMinute
		d.Delivery = &del
	}
	return nil
}

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
	merged := append(append([]byte(nil), res[:len(res)-1]...), `,"delivery":`...)
	merged = append(append(merged, del...), '}')
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
			Delivery *speech.Delivery `json:"delivery"`
		} `json:"result"`
	}
	if err := json.Unmarshal(p, &spoken); err != nil {
		return err
	}
	d.Delivery = spoken.Result.Delivery
	return nil
}

// Package nlp owns the part-of-speech layer of the offline scorer: a
// re-implementation of prose's averaged-perceptron tagger (same features,
// same weights, decoded from an embedded table that go generate derives
// from github.com/jdkato/prose/v2) that tags the scorer's own tokens
// without allocating, and rule-based noun-phrase and verb-group chunks
// over its tags.
//
// The model is decoded once per process, on first use or by Load. All
// functions are safe for concurrent use.
package nlp

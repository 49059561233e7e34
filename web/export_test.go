package web

// RequestHash exposes the idempotency request hash to the tests of
// package web_test.
var RequestHash = requestHash

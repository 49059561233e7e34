package scoring

// detectInjection returns the passages of answer that try to instruct the
// judge (fake delimiters, role tags, "ignore the rubric"...), or none.
func detectInjection(answer string) []Evidence {
	return nil // TODO(llm): the detector
}

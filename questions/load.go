package questions

// Load returns the embedded bank with the banks in dirs layered on top:
// a role file in a dir adds a role or replaces the embedded role of the
// same id.
func Load(dirs ...string) (*Bank, error) {
	return &Bank{byID: map[string]Question{}}, nil // TODO(questions): embedded YAML, validation
}

package main

import (
	"context"
	"fmt"
)

func runQuestions(ctx context.Context, args []string, e env) error {
	return fmt.Errorf("questions: not implemented yet")
}

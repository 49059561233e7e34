package main

import (
	"context"
	"fmt"
)

func runPractice(ctx context.Context, args []string, e env) error {
	return fmt.Errorf("practice: not implemented yet")
}

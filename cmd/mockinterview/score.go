package main

import (
	"context"
	"fmt"
)

func runScore(ctx context.Context, args []string, e env) error {
	return fmt.Errorf("score: not implemented yet")
}

package main

import (
	"context"
	"fmt"
)

func runServe(ctx context.Context, args []string, e env) error {
	return fmt.Errorf("serve: not implemented yet")
}

// Command mockinterview is the one binary of the product: the server, the
// offline scorer, the question bank browser and the terminal practice mode.
// main only calls run; run parses flags and environment and wires packages.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if err := run(context.Background(), os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if err != errSilentFailure {
			fmt.Fprintf(os.Stderr, "mockinterview: %v\n", err)
		}
		os.Exit(1)
	}
}

// errSilentFailure makes the process exit 1 without printing anything more:
// the subcommand already reported what went wrong (score's per-line errors).
var errSilentFailure = fmt.Errorf("failed")

// env is how subcommands read the environment, so tests can supply their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, e)
	case "score":
		return runScore(ctx, rest, e)
	case "questions":
		return runQuestions(ctx, rest, e)
	case "practice":
		return runPractice(ctx, rest, e)
	case "plan":
		return runPlan(ctx, rest, e)
	case "transcribe":
		return runTranscribe(ctx, rest, e)
	case "keys":
		return runKeys(ctx, rest, e)
	case "users":
		return runUsers(ctx, rest, e)
	case "migrate":
		return runMigrate(ctx, rest, e)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

const usage = `usage: mockinterview <command> [flags]

commands:
  serve       run the web server (candidate app, coach review, JSON API)
  score       score answers offline: JSON or JSONL in, one JSON result a line out
  questions   list, show or lint question banks
  practice    take a mock interview in the terminal
  plan        the interview a job posting (and a résumé) would get, without starting it
  transcribe  speech to words with timings and delivery figures (pace, pauses, fillers)
  keys        create, list or revoke API keys of the JSON API
  users       add or list accounts (the first admin, coaches, candidates)
  migrate     apply the database migrations (serve also does when it starts)

Run "mockinterview <command> -h" for a command's flags.
`

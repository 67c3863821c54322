package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

// command is one subcommand of sitegen: one entry in commands.
type command struct {
	name, summary string
	usage         string // the synopsis after the command name
	maxArgs       int    // how many arguments it takes after its flags
	// flags declares the flags on fs and returns the command to run.
	flags func(fs *flag.FlagSet) func(ctx context.Context, args []string) error
}

// commands lists the subcommands in the order help shows them.
var commands []*command

func init() {
	commands = []*command{buildCmd, serveCmd, checkCmd, {
		name:    "version",
		summary: "Print the version of sitegen",
		flags: func(*flag.FlagSet) func(context.Context, []string) error {
			return func(context.Context, []string) error {
				// go run and -buildvcs=false builds have no version.
				v := "devel"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					v = bi.Main.Version
				}
				fmt.Printf("sitegen %s %s %s/%s\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return nil
			}
		},
	}, {
		name:    "help",
		summary: "Explain a command and its flags",
		usage:   "[command]",
		maxArgs: 1,
		flags: func(*flag.FlagSet) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				switch {
				case len(args) == 0:
					printUsage(os.Stdout)
				case lookup(args[0]) == nil:
					return &usageError{fmt.Sprintf("unknown command %q", args[0])}
				default:
					run(ctx, []string{args[0], "-h"}, os.Stdout)
				}
				return nil
			}
		},
	}}
}

// usageError is a mistake in the command line; sitegen exits 2 for it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// run runs sitegen with args and returns the exit code.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printUsage(stderr)
		return 0
	}
	cmd := lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "sitegen: unknown command %q\n", args[0])
		printUsage(stderr)
		return 2
	}
	fs := flag.NewFlagSet("sitegen "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sitegen %s %s\n\n%s.\n", cmd.name, cmd.usage, cmd.summary)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	runCmd := cmd.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var err error
	if fs.NArg() > cmd.maxArgs {
		err = &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(cmd.maxArgs))}
	} else {
		err = runCmd(ctx, fs.Args())
	}
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(*usageError)):
		fmt.Fprintf(stderr, "sitegen %s: %v\n", cmd.name, err)
		fs.Usage()
		return 2
	default:
		fmt.Fprintf(stderr, "sitegen: %v\n", err)
		return 1
	}
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: sitegen <command> [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"sitegen help <command>\" for a command's flags.\n")
}

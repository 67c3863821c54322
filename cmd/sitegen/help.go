package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

var helpCmd = &command{
	name:    "help",
	summary: "Explain a command and its flags",
	usage:   "[command]",
	flags: func(*flag.FlagSet) func(context.Context, []string) error {
		return func(_ context.Context, args []string) error {
			switch len(args) {
			case 0:
				printUsage(os.Stdout)
				return nil
			case 1:
				c := lookup(args[0])
				if c == nil {
					return &usageError{fmt.Sprintf("unknown command %q", args[0])}
				}
				fs := flag.NewFlagSet("sitegen "+c.name, flag.ContinueOnError)
				fs.SetOutput(os.Stdout)
				c.flags(fs)
				printCommandUsage(c, fs)
				return nil
			}
			return &usageError{"help takes at most one command"}
		}
	},
}

package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

var versionCmd = &command{
	name:    "version",
	summary: "Print the version of sitegen",
	flags: func(*flag.FlagSet) func(context.Context, []string) error {
		return func(_ context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			fmt.Printf("sitegen %s %s %s/%s\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		}
	},
}

// version returns the module version. The go command stamps a build from a
// checkout with its commit (v0.0.0-TIME-COMMIT, +dirty when files were
// changed); go run and -buildvcs=false builds have none and say "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

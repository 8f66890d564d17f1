package main

import "github.com/urfave/cli/v2"

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print gov's version (as gov --version does)",
		Description: `Prints gov's own version. For the Go version this directory runs, see
gov current; for the Go versions installed, gov list.

Examples:
   gov version`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return usagef(c, "version takes no arguments; the Go version here is gov current")
			}
			cli.ShowVersion(c)
			return nil
		},
	}
}

// Package cliflag says the standard flag package's help and errors in
// Vietnamese, for the commands people run beside a controller or a board.
package cliflag

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ErrHelp is returned by Parse once the help was printed: the command
// did what was asked and exits 0.
var ErrHelp = flag.ErrHelp

// UsageError is a command line the command does not understand: an
// unknown flag, a bad value, a stray word. Commands exit 2 for it, as
// tools do, so a script tells it from a run that failed.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Set is a flag set that prints its help to stdout in Vietnamese.
type Set struct {
	*flag.FlagSet
	// Dash is how the help writes a flag: "--" for codong, "-" for the
	// harness (the flag package accepts both).
	Dash string
	// Synopsis heads the help, e.g. "codong board add --name TÊN …".
	Synopsis string
	// Secret names flags whose default is never shown: it may come from
	// the environment and hold a password or a token.
	Secret []string
	// Operands lets words follow the flags (files a command takes); Args
	// returns them.
	Operands bool
	stdout   io.Writer
}

// New makes a flag set whose help goes to stdout and whose errors are
// returned, never printed by the flag package in English.
func New(name, synopsis string, stdout io.Writer) *Set {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // Parse prints the help itself, only when asked
	return &Set{FlagSet: fs, Dash: "--", Synopsis: synopsis, stdout: stdout}
}

// Parse reads args. It prints the help and returns ErrHelp for -h or
// --help, and returns a *UsageError in Vietnamese for anything it does not
// understand, including words after the flags (they would otherwise be
// dropped without a word).
func (s *Set) Parse(args []string) error {
	err := s.FlagSet.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		s.PrintHelp(s.stdout)
		return ErrHelp
	case err != nil:
		return &UsageError{Err: s.explain(err)}
	case s.NArg() > 0 && !s.Operands:
		return &UsageError{Err: fmt.Errorf("không hiểu tham số “%s”; xem %s %shelp", s.Arg(0), s.Name(), s.Dash)}
	}
	return nil
}

// PrintHelp writes the synopsis and every flag.
func (s *Set) PrintHelp(w io.Writer) {
	fmt.Fprintf(w, "Cách dùng:\n  %s\n", s.Synopsis)
	n := 0
	s.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nCác cờ:")
		PrintFlags(w, s.FlagSet, s.Dash, s.Secret...)
	}
}

// PrintFlags lists fs's flags as flag.PrintDefaults does, in Vietnamese.
// The defaults of the flags named in secret are left out.
func PrintFlags(w io.Writer, fs *flag.FlagSet, dash string, secret ...string) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  %s%s%s\n    \t%s", dash, f.Name, argName(arg), usage)
		if !slices.Contains(secret, f.Name) && f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, " (mặc định: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// argName names what a flag takes. flag.UnquoteUsage names it by a word
// in back quotes in the usage, else by its type in English.
func argName(name string) string {
	switch name {
	case "":
		return ""
	case "string":
		return " CHUỖI"
	case "int", "uint", "int64", "uint64", "float":
		return " SỐ"
	case "duration":
		return " THỜI_GIAN"
	case "value":
		return " GIÁ_TRỊ"
	}
	return " " + name
}

// explain rewrites the flag package's parse errors in Vietnamese.
func (s *Set) explain(err error) error {
	return Explain(err, s.Dash, s.Name()+" "+s.Dash+"help")
}

// Explain rewrites a flag package parse error in Vietnamese, writing
// flags with dash as the help does and pointing to where the help is
// (e.g. "codong-loadtest -h").
func Explain(err error, dash, help string) error {
	msg := err.Error()
	// The flag package writes every flag with one dash, whichever the
	// person typed.
	flagName := func(s string) string { return dash + strings.TrimPrefix(s, "-") }
	for _, t := range []struct{ en, vi string }{
		{"flag provided but not defined: ", "không có cờ "},
		{"flag needs an argument: ", "cờ cần một giá trị: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return errors.New(t.vi + flagName(rest) + "; xem " + help)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return errors.New("cờ viết sai: " + rest + "; xem " + help)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, name, ok := strings.Cut(rest, " for flag "); ok {
			name, cause, _ := strings.Cut(name, ": ")
			name = flagName(name)
			if cause != "" && !isFlagPackageWords(cause) {
				// A flag.Func's own error, already in Vietnamese.
				return fmt.Errorf("giá trị %s của cờ %s không hợp lệ: %s; xem %s", value, name, cause, help)
			}
			return fmt.Errorf("giá trị %s của cờ %s không hợp lệ; xem %s", value, name, help)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, name, ok := strings.Cut(rest, " for "); ok {
			name, _, _ = strings.Cut(name, ": ")
			name = flagName(name)
			return fmt.Errorf("giá trị %s của cờ %s không hợp lệ (cần true hoặc false); xem %s", value, name, help)
		}
	}
	return err
}

// isFlagPackageWords tells the flag package's own English reasons
// ("parse error", "value out of range") from a Func flag's message.
func isFlagPackageWords(cause string) bool {
	return cause == "parse error" || cause == "value out of range" || strings.HasPrefix(cause, "time: ")
}

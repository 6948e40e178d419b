package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// The standard flag package writes its help and its errors in English;
// a person running the harness reads them in Vietnamese.

// printFlags lists the flags as PrintDefaults does, in Vietnamese.
func printFlags(fs *flag.FlagSet, w io.Writer) {
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  -%s%s\n    \t%s", f.Name, argName(f), f.Usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, " (mặc định: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// argName names what a flag takes, from its default's kind.
func argName(f *flag.Flag) string {
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return " GIÁ_TRỊ"
	}
	switch getter.Get().(type) {
	case bool:
		return ""
	case int:
		return " SỐ"
	case time.Duration:
		return " THỜI_GIAN"
	}
	return " CHUỖI"
}

// flagError rewrites the flag package's parse errors in Vietnamese.
func flagError(err error) error {
	msg := err.Error()
	for _, t := range []struct{ en, vi string }{
		{"flag provided but not defined: ", "không có cờ "},
		{"flag needs an argument: ", "cờ cần một giá trị: "},
		{"bad flag syntax: ", "cờ viết sai: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return errors.New(t.vi + rest + "; xem codong-loadtest -h")
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, flagName, ok := strings.Cut(rest, " for flag "); ok {
			flagName, _, _ = strings.Cut(flagName, ":")
			return fmt.Errorf("giá trị %s của cờ %s không hợp lệ; xem codong-loadtest -h", value, flagName)
		}
	}
	return err
}

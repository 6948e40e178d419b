package player

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The installer at the board reads the player's log (journalctl, the
// Windows log file): every message it writes is Vietnamese, like every
// other word a person reads. Attribute keys stay English identifiers.

// logMessageArg is where each log/slog function and *slog.Logger method
// takes its message.
var logMessageArg = map[string]int{
	"Debug": 0, "Info": 0, "Warn": 0, "Error": 0,
	"DebugContext": 1, "InfoContext": 1, "WarnContext": 1, "ErrorContext": 1,
	"Log": 2, "LogAttrs": 2,
}

// logMessage is one message a log call writes, where it is written.
type logMessage struct {
	pos  token.Position
	text string // "" when the message is not a constant
}

// logMessages type-checks the package in dir (its non-test files) and
// returns the message of every call of a log/slog function or
// *slog.Logger method: known by its type, so http.Error or a method
// named Info on another type is not taken for one.
func logMessages(t *testing.T, fset *token.FileSet, imp types.Importer, dir string, srcs map[string]string) []logMessage {
	t.Helper()
	var files []*ast.File
	for name, src := range srcs {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	// Errors (the module's own imports, left out for speed) leave those
	// expressions untyped; loggers are log/slog's types, always known.
	conf := types.Config{Importer: imp, Error: func(error) {}}
	conf.Check(dir, fset, files, info)
	m := messageReader{info: info, errVars: errorVars(files, info)}
	var out []logMessage
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			fn, ok := info.Uses[sel.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "log/slog" {
				return true
			}
			i, ok := logMessageArg[fn.Name()]
			if !ok || i >= len(call.Args) {
				return true
			}
			out = append(out, logMessage{pos: fset.Position(call.Pos()), text: m.text(call.Args[i])})
			return true
		})
	}
	return out
}

// messageReader reads a log message's words from the source: a
// constant; fmt.Sprintf's constant format, its verbs left out; or
// errX.Error() where errX is a package variable made by errors.New or
// fmt.Errorf with a constant text.
type messageReader struct {
	info    *types.Info
	errVars map[types.Object]ast.Expr
}

var printVerb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z]`)

func (m messageReader) text(e ast.Expr) string {
	if tv := m.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if fn, ok := m.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(call.Args) > 0 {
		return printVerb.ReplaceAllString(m.text(call.Args[0]), " ")
	}
	if id, ok := sel.X.(*ast.Ident); ok && sel.Sel.Name == "Error" && len(call.Args) == 0 {
		if made, ok := m.errVars[m.info.Uses[id]]; ok {
			return printVerb.ReplaceAllString(m.text(made), " ")
		}
	}
	return ""
}

// errorVars maps each package-level variable made by errors.New(text)
// or fmt.Errorf(text, …) to its text's expression.
func errorVars(files []*ast.File, info *types.Info) map[types.Object]ast.Expr {
	out := map[types.Object]ast.Expr{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						break
					}
					call, ok := vs.Values[i].(*ast.CallExpr)
					if !ok || len(call.Args) == 0 {
						continue
					}
					sel, ok := call.Fun.(*ast.SelectorExpr)
					if !ok {
						continue
					}
					fn, ok := info.Uses[sel.Sel].(*types.Func)
					if ok && fn.Pkg() != nil && (fn.Pkg().Path() == "errors" && fn.Name() == "New" || fn.Pkg().Path() == "fmt" && fn.Name() == "Errorf") {
						out[info.Defs[name]] = call.Args[0]
					}
				}
			}
		}
	}
	return out
}

// stdOnly imports the standard library from its export data and refuses
// the rest: log/slog is all the check needs to know.
type stdOnly struct{ std types.Importer }

func (s stdOnly) Import(path string) (*types.Package, error) {
	if first, _, _ := strings.Cut(path, "/"); first == "codong" || strings.Contains(first, ".") {
		return nil, fs.ErrNotExist
	}
	return s.std.Import(path)
}

// isVietnamese: at least one word in two carries a Vietnamese letter
// outside ASCII (đ, ơ, ư, ă, â, ê, ô or a tone mark). Vietnamese
// sentences pass easily ("trang hiển thị đã sẵn sàng": 5 of 6); an
// English one with a Vietnamese name in it does not.
func isVietnamese(msg string) bool {
	words, marked := 0, 0
	for _, w := range strings.FieldsFunc(msg, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		if strings.IndexFunc(w, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
			marked++
		}
	}
	return marked > 0 && 2*marked >= words
}

// playerSources reads the non-test Go files of every package of the
// player and of cmd/codong-player, by directory.
func playerSources(t *testing.T) map[string]map[string]string {
	t.Helper()
	pkgs := map[string]map[string]string{}
	for _, root := range []string{".", "../cmd/codong-player"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			dir := filepath.Dir(path)
			if pkgs[dir] == nil {
				pkgs[dir] = map[string]string{}
			}
			pkgs[dir][filepath.Base(path)] = string(src)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return pkgs
}

// TestLogMessagesAreVietnamese reads every log call of the player and of
// cmd/codong-player: each message can be read here (a constant, a
// Sprintf format, an error variable's text) and is Vietnamese.
func TestLogMessagesAreVietnamese(t *testing.T) {
	fset := token.NewFileSet()
	imp := stdOnly{importer.ForCompiler(fset, "gc", nil)}
	found := 0
	for dir, srcs := range playerSources(t) {
		for _, m := range logMessages(t, fset, imp, dir, srcs) {
			found++
			switch {
			case m.text == "":
				t.Errorf("%s: the log message's words cannot be read from the source; write them in a constant message and the values in attributes", m.pos)
			case !isVietnamese(m.text):
				t.Errorf("%s: log message %q is not Vietnamese", m.pos, m.text)
			}
		}
	}
	// The player logs at least these many times today: finding fewer
	// means the check lost its way, not that the messages are right.
	if found < 30 {
		t.Errorf("found %d log calls in the player, want at least 30", found)
	}
}

// TestLogMessageCheck: the check finds log calls by their type, on any
// receiver name, and only them; and it tells Vietnamese from English.
func TestLogMessageCheck(t *testing.T) {
	src := `package x

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

type thing struct{ logger *slog.Logger }

func (thing) Info(string) {}

func f(w http.ResponseWriter, th thing, l *slog.Logger, ctx context.Context, msg string) {
	th.logger.Warn("cannot show frame", "asset", "x")
	slog.Info("đã ghép nối")
	l.ErrorContext(ctx, "link lost: "+msg)
	l.Log(ctx, slog.LevelInfo, "trang hiển thị đã sẵn sàng")
	http.Error(w, "Not found", 404)
	th.Info("not a log call")
	l.Error(fmt.Sprintf("bản kê bị sửa (lần %d): %s", 2, msg))
	l.Warn(errGone.Error())
	l.Warn(fmt.Sprintf(msg))
}

var errGone = errors.New("board removed")
`
	fset := token.NewFileSet()
	got := logMessages(t, fset, stdOnly{importer.ForCompiler(fset, "gc", nil)}, "x", map[string]string{"x.go": src})
	want := []string{"cannot show frame", "đã ghép nối", "", "trang hiển thị đã sẵn sàng", "bản kê bị sửa (lần  ):  ", "board removed", ""}
	if len(got) != len(want) {
		t.Fatalf("found %d log calls %v, want %d", len(got), got, len(want))
	}
	for i, m := range got {
		if m.text != want[i] {
			t.Errorf("call %d: message %q, want %q", i, m.text, want[i])
		}
	}
	for msg, vi := range map[string]bool{
		"cannot show frame": false,
		"paired":            false,
		"waiting for board “Bảng LED chợ” to pair": false,
		"đã ghép nối":                true,
		"trang hiển thị đã sẵn sàng": true,
		"không dọn được bộ nhớ đệm":  true,
	} {
		if isVietnamese(msg) != vi {
			t.Errorf("isVietnamese(%q) = %v, want %v", msg, !vi, vi)
		}
	}
}

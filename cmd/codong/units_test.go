package main

import (
	"context"
	"strings"
	"testing"

	"codong/controller"
	"codong/controller/respond"
	"codong/controller/store"
)

// TestUnitCommands: the command line's contract for a province's
// rollout. unit add prints the new unit's slug (its parent the root by
// default), unit list prints slug, parent and name a line each, and
// board add, user add and token create put what they make in the unit
// --unit names; an unknown unit or parent is refused with a Vietnamese
// message, and nothing is made.
func TestUnitCommands(t *testing.T) {
	data := t.TempDir()
	out, errs, err := runCLI(t, "", "unit", "add", "--data", data, "--name", "Xã Liên Minh")
	if err != nil || out != "xa-lien-minh\n" || !strings.Contains(errs, "Xã Liên Minh") {
		t.Fatalf("unit add: %q %q %v", out, errs, err)
	}
	if out, _, err = runCLI(t, "", "unit", "add", "--data", data, "--name", "Thôn Pả Pẻn", "--parent", "xa-lien-minh"); err != nil || out != "thon-pa-pen\n" {
		t.Fatalf("unit add under the commune: %q %v", out, err)
	}
	if _, _, err = runCLI(t, "", "unit", "add", "--data", data, "--name", "Thôn Mới", "--parent", "khong-co"); err == nil || !strings.Contains(respond.Explain(err), "Không có đơn vị cấp trên") {
		t.Fatalf("a unit under a parent that does not exist: %v", err)
	}
	out, _, err = runCLI(t, "", "unit", "list", "--data", data)
	want := "goc\t-\tĐơn vị gốc\nxa-lien-minh\tgoc\t  Xã Liên Minh\nthon-pa-pen\txa-lien-minh\t    Thôn Pả Pẻn\n"
	if err != nil || out != want {
		t.Fatalf("unit list:\n%q\nwant\n%q (%v)", out, want, err)
	}
	if _, _, err = runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng LED thôn", "--size", "192x64", "--unit", "thon-pa-pen", "--group", "Nhà văn hoá"); err != nil {
		t.Fatal(err)
	}
	if _, _, err = runCLI(t, "mật khẩu của cán bộ thôn đủ dài\n", "user", "add", "--data", data, "--name", "canbo-thon", "--role", "operator", "--unit", "thon-pa-pen"); err != nil {
		t.Fatal(err)
	}
	if _, _, err = runCLI(t, "", "token", "create", "--data", data, "--role", "operator", "--unit", "xa-lien-minh"); err != nil {
		t.Fatal(err)
	}
	if _, _, err = runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng lạc", "--size", "192x64", "--unit", "khong-co"); err == nil || !strings.Contains(respond.Explain(err), "không có đơn vị mã “khong-co”") {
		t.Fatalf("a board in a unit that does not exist: %v", err)
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	boards, _ := st.Boards(ctx, store.Everything)
	groups, _ := st.Groups(ctx, store.Everything)
	users, _ := st.Users(ctx, store.Everything)
	tokens, _ := st.APITokens(ctx, store.Everything)
	if len(boards) != 1 || boards[0].Unit != "thon-pa-pen" || len(groups) != 1 || groups[0].Unit != "thon-pa-pen" {
		t.Fatalf("boards %+v groups %+v", boards, groups)
	}
	var user store.User
	for _, u := range users {
		if u.Username == "canbo-thon" {
			user = u
		}
	}
	if user.Unit != "thon-pa-pen" || len(tokens) != 1 || tokens[0].Unit != "xa-lien-minh" {
		t.Fatalf("user %+v tokens %+v", user, tokens)
	}
}

package controller

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"codong/controller/secret"
	"codong/controller/staff"
)

// TestPasswordsUseTheControllersWorkFactor: every password a controller
// hashes (the first admin's, an account made through the API, one an
// admin sets, one its owner changes) is at Config.PasswordIterations;
// the command line's (staff's package functions) at the standard
// factor. The config said so, and only the first admin's followed it.
func TestPasswordsUseTheControllersWorkFactor(t *testing.T) {
	h := newAPIHarness(t) // PasswordIterations: 1000
	ctx := context.Background()
	factor := func(username string) string {
		t.Helper()
		u, err := h.s.store.UserByName(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(u.PasswordHash, "$")[1]
	}
	if got := factor("admin"); got != "1000" {
		t.Fatalf("the first admin's hash at %s iterations", got)
	}
	admin := h.logIn(t, "admin", adminPassword)
	if status, _, raw := admin.api(t, "POST", "/api/v1/users", `{"username":"van-thu","password":"mật khẩu của văn thư đủ dài","roles":["editor"]}`); status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	if got := factor("van-thu"); got != "1000" {
		t.Fatalf("an account made through the API: %s iterations", got)
	}
	clerk := h.logIn(t, "van-thu", "mật khẩu của văn thư đủ dài")
	clerk.changePassword(t, "mật khẩu của văn thư đủ dài", "văn thư tự chọn mật khẩu mới")
	if got := factor("van-thu"); got != "1000" {
		t.Fatalf("a password its owner changed: %s iterations", got)
	}
	u, _ := h.s.store.UserByName(ctx, "van-thu")
	if status, _, raw := admin.api(t, "PUT", "/api/v1/users/"+strconv.FormatInt(u.ID, 10)+"/password", `{"password":"quản trị đặt lại cho văn thư"}`); status != http.StatusOK && status != http.StatusNoContent {
		t.Fatalf("admin sets the password: %d %s", status, raw)
	}
	if got := factor("van-thu"); got != "1000" {
		t.Fatalf("a password an admin set: %s iterations", got)
	}
	if err := staff.ResetPassword(ctx, h.s.store, testActor, "van-thu", "đặt lại từ dòng lệnh cho văn thư"); err != nil {
		t.Fatal(err)
	}
	if got, want := factor("van-thu"), strconv.Itoa(secret.PasswordIterations); got != want {
		t.Fatalf("the command line's reset: %s iterations, want %s", got, want)
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestRunWithUnits runs the harness with -units against a real
// controller, twice: the first run (-keep) makes the communes, spreads
// the boards and people over them and times the province's and a
// commune's pages through a real login; the second reuses the same
// units and accounts instead of failing on duplicates, and cleans up
// what can be removed (boards deleted, people disabled, token revoked).
func TestRunWithUnits(t *testing.T) {
	u, token, approver := startController(t)
	const units, boards, people = 3, 30, 6
	phases, _ := parsePhases("units")
	sizes, _ := parseSizes("384x128")
	cfg := Config{
		Controller: u, Token: token, ApproverToken: approver, Boards: boards, Light: true, Sizes: sizes, Groups: 2, Phases: phases,
		Units: units, People: people, UnitReps: 3, Keep: true,
		Settle: 200 * time.Millisecond, IdleWindow: time.Second, PlaysGrace: time.Second,
		Timeout: 50 * time.Second, PhaseTimeout: 30 * time.Second, Progress: testWriter{t},
	}
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	var table bytes.Buffer
	rep.write(&table)
	t.Log(table.String())
	for _, want := range []string{"7. Đơn vị: 3 xã", "Trang tổng quan /", "Trang báo cáo", "< 200 ms", "< 1 s", "đơn vị không xoá được"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table for people does not say %q", want)
		}
	}
	r := rep.Units
	if r == nil || r.Created != units || r.PeopleReused != 0 || !r.Pages || r.KeptPeople != people+1 {
		t.Fatalf("first run's units: %+v", r)
	}
	checkUnitRows(t, r, 3)

	a := newAPI(u.String(), token)
	ctx := context.Background()
	var list []unitInfo
	if err := a.get(ctx, "/api/v1/units", &list); err != nil {
		t.Fatal(err)
	}
	communes := map[string]string{} // slug → name
	for _, x := range list {
		if x.Parent == r.Root && strings.HasPrefix(x.Name, "Xã thử nghiệm ") {
			communes[x.Slug] = x.Name
		}
	}
	if len(communes) != units {
		t.Fatalf("units under the root: %v, want %d communes", list, units)
	}
	var onBoards []struct{ Unit string }
	if err := a.get(ctx, "/api/v1/boards", &onBoards); err != nil {
		t.Fatal(err)
	}
	perUnit := map[string]int{}
	for _, b := range onBoards {
		perUnit[b.Unit]++
	}
	for slug := range communes {
		if perUnit[slug] != boards/units {
			t.Errorf("commune %s has %d boards, want %d (boards per unit: %v)", slug, perUnit[slug], boards/units, perUnit)
		}
	}
	accounts := usersOf(t, a)
	for k := range units {
		for n := range people / units {
			x, ok := accounts[personName(k, n)]
			if !ok || x.Disabled != nil || communes[x.Unit] != unitName(k) {
				t.Errorf("person %s: %+v (found %v), want enabled in %s", personName(k, n), x, ok, unitName(k))
			}
		}
	}
	if x, ok := accounts[provinceName]; !ok || x.Unit != r.Root {
		t.Errorf("the province's person: %+v, want in %s", x, r.Root)
	}

	// The second run meets the first run's units and accounts.
	cfg.Keep = false
	cfg.Phases, _ = parsePhases("units")
	rep, err = run(ctx, cfg)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	r = rep.Units
	if r == nil || r.Created != 0 || r.PeopleReused != people+1 || r.Disabled != people+1 || !r.TokenRevoked || r.KeptUnits != units {
		t.Fatalf("second run's units: %+v, want every unit and person reused, then the people disabled and the token revoked", r)
	}
	checkUnitRows(t, r, 3)
	if rep.Deleted != boards {
		t.Errorf("second run deleted %d boards, want its %d", rep.Deleted, boards)
	}
	for name, x := range usersOf(t, a) {
		if strings.HasPrefix(name, "thu-tai-") && x.Disabled == nil {
			t.Errorf("person %s still enabled after the run", name)
		}
	}
	var tokens []struct {
		Name    string     `json:"name"`
		Revoked *time.Time `json:"revoked_at"`
	}
	if err := a.get(ctx, "/api/v1/tokens", &tokens); err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, x := range tokens {
		if strings.HasPrefix(x.Name, "Thử tải Xã") && x.Revoked == nil {
			live++
		}
	}
	// The first run kept its token (-keep); the second revoked its own.
	if live != 1 {
		t.Errorf("%d commune tokens of the harness left unrevoked, want only the kept run's", live)
	}
}

func checkUnitRows(t *testing.T, r *unitsResult, reps int) {
	t.Helper()
	levels := map[string]int{}
	for _, x := range r.Rows {
		levels[x.Level]++
		if x.Error != "" || x.Spread.N != reps || x.Spread.MaxMs <= 0 || x.Bytes == 0 || x.Cost == nil || !x.Cost.ControllerMeasured || x.CPUMs < 0 {
			t.Errorf("%s %s: %+v", x.Level, x.Path, x)
		}
		if want := map[string]float64{"province": 1000, "commune": 200}[x.Level]; x.TargetMs != want {
			t.Errorf("%s %s: target %v ms, want %v", x.Level, x.Path, x.TargetMs, want)
		}
	}
	if levels["province"] != 5 || levels["commune"] != 4 {
		t.Errorf("rows per level %v, want 5 of the province and 4 of the commune", levels)
	}
}

func usersOf(t *testing.T, a *api) map[string]userInfo {
	t.Helper()
	var list []userInfo
	if err := a.get(context.Background(), "/api/v1/users", &list); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]userInfo, len(list))
	for _, x := range list {
		out[x.Username] = x
	}
	return out
}

// TestUnitsCommandLine refuses -units and -people the controller would
// refuse half-way, before anything is made.
func TestUnitsCommandLine(t *testing.T) {
	t.Setenv("CODONG_TOKEN", "cda_x")
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"-units", "5001", "-boards", "10000"}, "số đơn vị (-units) phải từ 0 đến 5.000"},
		{[]string{"-units", "-1"}, "số đơn vị (-units) phải từ 0 đến 5.000"},
		{[]string{"-units", "20", "-boards", "10"}, "không được nhiều hơn số bảng"},
		{[]string{"-people", "5"}, "-people chỉ dùng cùng -units"},
		{[]string{"-units", "10", "-people", "5001"}, "số người dùng (-people) phải từ 1 đến 5.000"},
		{[]string{"-units", "501", "-boards", "1000"}, "vượt giới hạn 5.000 người dùng"},
		{[]string{"-units", "3", "-units-repeat", "0"}, "-units-repeat"},
		{[]string{"-phases", "units"}, "giai đoạn units cần -units"},
		{[]string{"-phases", "8"}, "giai đoạn “8” không có"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runMain(tc.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.says) {
				t.Errorf("%q does not say %q", stderr.String(), tc.says)
			}
		})
	}
	cfg, _, err := parseFlags([]string{"-units", "4", "-boards", "8"}, &bytes.Buffer{})
	if err != nil || !cfg.Phases[phaseUnits] {
		t.Errorf("-units 4 with all phases: phases %v, err %v; want the units phase in all", cfg.Phases, err)
	}
	if cfg, _, _ := parseFlags(nil, &bytes.Buffer{}); cfg.Phases[phaseUnits] {
		t.Error("without -units, all includes the units phase")
	}
	if got := cfg.withDefaults().People; got != 40 {
		t.Errorf("-units 4 makes %d people, want 10 per unit", got)
	}
	var help bytes.Buffer
	parseFlags([]string{"-h"}, &help)
	for _, flag := range []string{"-units", "-people", "-units-repeat"} {
		if !strings.Contains(help.String(), fmt.Sprintf("  %s ", flag)) {
			t.Errorf("-h does not explain %s:\n%s", flag, help.String())
		}
	}
}

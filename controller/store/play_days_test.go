package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"codong/protocol"
)

// TestReportOfWholeDaysReadsTheDailySums: a report whose period is whole
// days in the store's zone reads play_days, and says exactly what the
// plays themselves say, for every board, a group, one board and a unit's
// scope; plays stored before the zone was set are summed when it is
// (a database from before the sums), plays sent twice count once, and
// a change of zone sums everything again by the new days.
func TestReportOfWholeDaysReadsTheDailySums(t *testing.T) {
	ctx := context.Background()
	s, t0 := reportFixture(t)
	// t0 is 01:00 UTC: midnight an hour west of Greenwich.
	west := time.FixedZone("UTC-1", -3600)
	if err := s.SetZone(ctx, west); err != nil {
		t.Fatal(err)
	}
	same := func(step string, plays int) {
		t.Helper()
		day := ReportFilter{From: t0, To: t0.Add(24 * time.Hour), Scope: Everything}
		if _, _, ok := wholeDays(day.From, day.To, s.zoneOf()); !ok {
			t.Fatalf("%s: the fixture's day is not a whole day in %v", step, s.zoneOf())
		}
		var market int64
		boards, _ := s.Boards(ctx, Everything)
		for _, b := range boards {
			if b.Name == "Bảng LED chợ" {
				market = b.ID
			}
		}
		tree, _ := s.Units(ctx)
		for _, f := range []ReportFilter{day,
			{From: t0, To: t0.Add(24 * time.Hour), Group: "cho", Scope: Everything},
			{From: t0, To: t0.Add(24 * time.Hour), Board: market, Scope: Everything},
			{From: t0.Add(-24 * time.Hour), To: t0.Add(48 * time.Hour), Scope: tree.Scope(RootUnit)},
		} {
			got, err := s.Report(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.reportOfPlays(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: report of %+v from the daily sums\n%+v\nfrom the plays\n%+v", step, f, got, want)
			}
			if f.Board == 0 && f.Group == "" && f.From.Equal(t0) && got.Plays != plays {
				t.Fatalf("%s: %d plays in the day, want %d", step, got.Plays, plays)
			}
		}
	}
	same("summed when the zone was set", 9)

	// More plays, one of them sent again: summed as stored, once.
	boards, _ := s.Boards(ctx, Everything)
	again := protocol.Play{ID: 1, ItemID: 1, Asset: strings.Repeat("a", 64), Start: t0, Seconds: 10}
	late := protocol.Play{ID: 100, ItemID: 1, Asset: strings.Repeat("a", 64), Start: t0.Add(23 * time.Hour), Seconds: 12}
	for _, b := range boards {
		if b.Name == "Bảng LED chợ" {
			if err := s.SaveTelemetry(ctx, Telemetry{Plays: []BoardPlays{{Board: b.ID, Records: []protocol.Play{again, late}}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	same("summed as stored: one new play, one sent again", 10)

	// Another zone: every day is summed again.
	east := time.FixedZone("UTC+1", 3600)
	if err := s.SetZone(ctx, east); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := wholeDays(t0, t0.Add(24*time.Hour), east); ok {
		t.Fatal("t0 should not be midnight in the new zone")
	}
	from := time.Date(2026, 11, 28, 0, 0, 0, 0, east)
	f := ReportFilter{From: from, To: from.AddDate(0, 0, 2), Scope: Everything}
	got, _ := s.Report(ctx, f)
	want, _ := s.reportOfPlays(ctx, f)
	if !reflect.DeepEqual(got, want) || got.Plays == 0 {
		t.Fatalf("after the zone changed, from the sums %+v, from the plays %+v", got, want)
	}
}

package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"codong/playlists"
)

func countdownBody(date string) SloganBody {
	return SloganBody{Text: "Còn {N} ngày đến Đại hội Đảng bộ xã", Style: "classic",
		Countdown: &Countdown{Date: date, After: "Mừng Đại hội thành công!"}}
}

// TestCountdownReachesBoardsOnlyApproved: a countdown is a slogan like
// any other: its draft is not what boards get; approved, the desired
// state carries its date and message with the item.
func TestCountdownReachesBoardsOnlyApproved(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	sl, err := s.CreateSloganBody(ctx, ed, countdownBody("2026-12-20"))
	if err != nil {
		t.Fatal(err)
	}
	if sl.Countdown == nil || sl.Countdown.Date != "2026-12-20" || sl.Approved != nil {
		t.Fatalf("draft: %+v", sl)
	}
	entries, err := s.Audit(ctx, Everything, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(entries[0].Detail, "[2026-12-20 → Mừng Đại hội thành công!]") {
		t.Fatalf("the submission's audit entry %q does not keep the date and message", entries[0].Detail)
	}
	s.AddItem(ctx, ed, playlists.DefaultSlug, sl.ID, 10)
	approveAll(t, s)
	d, err := s.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	it := d.Playlists[0].Items[0]
	if it.Countdown == nil || it.Countdown.Date != "2026-12-20" || it.Countdown.After != "Mừng Đại hội thành công!" {
		t.Fatalf("approved item: %+v", it)
	}
	// A new draft that drops the countdown leaves boards counting.
	if _, err := s.UpdateSloganBody(ctx, ed, sl.ID, 1, SloganBody{Text: "Chào mừng Đại hội", Style: "classic"}); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Desired(ctx, false)
	if d.Playlists[0].Items[0].Countdown == nil {
		t.Fatal("an unapproved draft stopped the countdown on boards")
	}
	approveAll(t, s)
	got, _ := s.Slogan(ctx, Everything, sl.ID)
	if got.Countdown != nil || got.Approved.Countdown != nil {
		t.Fatalf("after approving the plain version: %+v %+v", got.Countdown, got.Approved)
	}
	d, _ = s.Desired(ctx, false)
	if d.Playlists[0].Items[0].Countdown != nil {
		t.Fatal("boards still count down after the plain version was approved")
	}
}

func TestCountdownIsChecked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	with := func(change func(b *SloganBody)) SloganBody {
		b := countdownBody("2026-12-20")
		change(&b)
		return b
	}
	tests := []struct {
		name           string
		body           SloganBody
		field, problem string
	}{
		{"no placeholder", with(func(b *SloganBody) { b.Text = "Còn vài ngày đến Đại hội" }), FieldSloganText, ProblemPlaceholder},
		{"two placeholders", with(func(b *SloganBody) { b.Text = "Còn {N} ngày, {N} đêm" }), FieldSloganText, ProblemPlaceholder},
		{"placeholder without a countdown", SloganBody{Text: "Còn {N} ngày", Style: "classic"}, FieldSloganText, ProblemPlaceholder},
		{"no room for five digits", with(func(b *SloganBody) { b.Text = "{N}" + strings.Repeat("a", MaxCountdownTextRunes-2) }), FieldSloganText, ProblemTooLong},
		{"not a date", with(func(b *SloganBody) { b.Countdown.Date = "20/12/2026" }), FieldCountdownDate, ProblemDate},
		{"no such day", with(func(b *SloganBody) { b.Countdown.Date = "2026-02-30" }), FieldCountdownDate, ProblemDate},
		{"year out of bounds", with(func(b *SloganBody) { b.Countdown.Date = "2126-12-20" }), FieldCountdownDate, ProblemDate},
		{"empty message", with(func(b *SloganBody) { b.Countdown.After = " " }), FieldCountdownAfter, ProblemEmpty},
		{"long message", with(func(b *SloganBody) { b.Countdown.After = strings.Repeat("Đảng ", 81) }), FieldCountdownAfter, ProblemTooLong},
		{"hidden characters in the message", with(func(b *SloganBody) { b.Countdown.After = "Mừng \u202eĐại hội" }), FieldCountdownAfter, ProblemInvisible},
		{"placeholder in the message", with(func(b *SloganBody) { b.Countdown.After = "Còn {N} ngày" }), FieldCountdownAfter, ProblemPlaceholder},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateSloganBody(ctx, ed, tc.body)
			wantInvalid(t, err, tc.field, tc.problem)
		})
	}
	longest := with(func(b *SloganBody) { b.Text = "{N}" + strings.Repeat("a", MaxCountdownTextRunes-3) })
	if _, err := s.CreateSloganBody(ctx, ed, longest); err != nil {
		t.Fatalf("the longest countdown text allowed: %v", err)
	}
	if n := len([]rune(playlists.CountdownText(longest.Text, 99999))); n > playlists.MaxTitleRunes {
		t.Fatalf("with its largest number the text is %d runes", n)
	}
}

// TestCountdownsAreBounded: each approved countdown carries its dated
// pictures into every manifest, so their number is bounded when drafting
// and again when approving.
func TestCountdownsAreBounded(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range MaxCountdowns - 1 {
		if _, err := s.CreateSloganBody(ctx, ed, countdownBody(fmt.Sprintf("2027-01-%02d", i%28+1))); err != nil {
			t.Fatal(err)
		}
	}
	approveAll(t, s)
	a, err := s.CreateSloganBody(ctx, ed, countdownBody("2027-06-01"))
	if err != nil {
		t.Fatalf("the last countdown allowed: %v", err)
	}
	b, err := s.CreateSloganBody(ctx, ed, countdownBody("2027-06-02"))
	if err != nil {
		t.Fatalf("a draft that fits alone: %v", err)
	}
	va, _ := s.LatestVersion(ctx, KindSlogan, a.ID)
	vb, _ := s.LatestVersion(ctx, KindSlogan, b.ID)
	_, err = s.ApproveAll(ctx, ap, []int64{va.ID, vb.ID}, "")
	wantInvalid(t, err, FieldCountdowns, ProblemTooMany)
	if _, err := s.Approve(ctx, ap, va.ID, ""); err != nil {
		t.Fatalf("one of them alone: %v", err)
	}
	_, err = s.CreateSloganBody(ctx, ed, countdownBody("2027-06-03"))
	wantInvalid(t, err, FieldCountdowns, ProblemTooMany)
	// Editing an approved countdown is not one more.
	if _, err := s.UpdateSloganBody(ctx, ed, a.ID, 1, countdownBody("2027-06-04")); err != nil {
		t.Fatalf("editing a counted countdown: %v", err)
	}
}

package store

import (
	"context"
	"fmt"
	"testing"
)

// The audit log and the slogan library are read a page at a time: each
// page starts where the one before ended, newest first, and none is
// skipped or shown twice.
func TestAuditAndSlogansByPage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 7 {
		if _, err := s.CreateSlogan(ctx, ed, fmt.Sprintf("Khẩu hiệu số %d", i+1), "classic"); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Audit(ctx, Everything, AuditFilter{Kind: "slogan", Limit: 100})
	if err != nil || len(all) != 7 {
		t.Fatalf("the whole log: %d entries, %v", len(all), err)
	}
	for _, tc := range []struct{ offset, want int }{{0, 3}, {3, 3}, {6, 1}, {9, 0}} {
		page, err := s.Audit(ctx, Everything, AuditFilter{Kind: "slogan", Limit: 3, Offset: tc.offset})
		if err != nil || len(page) != tc.want {
			t.Fatalf("log from %d: %d entries, %v; want %d", tc.offset, len(page), err, tc.want)
		}
		for i, e := range page {
			if e.ID != all[tc.offset+i].ID {
				t.Errorf("log from %d, entry %d is #%d, want #%d", tc.offset, i, e.ID, all[tc.offset+i].ID)
			}
		}
	}

	every, err := s.Slogans(ctx, Everything)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ offset, want int }{{0, 5}, {5, 2}, {10, 0}} {
		page, total, err := s.SlogansPage(ctx, Everything, 5, tc.offset)
		if err != nil || total != len(every) || len(page) != tc.want {
			t.Fatalf("slogans from %d: %d of %d, %v; want %d of %d", tc.offset, len(page), total, err, tc.want, len(every))
		}
		for i, sl := range page {
			if sl.ID != every[tc.offset+i].ID {
				t.Errorf("slogans from %d, item %d is #%d, want #%d", tc.offset, i, sl.ID, every[tc.offset+i].ID)
			}
		}
	}
}

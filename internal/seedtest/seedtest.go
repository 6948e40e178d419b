// Package seedtest is for tests only: it does a new installation's first
// run (the commune of the official list, Liên Minh) and what its
// approver does first, approving the content the controller seeded as
// drafts, so a test about something else starts from boards that show
// the official slogans.
package seedtest

import (
	"context"
	"errors"

	"codong/controller/seed"
	"codong/controller/staff"
	"codong/controller/store"
)

// Commune is the official list's own commune, as its first run answers.
var Commune = store.Organisation{PartyBody: "Đảng bộ xã Liên Minh", Place: "Liên Minh", Congress: "III", Term: "2025 - 2030", Committee: "UBND xã Liên Minh"}

// FirstRun sets Commune up, unless an organisation is set, and approves
// every seeded draft.
func FirstRun(ctx context.Context, st *store.Store) error {
	if err := SetUp(ctx, st); err != nil {
		return err
	}
	return Approve(ctx, st)
}

// SetUp sets Commune up, unless an organisation is set: the seeded
// slogans naming its congress are drafted.
func SetUp(ctx context.Context, st *store.Store) error {
	_, err := st.Organisation(ctx)
	if errors.Is(err, store.ErrNotFound) {
		_, err = staff.SetUp(ctx, st, seed.SystemActor, Commune)
	}
	return err
}

// Approver is the standing committee's member who approves the seed: a
// person, since the controller approves nothing itself.
var Approver = store.Actor{Key: "seedtest:approver", Name: "Ban Thường vụ (thử nghiệm)", Roles: store.Roles{store.RoleApprover}}

// Approve approves every draft the controller seeded, all at once.
func Approve(ctx context.Context, st *store.Store) error {
	vs, err := st.Versions(ctx, store.Everything, store.VersionFilter{State: store.StatePending, Author: seed.SystemActor.Key})
	if err != nil || len(vs) == 0 {
		return err
	}
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	_, err = st.ApproveAll(ctx, Approver, ids, "duyệt nội dung khởi tạo")
	return err
}

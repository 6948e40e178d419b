package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"codong/controller/store"
	"codong/internal/cliflag"
)

// unitFlag is --unit, the slug of the unit a new thing belongs to;
// without it, the root, so commands and scripts written before units
// keep their meaning.
func unitFlag(fs *cliflag.Set, what string) *string {
	return fs.String("unit", "", "mã đơn vị của "+what+" (xem codong unit list); bỏ trống: đơn vị gốc")
}

// actingIn is the command line acting in the unit named by slug ("": the
// root), for what it makes there in passing (a board's groups).
func actingIn(ctx context.Context, st *store.Store, slug string) (store.Actor, error) {
	a := cliActor
	if slug == "" {
		return a, nil
	}
	t, err := st.Units(ctx)
	if err != nil {
		return a, err
	}
	u, ok := t.BySlug(slug)
	if !ok {
		return a, fmt.Errorf("không có đơn vị mã “%s”; xem codong unit list", slug)
	}
	a.Unit = u.ID
	return a, nil
}

func unitAdd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong unit add", "codong unit add --name TÊN [--parent MÃ_ĐƠN_VỊ_CHA]", stdout)
	data := dataFlag(fs)
	name := fs.String("name", "", "tên đơn vị, ví dụ “Xã Liên Minh” hay “Thôn Pả Pẻn”")
	parent := fs.String("parent", store.RootUnitSlug, "mã của đơn vị cấp trên (mặc định: đơn vị gốc, mã "+store.RootUnitSlug+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return &cliflag.UsageError{Err: fmt.Errorf("thiếu --name TÊN_ĐƠN_VỊ")}
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		u, err := st.AddUnit(ctx, cliActor, *name, *parent)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Đã thêm đơn vị “%s”, thuộc đơn vị mã %s. Mã của đơn vị mới:\n", u.Name, u.Parent)
		fmt.Fprintln(stdout, u.Slug)
		return nil
	})
}

func unitList(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong unit list", "codong unit list", stdout)
	data := dataFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		t, err := st.Units(ctx)
		if err != nil {
			return err
		}
		// One line each, tab-separated for scripts: slug, parent's slug
		// ("-" for the root), name indented by depth for people.
		for _, u := range t.All() {
			parent := u.Parent
			if parent == "" {
				parent = "-"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s%s\n", u.Slug, parent, strings.Repeat("  ", u.Depth-1), u.Name)
		}
		return nil
	})
}

package main

import (
	"context"
	"fmt"
	"io"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
)

// setup is the first run's questions on the command line, the same the
// console's setup page asks: who runs this installation. It drafts the
// official slogans naming the congress, waiting for approval.
func setup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong setup", `codong setup --party-body "Đảng bộ xã Liên Minh" --place "Liên Minh" --congress III --term "2025 - 2030" [--committee "UBND xã Liên Minh"]`, stdout)
	data := dataFlag(fs)
	var o store.Organisation
	fs.StringVar(&o.PartyBody, "party-body", "", "tên Đảng bộ như trong khẩu hiệu, ví dụ “Đảng bộ xã Liên Minh”")
	fs.StringVar(&o.Place, "place", "", "tên xã, phường, đứng đầu dòng ngày tháng của văn bản, ví dụ “Liên Minh”")
	fs.StringVar(&o.Congress, "congress", "", "Đại hội lần thứ mấy: số thường hay số La Mã (3 hoặc III)")
	fs.StringVar(&o.Term, "term", "", "nhiệm kỳ, ví dụ “2025 - 2030”")
	fs.StringVar(&o.Committee, "committee", "", "Uỷ ban nhân dân, cho văn bản của chính quyền, ví dụ “UBND xã Liên Minh” (tuỳ chọn)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data.dir, data.db)
	if err != nil {
		return err
	}
	defer st.Close()
	set, err := staff.SetUp(ctx, st, cliActor, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã lưu thông tin đơn vị: %s, Đại hội lần thứ %s, nhiệm kỳ %s.\n"+
		"Các khẩu hiệu khởi tạo có tên Đại hội đang chờ duyệt; chưa bảng nào hiện chúng trước khi một người Phê duyệt duyệt ở trang “Chờ duyệt”.\n",
		set.PartyBody, set.Congress, set.Term)
	return nil
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"codong/assets"
	"codong/controller"
	"codong/controller/store"
)

// cliActor names command-line changes in the audit log.
const cliActor = "dòng lệnh"

func boardAdd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong board add", stderr)
	data := fs.String("data", "codong-data", "thư mục dữ liệu")
	name := fs.String("name", "", "tên bảng, ví dụ “Bảng LED chợ”")
	size := fs.String("size", "", "kích thước điểm ảnh, ví dụ 384x128")
	group := fs.String("group", "", "nhóm bảng (tuỳ chọn)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, err := assets.ParseSize(*size)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	b, token, err := controller.AddBoard(ctx, st, cliActor, store.Board{Name: *name, Width: sz.W, Height: sz.H, Group: *group})
	if err != nil {
		return err
	}
	key, err := controller.PublicKey(*data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Đã thêm bảng “%s” (%dx%d). Mã bảng chỉ hiện một lần:\n", b.Name, b.Width, b.Height)
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, "Trên máy cạnh bảng, chạy:\n  codong-player --controller http://ĐỊA_CHỈ_MÁY_CHỦ:8080 --token %s --key %s\n", token, key)
	return nil
}

func tokenCreate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong token create", stderr)
	data := fs.String("data", "codong-data", "thư mục dữ liệu")
	role := fs.String("role", "", "vai trò: admin")
	name := fs.String("name", "dòng lệnh", "tên gợi nhớ của mã")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := controller.CreateAPIToken(ctx, st, cliActor, *name, *role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Đã tạo mã truy cập “%s” (vai trò %s). Mã chỉ hiện một lần:\n", *name, *role)
	fmt.Fprintln(stdout, token)
	return nil
}

func userAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("codong user add", stderr)
	data := fs.String("data", "codong-data", "thư mục dữ liệu")
	name := fs.String("name", "", "tên đăng nhập")
	role := fs.String("role", store.RoleAdmin, "vai trò: admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprint(stderr, "Mật khẩu (một dòng): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("không đọc được mật khẩu từ đầu vào chuẩn")
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := controller.AddUser(ctx, st, cliActor, *name, strings.TrimRight(line, "\r\n"), *role); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nĐã tạo người dùng “%s”.\n", *name)
	return nil
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"codong/assets"
	"codong/controller"
	"codong/controller/secret"
	"codong/controller/signkey"
	"codong/controller/staff"
	"codong/controller/store"
)

// cliActor is whoever runs the codong command on the server: whoever can
// do that owns the data folder anyway. Tokens it makes stand for
// themselves (each its own person for the four-eyes rule).
var cliActor = store.Actor{Key: "cli", Name: "dòng lệnh", Roles: store.AllRoles}

func boardAdd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong board add", "codong board add --name TÊN --size RỘNGxCAO [--group NHÓM] [--unit MÃ_ĐƠN_VỊ]", stdout)
	data := dataFlag(fs)
	unit := unitFlag(fs, "bảng")
	name := fs.String("name", "", "tên bảng, ví dụ “Bảng LED chợ”")
	size := fs.String("size", "", "kích thước điểm ảnh, ví dụ 384x128")
	var groups []string
	fs.Func("group", "nhóm của bảng, theo tên hay mã (tuỳ chọn; nhắc lại --group cho nhiều nhóm; nhóm chưa có sẽ được tạo)", func(v string) error {
		groups = append(groups, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, err := assets.ParseSize(*size)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data.dir, data.db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Groups named in passing are made in the board's unit.
	in, err := actingIn(ctx, st, *unit)
	if err != nil {
		return err
	}
	for i, g := range groups {
		if groups[i], err = st.EnsureGroup(ctx, in, g); err != nil {
			return err
		}
	}
	b, token, err := staff.AddBoard(ctx, st, cliActor, store.Board{Name: *name, Width: sz.W, Height: sz.H, Groups: groups, Unit: *unit})
	if err != nil {
		return err
	}
	key, err := signkey.PublicKey(data.dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Đã thêm bảng “%s” (%dx%d). Mã bảng chỉ hiện một lần:\n", b.Name, b.Width, b.Height)
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, "Trên máy cạnh bảng, chạy:\n  codong-player --controller http://ĐỊA_CHỈ_MÁY_CHỦ:8080 --token %s --key %s\n", token, key)
	return nil
}

func tokenCreate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong token create", "codong token create --role VAI_TRÒ[,VAI_TRÒ…] [--name TÊN] [--days SỐ_NGÀY] [--unit MÃ_ĐƠN_VỊ]", stdout)
	data := dataFlag(fs)
	unit := unitFlag(fs, "mã")
	role := fs.String("role", "", "vai trò, một hay nhiều, cách nhau bằng dấu phẩy: editor (Biên tập), approver (Phê duyệt), operator (Vận hành), admin (Quản trị)")
	name := fs.String("name", "dòng lệnh", "tên gợi nhớ của mã")
	days := fs.Int("days", 0, "số ngày mã còn dùng được (0: tới khi thu hồi)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		token, t, err := staff.CreateAPITokenIn(ctx, st, cliActor, *unit, *name, *role, *days)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Đã tạo mã truy cập “%s” (số %d, vai trò %s, đơn vị %s). Mã chỉ hiện một lần:\n", t.Name, t.ID, t.Roles, t.Unit)
		fmt.Fprintln(stdout, token)
		return nil
	})
}

func tokenList(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong token list", "codong token list", stdout)
	data := dataFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		ts, err := st.APITokens(ctx, store.Everything)
		if err != nil {
			return err
		}
		for _, t := range ts {
			state := "đang dùng được"
			switch {
			case t.RevokedAt != nil:
				state = "đã thu hồi " + t.RevokedAt.Local().Format("02/01/2006 15:04")
			case t.ExpiresAt != nil:
				state = "hết hạn " + t.ExpiresAt.Local().Format("02/01/2006 15:04")
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Roles, t.Creator, state)
		}
		return nil
	})
}

func tokenRevoke(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong token revoke", "codong token revoke --id SỐ", stdout)
	data := dataFlag(fs)
	id := fs.Int64("id", 0, "số của mã cần thu hồi (xem codong token list)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		if err := st.RevokeAPIToken(ctx, cliActor, *id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("không có mã số %d đang dùng được", *id)
			}
			return err
		}
		fmt.Fprintf(stdout, "Đã thu hồi mã số %d và mọi mã do nó tạo ra; các mã này bị từ chối ngay từ yêu cầu kế tiếp.\n", *id)
		return nil
	})
}

func withStore(data *dataPlace, fn func(context.Context, *store.Store) error) error {
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data.dir, data.db)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(ctx, st)
}

func userAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("codong user add", "codong user add --name TÊN --role VAI_TRÒ[,VAI_TRÒ…] [--unit MÃ_ĐƠN_VỊ]   (mật khẩu đọc từ đầu vào chuẩn)", stdout)
	data := dataFlag(fs)
	unit := unitFlag(fs, "người dùng")
	name := fs.String("name", "", "tên đăng nhập")
	role := fs.String("role", "", "vai trò, một hay nhiều, cách nhau bằng dấu phẩy: editor, approver, operator, admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprint(stderr, "Mật khẩu (một dòng): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("không đọc được mật khẩu từ đầu vào chuẩn")
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data.dir, data.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := staff.AddUserIn(ctx, st, cliActor, *unit, *name, strings.TrimRight(line, "\r\n"), *role); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nĐã tạo người dùng “%s”. Mật khẩu này chỉ dùng được một lần: lần đăng nhập đầu, người đó phải đặt mật khẩu của riêng mình.\n", *name)
	return nil
}

// userPasswd is the way back for a forgotten password, an administrator's
// above all: whoever can run codong on the server owns its data folder
// anyway. The change is audited as the command line.
func userPasswd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("codong user passwd", "codong user passwd --username TÊN   (mật khẩu mới đọc từ đầu vào chuẩn; dòng trống thì máy tạo)", stdout)
	data := dataFlag(fs)
	name := fs.String("username", "", "tên đăng nhập cần đặt lại mật khẩu")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		return fmt.Errorf("thiếu --username TÊN_ĐĂNG_NHẬP")
	}
	fmt.Fprint(stderr, "Mật khẩu mới (một dòng; để trống để máy tạo): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" && !errors.Is(err, io.EOF) {
		return fmt.Errorf("không đọc được mật khẩu từ đầu vào chuẩn: %w", err)
	}
	password, generated := strings.TrimRight(line, "\r\n"), false
	if password == "" {
		password, generated = secret.NewPassword(), true
	}
	err = withStore(data, func(ctx context.Context, st *store.Store) error {
		return staff.ResetPassword(ctx, st, cliActor, *name, password)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\nĐã đặt mật khẩu mới cho “%s”; các phiên đăng nhập cũ của người này đã kết thúc. Mật khẩu này chỉ dùng được một lần: lần đăng nhập đầu, người đó phải đặt mật khẩu của riêng mình.\n", *name)
	if generated {
		fmt.Fprintln(stderr, "Mật khẩu mới (chỉ hiện một lần):")
		fmt.Fprintln(stdout, password)
	}
	return nil
}

// keyReplace records the data folder's signing key as the installation's
// when the old one is lost for good. It says what it does and asks for
// --confirm: every board must be paired again afterwards.
func keyReplace(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("codong key replace", "codong key replace --confirm", stdout)
	data := dataFlag(fs)
	confirm := fs.Bool("confirm", false, "xác nhận: mọi bảng đã ghim khoá cũ sẽ từ chối máy chủ và phải ghép nối lại")
	if err := fs.Parse(args); err != nil {
		return err
	}
	key, err := signkey.ExistingPublicKey(data.dir)
	if err != nil {
		return err
	}
	if !*confirm {
		return fmt.Errorf("lệnh này lấy khoá %s (trong %s) làm khoá ký của hệ thống; mọi bảng đã ghim khoá cũ sẽ từ chối máy chủ và phải ghép nối lại từng bảng. "+
			"Chỉ dùng khi khoá cũ mất hẳn và không còn bản sao lưu, sau khi dừng mọi máy chủ codong của hệ thống, rồi chép tệp khoá này cho mọi máy chủ (xem docs/operations.md); thêm --confirm để làm", key, data.dir)
	}
	return withStore(data, func(ctx context.Context, st *store.Store) error {
		if err := st.ReplaceSigningKey(ctx, cliActor, key); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Khoá ký của hệ thống nay là %s. Ghép nối lại từng bảng (mã ghép nối hiện trên bảng, hoặc codong board add).\n", key)
		return nil
	})
}

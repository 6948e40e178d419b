package respond

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode"

	"codong/controller/store"
	"codong/playlists"
)

// hoChiMinh shows times in messages built away from a request's
// configured zone; Vietnam keeps UTC+7 all year.
var hoChiMinh = time.FixedZone("+07", 7*3600)

// staleMessage tells an author who saved meanwhile, and what.
func staleMessage(v store.Version) string {
	what := ""
	var b store.SloganBody
	if v.Kind == store.KindSlogan && json.Unmarshal(v.Body, &b) == nil {
		what = ": “" + b.Text + "”"
	}
	return fmt.Sprintf("%s đã lưu phiên bản %d lúc %s%s. Bản của bạn chưa được lưu; hãy xem lại rồi lưu lại.",
		v.AuthorName, v.Number, v.CreatedAt.In(hoChiMinh).Format("15:04 02/01/2006"), what)
}

// Sentence capitalises a wrapped error's first letter for display.
func Sentence(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// PlaylistUseMessages say why a playlist cannot be deleted, and what to
// do instead.
var PlaylistUseMessages = map[string]string{
	store.UseBuiltIn:       "Không xoá được danh sách này: bảng phát danh sách mặc định khi không có lịch, và nút “Mừng Đại hội thành công” chuyển mọi bảng sang danh sách mừng Đại hội. Có thể đổi tên hoặc bỏ bớt mục.",
	store.UseSchedule:      "Không xoá được: lịch phát đã duyệt đang phát danh sách này. Hãy bỏ các khung giờ của nó ở trang Lịch phát và chờ duyệt, rồi xoá.",
	store.UseDraftSchedule: "Không xoá được: bản lịch phát đang soạn hoặc chờ duyệt có khung giờ phát danh sách này. Hãy bỏ các khung giờ đó ở trang Lịch phát trước.",
	store.UseOverride:      "Không xoá được: các bảng đang được chuyển sang danh sách này. Hãy cho các bảng trở về lịch phát thường ngày trước.",
}

// fieldNames are the store's fields as people call them.
var fieldNames = map[string]string{
	store.FieldBoards:         "Số bảng",
	store.FieldBoardName:      "Tên bảng",
	store.FieldPartyBody:      "Tên Đảng bộ",
	store.FieldPhase:          "Tên giai đoạn",
	store.FieldSessions:       "Số buổi trong ngày",
	store.FieldPlace:          "Tên xã, phường",
	store.FieldCongress:       "Đại hội lần thứ",
	store.FieldTerm:           "Nhiệm kỳ",
	store.FieldCommittee:      "Uỷ ban nhân dân",
	store.FieldIssuerKind:     "Loại cơ quan ban hành",
	store.FieldOrg:            "Cơ quan cấp trên",
	store.FieldIssuer:         "Cơ quan ban hành",
	store.FieldRecipient:      "Nơi nhận báo cáo",
	store.FieldSignerTitle:    "Chức vụ người ký",
	store.FieldSigner:         "Họ tên người ký",
	store.FieldBoardSize:      "Kích thước bảng",
	store.FieldGroup:          "Nhóm",
	store.FieldUnit:           "Đơn vị",
	store.FieldUnitName:       "Tên đơn vị",
	store.FieldUnitParent:     "Đơn vị cấp trên",
	store.FieldUnits:          "Số đơn vị",
	store.FieldGroups:         "Số nhóm",
	store.FieldBoardGroups:    "Nhóm của bảng",
	store.FieldSlotEnd:        "Giờ kết thúc",
	store.FieldSlotBoard:      "Bảng",
	store.FieldPower:          "Giờ giảm sáng/tắt",
	store.FieldScrollSpeed:    "Tốc độ chữ chạy",
	store.FieldPlaylistName:   "Tên danh sách phát",
	store.FieldPlaylists:      "Số danh sách phát",
	store.FieldItems:          "Tổng số mục của mọi danh sách phát",
	store.FieldSloganText:     "Nội dung khẩu hiệu",
	store.FieldSlogans:        "Số khẩu hiệu",
	store.FieldDays:           "Ngày trong tuần",
	store.FieldUsername:       "Tên đăng nhập",
	store.FieldUsers:          "Số tài khoản",
	store.FieldTokenName:      "Tên mã truy cập",
	store.FieldTokens:         "Số mã truy cập còn hiệu lực",
	store.FieldComment:        "Ý kiến",
	store.FieldPhotos:         "Số ảnh",
	store.FieldPhotoName:      "Tên tệp ảnh",
	store.FieldCaption:        "Chú thích ảnh",
	store.FieldPhotoFit:       "Cách đặt ảnh lên bảng",
	store.FieldCountdownDate:  "Ngày đếm ngược",
	store.FieldCountdownAfter: "Lời chào của ngày Đại hội",
	store.FieldCountdowns:     "Số khẩu hiệu đếm ngược đã duyệt",

	// Player releases (self-update).
	store.FieldReleases: "Số bản cập nhật phần mềm bảng",

	// Alerts.
	store.FieldAlertURL:       "Địa chỉ webhook",
	store.FieldAlertSecret:    "Khoá bí mật của webhook",
	store.FieldAlertEmail:     "Địa chỉ thư nhận cảnh báo",
	store.FieldAlertTargets:   "Số người nhận cảnh báo",
	store.FieldAlertThreshold: "Thời gian mất liên lạc trước khi báo",
	store.FieldSMTPHost:       "Máy chủ thư",
	store.FieldSMTPPort:       "Cổng máy chủ thư",
	store.FieldSMTPFrom:       "Địa chỉ gửi thư",
	store.FieldSMTPTLS:        "Cách bảo mật của máy chủ thư",
	store.FieldSMTPUsername:   "Tên đăng nhập máy chủ thư",
	store.FieldSMTPPassword:   "Mật khẩu máy chủ thư",
}

// specificMessages say rules that read badly in the general form.
var specificMessages = map[[2]string]string{
	{store.FieldAlertURL, store.ProblemUnknown}:     "Địa chỉ webhook phải bắt đầu bằng http:// hay https://, có tên máy, không chứa tên và mật khẩu, tối đa 2.048 byte.",
	{store.FieldAlertSecret, store.ProblemRange}:    "Khoá bí mật của webhook phải dài từ 16 đến 256 byte (khoảng 16 chữ không dấu trở lên), trên một dòng.",
	{store.FieldAlertEmail, store.ProblemUnknown}:   "Địa chỉ thư không hợp lệ: hãy ghi một địa chỉ, ví dụ vanhoa@lienminh.gov.vn.",
	{store.FieldAlertThreshold, store.ProblemRange}: "Thời gian mất liên lạc trước khi báo phải từ 10 giây tới 7 ngày (0: dùng mức mặc định).",
	{store.FieldSMTPHost, store.ProblemUnknown}:     "Tên máy chủ thư không hợp lệ: chỉ ghi tên máy, ví dụ smtp.lienminh.gov.vn (cổng ghi riêng).",
	{store.FieldSMTPPort, store.ProblemRange}:       "Cổng máy chủ thư phải từ 1 đến 65535 (thường 587 với STARTTLS, 465 với TLS).",
	{store.FieldSMTPFrom, store.ProblemUnknown}:     "Địa chỉ gửi thư không hợp lệ: hãy ghi một địa chỉ, ví dụ codong@lienminh.gov.vn.",
	{store.FieldSMTPTLS, store.ProblemUnknown}:      "Cách bảo mật phải là starttls, tls hay none.",
	{store.FieldDays, store.ProblemEmpty}:           "Hãy đánh dấu ít nhất một ngày trong tuần cho khung giờ.",
	{store.FieldSlotEnd, store.ProblemUnconfirmed}:  "Giờ kết thúc trước giờ bắt đầu nghĩa là khung giờ chạy qua đêm (sang sáng hôm sau); hãy xác nhận “qua đêm” nếu đúng ý bạn, hoặc sửa lại giờ.",
	{store.FieldGroup, store.ProblemUnknown}:        "Không có nhóm này; hãy chọn một nhóm trong trang Nhóm bảng.",
	{store.FieldBoardGroups, store.ProblemUnknown}:  "Có nhóm không tồn tại; hãy chọn trong các nhóm ở trang Nhóm bảng.",
	{store.FieldSlotBoard, store.ProblemUnknown}:    "Không có bảng này.",
	{store.FieldSlotBoard, store.ProblemDuplicate}:  "Hãy chọn một nhóm hoặc một bảng, không cả hai.",
	{store.FieldGroup, store.ProblemDuplicate}:      "Đã có nhóm trùng tên; hãy đặt tên khác.",
	{store.FieldUnit, store.ProblemUnknown}:         "Không có đơn vị mã này trong phạm vi của bạn; xem danh sách đơn vị.",
	{store.FieldUnitParent, store.ProblemUnknown}:   "Không có đơn vị cấp trên mã này trong phạm vi của bạn; xem danh sách đơn vị.",
	{store.FieldUnitParent, store.ProblemRange}:     "Cây đơn vị sâu tối đa 4 cấp (ví dụ tỉnh, xã, thôn và một cấp nữa); không thêm được đơn vị dưới đơn vị này.",
	{store.FieldUnitName, store.ProblemDuplicate}:   "Đơn vị cấp trên này đã có một đơn vị trùng tên; hãy đặt tên khác.",
	{store.FieldVersion, store.ProblemRange}:        "Phiên bản được đánh số từ 1; hãy gửi số phiên bản bạn đã mở để sửa.",
	{store.FieldCongress, store.ProblemRange}:       fmt.Sprintf("Đại hội lần thứ phải là một số từ 1 đến %d, viết bằng số (3) hay số La Mã (III).", store.MaxCongress),
	{store.FieldPhase, store.ProblemDuplicate}:      "Đã có giai đoạn trùng tên trong lịch; hãy đặt tên khác (ví dụ “Trong Đại hội, ngày 2”).",
	{store.FieldPhase, store.ProblemEmpty}:          "Các buổi thêm cùng lúc cần một tên giai đoạn (ví dụ “Trong Đại hội”), để lịch hiện chúng là một.",
	{store.FieldTerm, store.ProblemDate}:            "Nhiệm kỳ viết dạng năm đầu - năm cuối, ví dụ 2025 - 2030.",
	{store.FieldTerm, store.ProblemRange}:           "Nhiệm kỳ phải kết thúc sau năm bắt đầu, trong vòng 10 năm (ví dụ 2025 - 2030).",
	{store.FieldIssuerKind, store.ProblemUnknown}:   "Loại cơ quan ban hành phải là cơ quan Đảng (dang) hoặc Uỷ ban nhân dân (ubnd).",
	{store.FieldScrollSpeed, store.ProblemRange}:    fmt.Sprintf("Tốc độ chữ chạy phải từ %d đến %d điểm ảnh mỗi giây, hoặc 0 để dùng tốc độ mặc định theo chiều cao bảng.", store.MinScrollSpeed, store.MaxScrollSpeed),

	// Player releases (self-update).
	{store.FieldRolloutTarget, store.ProblemUnknown}: "Hãy chọn một nhóm, một đơn vị hoặc một bảng, chỉ một trong ba; bỏ trống cả ba là mọi bảng.",
}

// invalidMessage says in Vietnamese which rule a field broke.
func invalidMessage(e *store.InvalidError) string {
	if m, ok := specificMessages[[2]string{e.Field, e.Problem}]; ok {
		return m
	}
	name := fieldNames[e.Field]
	if name == "" {
		name = "Dữ liệu"
	}
	switch e.Problem {
	case store.ProblemEmpty:
		return name + " phải có ít nhất một chữ cái hoặc chữ số."
	case store.ProblemTooLong:
		return fmt.Sprintf("%s dài quá %d ký tự.", name, e.Limit)
	case store.ProblemTooMany:
		return fmt.Sprintf("%s đã tới giới hạn %d; hãy bỏ bớt trước khi thêm.", name, e.Limit)
	case store.ProblemInvisible:
		return name + " có ký tự ẩn hoặc ký tự điều khiển (ví dụ ký tự đảo chiều, ký tự không độ rộng); hãy gõ lại bằng chữ thường."
	case store.ProblemDuplicate:
		return name + " có mục bị lặp lại."
	case store.ProblemPlaceholder:
		if e.Field == store.FieldSloganText {
			return "Khẩu hiệu đếm ngược phải có đúng một chỗ " + playlists.CountdownPlaceholder + " (nơi hiện số ngày còn lại); khẩu hiệu thường không được có " + playlists.CountdownPlaceholder + "."
		}
		return name + " không được có " + playlists.CountdownPlaceholder + ": ngày Đại hội không còn đếm ngày."
	case store.ProblemDate:
		return fmt.Sprintf("%s phải là một ngày có thật, viết dạng năm-tháng-ngày (ví dụ 2026-12-20), từ năm %d đến %d.", name, store.MinCountdownYear, store.MaxCountdownYear)
	case store.ProblemUnknown:
		return name + " không thuộc các lựa chọn cho phép; hãy xem tài liệu API."
	case store.ProblemRange:
		return fmt.Sprintf("%s nằm ngoài giới hạn cho phép (mỗi chiều từ %d đến %d điểm ảnh).", name, store.MinBoardSide, store.MaxBoardSide)
	}
	return name + " không hợp lệ."
}

// changedWhat names a versioned row as people call it.
var changedWhat = map[string]string{
	"board":        "thiết lập của bảng này",
	"group":        "tên nhóm này",
	"user":         "tài khoản này",
	"playlist":     "tên danh sách phát này",
	"unit":         "tên đơn vị này",
	"organisation": "thông tin đơn vị",
}

// changedMessage tells who changed a row meanwhile, and what to do.
func changedMessage(e *store.ChangedError) string {
	who, when := e.By, ""
	if who == "" {
		who = "Một người khác"
	}
	if !e.At.IsZero() {
		when = " lúc " + e.At.In(hoChiMinh).Format("15:04 02/01/2006")
	}
	return fmt.Sprintf("%s đã sửa %s%s (nay là phiên bản %d). Thay đổi của bạn chưa được lưu; hãy tải lại trang, xem lại rồi lưu lại.",
		Sentence(who), changedWhat[e.What], when, e.Version)
}

// RoleNames are the roles as people read them.
var RoleNames = map[string]string{
	store.RoleEditor:   "Biên tập",
	store.RoleApprover: "Phê duyệt",
	store.RoleOperator: "Vận hành",
	store.RoleAdmin:    "Quản trị",
}

// CorruptMessage is what staff read, on every page and in /healthz,
// once a damaged database was met while running.
const CorruptMessage = "Cơ sở dữ liệu bị hỏng (tệp hỏng một phần): các thay đổi có thể không lưu được và không tới được bảng. Các bảng vẫn phát nội dung đã nhận. Hãy báo ngay cán bộ tin học: dừng máy chủ và khôi phục từ bản sao lưu gần nhất (docs/operations.md, mục “Khôi phục”)."

// KindNames are the kinds of versioned content as people read them.
var KindNames = map[string]string{
	store.KindSlogan:   "Khẩu hiệu",
	store.KindPlaylist: "Danh sách phát",
	store.KindSchedule: "Lịch phát",
	store.KindPhoto:    "Ảnh",
}

// StateNames are the states of a version as people read them.
var StateNames = map[string]string{
	store.StateDraft:      "Nháp",
	store.StatePending:    "Chờ duyệt",
	store.StateApproved:   "Đã duyệt",
	store.StateRejected:   "Bị từ chối",
	store.StateSuperseded: "Đã thay bằng bản sau",
}

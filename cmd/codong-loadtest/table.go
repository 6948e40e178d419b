package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// changeNames are the table's short names of the measured changes.
var changeNames = map[string]string{
	"switch":   "Chuyển sang “" + congressName + "”",
	"schedule": "Trở về lịch phát",
	"edit":     "Sửa khẩu hiệu",
	"restore":  "Trả lại khẩu hiệu cũ",
	"storm":    "Kết nối lại đồng loạt",
}

// write prints the report for people, in Vietnamese.
func (r *Report) write(w io.Writer) {
	fmt.Fprintf(w, "\n══ Kết quả thử tải codong ══\n")
	fmt.Fprintf(w, "Controller %s%s · %s bảng %s, giao thức %s · kích thước %s · %s · %d địa chỉ nguồn · chạy %s\n",
		r.Controller, pidNote(r.PID), fmtInt(int64(r.Boards)), modeName(r.Mode == "light"), r.Level, strings.Join(r.Sizes, ", "),
		groupsNote(r.Groups), r.Sources, fmtMs(r.Seconds*1000))
	if len(r.LinkTo) > 1 || (len(r.LinkTo) == 1 && r.LinkTo[0] != r.Controller) {
		fmt.Fprintf(w, "Bảng chia lần lượt cho %d controller: %s. API của người vận hành, /fleet, /healthz, bộ nhớ và CPU chỉ đo trên %s; /fleet ở đó thấy bảng của controller khác qua bảng board_presence (chậm tới khoảng 1 s).\n",
			len(r.LinkTo), strings.Join(r.LinkTo, ", "), r.Controller)
	}
	if r.Warm {
		fmt.Fprintln(w, "Bảng bắt đầu với sẵn ảnh của nội dung lúc tạo bảng; mọi ảnh mới sau đó mỗi bảng tự tải.")
	}
	r.writeProvision(w)
	r.writeIdle(w)
	r.writeChanges(w)
	r.writeUnits(w)
	r.writeCosts(w)
	r.writeTotals(w)
}

func (r *Report) writeProvision(w io.Writer) {
	p := r.Provision
	if p == nil {
		return
	}
	t := table(w)
	fmt.Fprintf(w, "\n1. Tạo và kết nối\n")
	fmt.Fprintf(t, "  Tạo %s bảng qua API\t%s (%s bảng/s)\n", fmtInt(int64(r.Boards)), fmtMs(p.CreateMs), fmtFloat(float64(r.Boards)/max(p.CreateMs/1000, 0.001), 1))
	fmt.Fprintf(t, "  Kết nối: mọi bảng trực tuyến và cập nhật theo /fleet\t%s\n", fmtMs(p.ConnectMs))
	fmt.Fprintf(t, "  Thời gian trả lời /fleet trong lúc chờ (p50 / p99 / max)\t%s\n", fmtSpread(p.FleetPoll))
	fmt.Fprintf(t, "  Bản kê đầu tiên tới (p50 / p99 / max)\t%s\n", fmtSpread(p.Manifest))
	fmt.Fprintf(t, "  Xác nhận đầu tiên gửi (p50 / p99 / max)\t%s\n", fmtSpread(p.Ack))
	if p.RSSBeforeKB > 0 {
		fmt.Fprintf(t, "  RSS controller trước khi tạo bảng\t%s KB\n", fmtInt(p.RSSBeforeKB))
		fmt.Fprintf(t, "  RSS đỉnh lúc tạo và kết nối\t%s KB\n", fmtInt(p.PeakRSSKB))
	}
	t.Flush()
}

func (r *Report) writeIdle(w io.Writer) {
	i := r.Idle
	if i == nil {
		return
	}
	fmt.Fprintf(w, "\n2. Nhàn rỗi\n")
	switch {
	case !i.Measured && r.PID == 0:
		fmt.Fprintln(w, "  Không đo được: không biết tiến trình của controller (dùng -pid).")
		return
	case !i.Measured:
		fmt.Fprintln(w, "  Không đo được: giai đoạn bị dừng trước khi đo xong.")
		return
	}
	t := table(w)
	fmt.Fprintf(t, "  RSS controller trước khi tạo bảng\t%s KB\n", fmtInt(i.RSSBeforeKB))
	fmt.Fprintf(t, "  RSS khi mọi bảng đã kết nối, ổn định\t%s KB\n", fmtInt(i.RSSIdleKB))
	if i.BoardsLinked > 0 && i.BoardsLinked != r.Boards {
		fmt.Fprintf(t, "  Mỗi bảng nối với controller này (%s bảng)\t%s KB\n", fmtInt(int64(i.BoardsLinked)), fmtFloat(i.KBPerBoard, 1))
	} else {
		fmt.Fprintf(t, "  Mỗi bảng\t%s KB\n", fmtFloat(i.KBPerBoard, 1))
	}
	fmt.Fprintf(t, "  CPU controller trong %s giây nhàn rỗi\t%s%% của một lõi\n", fmtFloat(i.WindowSeconds, 0), fmtFloat(i.CPUPercent, 1))
	t.Flush()
}

func (r *Report) writeChanges(w io.Writer) {
	if len(r.Changes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n3–6. Thay đổi và kết nối lại (mọi thời gian tính từ ngay trước yêu cầu, hay lúc cắt kết nối)\n")
	t := table(w)
	fmt.Fprintln(t, "  Giai đoạn\tYêu cầu\t→ bản kê cuối tới (p50 / p99 / max)\t→ xác nhận cuối (p50 / p99 / max)\t→ /fleet báo đủ\t/fleet trả lời (p50 / max)\tĐã xác nhận\t/healthz p99 / max\tRSS đỉnh")
	for _, c := range r.Changes {
		req := "—"
		if c.Request != nil {
			req = fmt.Sprintf("%d · %s", c.Request.Status, fmtMs(c.Request.Ms))
		}
		fleet, polls, health, rss := "—", "—", "—", "—"
		if c.Error == "" {
			fleet = fmtMs(c.FleetMs)
			polls = fmtMs(c.FleetPoll.P50Ms) + " / " + fmtMs(c.FleetPoll.MaxMs)
		}
		if c.Healthz.Samples > 0 {
			health = fmtMs(c.Healthz.P99Ms) + " / " + fmtMs(c.Healthz.MaxMs)
		}
		if c.PeakRSSKB > 0 {
			rss = fmtInt(c.PeakRSSKB) + " KB"
		}
		fmt.Fprintf(t, "  %s\t%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\n", changeNames[c.ID], req, fmtSpread(c.Manifest), fmtSpread(c.Ack),
			fleet, polls, fmtInt(int64(c.Acked)), fmtInt(int64(c.Boards)), health, rss)
	}
	t.Flush()
	for _, c := range r.Changes {
		if c.Error != "" {
			fmt.Fprintf(w, "  %s: không trọn vẹn, %s\n", changeNames[c.ID], c.Error)
		}
		if c.ID == "storm" && c.RSSBeforeKB > 0 && c.PeakRSSKB > 0 {
			fmt.Fprintf(w, "  Kết nối lại đồng loạt: RSS đỉnh %s KB so với %s KB lúc nhàn rỗi (%s%%); /healthz không trả 200: %d/%d lần đo\n",
				fmtInt(c.PeakRSSKB), fmtInt(c.RSSBeforeKB), signedPercent(c.PeakRSSKB, c.RSSBeforeKB), c.Healthz.Non200, c.Healthz.Samples)
		}
	}
}

func (r *Report) writeTotals(w io.Writer) {
	fmt.Fprintln(w)
	tm := r.Telemetry
	t := table(w)
	fmt.Fprintf(t, "Yêu cầu của người vận hành\t%s; bị từ chối: %s\n", fmtInt(int64(r.Requests.Total)), refusedNote(r.Requests.Refused))
	fmt.Fprintf(t, "/healthz cả lần chạy\t%s lần đo, p99 %s, max %s; không trả 200: %d\n", fmtInt(int64(r.Healthz.Samples)), fmtMs(r.Healthz.P99Ms), fmtMs(r.Healthz.MaxMs), r.Healthz.Non200)
	fmt.Fprintf(t, "Kết nối websocket đã mở\t%s\n", fmtInt(tm.Connects))
	fmt.Fprintf(t, "Bản kê nhận / xác nhận gửi\t%s / %s\n", fmtInt(tm.Manifests), fmtInt(tm.Acks))
	if r.Mode != "light" {
		fmt.Fprintf(t, "Ảnh đã tải\t%s (%s MB)\n", fmtInt(tm.Fetches), fmtFloat(float64(tm.FetchBytes)/1e6, 1))
		fmt.Fprintf(t, "Tin trạng thái đã gửi / ảnh chụp màn hình gửi khi controller hỏi\t%s / %s\n", fmtInt(tm.Statuses), fmtInt(tm.Screenshots))
		fmt.Fprintf(t, "Bản ghi phát\tghi %s, gửi %s (kể cả gửi lại), được xác nhận %s, chưa xác nhận khi kết thúc: %s\n",
			fmtInt(tm.PlaysRecorded), fmtInt(tm.PlaysSent), fmtInt(tm.PlaysConfirmed), fmtInt(tm.PlaysUnconfirmed))
	}
	switch {
	case r.Kept > 0:
		fmt.Fprintf(t, "Dọn dẹp\tgiữ lại %s bảng (-keep)\n", fmtInt(int64(r.Kept)))
	default:
		fmt.Fprintf(t, "Dọn dẹp\tđã xoá %s bảng\n", fmtInt(int64(r.Deleted)))
	}
	t.Flush()
	writeList(w, "Lỗi phía bảng", r.BoardProblems, "không có")
	writeList(w, "Ghi chú", r.Notes, "")
	if r.Error != "" {
		fmt.Fprintf(w, "Lần chạy không trọn vẹn: %s\n", r.Error)
	}
}

func writeList(w io.Writer, title string, items []string, none string) {
	switch {
	case len(items) == 0 && none != "":
		fmt.Fprintf(w, "%s: %s\n", title, none)
	case len(items) > 0:
		fmt.Fprintf(w, "%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(w, "  - %s\n", it)
		}
	}
}

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

func refusedNote(list []refusedRequest) string {
	if len(list) == 0 {
		return "0"
	}
	var parts []string
	for _, r := range list {
		status := strconv.Itoa(r.Status)
		if r.Status == 0 {
			status = "không trả lời"
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s ×%d", r.Method, r.Route, status, r.Count))
	}
	return strings.Join(parts, "; ")
}

func pidNote(pid int) string {
	if pid == 0 {
		return " (không đo được bộ nhớ và CPU)"
	}
	return fmt.Sprintf(" (pid %d)", pid)
}

func groupsNote(n int) string {
	if n == 0 {
		return "không chia nhóm"
	}
	return fmt.Sprintf("%d nhóm", n)
}

func fmtSpread(s spread) string {
	if s.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%s / %s / %s", fmtMs(s.P50Ms), fmtMs(s.P99Ms), fmtMs(s.MaxMs))
}

// fmtMs writes milliseconds the Vietnamese way: "8,4 ms", "120 ms",
// "1,25 s", "2 phút 05 giây".
func fmtMs(v float64) string {
	d := time.Duration(v * float64(time.Millisecond))
	switch {
	case d < 10*time.Millisecond:
		return fmtFloat(v, 1) + " ms"
	case d < time.Second:
		return fmtFloat(v, 0) + " ms"
	case d < 2*time.Minute:
		return strings.TrimSuffix(fmtFloat(v/1000, 2), ",00") + " s"
	}
	return fmt.Sprintf("%d phút %02d giây", int(d.Minutes()), int(d.Seconds())%60)
}

func fmtDuration(d time.Duration) string { return fmtMs(ms(d)) }

func signedPercent(v, ref int64) string {
	p := float64(v-ref) / float64(ref) * 100
	s := fmtFloat(p, 1)
	if p >= 0 {
		s = "+" + s
	}
	return s
}

// fmtInt groups thousands with dots, as Vietnamese writes numbers.
func fmtInt(n int64) string {
	s := strconv.FormatInt(max(n, -n), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fmtFloat writes a number with a decimal comma and grouped thousands.
func fmtFloat(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	n, _ := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	out := fmtInt(n)
	if neg {
		out = "-" + out
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

package netguard

import "fmt"

// FileReserve is how many of the open-file limit the controller keeps
// for itself rather than for boards: the database with its WAL and
// shared-memory files, pictures being rendered, stored or served, the
// listener, and the staff's browsers and API scripts.
const FileReserve = 256

// boardCapacity estimates how many boards can stay connected at once
// under an open-file limit. Each board holds one socket, its websocket
// link, and for a moment a second one while it downloads a picture;
// those downloads are brief and few at a time, so the reserve absorbs
// them instead of halving the estimate. Large results are rounded down
// to hundreds: it is an estimate.
func boardCapacity(limit uint64) uint64 {
	if limit <= FileReserve {
		return 0
	}
	n := limit - FileReserve
	if n >= 1000 {
		n -= n % 100
	}
	return n
}

// FileLimitNote is the start-up line telling the operator what the limit
// means for the fleet; ok is false when the limit could not be read.
func FileLimitNote(limit uint64, ok bool) string {
	if !ok {
		return "Không đọc được giới hạn tệp mở; không ước tính được số bảng có thể kết nối cùng lúc."
	}
	boards := boardCapacity(limit)
	if boards == 0 {
		return fmt.Sprintf("Giới hạn tệp mở: %d — quá thấp, bảng sẽ không kết nối được; hãy tăng giới hạn (ulimit -n).", limit)
	}
	return fmt.Sprintf("Giới hạn tệp mở: %d — đủ cho khoảng %d bảng kết nối cùng lúc.", limit, boards)
}

package staff

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"codong/controller/respond"
)

// maxComment bounds a reviewer's comment.
const maxComment = 1000

// CheckComment trims a reviewer's comment and checks it: a rejection
// says why, and no comment runs on without end.
func CheckComment(comment string, required bool) (string, error) {
	comment = strings.TrimSpace(comment)
	if required && comment == "" {
		return "", respond.BadRequest("comment_required", "Khi từ chối, hãy ghi lý do để người soạn biết cần sửa gì.")
	}
	if n := utf8.RuneCountInString(comment); n > maxComment {
		return "", respond.BadRequest("too_long", fmt.Sprintf("Ý kiến dài %d ký tự; tối đa %d.", n, maxComment))
	}
	return comment, nil
}

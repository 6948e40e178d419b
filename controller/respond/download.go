package respond

import (
	"net/url"
	"strconv"
)

// Attachment is a Content-Disposition for a Vietnamese file name: the
// UTF-8 name in filename* (RFC 6266), an ASCII one for old clients.
func Attachment(name, ascii string) string {
	return "attachment; filename=" + strconv.Quote(ascii) + "; filename*=UTF-8''" + url.PathEscape(name)
}

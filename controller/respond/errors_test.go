package respond

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"codong/controller/store"
)

// TestExplainSaysItInVietnamese: what the command line prints for a
// refused input is the API's Vietnamese Sentence, not the store's words
// for programs; an unforeseen error is printed as it is.
func TestExplainSaysItInVietnamese(t *testing.T) {
	tooLong := &store.InvalidError{Field: store.FieldGroup, Problem: store.ProblemTooLong, Limit: store.MaxGroupRunes}
	if got := Explain(tooLong); got != "Nhóm dài quá 50 ký tự." {
		t.Errorf("Explain(group too long) = %q", got)
	}
	if got := Explain(store.ErrBoardInUse); !strings.Contains(got, "nhắm riêng tới bảng này") {
		t.Errorf("Explain(board in use) = %q", got)
	}
	if got := Explain(fmt.Errorf("%w: database at schema 99, this program knows 16", store.ErrNewerSchema)); !strings.Contains(got, "bản codong mới hơn") {
		t.Errorf("a newer schema is said as %q", got)
	}
	if got := Explain(errors.New("disk full")); got != "disk full" {
		t.Errorf("Explain(unforeseen) = %q", got)
	}
}

package letterhead

import (
	"testing"

	"codong/controller/store"
)

// A nil tree is the root alone: its documents keep the root's head.
func TestForUnitKeepsTheRootsHead(t *testing.T) {
	root := Head{Kind: store.IssuerParty, Org: "Đảng bộ tỉnh Lai Châu", Issuer: "Đảng uỷ xã Liên Minh", Place: "Liên Minh", Signer: "Nguyễn Văn A"}
	var tree *store.Tree
	u, _ := tree.ByID(store.RootUnit)
	if got := ForUnit(root, tree, u); got != root {
		t.Fatalf("the root's head became %+v", got)
	}
}

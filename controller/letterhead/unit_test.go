package letterhead

import (
	"context"
	"path/filepath"
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

// A unit below the root issues its own documents, under and to the unit
// above, the root called by its issuer's name; place and signer are left
// to write in by hand.
func TestForUnitBelowTheRoot(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "codong.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.Actor{Key: "cli", Name: "thử", Roles: store.AllRoles}
	xa, _ := st.AddUnit(ctx, admin, "Xã An Phú", store.RootUnitSlug)
	thon, _ := st.AddUnit(ctx, admin, "Thôn An Phú 1", xa.Slug)
	tree, _ := st.Units(ctx)
	root := Head{Kind: store.IssuerParty, Org: "Đảng bộ tỉnh Lai Châu", Issuer: "Đảng uỷ tỉnh Lai Châu", Place: "Lai Châu", Signer: "Nguyễn Văn A", SignerTitle: "Bí thư"}
	if got := ForUnit(root, tree, xa); got != (Head{Kind: store.IssuerParty, Org: "Đảng uỷ tỉnh Lai Châu", Issuer: "Xã An Phú", Recipient: "Đảng uỷ tỉnh Lai Châu"}) {
		t.Errorf("the commune's head: %+v", got)
	}
	if got := ForUnit(root, tree, thon); got.Org != "Xã An Phú" || got.Issuer != "Thôn An Phú 1" || got.Recipient != "Xã An Phú" || got.Place != "" || got.Signer != "" {
		t.Errorf("the hamlet's head: %+v", got)
	}
}

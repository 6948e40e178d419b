package letterhead

import "codong/controller/store"

// ForUnit is the head of a document a unit below the root issues (its
// report upward): the unit issues it, under the unit above it, to which
// it goes; the place, the signer and the signer's title, which the
// installation's settings give only for the root, are left as dotted
// lines to write in by hand. The root's documents keep the root's head.
func ForUnit(root Head, t *store.Tree, unit store.Unit) Head {
	if unit.ID == store.RootUnit || unit.Parent == "" {
		return root
	}
	above, ok := t.BySlug(unit.Parent)
	if !ok {
		return root
	}
	org := above.Name
	if above.ID == store.RootUnit && root.Issuer != "" {
		// The root unit's name may be the generic one; its issuer is
		// what its documents call it.
		org = root.Issuer
	}
	return Head{Kind: root.Kind, Org: org, Issuer: unit.Name, Recipient: org}
}

package store

import (
	"fmt"
	"slices"
	"strings"
)

// Roles a user or API token can hold. A user may hold several; none
// implies another (an admin is not an approver unless also given that).
const (
	RoleEditor   = "editor"   // drafts content
	RoleApprover = "approver" // approves or rejects drafts
	RoleOperator = "operator" // the switch, power, pairing
	RoleAdmin    = "admin"    // users, tokens, boards, settings
)

// AllRoles lists the roles in the order pages show them.
var AllRoles = []string{RoleEditor, RoleApprover, RoleOperator, RoleAdmin}

// Roles is a set of roles, kept sorted and without repeats; it is
// stored as a comma-separated list.
type Roles []string

// ErrUnknownRole is returned for a role name that does not exist.
var ErrUnknownRole = fmt.Errorf("unknown role")

// ParseRoles reads "editor,approver" (spaces allowed). It refuses unknown
// roles and an empty set.
func ParseRoles(s string) (Roles, error) {
	var r Roles
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !slices.Contains(AllRoles, part) {
			return nil, fmt.Errorf("%w: %q", ErrUnknownRole, part)
		}
		r = append(r, part)
	}
	if len(r) == 0 {
		return nil, fmt.Errorf("%w: none given", ErrUnknownRole)
	}
	slices.Sort(r)
	return slices.Compact(r), nil
}

// Has reports whether the set holds role.
func (r Roles) Has(role string) bool { return slices.Contains(r, role) }

func (r Roles) String() string { return strings.Join(r, ",") }

// Actor is who makes a change, for authorisation and the audit log.
type Actor struct {
	// Key names the person behind the change, the same whichever way
	// they come in: "user:7" for a user, and for an API token the user
	// who created it, or "token:3" for one made on the command line.
	// Four-eyes approval compares keys.
	Key     string
	Name    string // shown in the audit log and on pages
	Roles   Roles
	Address string // the client's network address, "" off the network
	// Token is the API token the request came with (0: a browser, the
	// command line): a token it mints is its child.
	Token int64
	// Unit is the unit the actor holds its roles in: they apply to it
	// and to every unit under it. 0: the root (the command line, the
	// controller itself).
	Unit int64
}

// SystemKey is the actor key of the controller itself: the content
// seeded at first start (drafts a person approves) and content that
// existed before approval. The system approves nothing.
const SystemKey = "system"

// CommandLineKey is the actor key of whoever runs the codong command on
// the server; the tokens it makes each stand for themselves.
const CommandLineKey = "cli"

// UserKey is the actor key of a user.
func UserKey(id int64) string { return fmt.Sprintf("user:%d", id) }

// TokenKey is the actor key of an API token made with no user behind it.
func TokenKey(id int64) string { return fmt.Sprintf("token:%d", id) }

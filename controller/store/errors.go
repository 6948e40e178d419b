package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteCode is the result code SQLite gave for err, or 0 (SQLITE_OK) when
// err did not come from SQLite. The driver turns extended result codes on
// for every connection, so this is the extended code, e.g.
// SQLITE_CONSTRAINT_UNIQUE (2067) rather than SQLITE_CONSTRAINT (19); its
// low byte is the primary code. Codes, unlike message texts, are part of
// SQLite's stable interface.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// isBusy reports whether another connection held a lock SQLite needed:
// SQLITE_BUSY or SQLITE_LOCKED, with any of their extended forms (such as
// SQLITE_BUSY_SNAPSHOT or SQLITE_BUSY_TIMEOUT).
func isBusy(err error) bool {
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// constraint failing: a name, code or token already taken. A primary key
// counts too, e.g. a pairing code (the table's TEXT PRIMARY KEY) drawn twice.
func isUniqueViolation(err error) bool {
	if pgCode(err) == "23505" { // unique_violation
		return true
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}

// isForeignKeyViolation reports whether err is a FOREIGN KEY constraint
// failing: a reference to a row that is gone.
func isForeignKeyViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY || pgCode(err) == "23503" // foreign_key_violation
}

// isCheckViolation reports whether err is a CHECK constraint failing: a
// row the table itself refuses, whatever the code above it wrote.
func isCheckViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_CHECK || pgCode(err) == "23514" // check_violation
}

// pgCode is the SQLSTATE PostgreSQL gave for err, or "" when err did not
// come from PostgreSQL. Codes, unlike messages, are stable.
func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

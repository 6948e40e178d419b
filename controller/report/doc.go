// Package report answers what was shown where, once, for both the API
// and the pages: the query a report is asked by, its tables and their
// CSV.
package report

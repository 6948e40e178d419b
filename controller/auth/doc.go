// Package auth says who is asking: the actor behind a request (a
// session or an API token), the roles a route needs, and the login
// throttle.
package auth

// Package netguard protects the controller's listener: it caps open
// connections in all and per address, keeps requests' bodies and
// responses moving, gates board handshakes and raises the open-file limit.
package netguard

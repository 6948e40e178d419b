package controller

import "time"

// defaultOfflineAfter is how long a board may be unheard before the wall
// marks it offline. A link that drops and comes back within it (a player
// restarting, a mobile link changing cell) shows as reconnecting rather
// than alarming the operator; the hub itself drops a link whose board
// stops answering pings within a minute (hub.pongWait).
const defaultOfflineAfter = 2 * time.Minute

// A board's state on the wall.
const (
	stateOnline        = "online"         // linked, and its display is drawn
	stateNotDisplaying = "not_displaying" // linked, but nothing draws its frames
	stateReconnecting  = "reconnecting"   // unheard for less than OfflineAfter
	stateOffline       = "offline"        // unheard for longer
	stateNever         = "never"          // never connected
)

// boardState tells the board's state and says it for people.
func (s *Server) boardState(v boardView) (state, text string) {
	switch {
	case v.Online:
		return stateOnline, "trực tuyến"
	case v.Connected:
		return stateNotDisplaying, "đã kết nối nhưng không hiển thị: " + v.DisplayProblem
	case v.LastSeenAt.IsZero():
		return stateNever, "chưa kết nối lần nào"
	}
	if s.cfg.Now().Sub(v.LastSeenAt) <= s.cfg.OfflineAfter {
		return stateReconnecting, "vừa mất kết nối, đang chờ bảng kết nối lại"
	}
	// A time, not a running count of minutes: the wall's text changes
	// only when the board's state does.
	return stateOffline, "mất liên lạc từ " + v.LastSeenAt.In(s.cfg.Location).Format("15:04 02/01/2006")
}

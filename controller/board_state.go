package controller

import (
	"fmt"
	"time"
)

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
	silent := s.cfg.Now().Sub(v.LastSeenAt)
	if silent <= s.cfg.OfflineAfter {
		return stateReconnecting, "vừa mất kết nối, đang chờ bảng kết nối lại"
	}
	return stateOffline, fmt.Sprintf("mất liên lạc %s, lần cuối %s", silenceText(silent),
		v.LastSeenAt.In(s.cfg.Location).Format("15:04 02/01/2006"))
}

// silenceText says a silence in the largest whole unit that fits.
func silenceText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d ngày", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d giờ", int(d/time.Hour))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d phút", int(d/time.Minute))
	}
	return fmt.Sprintf("%d giây", int(d/time.Second))
}

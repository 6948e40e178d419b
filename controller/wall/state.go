package wall

import "time"

// DefaultOfflineAfter is how long a board may be unheard before the wall
// marks it offline. A link that drops and comes back within it (a player
// restarting, a mobile link changing cell) shows as reconnecting rather
// than alarming the operator; the hub itself drops a link whose board
// stops answering pings within a minute (hub.pongWait).
const DefaultOfflineAfter = 2 * time.Minute

// A board's state on the wall.
const (
	StateOnline        = "online"         // linked, and its display is drawn
	StateNotDisplaying = "not_displaying" // linked, but nothing draws its frames
	StateReconnecting  = "reconnecting"   // unheard for less than OfflineAfter
	StateOffline       = "offline"        // unheard for longer
	StateNever         = "never"          // never connected
)

// state tells the board's state and says it for people.
func (wl *Wall) state(v Board) (state, text string) {
	switch {
	case v.Online:
		return StateOnline, "trực tuyến"
	case v.Connected:
		return StateNotDisplaying, "đã kết nối nhưng không hiển thị: " + v.DisplayProblem
	case v.LastSeenAt.IsZero():
		return StateNever, "chưa kết nối lần nào"
	}
	if wl.cfg.Now().Sub(v.LastSeenAt) <= wl.cfg.OfflineAfter {
		return StateReconnecting, "vừa mất kết nối, đang chờ bảng kết nối lại"
	}
	// A time, not a running count of minutes: the wall's text changes
	// only when the board's state does.
	return StateOffline, "mất liên lạc từ " + v.LastSeenAt.In(wl.cfg.Location).Format("15:04 02/01/2006")
}

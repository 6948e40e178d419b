package player

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// To a controller of protocol 2.2 a board says which picture it shows
// and which part of it, and sends no thumbnail; it sends its own pixels
// when asked, as the thumbnail of its frame, raw in a binary frame. To
// an older controller it sends its thumbnail as before.
func TestBoardSaysWhatItShowsAndSendsPixelsWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		name, level string
		shows       bool
	}{{"controller of 2.2", protocol.Level, true}, {"controller of 2.1", "2.1", false}} {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			fc.level = tc.level
			p := testPlayer(t, fc.url(), pub)
			cr := p.credentials()
			cr.BoardID, cr.Revision = 7, 2
			p.setCredentials(cr)
			p.setThumbnail(fc.sum, fc.picture, false, 0, 0)
			p.mu.Lock()
			p.status.Asset = fc.sum
			p.mu.Unlock()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			_, _, result := startSession(ctx, p)
			conn := fc.link()
			st := expect(t, conn, protocol.TypeStatus).Status
			if tc.shows {
				if st.Shows == nil || st.Thumbnail != nil {
					t.Fatalf("status to a 2.2 controller: shows %+v, %d bytes of thumbnail", st.Shows, len(st.Thumbnail))
				}
			} else if st.Shows != nil || !bytes.Equal(st.Thumbnail, Thumbnail(fc.picture)) {
				t.Fatalf("status to an older controller: shows %+v, thumbnail %d bytes", st.Shows, len(st.Thumbnail))
			}
			if !tc.shows {
				return
			}
			// A page turned: the controller hears of it at once.
			p.setThumbnail(fc.sum, fc.picture, false, 0, 1)
			poke(p.showsCh)
			if st := expect(t, conn, protocol.TypeStatus).Status; st.Shows == nil || st.Shows.Page != 1 {
				t.Fatalf("after a page turn: shows %+v", st.Shows)
			}
			if err := conn.WriteJSON(protocol.NewScreenshotRequest(5)); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			kind, data, err := conn.ReadMessage()
			if err != nil || kind != websocket.BinaryMessage {
				t.Fatalf("answer to a screenshot request: kind %d, %v", kind, err)
			}
			m, png, err := protocol.DecodeBinary(data)
			if err != nil || m.Screenshot.ID != 5 || m.Screenshot.Asset != fc.sum || !bytes.Equal(png, Thumbnail(fc.picture)) {
				t.Fatalf("screenshot %+v (%d bytes): %v", m.Screenshot, len(png), err)
			}
			select {
			case err := <-result:
				t.Fatalf("session ended: %v", err)
			default:
			}
		})
	}
}

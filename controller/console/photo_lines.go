package console

import (
	"codong/controller/words"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"codong/controller/store"
)

// describePhoto fills a photo version's change: its caption and fit
// beside the approved ones, and previews of this version at every board
// size in use.
func (s *Handler) describePhoto(ctx context.Context, sc store.Scope, ch *Change, old store.Version, hasOld bool) error {
	var nb, ob store.PhotoBody
	if err := json.Unmarshal(ch.Body, &nb); err != nil {
		return err
	}
	name := fmt.Sprintf("#%d (đã xoá)", ch.Version.Subject)
	if p, err := s.store.Photo(ctx, store.Everything, ch.Version.Subject); err == nil {
		name = p.Name
	}
	ch.Subject, ch.New = photoTitle(nb.Caption, name), []string{photoLineText(nb)}
	if hasOld && json.Unmarshal(old.Body, &ob) == nil {
		ch.Old = []string{photoLineText(ob)}
	}
	sizes, err := s.desk.SizesInUse(ctx, sc)
	if err != nil {
		return err
	}
	for _, sz := range sizes {
		ch.Previews = append(ch.Previews, changePreview{Size: sz.String(),
			URL: fmt.Sprintf("/photos/%d/preview.png?size=%s&version=%d", ch.Version.Subject, sz, ch.Version.ID)})
	}
	return nil
}

// photoTitle names a photo as its caption, or else its file name.
func photoTitle(caption, name string) string {
	if caption != "" {
		return caption
	}
	return "Ảnh " + name
}

func photoLineText(b store.PhotoBody) string {
	caption := "không có chú thích"
	if b.Caption != "" {
		caption = "chú thích “" + b.Caption + "”"
	}
	return caption + "; " + strings.ToLower(fitNames[b.Fit]) + "; kiểu " + words.StyleLabel(b.Style)
}

// photoLine names a photo in a playlist version's lines.
func (s *Handler) photoLine(ctx context.Context, id int64) string {
	p, err := s.store.Photo(ctx, store.Everything, id)
	if err != nil {
		return fmt.Sprintf("ảnh #%d (đã xoá)", id)
	}
	text := "ảnh: " + photoTitle(p.Caption, p.Name)
	if p.Approved == nil {
		text += " (ảnh chưa được duyệt: chưa hiện)"
	}
	return text
}

package staff

import (
	"context"
	"slices"

	"codong/assets"
	"codong/controller/store"
)

// SizesInUse are the sizes of the boards the officer sees (sc), so previews
// show what the street will see; without boards, the common two.
func (d *Desk) SizesInUse(ctx context.Context, sc store.Scope) ([]assets.Size, error) {
	boards, err := d.store.Boards(ctx, sc)
	if err != nil {
		return nil, err
	}
	var sizes []assets.Size
	for _, b := range boards {
		sz := assets.Size{W: b.Width, H: b.Height}
		if !slices.Contains(sizes, sz) {
			sizes = append(sizes, sz)
		}
	}
	if len(sizes) == 0 {
		sizes = PreviewSizes
	}
	return sizes, nil
}

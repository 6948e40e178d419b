package assets

// The legible floor of a low board (a LED board: shorter side up to
// hintBoardSide). A passer-by reads a LED board from a distance that
// grows with the board: the number to beat is 16-pixel capitals on a
// 128-pixel board read at 10 m (a P10 board, 1.28 m high, read from
// eight board heights). Keeping that ratio on every board gives a
// capital of an eighth of the board's height, about 0.9° of the
// reader's eye wherever they stand at eight board heights. Below 16
// rows the stacked marks of Ế, Ề, Ộ, Ẫ run into each other and into the
// capital (at 12-13 rows they are 2-3-pixel smudges), whatever the
// board, so 16 rows is the floor of every low board. Screens (shorter
// side over hintBoardSide) are read from near: their floor stays the
// style's MinCapHeight.
const (
	floorMarkRows     = 16 // rows a capital needs for its stacked marks
	floorBoardHeights = 8  // a board is read from this many heights away
)

// lowBoard reports a LED board, where the floor applies.
func lowBoard(size Size) bool { return min(size.W, size.H) <= hintBoardSide }

// capFloor is the smallest cap height, in pixels as layouts measure it,
// that a still or a page may have on the board; a still below it turns
// into pages or a strip. A low board is always hinted, and the hinted
// grid draws a capital of 15.5 pixels or more on 16 rows: the floor is
// counted in rows.
func capFloor(style Style, size Size) float64 {
	min := float64(style.MinCapHeight)
	if !lowBoard(size) {
		return min
	}
	rows := max(min, floorMarkRows, float64(size.H)/floorBoardHeights)
	return rows - 0.5
}

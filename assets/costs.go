package assets

// breakCosts is the one table of what ending a line costs, by where it
// ends. Costs are in the units of lineCost: a line with no slack costs 0,
// an empty line 1000, and fit trades about 7% of the letter size for 300.
// A negative cost is a bonus. Change a cost here and TestBreakCosts shows
// which choices move.
var breakCosts = struct {
	// afterSentence and afterClause are the natural pauses: after . ! ?,
	// and after , ; : or a dash, or before a bracket. A clause bonus of
	// 100 buys a break that leaves about a third of a line more imbalance
	// than the best one.
	afterSentence, afterClause int64
	// afterLeaning: after a word that leans on the next ("của | Đảng",
	// "và | bảo vệ"); fit also refuses such a line end unless every
	// other layout is more than a tenth smaller.
	afterLeaning int64
	// loneSyllable: a line of one syllable among longer ones ("MỪNG").
	loneSyllable int64
	// beforeNumber: a number reads best after the word it counts.
	beforeNumber int64
	// insideCohesive: inside a word group that reads best on one line
	// ("Ủy ban nhân dân", cohesivePhrases).
	insideCohesive int64
	// phraseSplits are the names kept whole on one line wherever that
	// line is legible (names.go's strict rule), and the inner points,
	// each marked "|", where a board too narrow for the whole name may
	// break it, between inner units that stay whole ("Việt Nam", "Hồ Chí
	// Minh", "toàn quốc"). The cost orders the points when there are
	// several; a point is open only when the whole name is not legible.
	phraseSplits []phraseSplit
}{
	afterSentence:  -150,
	afterClause:    -100,
	afterLeaning:   400,
	loneSyllable:   800,
	beforeNumber:   50,
	insideCohesive: 80,
	phraseSplits: []phraseSplit{
		{"Đảng Cộng sản | Việt Nam", 300},
		{"Đại hội | đại biểu | toàn quốc | lần thứ", 200},
		{"Đại hội đại biểu | toàn quốc", 200},
		{"chủ nghĩa | Mác - Lênin", 250},
		{"Mặt trận | Tổ quốc Việt Nam", 200},
		{"Thành phố | Hồ Chí Minh", 250},
		{"Chủ tịch | Hồ Chí Minh", 300},
		{"Tổ quốc | Việt Nam", 250},
		{"Cộng hòa | xã hội chủ nghĩa", 150},
		{"xã hội chủ nghĩa | Việt Nam", 150},
		{"Ban Chấp hành | Đảng bộ", 150},
		{"Đảng bộ | các cấp", 150},
	},
}

// phraseSplit is a name and where it may break: "|" marks each place.
type phraseSplit struct {
	phrase string
	cost   int64
}

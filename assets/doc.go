// Package assets turns content into pixels for the boards.
//
// The slogan renderer (Renderer.Render) sets Vietnamese text the way a good
// print shop would, in these steps:
//
//   - normalise: NFC first, so decomposed input draws exactly like
//     precomposed input; look-alike letters (Ð U+00D0) become Đ; the
//     writer's tone-mark placement (hoà / hòa) is kept.
//   - words: the text splits at spaces only, never inside a syllable;
//     units that must stay on one line are glued: number ranges and dates,
//     "lần thứ" with its numeral, proper names found from the capitals as
//     typed, and the phrases of phrases.go.
//   - fit: widths are sums of glyph advances and GPOS or kern pairs in font
//     units, so every candidate size and line count is pure integer
//     arithmetic; breaks are chosen for the whole paragraph (minimum
//     raggedness, preferring commas, avoiding a lone short syllable).
//   - set: glyphs are rasterised once per size with golang/freetype
//     (hinted on small LED boards) and cached; line spacing comes from
//     the real ink, so stacked capitals and dots below never touch.
//   - encode: the coverage canvas is the pixel data of a paletted PNG, so
//     output is small, fast, and the same bytes for the same request.
//
// Text too small to read on a board becomes a one-line strip for
// horizontal scrolling, and Layout.Scroll says so.
package assets

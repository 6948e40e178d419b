// Package preview serves the pictures staff look at before boards do: a
// slogan's and a photo's, by the same code for the API and the pages, so
// what the form shows is what the API renders and what boards get.
package preview

import (
	"codong/assets"
	"codong/controller/render"
	"codong/controller/staff"
	"codong/controller/store"
)

// Handler serves previews; the root's route tables name its methods.
type Handler struct {
	store    *store.Store
	desk     *staff.Desk
	assets   *assets.Store
	renderer *assets.Renderer
	rend     *render.Renditions
	renders  *render.Budget
	previews *render.PreviewCache
}

// Config is what previews are drawn with.
type Config struct {
	Store      *store.Store
	Desk       *staff.Desk
	Assets     *assets.Store
	Renderer   *assets.Renderer
	Renditions *render.Renditions
	Budget     *render.Budget
	Cache      *render.PreviewCache
}

// New returns the previews' handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, desk: cfg.Desk, assets: cfg.Assets, renderer: cfg.Renderer,
		rend: cfg.Renditions, renders: cfg.Budget, previews: cfg.Cache}
}

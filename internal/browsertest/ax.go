package browsertest

import (
	"fmt"
	"strings"
)

// axNode is one node of the browser's accessibility tree: what a screen
// reader is given, after CSS has hidden or rearranged the page.
type axNode struct {
	ID       string   `json:"nodeId"`
	Ignored  bool     `json:"ignored"`
	Role     axValue  `json:"role"`
	Children []string `json:"childIds"`
	DOMNode  int      `json:"backendDOMNodeId"`
}

type axValue struct {
	Value any `json:"value"`
}

// HeaderlessTables lists the tables whose cells a screen reader reads
// with no header: tables in the accessibility tree with cells but not one
// column or row header left (CSS that hides a thead with display: none
// takes its headers out of the tree). Each is named by its element's tag,
// class and cell count.
func (b *Browser) HeaderlessTables() ([]string, error) {
	var tree struct {
		Nodes []axNode `json:"nodes"`
	}
	if err := b.Call("Accessibility.getFullAXTree", nil, &tree); err != nil {
		return nil, err
	}
	byID := make(map[string]*axNode, len(tree.Nodes))
	for i := range tree.Nodes {
		byID[tree.Nodes[i].ID] = &tree.Nodes[i]
	}
	var found []string
	for _, n := range tree.Nodes {
		if n.Ignored || n.Role.Value != "table" {
			continue
		}
		cells, headers := 0, 0
		var walk func(id string)
		walk = func(id string) {
			c := byID[id]
			if c == nil {
				return
			}
			if !c.Ignored {
				switch c.Role.Value {
				case "cell", "gridcell":
					cells++
				case "columnheader", "rowheader":
					headers++
				case "table":
					if c.ID != n.ID {
						return // a table inside a cell counts for itself
					}
				}
			}
			for _, k := range c.Children {
				walk(k)
			}
		}
		walk(n.ID)
		if cells > 0 && headers == 0 {
			found = append(found, fmt.Sprintf("%s: %d cells", b.describe(n.DOMNode), cells))
		}
	}
	return found, nil
}

// describe names a DOM node by its tag and class, for failure messages.
func (b *Browser) describe(backendID int) string {
	var d struct {
		Node struct {
			Name       string   `json:"localName"`
			Attributes []string `json:"attributes"`
		} `json:"node"`
	}
	if err := b.Call("DOM.describeNode", map[string]any{"backendNodeId": backendID}, &d); err != nil {
		return fmt.Sprintf("node %d", backendID)
	}
	name := d.Node.Name
	for i := 0; i+1 < len(d.Node.Attributes); i += 2 {
		if d.Node.Attributes[i] == "class" {
			name += "." + strings.ReplaceAll(d.Node.Attributes[i+1], " ", ".")
		}
	}
	return name
}

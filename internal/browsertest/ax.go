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
	Name     axValue  `json:"name"`
	Children []string `json:"childIds"`
	DOMNode  int      `json:"backendDOMNodeId"`
}

type axValue struct {
	Value any `json:"value"`
}

// TableReadingProblems lists the tables a screen reader reads badly, as
// the browser's accessibility tree has them: tables with cells but not
// one column or row header left (CSS that hides a thead with display:
// none takes its headers out of the tree), and cells whose name repeats
// their header ("Kiểu: Cổ điển" read after the header "Kiểu", from a
// label CSS drew for the eye). Each table is named by its element's tag
// and class.
func (b *Browser) TableReadingProblems() ([]string, error) {
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
		cells, repeated := 0, 0
		var headers, names []string
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
					names = append(names, fmt.Sprint(c.Name.Value))
				case "columnheader", "rowheader":
					headers = append(headers, fmt.Sprint(c.Name.Value))
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
		for _, name := range names {
			for _, h := range headers {
				if h != "" && strings.HasPrefix(name, h+":") {
					repeated++
					break
				}
			}
		}
		switch {
		case cells > 0 && len(headers) == 0:
			found = append(found, fmt.Sprintf("%s: %d cells with no header", b.describe(n.DOMNode), cells))
		case repeated > 0:
			found = append(found, fmt.Sprintf("%s: %d cells that repeat their header", b.describe(n.DOMNode), repeated))
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

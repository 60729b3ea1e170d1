package yamlnode_test

import (
	"errors"
	"fmt"

	"github.com/deliberate-dev/deliberate/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

var errInvalid = errors.New("invalid criterion")

// A parser declares the fields it knows; everything else is reported with
// its path and position, and the reader's problems become one error.
func ExampleReader_Fields() {
	var r yamlnode.Reader
	root := r.Parse([]byte("id: speed\nwieght: 30\nid: cost\n"))
	var id string
	var weight float64
	r.Fields(root, "criteria[0]", yamlnode.Handlers{
		"id":     func(v *yaml.Node, p string) { id = r.Str(v, p) },
		"weight": func(v *yaml.Node, p string) { weight, _ = r.Number(v, p) },
	})
	err := r.Err(errInvalid)
	fmt.Println(id, weight)
	fmt.Println(err)
	fmt.Println(errors.Is(err, yamlnode.ErrUnknownField), errors.Is(err, yamlnode.ErrDuplicateKey))
	// Output:
	// speed 0
	// invalid criterion: 2 problems
	// 	criteria[0].wieght (line 2, column 1): unknown field "wieght" (did you mean "weight"?)
	// 	criteria[0].id (line 3, column 1): duplicate key "id" (lines 1 and 3)
	// true true
}

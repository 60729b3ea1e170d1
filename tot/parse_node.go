package tot

import (
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// A nodeReader walks a decision file's YAML node tree with the module's
// one walker (internal/yamlnode), collecting every problem with its path and
// position.
type nodeReader struct {
	yamlnode.Reader
}

func (r *nodeReader) addf(path, format string, args ...any) {
	r.Errorf(nil, path, format, args...)
}

// indexPath returns "path[i]".
func indexPath(path string, i int) string { return yamlnode.Index(path, i) }

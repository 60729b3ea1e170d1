package adr

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// TemplateFuncs returns the functions NewTemplate makes available to user
// templates, so that they can escape user text as Render does:
//
//	cell    escapes text for a table cell (pipes, HTML, line breaks)
//	inline  escapes text for a list item or heading
//	block   makes multi-line Markdown safe as a section body
//	slug    adr-tools' file-name slug
//	fixed   formats a float64 with n decimals ("fixed 1 72.5")
//	pct     formats a criterion weight as "30%"
//	join    escapes and joins strings with ", "
func TemplateFuncs() template.FuncMap {
	return template.FuncMap{
		"cell":   mdtext.Cell,
		"inline": mdtext.Inline,
		"block":  mdtext.Block,
		"slug":   mdtext.Slug,
		"fixed":  func(prec int, v float64) string { return numfmt.Fixed(v, prec) },
		"pct":    weightText,
		"join":   join,
	}
}

// NewTemplate parses a user template (text/template syntax) over a Record,
// with TemplateFuncs available.
func NewTemplate(name, text string) (*template.Template, error) {
	t, err := template.New(name).Funcs(TemplateFuncs()).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("adr: template %s: %w", name, err)
	}
	return t, nil
}

// RenderTemplate executes a user template with the record as its data, for
// teams with their own ADR format. Numbers are Number values ({{.Threshold}}
// prints at the declared precision); escaping is the template's business,
// with the functions of TemplateFuncs. The output is written only if the
// template executes without error.
func (r *Record) RenderTemplate(w io.Writer, t *template.Template) error {
	var b strings.Builder
	if err := t.Execute(&b, r); err != nil {
		return fmt.Errorf("adr: template: %w", err)
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(b.String()); err != nil {
		return err
	}
	return bw.Flush()
}

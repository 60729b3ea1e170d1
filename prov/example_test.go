package prov_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/prov"
)

// Record that a program generated an ADR from a decision file and a template.
func ExampleGenerated() {
	at := time.Date(2026, 1, 25, 19, 30, 0, 0, time.UTC)
	out := prov.Artifact{Path: "docs/adr/0007-primary-database.md", Content: []byte("# ADR-0007\n")}
	inputs := []prov.Artifact{
		{Path: "decisions/database.yaml", Type: "data", Content: []byte("title: db\n"), Derivation: "implements"},
	}
	d := prov.Generated(out, inputs, prov.Activity{}, prov.Agent{ID: "tool:deliberate", Version: "0.1.0"}, at)
	fmt.Println("problems:", len(prov.Validate(d)))
	if err := d.WriteRecord(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// problems: 0
	// metadata:
	//   schema_version: 1.0.0
	//   created_at: "2026-01-25T19:30:00Z"
	//   description: Provenance record for docs/adr/0007-primary-database.md
	// entity:
	//   - id: urn:aiwg:artifact:docs/adr/0007-primary-database.md
	//     type: document
	//     created_at: "2026-01-25T19:30:00Z"
	//     checksum: sha256:fdf8874567ee2d032b95ec18ae1ec8a0cd2798f49aef12282f9fc6c4249ef6c0
	//     size_bytes: 11
	//     attributes: {}
	//   - id: urn:aiwg:artifact:decisions/database.yaml
	//     type: data
	//     checksum: sha256:2ae0b072d34442e765b48e773eed8a8726b59a880544c79d90150553ae4ea598
	//     size_bytes: 10
	//     attributes: {}
	// activity:
	//   id: urn:aiwg:activity:generation:0007-primary-database:001
	//   type: generation
	//   started_at: "2026-01-25T19:30:00Z"
	//   ended_at: "2026-01-25T19:30:00Z"
	//   duration_seconds: 0
	//   attributes: {}
	// agent:
	//   id: urn:aiwg:agent:tool:deliberate
	//   type: automated_tool
	//   version: 0.1.0
	//   attributes: {}
	// relationships:
	//   wasGeneratedBy:
	//     entity: urn:aiwg:artifact:docs/adr/0007-primary-database.md
	//     activity: urn:aiwg:activity:generation:0007-primary-database:001
	//     time: "2026-01-25T19:30:00Z"
	//   used:
	//     activity: urn:aiwg:activity:generation:0007-primary-database:001
	//     entity: urn:aiwg:artifact:decisions/database.yaml
	//   wasDerivedFrom:
	//     entity: urn:aiwg:artifact:docs/adr/0007-primary-database.md
	//     source: urn:aiwg:artifact:decisions/database.yaml
	//     derivation_type: implements
	//     activity: urn:aiwg:activity:generation:0007-primary-database:001
	//   wasAssociatedWith:
	//     activity: urn:aiwg:activity:generation:0007-primary-database:001
	//     agent: urn:aiwg:agent:tool:deliberate
	//   wasAttributedTo:
	//     entity: urn:aiwg:artifact:docs/adr/0007-primary-database.md
	//     agent: urn:aiwg:agent:tool:deliberate
}

// Convert PROV-N to PROV-JSON.
func ExampleReadProvN() {
	d, err := prov.ReadProvN(strings.NewReader(`document
  prefix ex <http://example.org/>
  entity(ex:report, [ex:pages = "12" %% xsd:int])
  wasDerivedFrom(ex:report, ex:data)
endDocument`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := d.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "prefix": {
	//     "ex": "http://example.org/"
	//   },
	//   "entity": {
	//     "ex:report": {
	//       "ex:pages": {
	//         "$": "12",
	//         "type": "xsd:int"
	//       }
	//     }
	//   },
	//   "wasDerivedFrom": {
	//     "_:id1": {
	//       "prov:generatedEntity": "ex:report",
	//       "prov:usedEntity": "ex:data"
	//     }
	//   }
	// }
}

// Convert PROV-JSON to PROV-N; literals keep their exact form.
func ExampleReadJSON() {
	d, err := prov.ReadJSON(strings.NewReader(`{
  "prefix": {"ex": "http://example.org/"},
  "activity": {"ex:a": {"prov:startTime": "2026-01-25T19:29:45-05:00", "ex:cost": {"$": "1.50", "type": "xsd:decimal"}}}
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := d.WriteProvN(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// document
	//   prefix ex <http://example.org/>
	//
	//   activity(ex:a, 2026-01-25T19:29:45-05:00, -, [ex:cost = "1.50" %% xsd:decimal])
	// endDocument
}

// Validation reports each broken rule with a stable code.
func ExampleValidate() {
	d, _ := prov.ReadProvN(strings.NewReader(`document
  prefix ex <http://example.org/>
  activity(ex:a, 2026-01-25T19:30:00Z, 2026-01-25T19:00:00Z)
  entity(ex:e)
  wasGeneratedBy(ex:g; ex:e, ex:a, -)
  wasGeneratedBy(ex:g; ex:e, ex:other, -)
endDocument`))
	for _, p := range prov.Validate(d) {
		fmt.Println(p.Severity, p.Code, "|", p.Where, "|", p.Message)
	}
	// Output:
	// error activity-ends-before-start | activity ex:a | ends at 2026-01-25T19:00:00Z before it starts at 2026-01-25T19:30:00Z
	// warning dangling-reference | wasGeneratedBy ex:g | activity ex:other is not declared as an activity
	// error same-id-conflict | wasGeneratedBy ex:g | wasGeneratedBy conflicts with wasGeneratedBy ex:g on activity: ex:a versus ex:other
}

// Trace what derives from a requirement and find requirements nothing
// implements.
func ExampleGraph() {
	d, _ := prov.ReadProvN(strings.NewReader(`document
  prefix ex <http://example.org/>
  entity(ex:UC-1)
  entity(ex:UC-2)
  wasDerivedFrom(ex:code, ex:UC-1, [aiwg:derivationType = "implements"])
  wasDerivedFrom(ex:test, ex:code, [aiwg:derivationType = "tests"])
endDocument`))
	g := prov.NewGraph(d)
	fmt.Println(slices.Collect(g.Derived("ex:UC-1")))
	fmt.Println(slices.Collect(g.Sources("ex:test")))
	isReq := func(q prov.QName) bool { return strings.HasPrefix(string(q), "ex:UC-") }
	fmt.Println(slices.Collect(g.Gaps(isReq, "implements")))
	fmt.Printf("%+v\n", g.Stats())
	// Output:
	// [ex:code ex:test]
	// [ex:code ex:UC-1]
	// [ex:UC-2]
	// {Nodes:4 Edges:2 Orphans:2 Leaves:2 Depth:2 Cyclic:false}
}

package tot_test

import "testing/fstest"

// assessments are two sources' GRADE assessments in the seed's
// quality-assessment form, one file each.
var assessments = fstest.MapFS{
	"REF-001-assessment.yaml": {Data: []byte(`reference_id: REF-001
source_classification: {type: industry_whitepaper, baseline_quality: HIGH, rationale: Benchmark report}
downgrade_assessment:
  risk_of_bias: {severity: serious, impact: -1, rationale: Vendor-run}
  indirectness: {severity: serious, impact: -1, rationale: Synthetic load}
`)},
	"REF-002-assessment.yaml": {Data: []byte(`reference_id: REF-002
source_classification: {type: peer_reviewed_journal, baseline_quality: HIGH, rationale: Peer-reviewed}
`)},
}

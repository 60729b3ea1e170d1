package prov

// The readers with their size bound as a parameter, so that tests can reach
// the edge without gigabytes of input.
var (
	ReadJSONLimit   = readJSON
	ReadProvNLimit  = readProvN
	ReadRecordLimit = readRecord
)

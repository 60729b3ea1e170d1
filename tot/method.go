package tot

import "fmt"

// knownMethod reports whether name is a method Evaluate supports.
// (Initial version by the lead; the MCDA work replaces this file.)
func knownMethod(name string) bool {
	return name == "" || name == "weighted_sum"
}

// methodScores scores each alternative by a method other than the weighted
// sum. x holds raw scores (rows = alternatives, columns = criteria), w the
// normalised weights (sum 1), cost marks cost criteria and scales gives each
// criterion's scale. It returns one score per alternative on 0–100, higher is
// better.
func methodScores(method string, x [][]float64, w []float64, cost []bool, scales []Scale) ([]float64, error) {
	return nil, fmt.Errorf("method %q: not supported", method)
}

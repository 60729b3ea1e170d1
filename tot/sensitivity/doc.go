// Package sensitivity analyses how much a tot decision's recommendation can
// be relied on: how far each criterion's weight can move before the
// recommendation changes, whether removing an alternative reorders the
// others, how often each alternative ranks first when the weights are
// uncertain, and a confidence grade that sums it up.
//
// [Weights] gives, per criterion, the [Stability] interval of its weight
// share within which tot.Evaluate's recommendation holds, and the
// alternative recommended beyond each end. With the weighted sum the
// breakpoints are exact and computed in closed form in O(alternatives ×
// criteria²); other methods are scanned. [Perturb] is the weight
// perturbation it analyses. [Reversals] removes each alternative in turn
// and reports the pairs whose order flips ([Reversal]).
//
// [SMAA] runs SMAA-2 (stochastic multicriteria acceptability analysis) on
// a value matrix with a caller-given seed, identical for any number of
// cores; [SMAADecision] runs it on a decision's alternatives. Rank
// agreement between two rankings is measured with [Spearman],
// [KendallTau] and [WSCoefficient] on the ranks of [Ranks].
//
// [Analyze] gathers stability, reversals, optional SMAA and a [Confidence]
// grade ([ConfidenceFor]) into an [Analysis]. It honours its context:
// once the context is done it returns the context's error (such as
// context.DeadlineExceeded) within a fraction of a second, whatever the
// size of the decision.
//
// [Weights] and [Reversals] re-rank through tot (tot.Evaluate, or for the
// weighted sum's closed form tot.Rank's rule with tot.TieTolerance), so
// they agree with the evaluation they analyse. [SMAA] ranks each sample by
// its values exactly, ties in declared order. Nothing reads the clock or
// draws unseeded random numbers.
package sensitivity

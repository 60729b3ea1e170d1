// Package chart draws the pictures stakeholders decide by, as deterministic
// SVG: the same input always gives the same bytes.
//
//   - [Composites]: every alternative's composite score as a horizontal bar,
//     best first, with the decision's threshold as a dashed line, bars of
//     alternatives that fail a gate or the threshold greyed and hatched, the
//     recommended alternative (and the human selection, when it differs)
//     coloured and labelled.
//   - [Contributions]: the composite of every alternative split into the
//     points each criterion contributes, as stacked bars with a legend.
//   - [WeightStability]: for every criterion, the interval of its weight
//     within which the recommendation holds, the current weight marked (a
//     tornado chart, most sensitive criterion on top).
//   - [RankAcceptability]: SMAA-2 rank acceptability indices as stacked
//     bars, one bar per alternative, one segment per rank.
//
// Colours come from the Okabe–Ito palette (safe for the common forms of
// colour blindness) and a viridis ramp for ranks; text is set in Liberation
// Sans, which the SVG names without embedding it. Charts are sized in
// centimetres through [Options]; a nil *Options gives the defaults.
//
// chart is the only package of the module that imports gonum.org/v1/plot.
package chart

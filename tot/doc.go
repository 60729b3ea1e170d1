// Package tot evaluates weighted decision matrices the way the
// Tree-of-Thoughts architecture protocol describes: weighted criteria with
// scales, directions and critical gates, alternatives scored against them,
// composites computed exactly, viability, ranking, recommendation, margin and
// close calls, and findings for everything a record declares that the numbers
// do not support.
package tot

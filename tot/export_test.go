package tot

// MaxObservationLine exposes the line bound of observation files to the
// external tests.
const MaxObservationLine = maxObservationLine

package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot"
)

// SMAAOptions configures SMAA. The zero value samples 10,000 weight vectors
// uniformly on the simplex with seed 0 on every core.
type SMAAOptions struct {
	// Samples is the number of weight vectors drawn; 0 means 10,000.
	Samples int
	// Seed seeds the PCG generator (math/rand/v2): the same seed gives the
	// same result whatever the number of cores.
	Seed uint64
	// Ordinal, when non-empty, lists criterion indices from the most to the
	// least important: sampled weights satisfy w[Ordinal[0]] >=
	// w[Ordinal[1]] >= …; criteria not listed are unconstrained. Sampling
	// stays uniform on the constrained region.
	Ordinal []int
	// Lower and Upper, when non-nil, bound each weight (0–1) by rejection
	// sampling; an unlikely region (fewer than 1 in 10,000 draws accepted)
	// is an error.
	Lower, Upper []float64
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	// It changes the speed only, never the result.
	Workers int
}

// An SMAAResult is the outcome of SMAA-2 (Lahdelma & Salminen 2001) with
// an additive value model.
type SMAAResult struct {
	// Acceptability[i][r] is the rank acceptability index b_i^(r+1): the
	// share of sampled weights under which alternative i ranks r+1 (ties
	// broken by declared order). Each row sums to 1.
	Acceptability [][]float64
	// CentralWeights[i] is the mean of the weights under which i ranks
	// first; all zero when it never does.
	CentralWeights [][]float64
	// Samples is the number of weight vectors drawn.
	Samples int
}

// smaaChunk is the number of samples drawn from one generator stream; it
// fixes how samples are split, so the result does not depend on the number
// of workers.
const smaaChunk = 256

// maxSMAACells caps alternatives² (the rank acceptability matrix).
const maxSMAACells = 1 << 24

// SMAA runs SMAA-2 on a matrix of values u (rows = alternatives, columns =
// criteria, higher is better, e.g. from tot.Normalize or
// tot.NormalizeScales): for
// each weight vector w sampled from the (optionally constrained) simplex,
// alternatives are ranked by Σ_j w_j·u_ij. Samples are drawn in fixed
// chunks of 256, chunk k from its own PCG stream seeded by (Seed, k), and
// evaluated as one matrix product per chunk, in parallel; results are
// merged in chunk order, so they are identical for any GOMAXPROCS. It stops
// with ctx's error when ctx is cancelled.
func SMAA(ctx context.Context, u [][]float64, opts SMAAOptions) (*SMAAResult, error) {
	rows, cols, err := checkValues(u)
	if err != nil {
		return nil, err
	}
	if err := checkSMAAOptions(opts, cols); err != nil {
		return nil, err
	}
	samples := opts.Samples
	if samples == 0 {
		samples = 10000
	}
	if rows*rows > maxSMAACells {
		return nil, invalid("u", "%d alternatives need a %d×%d acceptability matrix, more than SMAA supports (%d cells)", rows, rows, rows, maxSMAACells)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nChunks := (samples + smaaChunk - 1) / smaaChunk
	workers = min(workers, nChunks)
	flatU := make([]float64, rows*cols)
	for i, row := range u {
		copy(flatU[i*cols:], row)
	}
	central := make([][]float64, nChunks) // per chunk: rows×cols sums
	counts := make([][]int32, workers)    // per worker: rows×rows counts (integer: order-free)
	errs := make([]error, nChunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cnt := make([]int32, rows*rows)
			counts[wk] = cnt
			s := &smaaScratch{}
			for {
				k := int(next.Add(1) - 1)
				if k >= nChunks {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[k] = err
					return
				}
				n := min(smaaChunk, samples-k*smaaChunk)
				central[k], errs[k] = s.chunk(ctx, flatU, rows, cols, n, k, opts, cnt)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	total := make([]int64, rows*rows)
	for _, c := range counts {
		for i, v := range c {
			total[i] += int64(v)
		}
	}
	cw := make([]float64, rows*cols)
	for _, c := range central { // chunk order: deterministic float sums
		for i, v := range c {
			cw[i] += v
		}
	}
	res := &SMAAResult{Samples: samples, Acceptability: make([][]float64, rows), CentralWeights: make([][]float64, rows)}
	for i := range rows {
		acc := make([]float64, rows)
		for r := range rows {
			acc[r] = float64(total[i*rows+r]) / float64(samples)
		}
		res.Acceptability[i] = acc
		c := make([]float64, cols)
		if first := total[i*rows]; first > 0 {
			for j := range cols {
				c[j] = cw[i*cols+j] / float64(first)
			}
		}
		res.CentralWeights[i] = c
	}
	return res, nil
}

func checkSMAAOptions(o SMAAOptions, cols int) error {
	var l diag.List
	// Problems in path order: lower, ordinal, samples, upper.
	bounds := func(name string, b []float64) {
		if b == nil {
			return
		}
		if len(b) != cols {
			l.Addf(name, "has %d entries, want %d (one per criterion)", len(b), cols)
			return
		}
		for j, v := range b {
			if isBad(v) || v < 0 || v > 1 {
				l.Addf(fmt.Sprintf("%s[%d]", name, j), "must be in 0–1, got %v", v)
			}
		}
	}
	bounds("lower", o.Lower)
	seen := make([]bool, cols)
	for k, j := range o.Ordinal {
		switch {
		case j < 0 || j >= cols:
			l.Addf(fmt.Sprintf("ordinal[%d]", k), "criterion index %d out of range 0…%d", j, cols-1)
		case seen[j]:
			l.Addf(fmt.Sprintf("ordinal[%d]", k), "criterion %d listed twice", j)
		default:
			seen[j] = true
		}
	}
	if o.Samples < 0 || o.Samples > math.MaxInt32 {
		l.Addf("samples", "must be in 0…%d, got %d", math.MaxInt32, o.Samples)
	}
	bounds("upper", o.Upper)
	return l.Err(tot.ErrInvalid)
}

// checkValues checks that u is a non-empty rectangular matrix of finite
// values and returns its size.
func checkValues(u [][]float64) (rows, cols int, err error) {
	if len(u) == 0 {
		return 0, 0, invalid("u", "has no rows (alternatives)")
	}
	cols = len(u[0])
	if cols == 0 {
		return 0, 0, invalid("u[0]", "has no columns (criteria)")
	}
	var l diag.List
	for i, row := range u {
		if len(row) != cols {
			l.Addf(fmt.Sprintf("u[%d]", i), "has %d columns, want %d (ragged matrix)", len(row), cols)
			continue
		}
		for j, x := range row {
			if isBad(x) {
				l.Addf(fmt.Sprintf("u[%d][%d]", i, j), "must be a finite number, got %v", x)
			}
		}
	}
	return len(u), cols, l.Err(tot.ErrInvalid)
}

// invalid returns a validation error with one problem.
func invalid(path, format string, args ...any) error {
	var l diag.List
	l.Addf(path, format, args...)
	return l.Err(tot.ErrInvalid)
}

// smaaScratch holds one worker's buffers.
type smaaScratch struct {
	w      []float64 // n×cols weights, row per sample
	ord    []float64 // the ordinally constrained weights of one sample
	scores []float64 // n×rows, row per sample
	pos    []int32
	keys   [2][]uint64
	idx    [2][]int32
	hist   [1<<rankBucketBits + 1]int32
}

// rank returns the alternatives' indices by score descending, ties by
// index. Scores become order-preserving 64-bit keys; one counting pass
// distributes them into up to 2048 buckets by their leading differing bits
// (stable, so equal keys keep index order), and each bucket holding more
// than one key is then sorted by (key, index): insertion sort when small, a
// comparison sort otherwise. A sample costs a few passes over its scores.
func (s *smaaScratch) rank(sc []float64) []int32 {
	n := len(sc)
	for b := range s.keys {
		if cap(s.keys[b]) < n {
			s.keys[b] = make([]uint64, n)
			s.idx[b] = make([]int32, n)
		}
	}
	keys := s.keys[0][:n]
	outK, outI := s.keys[1][:n], s.idx[1][:n]
	minK, maxK := ^uint64(0), uint64(0)
	for i, x := range sc {
		if x == 0 {
			x = 0 // -0 and +0 are the same score
		}
		b := math.Float64bits(x)
		if b>>63 == 1 {
			b = ^b
		} else {
			b |= 1 << 63
		}
		k := ^b // descending score = ascending key
		keys[i] = k
		minK, maxK = min(minK, k), max(maxK, k)
	}
	shift := max(0, bits.Len64(maxK-minK)-rankBucketBits)
	h := &s.hist
	*h = [1<<rankBucketBits + 1]int32{}
	for _, k := range keys {
		h[(k-minK)>>shift+1]++
	}
	for v := 1; v < len(h); v++ {
		h[v] += h[v-1]
	}
	for i, k := range keys {
		v := (k - minK) >> shift
		p := h[v]
		h[v]++
		outK[p], outI[p] = k, int32(i)
	}
	// h[v] is now the end of bucket v (and the start of bucket v+1).
	start := int32(0)
	for v := 0; v < 1<<rankBucketBits && int(start) < n; v++ {
		end := h[v]
		if end-start > 1 {
			sortBucket(outK[start:end], outI[start:end])
		}
		start = end
	}
	return outI
}

// rankBucketBits is log2 of the number of buckets of rank.
const rankBucketBits = 11

// sortBucket sorts keys ascending, ties by index (indices arrive in
// increasing order, so a stable sort by key suffices).
func sortBucket(keys []uint64, idx []int32) {
	if len(keys) <= 32 {
		for i := 1; i < len(keys); i++ {
			k, x := keys[i], idx[i]
			j := i
			for ; j > 0 && keys[j-1] > k; j-- {
				keys[j], idx[j] = keys[j-1], idx[j-1]
			}
			keys[j], idx[j] = k, x
		}
		return
	}
	type pair struct {
		k uint64
		i int32
	}
	ps := make([]pair, len(keys))
	for i := range ps {
		ps[i] = pair{keys[i], idx[i]}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		switch {
		case a.k < b.k:
			return -1
		case a.k > b.k:
			return 1
		}
		return int(a.i - b.i)
	})
	for i, p := range ps {
		keys[i], idx[i] = p.k, p.i
	}
}

// chunk draws n samples of chunk k, counts ranks into cnt and returns the
// per-alternative sums of first-rank weights (rows×cols).
func (s *smaaScratch) chunk(ctx context.Context, u []float64, rows, cols, n, k int, o SMAAOptions, cnt []int32) ([]float64, error) {
	rng := rand.New(rand.NewPCG(o.Seed, uint64(k)*0x9E3779B97F4A7C15+1))
	s.w = grow(s.w, n*cols)
	s.scores = grow(s.scores, n*rows)
	s.ord = grow(s.ord, len(o.Ordinal))
	for b := range n {
		if err := sampleWeights(rng, s.w[b*cols:(b+1)*cols], o, s.ord); err != nil {
			return nil, err
		}
	}
	// scores (n×rows) = W (n×cols) · Uᵀ (cols×rows)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, n, rows, cols, 1, s.w, cols, u, cols, 0, s.scores, rows)
	central := make([]float64, rows*cols)
	// pos[i*n+b] is the rank of alternative i in sample b: written per
	// sample, then added to cnt one alternative (one row of cnt) at a time,
	// which keeps the count updates in cache.
	if cap(s.pos) < rows*n {
		s.pos = make([]int32, rows*n)
	}
	pos := s.pos[:rows*n]
	for b := range n {
		if b%16 == 15 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		sc := s.scores[b*rows : (b+1)*rows]
		idx := s.rank(sc)
		for r, i := range idx {
			pos[int(i)*n+b] = int32(r)
		}
		best := int(idx[0])
		w := s.w[b*cols : (b+1)*cols]
		for j, v := range w {
			central[best*cols+j] += v
		}
	}
	for i := range rows {
		row := cnt[i*rows : (i+1)*rows]
		for _, r := range pos[i*n : (i+1)*n] {
			row[r]++
		}
	}
	return central, nil
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// sampleWeights draws w uniformly from the simplex (normalised exponential
// variates), then applies the ordinal and interval constraints; vals is
// scratch space of len(o.Ordinal).
func sampleWeights(rng *rand.Rand, w []float64, o SMAAOptions, vals []float64) error {
	for try := 0; try < 10000; try++ {
		s := 0.0
		for j := range w {
			w[j] = rng.ExpFloat64()
			s += w[j]
		}
		for j := range w {
			w[j] /= s
		}
		if len(o.Ordinal) > 1 {
			for k, j := range o.Ordinal {
				vals[k] = w[j]
			}
			slices.SortFunc(vals, func(a, b float64) int { return cmp.Compare(b, a) })
			for k, j := range o.Ordinal {
				w[j] = vals[k]
			}
		}
		if inBounds(w, o.Lower, o.Upper) {
			return nil
		}
	}
	return invalid("lower", "weight bounds accept fewer than 1 in 10,000 sampled weight vectors (infeasible or too narrow)")
}

func inBounds(w, lo, hi []float64) bool {
	for j, v := range w {
		if lo != nil && v < lo[j] {
			return false
		}
		if hi != nil && v > hi[j] {
			return false
		}
	}
	return true
}

// MeanRanks returns each alternative's mean rank over the samples,
// Σ_r r·b_i^r (1 = best).
func (r *SMAAResult) MeanRanks() []float64 {
	out := make([]float64, len(r.Acceptability))
	for i, acc := range r.Acceptability {
		for k, b := range acc {
			out[i] += float64(k+1) * b
		}
	}
	return out
}

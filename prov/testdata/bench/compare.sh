#!/bin/sh
# compare.sh: PROV-JSON reading and writing, deliberate's prov against python
# prov 2.0, on the 350k-record benchmark document (50k entities, activities
# and agents, 200k relations). Each operation runs in a fresh process that
# reports its wall time, CPU time and peak resident memory (VmHWM); the
# ratios are printed at the end.
#
#   sh prov/testdata/bench/compare.sh        (from anywhere in the module)
#
# Needs Go and /usr/bin/python3 with Debian's python3-prov.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/prov.test" .
side() { PROV_BENCH_SIDE="$*" "$tmp/prov.test" -test.run '^TestBenchSide$' | grep '^go '; }
py() { /usr/bin/python3 testdata/bench/side.py "$@"; }
side gen "$tmp/doc.json" >/dev/null
echo "document: $(wc -c <"$tmp/doc.json") bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
{
	py read "$tmp/doc.json"
	side read "$tmp/doc.json"
	py write "$tmp/doc.json" "$tmp/py.json"
	side write "$tmp/doc.json" "$tmp/go.json"
} | tee "$tmp/results"
awk '
	{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[$1 " " $2 " " kv[1]] = kv[2] } }
	END {
		printf "ReadJSON:  %.1fx faster than python (wall), %.1fx (cpu); peak RSS %.1f MB vs %.1f MB: 1/%.1f\n",
			v["python read seconds"] / v["go read seconds"], v["python read cpu"] / v["go read cpu"],
			v["go read peak_rss_mb"], v["python read peak_rss_mb"], v["python read peak_rss_mb"] / v["go read peak_rss_mb"]
		printf "WriteJSON: %.1fx faster than python (wall), %.1fx (cpu)\n",
			v["python write seconds"] / v["go write seconds"], v["python write cpu"] / v["go write cpu"]
	}' "$tmp/results"

#!/bin/sh
# compare.sh: PROV-JSON reading and writing, deliberate's prov against python
# prov 2.0, on the 350k-record benchmark document (50k entities, activities
# and agents, 200k relations). Each operation runs RUNS times (default 3) in a
# fresh process that reports its wall time, CPU time and peak resident
# memory (VmHWM); the summary takes the best time of the runs of each side
# (the machine may be shared) and the highest peak memory, and prints the
# ratios.
#
#   sh prov/testdata/bench/compare.sh        (from anywhere in the module)
#
# Needs Go and /usr/bin/python3 with Debian's python3-prov.
set -eu
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/prov.test" .
side() { PROV_BENCH_SIDE="$*" "$tmp/prov.test" -test.run '^TestBenchSide$' | grep '^go '; }
py() { /usr/bin/python3 testdata/bench/side.py "$@"; }
side gen "$tmp/doc.json" >/dev/null
echo "document: $(wc -c <"$tmp/doc.json") bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs"
i=0
while [ "$i" -lt "$runs" ]; do
	py read "$tmp/doc.json"
	side read "$tmp/doc.json"
	py write "$tmp/doc.json" "$tmp/py.json"
	side write "$tmp/doc.json" "$tmp/go.json"
	i=$((i + 1))
done | tee "$tmp/results"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
	{
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			k = $1 " " $2 " " kv[1]
			if (kv[1] == "peak_rss_mb") { if (!(k in v) || kv[2] > v[k]) v[k] = kv[2] }
			else if (!(k in v) || kv[2] < v[k]) v[k] = kv[2]
		}
	}
	END {
		printf "best of runs     python            go\n"
		printf "read  wall s  %9.3f  %12.3f\n", v["python read seconds"], v["go read seconds"]
		printf "read  cpu s   %9.3f  %12.3f\n", v["python read cpu"], v["go read cpu"]
		printf "read  peak MB %9.1f  %12.1f\n", v["python read peak_rss_mb"], v["go read peak_rss_mb"]
		printf "write wall s  %9.3f  %12.3f\n", v["python write seconds"], v["go write seconds"]
		printf "write cpu s   %9.3f  %12.3f\n", v["python write cpu"], v["go write cpu"]
		printf "ReadJSON:  %.1fx faster than python (wall), %.1fx (cpu); peak RSS 1/%.1f of python\n",
			v["python read seconds"] / v["go read seconds"], v["python read cpu"] / v["go read cpu"],
			v["python read peak_rss_mb"] / v["go read peak_rss_mb"]
		printf "WriteJSON: %.1fx faster than python (wall), %.1fx (cpu)\n",
			v["python write seconds"] / v["go write seconds"], v["python write cpu"] / v["go write cpu"]
	}' "$tmp/results"

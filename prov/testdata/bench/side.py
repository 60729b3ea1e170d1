"""The python half of compare.sh: python prov 2.0 on one PROV-JSON file.

    side.py read FILE       prov.read(FILE, format="json")
    side.py write FILE OUT  prov.read(FILE, format="json"), then serialize to OUT

Prints one line "python OP seconds=S cpu=C peak_rss_mb=M records=N", peak
resident memory being the process's VmHWM, as the Go half reports it.
Run with /usr/bin/python3 (Debian's python3-prov).
"""
import gc
import sys
import time

import prov


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return 0.0


def count(doc):
    return len(doc.get_records()) + sum(len(b.get_records()) for b in doc.bundles)


def main():
    op, path = sys.argv[1], sys.argv[2]
    start, cpu0 = time.perf_counter(), time.process_time()
    doc = prov.read(path, format="json")
    if op == "write":
        gc.collect()  # the garbage of reading is not writing's (the Go side collects too)
        start, cpu0 = time.perf_counter(), time.process_time()
        with open(sys.argv[3], "w") as f:
            doc.serialize(f, format="json")
    elif op != "read":
        sys.exit("usage: side.py read FILE | write FILE OUT")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu0
    print("python %s seconds=%.3f cpu=%.3f peak_rss_mb=%.1f records=%d"
          % (op, elapsed, cpu, peak_rss_mb(), count(doc)))


if __name__ == "__main__":
    main()

"""Compare PROV-JSON documents with python prov (the reference client).

Reads pairs of paths, one pair per line separated by a tab, from stdin and
prints one line per pair: "ok" when python prov judges the two documents equal
(in both directions, with the same bundle identifiers), otherwise "FAIL: why".
Run with /usr/bin/python3 (Debian's python3-prov).
"""
import sys

from prov.model import ProvDocument


def load(path):
    return ProvDocument.deserialize(source=path, format="json")


def compare(path_a, path_b):
    try:
        a = load(path_a)
    except Exception as e:  # noqa: BLE001 - report every failure
        return "FAIL: reading original: %r" % (e,)
    try:
        b = load(path_b)
    except Exception as e:  # noqa: BLE001
        return "FAIL: reading ours: %r" % (e,)
    if not a == b:
        return "FAIL: original != ours"
    if not b == a:
        return "FAIL: ours != original"
    ida = sorted(x.identifier.uri for x in a.bundles)
    idb = sorted(x.identifier.uri for x in b.bundles)
    if ida != idb:
        return "FAIL: bundle ids %r != %r" % (ida, idb)
    return "ok"


def main():
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        path_a, path_b = line.split("\t")
        print(compare(path_a, path_b), flush=True)


if __name__ == "__main__":
    main()

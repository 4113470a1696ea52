"""Time the relationship analytics on a loaded store: the projection, each ranking, communities, bridges and the
three graph exports. Each must finish in under a minute on a 1,000-report corpus.

    python tests/benchmarks/analytics.py --store STORE [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph import Store, analytics
from graph import run as query

LIMIT_S = 60.0


def timed(label: str, results: dict, fn):
    started = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - started, 2)
    print(f"{label:28} {results[label]:8.2f} s  {'ok' if results[label] < LIMIT_S else 'OVER A MINUTE'}", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    store = Store(args.store, read_only=True)
    reports = len(query(store, "SELECT ?r WHERE { ?r a kg:Report }").rows)
    print(f"{reports} reports, {len(store)} quads")
    seconds: dict[str, float] = {}
    light = timed("project (no evidence)", seconds, lambda: analytics.project(store, evidence=False, metrics=False, figures=False))
    print(f"  {light.number_of_nodes()} entities, {light.number_of_edges()} relations")
    for by in ("degree", "betweenness", "pagerank"):
        timed(f"rank --by {by}", seconds, lambda by=by: analytics.rank(
            analytics.project(store, evidence=False, metrics=False, figures=False), by))
    timed("communities", seconds, lambda: analytics.communities(
        analytics.project(store, evidence=False, metrics=False, figures=False)))
    timed("bridges", seconds, lambda: analytics.bridges(analytics.project(store, evidence=False, metrics=False, figures=False)))
    with tempfile.TemporaryDirectory() as folder:
        for fmt in analytics.EXPORT_FORMATS:
            timed(f"export --format {fmt}", seconds,
                  lambda fmt=fmt: analytics.export(analytics.project(store, metrics=False), fmt,
                                                    Path(folder) / f"g.{fmt}"))
    if args.json:
        args.json.write_text(json.dumps({"reports": reports, "quads": len(store), "entities": light.number_of_nodes(),
                                         "relations": light.number_of_edges(), "seconds": seconds,
                                         "machine": {"cpus": __import__("os").cpu_count(),
                                                     "python": platform.python_version()}}, indent=2))


if __name__ == "__main__":
    main()

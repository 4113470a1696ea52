"""The corpus benchmark: how ingest, store size and queries grow with the number of reports.

    python tests/benchmarks/run.py --reports N --json OUT.json [--against SMALLER.json] [--work DIR]

Everything is measured side by side in one run on this machine, and printed as ratios against a floor:

- extraction throughput against `jieba.lcut` over the same texts (the tokenizer is the floor), per core;
- store writing (everything after extraction) against a raw Oxigraph `bulk_load` of the same quads;
- the store on disk against those quads bulk-loaded and optimized;
- peak RSS of the load (its main process, and the largest worker);
- p50/p95 of every library query through the project's API against the raw engine running the same SPARQL (timed in
  turns; the ratio is the median of the pairs' ratios), and
  against rdflib's in-memory `Graph` with the same triples (each query capped at 60 s; skipped above a size);
- the cold wall time of `kg query NAME` against a minimal script that opens the store and runs the same query;
- with `--against`, each query's growth against a smaller run, scaled by its answer's growth.

It is a benchmark, not a test: the machine is small and noisy, so it reports what it saw and the ratio goals.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as generator  # noqa: E402  (the corpus generator beside this file)

REPEATS = 7  # runs of each query per engine; p50 and p95 of these
EXTRACTION_SAMPLE = 40  # reports timed one by one against jieba (the ratio is per core)
RDFLIB_MAX_QUADS = 1_500_000  # above this rdflib's in-memory graph does not fit the machine
RDFLIB_CAP_S = 60.0
RDFLIB_BUDGET_S = 300.0  # rdflib's whole share of a run; queries past it are marked as not run


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import pyoxigraph
    import rdflib

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__}


def _wanted(first: float, repeats: int) -> int:
    """How many runs: `repeats` when one run takes under 2 s, then 3, 2 over 20 s, 1 over 120 s (the machine's
    time is finite)."""
    if first < 2.0:
        return repeats
    return min(repeats, 3 if first < 20.0 else 2 if first < 120.0 else 1)


def timed(fn, repeats: int | None = None) -> tuple[list[float], object]:
    """Run `fn` as many times as `_wanted` says."""
    repeats = repeats or REPEATS
    times, result = [], None
    while not times or len(times) < _wanted(times[0], repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def timed_pair(ours, raw) -> tuple[list[float], list[float], object]:
    """Time `ours` and `raw` in turns, each pair in alternating order, so that the machine's drift and noise
    fall on both alike (as many pairs as `timed` would run `ours`)."""
    ours_t, raw_t, result = [], [], None

    def once(fn, times: list[float]) -> object:
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        return out

    while not ours_t or len(ours_t) < _wanted(ours_t[0], REPEATS):
        if len(ours_t) % 2:
            once(raw, raw_t)
            result = once(ours, ours_t)
        else:
            result = once(ours, ours_t)
            once(raw, raw_t)
    return ours_t, raw_t, result


def p50_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- extraction ----------------------------------------------------------------------------------------------------
def bench_extraction(files: list[Path]) -> dict:
    import jieba

    from graph.extract import entities
    from graph.pipeline import extract

    entities.warm_up()
    sample = files[:EXTRACTION_SAMPLE]
    extract(sample[0])  # caches warmed the way a long load warms them
    ours = floor = chars = 0.0
    for path in sample:
        text = path.read_text(encoding="utf-8")
        chars += len(text)
        start = time.perf_counter()
        extract(path)
        ours += time.perf_counter() - start
        start = time.perf_counter()
        jieba.lcut(text)
        floor += time.perf_counter() - start
    return {"reports": len(sample), "chars": int(chars), "extract_s": ours, "jieba_s": floor,
            "extract_chars_per_s": chars / ours, "jieba_chars_per_s": chars / floor, "ratio": ours / floor}


# -- ingest ----------------------------------------------------------------------------------------------------------
_INGEST = """
import json, resource, sys, time
from graph import Store, load_reports
from pathlib import Path
files = sorted(Path(sys.argv[2]).iterdir())
timings = {}
load_reports(Store(sys.argv[1]), files, timings=timings)
timings["rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
timings["rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(timings))
"""


def bench_ingest(corpus_dir: Path, store_dir: Path, raw_dir: Path, dump: Path) -> dict:
    import pyoxigraph as ox

    from graph import Store

    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _INGEST, str(store_dir), str(corpus_dir)], check=True,
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    timings = json.loads(out.stdout.strip().splitlines()[-1])
    store = Store(store_dir, read_only=True)
    quads = len(store)
    store.db.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    raw = ox.Store(str(raw_dir))
    start = time.perf_counter()
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw_load = time.perf_counter() - start
    start = time.perf_counter()
    raw.optimize()
    raw_optimize = time.perf_counter() - start
    del raw
    raw_size = sum(f.stat().st_size for f in raw_dir.rglob("*") if f.is_file())
    return {"quads": quads, "wall_s": wall, "load_total_s": timings["total"], "write_s": timings["write"],
            "raw_bulk_load_s": raw_load, "raw_optimize_s": raw_optimize, "write_ratio": timings["write"] / raw_load,
            "store_bytes": store.size_on_disk(), "raw_optimized_bytes": raw_size,
            "size_ratio": store.size_on_disk() / raw_size, "rss_main_mb": timings["rss_main_mb"],
            "rss_worker_mb": timings["rss_worker_mb"], "rss_extracted_mb": timings["rss_extracted_mb"],
            "nquads_bytes": dump.stat().st_size}


# -- queries ---------------------------------------------------------------------------------------------------------
def bench_queries(store_dir: Path, dump: Path | None, quads: int, only: list[str] | None = None) -> dict:

    from graph import Store, named_queries, run
    from graph.namespaces import PREFIXES
    from graph.query import prepare, with_prefixes

    store = Store(store_dir, read_only=True)
    bindings = generator.sample_bindings(store)
    raw = store.db
    results = {}
    for name in only or named_queries():
        params = bindings.get(name, {})
        # The very text `run` gives the engine: the parameters bound, those not given to their defaults.
        sparql = prepare(name, params)
        ours_t, raw_t, answer = timed_pair(
            lambda name=name, params=params: run(store, name, params),
            lambda sparql=sparql: list(raw.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)))
        rows = len(answer.rows) if answer.kind == "select" else len(answer.triples)
        ours50, ours95 = p50_p95(ours_t)
        raw50, raw95 = p50_p95(raw_t)
        print(f"  {name}: {rows} rows, p50 {p50_p95(ours_t)[0] * 1e3:.0f} ms", flush=True)
        results[name] = {"rows": rows, "params": params, "p50_s": ours50, "p95_s": ours95, "raw_p50_s": raw50,
                         "raw_p95_s": raw95,
                         "raw_ratio": statistics.median(o / r for o, r in zip(ours_t, raw_t, strict=True)),
                         "sparql": with_prefixes(sparql)}
    if dump is None:
        for r in results.values():
            r.update(rdflib_s=None, rdflib_capped=None, rdflib_speedup=None, rdflib_skipped="queries only")
    elif quads <= RDFLIB_MAX_QUADS:
        rdflib_times = bench_rdflib(dump, {n: r["sparql"] for n, r in results.items()})
        for name, r in results.items():
            seconds, capped = rdflib_times[name]
            if seconds is None:
                r.update(rdflib_s=None, rdflib_capped=None, rdflib_speedup=None, rdflib_skipped=capped)
            else:
                r.update(rdflib_s=seconds, rdflib_capped=capped, rdflib_speedup=seconds / r["p50_s"])
    else:
        for r in results.values():
            r.update(rdflib_s=None, rdflib_capped=None, rdflib_speedup=None,
                     rdflib_skipped=f"{quads} quads: more than rdflib's in-memory graph holds on this machine")
    for r in results.values():
        del r["sparql"]
    return results


_RDFLIB = """
import json, signal, sys, time
from rdflib import Dataset
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
queries = json.load(open(sys.argv[2]))
out = {}
class Capped(Exception): pass
def alarm(*_): raise Capped()
signal.signal(signal.SIGALRM, alarm)
began = time.perf_counter()
for name, sparql in queries.items():
    if time.perf_counter() - began > float(sys.argv[4]):
        out[name] = [None, "not run: rdflib's time budget for this run is spent"]
        continue
    signal.setitimer(signal.ITIMER_REAL, float(sys.argv[3]))
    start = time.perf_counter()
    try:
        result = ds.query(sparql)
        list(result) if result.type != "ASK" else bool(result)
        out[name] = [time.perf_counter() - start, False]
    except Capped:
        out[name] = [float(sys.argv[3]), True]
    except Exception as exc:
        out[name] = [None, f"failed: {exc.__class__.__name__}: {str(exc)[:120]}"]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
print(json.dumps(out))
"""


def bench_rdflib(dump: Path, queries: dict[str, str]) -> dict[str, tuple[float, bool]]:
    """Median-free single run per query on rdflib (it is far slower; one run each, capped)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(queries, f)
    out = subprocess.run([sys.executable, "-c", _RDFLIB, str(dump), f.name, str(RDFLIB_CAP_S),
                          str(RDFLIB_BUDGET_S)], check=True, capture_output=True, text=True)
    return {k: tuple(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


_MINIMAL = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for row in store.query(sys.stdin.read(), use_default_graph_as_union=True):
    pass
"""


def bench_cold(store_dir: Path, names: list[str]) -> dict:
    """Wall time of `kg query NAME` in a new process against a minimal script doing the same query."""
    from graph.query import prepare, with_prefixes

    generation = store_dir / (store_dir / "current").read_text().strip()
    kg = [sys.executable, "-m", "graph", "--store", str(store_dir), "query"]
    results = {}
    for name in names:
        sparql = with_prefixes(prepare(name))  # the parameters at their defaults, as `kg query NAME` binds them
        ours, _ = timed(lambda name=name: subprocess.run([*kg, name, "--format", "csv"], check=True,
                                                         capture_output=True), min(REPEATS, 3))
        minimal, _ = timed(lambda sparql=sparql: subprocess.run([sys.executable, "-c", _MINIMAL, str(generation)],
                                                                input=sparql.encode(), check=True,
                                                                capture_output=True), min(REPEATS, 3))
        results[name] = {"kg_s": min(ours), "minimal_s": min(minimal), "ratio": min(ours) / min(minimal)}
    return results


# -- report ----------------------------------------------------------------------------------------------------------
def growth(result: dict, smaller: dict) -> dict:
    """Each query's time against the smaller run's, scaled by how much its answer grew (goal: ≤ 2× + 50 ms)."""
    out = {}
    for name, q in result["queries"].items():
        base = smaller["queries"].get(name)
        if not base:
            continue
        rows_ratio = max(q["rows"], 1) / max(base["rows"], 1)
        allowed = 2 * base["p50_s"] * rows_ratio + 0.050
        out[name] = {"p50_s": q["p50_s"], "smaller_p50_s": base["p50_s"], "rows": q["rows"],
                     "smaller_rows": base["rows"], "allowed_s": allowed, "ok": q["p50_s"] <= allowed}
    return out


def print_table(result: dict) -> None:
    ex, ing = result.get("extraction"), result["ingest"]
    print(f"\n{result['reports']} reports, {result['chars']:,} characters, {ing['quads']:,} quads")
    if ex:
        print(f"extraction   {ex['extract_chars_per_s']:,.0f} chars/s per core; jieba.lcut {ex['jieba_chars_per_s']:,.0f}"
              f" → {ex['ratio']:.2f}× the tokenizer (goal ≤ 4)")
    print(f"ingest       {ing['load_total_s']:.1f} s in all; writing {ing['write_s']:.1f} s against raw bulk_load "
          f"{ing['raw_bulk_load_s']:.1f} s → {ing['write_ratio']:.2f}× (goal ≤ 2)")
    print(f"store        {ing['store_bytes'] / 2**20:.1f} MiB against bulk-loaded+optimized "
          f"{ing['raw_optimized_bytes'] / 2**20:.1f} MiB → {ing['size_ratio']:.2f}× (goal ≤ 1.5)")
    print(f"peak RSS     main {ing['rss_main_mb']:.0f} MB ({ing.get('rss_extracted_mb', 0):.0f} MB before writing), "
          f"largest worker {ing['rss_worker_mb']:.0f} MB (goal < 1536)")
    if "queries" not in result:
        return
    print(f"\n{'query':34} {'rows':>7} {'p50 ms':>9} {'p95 ms':>9} {'raw ms':>9} {'×raw':>6} {'rdflib s':>9} "
          f"{'×faster':>8}")
    for name, q in result["queries"].items():
        rdf = "not run" if q["rdflib_s"] is None else f"{q['rdflib_s']:.2f}" + ("+" if q["rdflib_capped"] else "")
        faster = "" if q["rdflib_speedup"] is None else f"{q['rdflib_speedup']:.0f}"
        print(f"{name:34} {q['rows']:>7} {q['p50_s'] * 1e3:>9.1f} {q['p95_s'] * 1e3:>9.1f} "
              f"{q['raw_p50_s'] * 1e3:>9.1f} {q['raw_ratio']:>6.2f} {rdf:>9} {faster:>8}")
    print("\ncold `kg query NAME` against a minimal script (goal ≤ 3×)")
    for name, c in result["cold"].items():
        print(f"  {name:32} {c['kg_s'] * 1e3:7.0f} ms  {c['minimal_s'] * 1e3:7.0f} ms  {c['ratio']:.2f}×")
    if result.get("growth"):
        print(f"\ngrowth against {result['against']} (goal: p50 ≤ 2 × smaller p50 × row growth + 50 ms)")
        for name, g in result["growth"].items():
            print(f"  {name:32} {g['p50_s'] * 1e3:8.1f} ms  allowed {g['allowed_s'] * 1e3:8.1f} ms  "
                  f"{'ok' if g['ok'] else 'TOO SLOW'}")


def markdown(results: list[dict]) -> str:
    """The README's Scaling table: one column per run."""
    head = "| | " + " | ".join(f"{r['reports']:,} reports" for r in results) + " |"
    rows = [head, "| --- |" + " ---: |" * len(results)]

    def row(label: str, cell) -> None:
        rows.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("characters / quads", lambda r: f"{r['chars'] / 1e6:.2f} M / {r['ingest']['quads'] / 1e6:.2f} M")
    row("load (all cores), of which writing", lambda r: f"{r['ingest']['load_total_s']:.0f} s, "
        f"{r['ingest']['write_s']:.0f} s")
    row("raw `bulk_load` of the same quads", lambda r: f"{r['ingest']['raw_bulk_load_s']:.0f} s "
        f"(writing {r['ingest']['write_ratio']:.2f}×)")
    row("extraction per core / `jieba.lcut`", lambda r: f"{r['extraction']['extract_chars_per_s'] / 1e3:.0f}k "
        f"/ {r['extraction']['jieba_chars_per_s'] / 1e3:.0f}k chars/s ({r['extraction']['ratio']:.1f}×)")
    row("store on disk / bulk-loaded optimized", lambda r: f"{r['ingest']['store_bytes'] / 2**20:,.0f} / "
        f"{r['ingest']['raw_optimized_bytes'] / 2**20:,.0f} MiB ({r['ingest']['size_ratio']:.2f}×)")
    row("peak RSS: loader / largest worker", lambda r: f"{r['ingest']['rss_main_mb']:,.0f} / "
        f"{r['ingest']['rss_worker_mb']:,.0f} MB")
    row("peak RSS of the loader before writing", lambda r: f"{r['ingest']['rss_extracted_mb']:,.0f} MB"
        if "rss_extracted_mb" in r["ingest"] else "not measured")
    for name in results[-1]["queries"]:
        row(f"`{name}` p50 (rows)", lambda r, name=name: f"{r['queries'][name]['p50_s'] * 1e3:,.0f} ms "
            f"({r['queries'][name]['rows']:,})")
    row("median ×raw engine", lambda r: f"{statistics.median(q['raw_ratio'] for q in r['queries'].values()):.2f}")
    def rdflib(r: dict) -> str:
        speedups = [q["rdflib_speedup"] for q in r["queries"].values() if q.get("rdflib_speedup")]
        return f"{statistics.median(speedups):.0f}× ({len(speedups)} queries)" if speedups else "not run"

    row("median ×faster than rdflib", rdflib)
    row("cold `kg query` / minimal script", lambda r: ", ".join(f"{c['ratio']:.1f}×" for c in r["cold"].values()))
    return "\n".join(rows)


def queries_only(store_dir: Path, out: Path | None, against: Path | None, only: list[str] | None = None) -> None:
    """Time the library queries on an existing store: to measure a change to the queries without a new load."""
    from graph import Store

    store = Store(store_dir, read_only=True)
    result = {"reports": len(store.report_ids()), "store": str(store_dir), "machine": machine(),
              "date": time.strftime("%Y-%m-%d")}
    result["queries"] = bench_queries(store_dir, None, len(store), only)
    if against:
        result["against"] = against.name
        result["growth"] = growth(result, json.loads(against.read_text(encoding="utf-8")))
    for name, q in result["queries"].items():
        g = result.get("growth", {}).get(name)
        verdict = "" if g is None else f"  allowed {g['allowed_s'] * 1e3:8.1f} ms {'ok' if g['ok'] else 'TOO SLOW'}"
        print(f"{name:34} {q['rows']:>7} rows {q['p50_s'] * 1e3:9.1f} ms  ×raw {q['raw_ratio']:.2f}{verdict}")
    if out:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--against", type=Path, help="a smaller run's JSON, to check each query's growth")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--growth", nargs=2, type=Path, metavar=("SMALLER", "LARGER"),
                        help="only compare two results (adds the growth check to LARGER's JSON)")
    parser.add_argument("--markdown", nargs="+", type=Path, metavar="RESULT",
                        help="only print the README's Scaling table from result files")
    parser.add_argument("--store", type=Path, metavar="STORE",
                        help="only time the library queries (ours and the raw engine's) on this store, such as a "
                             "previous run's WORK/store; with --against, check their growth")
    parser.add_argument("--only", nargs="+", metavar="QUERY", help="with --store: time only these library queries")
    parser.add_argument("--ingest-only", action="store_true",
                        help="only the load against the raw bulk_load: writing, store size, peak RSS")
    parser.add_argument("--quick", action="store_true",
                        help="one run per query and a 5 s rdflib cap: to show the benchmark works (CI)")
    args = parser.parse_args()
    if args.markdown:
        print(markdown([json.loads(p.read_text(encoding="utf-8")) for p in args.markdown]))
        return
    if args.growth:
        smaller, larger = args.growth
        result = json.loads(larger.read_text(encoding="utf-8"))
        result["against"] = smaller.name
        result["growth"] = growth(result, json.loads(smaller.read_text(encoding="utf-8")))
        larger.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print_table(result)
        return
    if args.store:
        queries_only(args.store, args.json, args.against, args.only)
        return
    if args.quick:
        global REPEATS, RDFLIB_CAP_S, RDFLIB_BUDGET_S
        REPEATS, RDFLIB_CAP_S, RDFLIB_BUDGET_S = 1, 5.0, 30.0
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus_dir = work / "reports"
    files = generator.generate(args.reports, corpus_dir, seed=args.seed)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    print(f"generated {len(files)} reports ({chars:,} characters) in {corpus_dir}", flush=True)
    result = {"reports": len(files), "seed": args.seed, "chars": chars, "machine": machine(),
              "date": time.strftime("%Y-%m-%d")}
    began = time.perf_counter()
    if not args.ingest_only:
        result["extraction"] = bench_extraction(files)
        print(f"extraction measured ({time.perf_counter() - began:.0f} s)", flush=True)
    result["ingest"] = bench_ingest(corpus_dir, work / "store", work / "raw", work / "dump.nq")
    print(f"ingest measured ({time.perf_counter() - began:.0f} s)", flush=True)
    if not args.ingest_only:
        result["queries"] = bench_queries(work / "store", work / "dump.nq", result["ingest"]["quads"])
        print(f"queries measured ({time.perf_counter() - began:.0f} s)", flush=True)
        result["cold"] = bench_cold(work / "store", ["universities-and-science-parks", "entities", "reports"])
    result["benchmark_s"] = time.perf_counter() - began
    if args.against and not args.ingest_only:
        result["against"] = args.against.name
        result["growth"] = growth(result, json.loads(args.against.read_text(encoding="utf-8")))
    print_table(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()

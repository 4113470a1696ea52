"""Time `kg series` and `kg check` on a loaded store, cold, as a user runs them (one `kg` process each).

`kg series` runs for the measures with the most figures, for the whole measure and for its most frequent subject;
`kg check` runs once over the whole store. Goals on a 1,000-report corpus: a series under a second, the check under
a minute.

    python tests/benchmarks/series.py --store STORE [--measures 10] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph import Store
from graph import run as query

KG = [sys.executable, "-m", "graph"]


def cold(args: list[str]) -> tuple[float, int, int]:
    """Wall time of one `kg …` process, its exit code and how many lines it printed."""
    started = time.perf_counter()
    done = subprocess.run([*KG, *args], capture_output=True, text=True)
    return round(time.perf_counter() - started, 3), done.returncode, done.stdout.count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--measures", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    store = Store(args.store, read_only=True)
    with store.tables() as tables:
        reports = len(tables.select("SELECT doc FROM report"))
        # The measures with the most figures, each with a subject it has (the one with the most figures).
        top = [{"m": r["measure"], "n": r["n"], "subject": tables.select(
            "SELECT about FROM figure WHERE measure = ? AND kind != 'change' GROUP BY about ORDER BY COUNT(*) DESC,"
            " about LIMIT 1", (r["measure"],))[0]["about"]} for r in tables.select(
            "SELECT measure, COUNT(*) AS n FROM figure WHERE kind != 'change' AND measure NOT LIKE '%/unspecified' "
            "GROUP BY measure ORDER BY n DESC, measure LIMIT ?", (args.measures,))]
    store.close()
    print(f"{reports} reports; kg series for the {len(top)} measures with the most figures, then kg check")
    base = ["--store", str(args.store)]
    runs = []
    for row in top:
        whole = cold([*base, "series", row["m"], "--format", "csv"])
        subject = query(Store(args.store, read_only=True), f"""SELECT ?label WHERE {{
            <{row["subject"]}> rdfs:label ?label FILTER (langMatches(lang(?label), "zh")) }}""").records()
        one = cold([*base, "series", row["m"], "--subject", subject[0]["label"], "--format", "csv"]) if subject else None
        runs.append({"measure": row["m"], "figures": int(row["n"]), "whole_s": whole[0], "whole_rows": whole[2] - 1,
                     "subject": subject[0]["label"] if subject else "", "subject_s": one[0] if one else None,
                     "subject_rows": one[2] - 1 if one else None})
        print(f"{row['m'].rsplit('/', 1)[-1]:24} {int(row['n']):6} figures: whole {whole[0]:6.2f} s"
              + (f", {subject[0]['label']} {one[0]:5.2f} s ({one[2] - 1} rows)" if one else ""), flush=True)
    check_s, check_exit, check_lines = cold([*base, "check", "--format", "csv"])
    print(f"kg check: {check_s:.1f} s, {check_lines - 1} disagreements (exit {check_exit})")
    whole_times = [r["whole_s"] for r in runs]
    subject_times = [r["subject_s"] for r in runs if r["subject_s"] is not None]
    summary = {
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "reports": reports, "series": runs,
        "series_whole_median_s": statistics.median(whole_times) if whole_times else None,
        "series_whole_max_s": max(whole_times, default=None),
        "series_subject_median_s": statistics.median(subject_times) if subject_times else None,
        "series_subject_max_s": max(subject_times, default=None),
        "check_s": check_s, "check_disagreements": check_lines - 1,
    }
    print(f"series: whole measure median {summary['series_whole_median_s']} s, max {summary['series_whole_max_s']} s;"
          f" one subject median {summary['series_subject_median_s']} s, max {summary['series_subject_max_s']} s")
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

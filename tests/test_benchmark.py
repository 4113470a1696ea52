"""The corpus benchmark runs end to end at a small size (its numbers are for the README, not asserted here)."""

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).parent / "benchmarks" / "run.py"


def test_the_benchmark_measures_ingest_size_and_every_library_query(tmp_path):
    from graph import named_queries

    out = tmp_path / "result.json"
    proc = subprocess.run([sys.executable, str(BENCHMARK), "--reports", "2", "--quick", "--json", str(out),
                           "--work", str(tmp_path / "work")], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["reports"] == 2 and result["ingest"]["quads"] > 10_000
    assert result["ingest"]["raw_bulk_load_s"] > 0 and result["ingest"]["size_ratio"] > 0
    assert set(result["queries"]) == set(named_queries())
    assert all(q["rows"] > 0 for q in result["queries"].values())
    assert "extraction" in proc.stdout and "cold `kg query NAME`" in proc.stdout

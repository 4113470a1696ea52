"""`kg serve` under load: sixteen clients sending a mix of library queries for thirty seconds get only correct
answers, and the server's memory stops growing (the benchmark, tests/benchmarks/load.py, reports the latencies)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
import load


def test_sixteen_clients_for_thirty_seconds_get_only_correct_answers_in_bounded_memory(loaded_store_path):
    result = load.measure(loaded_store_path, clients=16, seconds=30, queries=load.MIX)
    assert result["error_count"] == 0, result["errors"]
    assert result["requests"] > 16 * 10
    assert result["p95_s"] < 10
    assert result["rss_mb_second_half_max"] <= result["rss_mb_first_half_max"] * 1.2 + 20
    assert result["rss_mb_first_half_max"] > 100  # the server and its two query workers were all measured

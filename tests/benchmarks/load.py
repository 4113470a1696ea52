"""The endpoint under load: concurrent clients send a mix of library queries to `kg serve` for a while; every
answer is checked against the embedded store's, and latency percentiles and the server's memory are reported.

    python tests/benchmarks/load.py --store STORE [--clients 16] [--seconds 30] [--json OUT.json]

The server is started here (127.0.0.1, a free port) and stopped at the end. Memory is the resident set of the
server and its query workers, sampled every half second: bounded means it stops growing once every query has
been seen.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph import Store, named_queries, run
from graph.query import prepare, with_prefixes

# Library queries whose defaults answer on the bundled report; a corpus run can name its own with --queries.
MIX = ("entities", "metrics", "relations", "universities-and-science-parks", "program-payouts", "who-builds-what",
       "connections", "entity-profile", "entity-relations", "metrics-of-entity", "year-over-year", "reports")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):  # workers are children of whichever thread started them
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _rows(body: bytes) -> list[tuple]:
    data = json.loads(body)
    variables = data["head"]["vars"]
    return sorted(tuple(b.get(v, {}).get("value", "") for v in variables) for b in data["results"]["bindings"])


def measure(store_path: Path, clients: int, seconds: float, queries: tuple[str, ...]) -> dict:
    store = Store(store_path, read_only=True)
    expected = {q: sorted(tuple(r) for r in run(store, q).values()) for q in queries}
    texts = {q: with_prefixes(prepare(q)) for q in queries}
    store.close()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "graph", "--store", str(store_path), "serve", "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    latencies: list[float] = []
    errors: list[str] = []
    memory: list[float] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            name = rng.choice(queries)
            body = urllib.parse.urlencode({"query": texts[name]}).encode()
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    answer = response.read()
                elapsed = time.monotonic() - started
                wrong = _rows(answer) != expected[name]
            except Exception as exc:
                with lock:
                    errors.append(f"{name}: {exc}")
                continue
            with lock:
                latencies.append(elapsed)
                if wrong:
                    errors.append(f"{name}: rows differ from the embedded store's")

    def sample() -> None:
        while time.monotonic() < stop:
            memory.append(_rss_mb(server.pid))
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)] + [threading.Thread(target=sample)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.terminate()
    server.wait(10)
    latencies.sort()
    half = len(memory) // 2
    return {
        "clients": clients, "seconds": seconds, "requests": len(latencies), "errors": errors[:20],
        "error_count": len(errors),
        "p50_s": round(statistics.median(latencies), 4) if latencies else None,
        "p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 4) if latencies else None,
        "rss_mb_first_half_max": round(max(memory[:half] or [0]), 1),
        "rss_mb_second_half_max": round(max(memory[half:] or [0]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--queries", nargs="*", default=[q for q in MIX if q in named_queries()])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.store, args.clients, args.seconds, tuple(args.queries))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    sys.exit(1 if result["error_count"] else 0)


if __name__ == "__main__":
    main()

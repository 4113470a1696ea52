"""Loads are all or nothing, even when killed: `kg load` stopped with SIGKILL at random moments leaves a store that
opens and holds every report in its old version or every one in its new version, never a mix; the next load works
without repair. And a graph being served or queried while a load runs answers from the old graph or the new one."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import DATA, serving

from graph import Store, run

REPORTS = ["bulletin-2019.txt", "talent-report-2020.txt", "events-2022.txt"]
KILLS = 20


def _kg(store: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph", "--store", str(store), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)


def _versions(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """The same three reports twice: as written, and with a sentence added to each (new checksums)."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    for name in REPORTS:
        text = (DATA / name).read_text(encoding="utf-8")
        (old / name).write_text(text, encoding="utf-8")
        (new / name).write_text(text + "\n全年新增科技型中小企业1200家。\n", encoding="utf-8")
    return sorted(old.iterdir()), sorted(new.iterdir())


def _checksums(store_path: Path) -> dict[str, str]:
    store = Store(store_path, read_only=True)
    try:
        return dict(run(store, "SELECT ?file ?sha WHERE { ?r kg:fileName ?file ; kg:sha256 ?sha }").values())
    finally:
        store.close()


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_load_killed_at_random_moments_leaves_the_old_graph_or_the_new_one(tmp_path):
    old, new = _versions(tmp_path)
    store = tmp_path / "store"
    first = _kg(store, "load", *map(str, old))
    assert first.wait(300) == 0, first.stderr.read().decode()
    old_sums = {p.name: _sha(p) for p in old}
    new_sums = {p.name: _sha(p) for p in new}
    started = time.monotonic()
    timing = _kg(store, "load", *map(str, new))
    assert timing.wait(300) == 0
    full = time.monotonic() - started
    restore = _kg(store, "load", *map(str, old))
    assert restore.wait(300) == 0

    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    current = old_sums
    for _ in range(KILLS):
        target = new_sums if current == old_sums else old_sums
        files = new if target == new_sums else old
        process = _kg(store, "load", *map(str, files))
        # During start-up, extraction, the write or the switch, and a third of the time after the load would end
        # (a slow run's commit comes later than the timed load's): both outcomes must occur.
        time.sleep(rng.uniform(0, full * 1.5))
        process.kill()
        process.wait()
        sums = _checksums(store)
        assert sums in (old_sums, new_sums), "a killed load left a mix of versions"
        current = sums
        seen["old" if sums == old_sums else "new"] += 1
    assert seen["old"] and seen["new"], f"the kills never landed both before and after a commit: {seen}"
    final = _kg(store, "load", *map(str, new))
    assert final.wait(300) == 0, final.stderr.read().decode()
    assert _checksums(store) == new_sums
    generations = [p.name for p in store.iterdir() if p.is_dir()]
    assert len(generations) == 1, f"killed loads left generations behind: {generations}"


def _ask(url: str, query: str) -> list[list[str]]:
    with urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": query}), timeout=60) as r:
        rows = json.loads(r.read())["results"]["bindings"]
    return [[b[k]["value"] for k in sorted(b)] for b in rows]


def test_a_served_graph_answers_from_the_old_graph_until_a_load_commits_then_from_the_new(tmp_path):
    store = tmp_path / "store"
    shutil.copy(DATA / REPORTS[0], tmp_path / REPORTS[0])
    assert _kg(store, "load", str(tmp_path / REPORTS[0])).wait(300) == 0
    reports = "SELECT ?file WHERE { ?r kg:fileName ?file } ORDER BY ?file"
    with serving(store) as url:
        assert _ask(url, reports) == [[REPORTS[0]]]
        loading = _kg(store, "load", *(str(DATA / name) for name in REPORTS[1:]))
        answers = []
        while loading.poll() is None:
            answers.append(_ask(url, reports))
            time.sleep(0.05)
        assert loading.returncode == 0
        assert _ask(url, reports) == [[name] for name in sorted(REPORTS)]
        assert all(a in ([[REPORTS[0]]], [[n] for n in sorted(REPORTS)]) for a in answers)


def test_queries_in_other_processes_during_a_load_get_the_old_answer_or_the_new(tmp_path):
    store = tmp_path / "store"
    assert _kg(store, "load", str(DATA / REPORTS[0])).wait(300) == 0
    loading = _kg(store, "load", *(str(DATA / name) for name in REPORTS[1:]))
    outputs = []
    while loading.poll() is None:
        readers = [subprocess.run([sys.executable, "-m", "graph", "--store", str(store), "query", "reports",
                                   "--format", "json"], capture_output=True, text=True, timeout=120)
                   for _ in range(2)]
        outputs += [r for r in readers]
    assert loading.returncode == 0 and outputs
    for reader in outputs:
        assert reader.returncode == 0, reader.stderr
        files = sorted(row["file"] for row in json.loads(reader.stdout))
        assert files in ([REPORTS[0]], sorted(REPORTS))

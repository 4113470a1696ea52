"""Loading reports into the store: extract files in parallel on all cores, gather their quads in files of 64 MB,
derive the shared facts from the reports' table rows and add them to those files, bulk-load the files side by side
into a new store generation, compact if they were several, and commit. A bad
file, an error or a killed process leaves the store exactly as it was (see `Store.transaction`).

Each file of one load is resolved against the entities already in the store when the load starts (that is what
lets files be extracted independently, in any order, with the same result); a later load resolves other forms of
a name to the node a former load made.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import corpus, tables
from .errors import KGError, ReportError
from .extract import entities
from .extract.resolution import Entity
from .namespaces import ID
from .pipeline import extract
from .query import run
from .store import Store
from .triples import build

_CHUNK_BYTES = 64 << 20  # N-Quads per file of the spool: a bulk load of each holds a few hundred MB


@dataclass(frozen=True)
class LoadSummary:
    doc_id: str
    path: Path
    triples: int
    observations: int
    entities: int
    relations: int


def known_entities(store: Store) -> dict[str, Entity]:
    """The entities already in the store, with labels, aliases and class, keyed like the extractor keys them."""
    rows = run(store, """
        SELECT ?e ?c ?zh ?en (GROUP_CONCAT(?alias; separator="\u0001") AS ?aliases) WHERE {
            GRAPH <https://w3id.org/shanghai-innovation-kg/graph/shared> {
                ?e a ?c ; rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh"))
                OPTIONAL { ?e rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) }
                OPTIONAL { ?e skos:altLabel ?alias }
            }
            FILTER (STRSTARTS(STR(?e), "https://w3id.org/shanghai-innovation-kg/id/entity/"))
        } GROUP BY ?e ?c ?zh ?en""")
    prefix = str(ID["entity/"])
    known = {}
    for iri, cls, zh, en, aliases in rows.values():
        key = iri.removeprefix(prefix)
        known[key] = Entity(key, cls.rsplit("#", 1)[-1], zh, en, {a for a in aliases.split("\u0001") if a})
    return known


# -- extraction, in worker processes ---------------------------------------------------------------------------
_known: dict[str, Entity] = {}
_place = ""


def _init_worker(known: dict[str, Entity], place: str = "") -> None:
    global _known, _place
    _known, _place = known, place


def _extract_one(path: Path) -> tuple[LoadSummary, bytes, tables.Rows, set[str]] | KGError:
    """Extract one file and serialize its graph as N-Quads (compact to pass between processes; Oxigraph's
    native parser reads it back), with its table rows and the shared things it touches. Errors come back as
    values so the parent reports the file that failed."""
    try:
        ex = extract(path, _known, _place)
    except KGError as exc:
        return exc
    quads = build(ex)
    summary = LoadSummary(ex.document.report.doc_id, Path(path), len(quads), len(ex.observations),
                          len(ex.entities), len(ex.relations))
    touched = {term.value for term in corpus.touched_in(quads)}
    return summary, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), tables.rows(summary.doc_id, quads), touched


def _extracted(paths: list[Path], known: dict[str, Entity], workers: int, place: str = ""
               ) -> Iterator[tuple[LoadSummary, bytes, tables.Rows, set[str]]]:
    """Each file's summary, quads and rows, in the order of `paths`; raises the first file's error. At most a few
    files per worker are in flight, so memory stays flat however many files a load has."""
    if workers <= 1 or len(paths) < 2:
        _init_worker(known, place)
        for path in paths:
            yield _checked(_extract_one(path))
        return
    # fork: workers inherit the loaded tokenizer dictionary and gazetteer instead of loading their own.
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(known, place))
    try:
        waiting = iter(paths)
        in_flight = collections.deque(pool.apply_async(_extract_one, (p,))
                                      for p in itertools.islice(waiting, 3 * workers))
        while in_flight:
            result = in_flight.popleft().get()
            for path in itertools.islice(waiting, 1):
                in_flight.append(pool.apply_async(_extract_one, (path,)))
            yield _checked(result)
    finally:
        pool.terminate()
        pool.join()


def _checked(result: tuple[LoadSummary, bytes, tables.Rows, set[str]] | KGError
             ) -> tuple[LoadSummary, bytes, tables.Rows, set[str]]:
    if isinstance(result, KGError):
        raise result
    return result


def load_reports(store: Store, paths: Iterable[str | Path], on_progress: Callable[[], None] | None = None,
                 workers: int | None = None, timings: dict[str, float] | None = None, place: str = ""
                 ) -> list[LoadSummary]:
    """Extract each report (in parallel), then write them all as one new generation of the store. `timings`,
    if given, receives the seconds spent writing (everything but waiting for extraction) and in total, and the
    peak memory (MB) before writing. `place` is the province or city the reports speak for, where their text does
    not name it (see pipeline.extract)."""
    if place and entities.given_home(place) is None:
        raise ReportError(f"--place {place}: not a province, city or county of China.")
    paths = [Path(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    known = known_entities(store)
    if len(paths) > 1:
        entities.warm_up()
    summaries: list[LoadSummary] = []
    seen: dict[str, Path] = {}
    touched: set[str] = set()
    size_before = store.size_on_disk()
    started = time.perf_counter()
    waited = 0.0
    with store.transaction() as db:
        # Extraction first, its N-Quads gathered in files: memory stays flat however many files a load has, and
        # the store is written once the workers are done instead of competing with them for the cores.
        spool = _Spool(db.spool)
        spool.write(corpus.ontology_nquads())
        results = _extracted(paths, known, workers, place)
        while True:
            tick = time.perf_counter()
            item = next(results, None)
            waited += time.perf_counter() - tick
            if item is None:
                break
            summary, nquads, rows, things = item
            if summary.doc_id in seen:
                raise ReportError(f"{summary.path}: another file in this load has the same name "
                                  f"({summary.doc_id}); rename one of them.")
            seen[summary.doc_id] = summary.path
            summaries.append(summary)
            spool.write(nquads)
            db.tables.replace(rows)
            touched |= things
            if on_progress:
                on_progress()
        if timings is not None:  # the peak so far: extraction's, before the engine writes
            timings["rss_extracted_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # The shared facts are derived from the tables alone, so they join the report graphs in the spool, and a
        # load that fits one file is one bulk load: as compact on disk as the engine makes it, and as fast to read.
        replaced = corpus.clear_for(db, list(seen))
        corpus.refresh_shared(db, db.tables, replaced | {ox.NamedNode(t) for t in touched},
                              write=lambda quads: spool.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
        # A bulk load holds memory in proportion to its input, so a spool no larger than the files loaded side by
        # side at once is loaded as one file.
        spool.merge_up_to(workers * _CHUNK_BYTES)
        corpus.bulk_write(db, spool.files, threads=workers)
        if spool.written > size_before and (size_before or len(spool.files) > 1):
            # A large load in several parts: compact now (RocksDB compacts small writes in the background).
            # Compaction merges the files the bulk loads wrote side by side: on 100 generated reports the
            # library queries run about 1.5× faster at the median, and the store grows from 700 to 733 MB.
            db.optimize()
    if timings is not None:
        timings["total"] = time.perf_counter() - started
        timings["write"] = timings["total"] - waited
    return summaries


class _Spool:
    """A load's N-Quads, gathered in files of up to `_CHUNK_BYTES` in a scratch folder."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder, self.files, self.written = folder, [], 0

    def write(self, nquads: bytes) -> None:
        if not self.files or self.files[-1].stat().st_size >= _CHUNK_BYTES:
            self.files.append(self.folder / f"{len(self.files):06d}.nq")
        with open(self.files[-1], "ab") as f:
            f.write(nquads)
        self.written += len(nquads)

    def merge_up_to(self, limit: int) -> None:
        """Make the files one, if they hold no more than `limit` bytes."""
        if len(self.files) < 2 or self.written > limit:
            return
        with open(self.files[0], "ab") as out:
            for path in self.files[1:]:
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, out)
                path.unlink()
        del self.files[1:]


def remove_reports(store: Store, doc_ids: Iterable[str]) -> list[str]:
    """Remove reports by id, with the entities and edges only they supported; raises ReportError for an id
    that is not loaded (and then removes nothing)."""
    doc_ids = list(doc_ids)
    missing = [d for d in doc_ids if d not in set(store.report_ids())]
    if missing:
        raise ReportError(f"No report '{missing[0]}' in the store; `kg query reports` lists them.")
    with store.transaction() as db:
        for doc_id in doc_ids:
            corpus.remove_report(db, db.tables, doc_id)
        db.optimize()  # drop the removed quads' tombstones (10 of 20 reports removed: 224 MB, compacted 109 MB)
    return doc_ids

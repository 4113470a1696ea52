"""Loading reports into the store: extract every file first, then write all graphs in one transaction, so a bad
file leaves the store exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .namespaces import report_graph
from .pipeline import extract
from .store import Store
from .triples import build


@dataclass(frozen=True)
class LoadSummary:
    doc_id: str
    path: Path
    triples: int
    observations: int
    entities: int
    relations: int


def load_reports(store: Store, paths: Iterable[str | Path],
                 on_progress: Callable[[], None] | None = None) -> list[LoadSummary]:
    """Extract and build each report, then replace their graphs in the store together."""
    graphs = {}
    summaries = []
    for path in paths:
        ex = extract(path)
        g = build(ex)
        doc_id = ex.document.report.doc_id
        graphs[report_graph(doc_id)] = g
        summaries.append(LoadSummary(doc_id, Path(path), len(g), len(ex.observations), len(ex.entities),
                                     len(ex.relations)))
        if on_progress:
            on_progress()
    store.replace_graphs(graphs)
    store.flush()
    return summaries

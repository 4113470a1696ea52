"""Loading reports into the store: extract every file first, then write all graphs in one transaction, so a bad
file leaves the store exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .extract.resolution import Entity
from .namespaces import ID, report_graph
from .pipeline import extract
from .query import run
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


def known_entities(store: Store) -> dict[str, Entity]:
    """The entities already in the store, with labels, aliases and class, keyed like the extractor keys them."""
    rows = run(store, """
        SELECT ?e ?cls ?zh ?en (GROUP_CONCAT(DISTINCT ?alias; separator="\u0001") AS ?aliases) WHERE {
            ?e a ?c . ?c rdfs:subClassOf* kg:Entity .
            FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?c . FILTER (?sub != ?c) }
            ?e rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh"))
            OPTIONAL { ?e rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) }
            OPTIONAL { ?e skos:altLabel ?alias }
            BIND (STRAFTER(STR(?c), "#") AS ?cls)
        } GROUP BY ?e ?cls ?zh ?en""")
    prefix = str(ID["entity/"])
    known = {}
    for iri, cls, zh, en, aliases in rows.values():
        key = iri.removeprefix(prefix)
        known[key] = Entity(key, cls, zh, en, {a for a in aliases.split("\u0001") if a})
    return known


def load_reports(store: Store, paths: Iterable[str | Path],
                 on_progress: Callable[[], None] | None = None) -> list[LoadSummary]:
    """Extract and build each report, then replace their graphs in the store together. Entities already in the
    store, or found in an earlier file of the same call, keep their nodes."""
    graphs = {}
    summaries = []
    known = known_entities(store)
    for path in paths:
        ex = extract(path, known)
        if report_graph(ex.document.report.doc_id) in graphs:
            raise ReportError(f"{path}: another file in this load has the same name ({ex.document.report.doc_id}); "
                              "rename one of them.")
        for key, entity in ex.entities.items():
            merged = known.setdefault(key, Entity(key, entity.cls, entity.label_zh, entity.label_en, set()))
            merged.aliases |= entity.aliases
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

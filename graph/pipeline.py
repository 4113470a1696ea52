"""The loader pipeline in one call: report file → document → mentions, observations, relations.

    read_report (report.py) → parse (document.py) → entities → resolution → metrics → relations (extract/)

`triples.build` then turns an `Extraction` into RDF. Nothing here touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .document import Document, parse
from .extract import entities, metrics, relations, resolution
from .report import read_report


@dataclass
class Extraction:
    """Everything the extractors found in one report."""

    document: Document
    mentions: list[entities.Mention]
    entities: dict[str, resolution.Entity]
    observations: list[metrics.Observation]
    relations: list[relations.Relation]


def extract(path: str | Path, known: dict[str, resolution.Entity] | None = None, place: str = "") -> Extraction:
    """Read, parse and extract one report; raises ReportError for a file that is not a readable report.
    `known` are entities of reports loaded before, so the same thing keeps its node (see resolution.resolve).
    `place` is the province or city the report speaks for when its text does not say (我省, 市科技局)."""
    document = parse(replace(read_report(path), place=place))
    mentions = entities.find_mentions(document)
    found = resolution.resolve(mentions, known)
    observations, kinds = metrics.extract(document, mentions)
    # A kind a report only counts (省级中试平台11家) is no entity: readers list names, not kinds.
    mentions = [m for m in mentions if m.key not in kinds]
    found = {key: entity for key, entity in found.items() if key not in kinds}
    for o in observations:
        o.subject = "" if o.subject in kinds else o.subject
    stated = relations.extract(document, mentions, found)
    return Extraction(document, mentions, found, observations, stated)

"""Shanghai innovation knowledge graph: Chinese S&T reports → a sourced, validated, queryable RDF graph.

The pipeline, one module per stage:

    report.py     read a file (UTF-8, UTF-8 with BOM, GB18030) → Report
    document.py   layout: headings, paragraphs, list items, table rows, sentences → Document
    extract/      entities, metrics (numbers.py normalizes quantities), relations → mentions with offsets
    triples.py    mentions → RDF with W3C Web Annotation evidence and PROV-O derivation
    store.py      persistent Oxigraph store, written in generations (a load commits atomically)
    corpus.py     the layout: shared facts once (graph/shared), one named graph per report, the ontology
    loader.py     parallel extraction streamed into one store transaction
    query.py      the one query function (`run`) behind the CLI, endpoint, notebooks and views
    formats.py    results as tables, CSV/TSV/JSON, the W3C results formats, Turtle/N-Triples/JSON-LD
    session.py    `graph.open()`: the graph as a Python object (local store or remote endpoint)
    remote.py     other SPARQL engines: run the library there (SPARQLWrapper), push the graph there
    server/       `kg serve`: the SPARQL 1.1 Protocol endpoint and the web UI
    validation.py SHACL (pySHACL) and integrity checks
    cli.py        the `kg` command
"""

from __future__ import annotations

import importlib
import pathlib

from . import extract as _extractors  # noqa: F401  (the subpackage, bound first so `extract` below wins)
from .errors import KGError, QueryError, ReportError, StoreError, ValidationError

# The rest is imported on first use, so `kg query` never pays for the extractors, SHACL or rdflib.
_LAZY = {
    "corpus": ".corpus", "LoadSummary": ".loader", "load_reports": ".loader", "remove_reports": ".loader",
    "Extraction": ".pipeline", "Result": ".query", "named_queries": ".query",
    "run": ".query", "Report": ".report", "bundled_report_path": ".report", "read_report": ".report",
    "Store": ".store", "default_store_path": ".store", "build": ".triples", "Verdict": ".validation",
    "validate": ".validation", "open": ".session", "Session": ".session",
}


def extract(path: str | pathlib.Path, known: dict | None = None, place: str = ""):
    """Read, parse and extract one report (see `pipeline.extract`)."""
    from .pipeline import extract as run_pipeline

    return run_pipeline(path, known, place)


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    module = importlib.import_module(_LAZY[name], __name__)
    return module if name == "corpus" else getattr(module, name)


__version__ = "0.1.0"

__all__ = [
    "Extraction",
    "KGError",
    "LoadSummary",
    "QueryError",
    "Report",
    "ReportError",
    "Result",
    "Session",
    "Store",
    "StoreError",
    "ValidationError",
    "Verdict",
    "build",
    "bundled_report_path",
    "corpus",
    "default_store_path",
    "extract",
    "load_reports",
    "named_queries",
    "open",
    "read_report",
    "remove_reports",
    "run",
    "validate",
]

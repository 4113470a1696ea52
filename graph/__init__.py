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
    validate.py   SHACL (pySHACL) and integrity checks
    cli.py        the `kg` command
"""

from __future__ import annotations

from . import corpus
from .errors import KGError, QueryError, ReportError, StoreError, ValidationError
from .loader import LoadSummary, load_reports, remove_reports
from .pipeline import Extraction, extract
from .query import Result, named_queries, run
from .report import Report, bundled_report_path, read_report
from .store import Store, default_store_path
from .triples import build
from .validate import Verdict, validate

__version__ = "0.1.0"

__all__ = [
    "Extraction",
    "KGError",
    "LoadSummary",
    "QueryError",
    "Report",
    "ReportError",
    "Result",
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
    "read_report",
    "remove_reports",
    "run",
    "validate",
]

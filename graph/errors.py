"""The errors this package raises, one family so callers can catch them all.

    KGError                  base class; its message is one sentence a user can act on
    ├── ReportError          a report file cannot be read (missing, empty, binary, wrong encoding, no text)
    ├── StoreError           the store cannot be opened or written (locked, not a store, empty when queried)
    ├── QueryError           a SPARQL query is malformed, or a named query does not exist
    └── ValidationError      the graph does not conform to the SHACL shapes

The CLI turns each into a one-line message and exit code (`exit_code`); the endpoint into an HTTP status.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error the package raises on purpose."""

    exit_code = 1


class ReportError(KGError):
    """Raised when a report file is missing, empty, binary, badly encoded or holds no text."""

    exit_code = 2


class StoreError(KGError):
    """Raised when the store cannot be opened, is locked by another process, or has not been loaded."""

    exit_code = 3


class QueryError(KGError):
    """Raised when a SPARQL query does not parse or a named query is unknown."""

    exit_code = 4


class ValidationError(KGError):
    """Raised when a graph does not conform to the SHACL shapes; `report` holds the readable list."""

    exit_code = 1

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report

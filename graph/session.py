"""`graph.open()`: the graph as a Python object, for notebooks and scripts.

    >>> import graph
    >>> kg = graph.open()                      # the store `kg load` wrote ($KG_STORE or the default folder)
    >>> kg.query("program-payouts", program_name="创新券").to_dataframe()
    >>> kg.series("R&D经费", subject="中国")     # a measure through the years, stated vs computed growth
    >>> kg.check()                             # figures that disagree, with both sources
    >>> remote = graph.open(endpoint="http://localhost:7878/query")   # the same queries on another engine

A session is read-only and light: it opens the store's newest generation and runs named queries or SPARQL text
through `graph.query`, or through `graph.remote` when it stands for a remote endpoint.
"""

from __future__ import annotations

from pathlib import Path

from .errors import QueryError
from .query import NamedQuery, Result, named_queries, prepare, run
from .store import Store


class Session:
    """A read-only view of one graph: a local store, or a remote SPARQL endpoint."""

    def __init__(self, path: str | Path | None = None, *, endpoint: str | None = None,
                 timeout: float | None = None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.store = None if endpoint else Store(path, read_only=True)

    def query(self, query: str, /, **params: str) -> Result:
        """Run a named query (parameters as keywords, defaults for the rest), a .rq file or SPARQL text."""
        if self.endpoint:
            from . import remote

            return remote.query(self.endpoint, prepare(query, params), timeout=self.timeout or remote.TIMEOUT)
        self.store.refresh()
        return run(self.store, query, params)

    def series(self, measure: str, subject: str | None = None) -> list:
        """A measure through the periods (see `graph.series.series`), with each figure's sentence."""
        from .series import series

        if self.store is None:
            self._local_only("series")
        self.store.refresh()
        return series(self.store, measure, subject, sentences=True)

    def check(self) -> list:
        """Every disagreement between figures, with both sources (see `graph.series.check`)."""
        from .series import check

        if self.store is None:
            self._local_only("check")
        self.store.refresh()
        return check(self.store)

    def _local_only(self, what: str) -> None:
        raise QueryError(f"{what} reads a local store; a remote endpoint answers named queries only "
                         f"(try query('series', measure_iri=…)).")

    @property
    def queries(self) -> dict[str, NamedQuery]:
        """The named-query library: name → title, description, parameters."""
        return named_queries()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<graph session on {self.endpoint or self.store.path}>"


def open(path: str | Path | None = None, *, endpoint: str | None = None, timeout: float | None = None) -> Session:
    """Open the graph at `path` (default: $KG_STORE or the default store folder), or a remote `endpoint`."""
    return Session(path, endpoint=endpoint, timeout=timeout)

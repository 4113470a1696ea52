"""`kg serve`: the graph over HTTP, read-only.

    /sparql        the SPARQL 1.1 Protocol endpoint (sparql.py): GET, POST form, POST direct; a service
                   description when called without a query
    /              the web UI (pages.py): SPARQL editor with the query library, search, entity and report pages
    /static/...    the UI's files, vendored from the npm registry (nothing is fetched from elsewhere)

One Starlette app over one read-only store handle. Queries run in worker threads (pyoxigraph releases the GIL
while it evaluates), so a slow query does not hold up the others; before each request the handle moves to the
newest generation if a `kg load` has committed one meanwhile.
"""

from __future__ import annotations

import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..query import Result, from_answer, prepare
from ..store import Store

STATIC = Path(__file__).parent / "static"


class Service:
    """The store as the server sees it: one read-only handle, refreshed when a load commits."""

    def __init__(self, store_path: Path) -> None:
        self.store = Store(store_path, read_only=True)
        self._lock = threading.Lock()

    def current(self) -> Store:
        with self._lock:
            self.store.refresh()
            return self.store

    def query(self, sparql: str, *, base_iri: str | None = None, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Result:
        """Run SPARQL text (blocking; call it from a worker thread)."""
        answer = self.current().query(sparql, base_iri=base_iri, default_graphs=default_graphs,
                                      named_graphs=named_graphs)
        return from_answer(answer)

    def run(self, query: str, bindings: dict[str, str] | None = None) -> Result:
        """Run a named query (with its parameters) or SPARQL text, as `graph.query.run` does (blocking)."""
        return from_answer(self.current().query(prepare(query, bindings)))


def create_app(store_path: Path) -> Starlette:
    from . import pages, sparql

    service = Service(store_path)
    routes = [*sparql.routes, *pages.routes, Mount("/static", app=StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes)
    app.state.service = service
    return app


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878) -> None:
    import uvicorn

    uvicorn.run(create_app(store_path), host=host, port=port, log_level="warning")

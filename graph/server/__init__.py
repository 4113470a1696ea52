"""`kg serve`: the graph over HTTP, read-only.

    /sparql        the SPARQL 1.1 Protocol endpoint (sparql.py): GET, POST form, POST direct; a service
                   description when called without a query
    /              the web UI (pages.py): SPARQL editor with the query library, search, entity and report pages
    /static/...    the UI's files, vendored from the npm registry (nothing is fetched from elsewhere)

One Starlette app. /sparql queries run in worker processes under a time limit (workers.py), so a slow query does
not hold up the others and one over the limit is stopped for real; the pages run the library's queries in
threads over one read-only store handle. Every store handle moves to the newest generation before a request if a
`kg load` has committed one meanwhile, so the server answers from the old graph or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..query import Result, from_answer, prepare
from ..store import Store
from .workers import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryPool

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

    def run(self, query: str, bindings: dict[str, str] | None = None) -> Result:
        """Run a named query (with its parameters) or SPARQL text, as `graph.query.run` does (blocking)."""
        return from_answer(self.current().query(prepare(query, bindings)))


def create_app(store_path: Path, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               workers: int = 2, cors: list[str] | None = None) -> Starlette:
    """The app: /sparql queries in `workers` processes under `timeout` seconds and `max_rows` rows; cross-origin
    requests only from the `cors` origins (none unless given)."""
    from . import pages, sparql

    service = Service(store_path)
    pool = QueryPool(store_path, size=workers, timeout=timeout, max_rows=max_rows)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        pool.close()

    routes = [*sparql.routes, *pages.routes, Mount("/static", app=StaticFiles(directory=STATIC), name="static")]
    middleware = [Middleware(CORSMiddleware, allow_origins=cors, allow_methods=["GET", "POST"])] if cors else []
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service, app.state.pool = service, pool
    return app


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Run the app with uvicorn until interrupted; `options` are create_app's."""
    import uvicorn

    uvicorn.run(create_app(store_path, **options), host=host, port=port, log_level="warning")

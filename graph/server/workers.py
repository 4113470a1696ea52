"""Worker processes for the endpoint's queries, so that a query over its time limit really stops.

A thread cannot be stopped in the middle of an Oxigraph evaluation, so /sparql hands each query to one of a few
worker processes, each with its own read-only handle on the store. The server waits for the answer up to the time
limit; past it, it kills that worker (SIGKILL: the evaluation ends with the process), starts a fresh one and
answers 503. A worker runs the query, stops reading rows at the row cap, and writes the answer in the negotiated
format, so only bytes cross the process boundary.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000


@dataclass
class Answer:
    status: int
    media_type: str
    body: bytes
    truncated: bool = False


@dataclass
class Job:
    sparql: str
    base_iri: str | None
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    accept: str
    format_param: str | None
    max_rows: int


def _work(store_path: str, connection) -> None:
    """A worker's life: answer jobs one by one from its own store handle (moved to the newest generation first)."""
    from .. import formats
    from ..errors import KGError, QueryError, StoreError
    from ..query import from_answer
    from ..store import Store
    from .sparql import ProtocolError, media_type, negotiate

    store = Store(store_path, read_only=True)
    while True:
        try:
            job: Job = connection.recv()
        except EOFError:
            return
        try:
            store.refresh()
            answer = store.query(job.sparql, base_iri=job.base_iri, default_graphs=job.default_graphs,
                                 named_graphs=job.named_graphs)
            result = from_answer(answer, limit=job.max_rows)
            fmt = negotiate(job.accept, job.format_param, "graph" if result.kind == "graph" else "table")
            reply = Answer(200, media_type(fmt), formats.serialize(result, fmt), result.truncated)
        except ProtocolError as exc:
            reply = Answer(exc.status, "text/plain; charset=utf-8", f"{exc}\n".encode())
        except QueryError as exc:
            reply = Answer(400, "text/plain; charset=utf-8", f"{exc}\n".encode())
        except (StoreError, KGError) as exc:
            reply = Answer(503, "text/plain; charset=utf-8", f"{exc}\n".encode())
        connection.send(reply)


class Worker:
    def __init__(self, store_path: Path) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_work, args=(str(store_path), child), daemon=True)
        self.process.start()
        child.close()

    def ask(self, job: Job, timeout: float) -> Answer | None:
        """The worker's answer, or None if it did not come within `timeout` seconds (or the worker died)."""
        try:
            self.connection.send(job)
            if self.connection.poll(timeout):
                return self.connection.recv()
        except (EOFError, OSError):
            pass
        return None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """`size` workers; a query waits for a free one, then for its answer up to `timeout` seconds."""

    def __init__(self, store_path: Path, size: int = 2, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self.store_path, self.timeout, self.max_rows = store_path, timeout, max_rows
        self._size = size
        self._idle: asyncio.Queue[Worker] | None = None
        self._lock = threading.Lock()

    async def _workers(self) -> asyncio.Queue[Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in await asyncio.gather(*(run_in_threadpool(Worker, self.store_path)
                                                 for _ in range(self._size))):
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, job: Job) -> Answer:
        idle = await self._workers()
        worker = await idle.get()
        answer = await run_in_threadpool(worker.ask, job, self.timeout)
        if answer is None:
            await run_in_threadpool(worker.kill)
            worker = await run_in_threadpool(Worker, self.store_path)
            answer = Answer(503, "text/plain; charset=utf-8",
                            f"The query was stopped after {self.timeout:g} s, the time limit of this endpoint.\n"
                            .encode())
        idle.put_nowait(worker)
        return answer

    def close(self) -> None:
        if self._idle is None:
            return
        while not self._idle.empty():
            self._idle.get_nowait().kill()

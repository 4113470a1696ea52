"""The persistent store: an embedded Oxigraph database on disk, written in generations.

    STORE/current            the name of the generation readers open ("gen-000007")
    STORE/gen-000007/        an Oxigraph (RocksDB) database: the graph as of the last finished load
    STORE/gen-000007.tables  its figures, relation statements and entity records as rows (SQLite, see `tables.py`)
    STORE/gen-000007.lock    readers hold a shared lock on the generation they read
    STORE/lock               one writer at a time

A write (`transaction`) starts a new generation as a cheap copy of the current one (RocksDB checkpoints hard-link
the immutable table files) with a copy of its tables, writes both privately, and then
switches `current` to it with one atomic rename. So a failed or killed load leaves the previous generation current
and untouched, readers never see a half-written graph, and a reader that opened the previous generation keeps
reading it until it closes. Older generations are deleted once no reader holds them. What each graph inside a
generation holds: `corpus.py`.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .namespaces import PREFIXES, report_graph
from .sparql_text import has_keyword
from .tables import Tables

STORE_ENV = "KG_STORE"
_GEN = re.compile(r"gen-(\d{6})")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def default_store_path() -> Path:
    """`$KG_STORE`, else `$XDG_DATA_HOME/shanghai-innovation-kg/store` (`~/.local/share/...` by default)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "shanghai-innovation-kg" / "store"


def ontology_dir() -> Path:
    """The ontology folder: inside an installed wheel, else at the top of the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_resources" / "ontology", here.parent / "ontology"):
        if candidate.is_dir():
            return candidate
    raise StoreError("The ontology folder is missing from this installation; reinstall the package.")


def _one_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [exc.__class__.__name__])[0]


class Store:
    """The graph store at `path`. Read-only handles may be open in many processes at once; a writable handle
    holds the store's writer lock until it is closed (one `kg load` at a time)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path else default_store_path()
        self.read_only = read_only
        self._writer_lock: int | None = None
        self._reader_lock: int | None = None
        self._db: ox.Store | None = None
        self.generation: str | None = None  # the generation this handle reads
        if (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path} was written by an earlier version of kg; delete the folder and run "
                             "`kg load` again.")
        if read_only:
            if not (self.path / "current").exists():
                raise StoreError(f"No graph at {self.path}: run `kg load` first (or set --store / {STORE_ENV}).")
        else:
            if self.path.exists() and any(self.path.iterdir()) and not (self.path / "lock").exists():
                raise StoreError(f"{self.path} exists and is not a graph store; choose another --store folder.")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self._writer_lock = _lock(self.path / "lock", fcntl.LOCK_EX)
            except BlockingIOError:
                raise StoreError(f"The store at {self.path} is in use by another process (a running `kg load`?)."
                                 ) from None
            except OSError as exc:
                raise StoreError(f"Cannot open the store at {self.path}: {_one_line(exc)}") from None
        self._open_current()

    # -- generations -----------------------------------------------------------------------------------------
    def _current(self) -> str | None:
        try:
            name = (self.path / "current").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name if _GEN.fullmatch(name) else None

    def _open_current(self) -> None:
        """Open the current generation read-only, holding its reader lock (retried if a writer moves on)."""
        for _ in range(20):
            name = self._current()
            if name is None:
                self._db = ox.Store()  # a new store: empty until the first load commits
                return
            fd = _lock(self.path / f"{name}.lock", fcntl.LOCK_SH, wait=True)
            if self._current() != name or not (self.path / name).is_dir():
                os.close(fd)  # a writer switched generations meanwhile: read the new one
                continue
            try:
                db = ox.Store.read_only(str(self.path / name))
            except (OSError, RuntimeError) as exc:
                os.close(fd)
                raise StoreError(f"Cannot open the store at {self.path}: {_one_line(exc)}") from None
            self._release_reader()
            self._db, self._reader_lock, self.generation = db, fd, name
            return
        raise StoreError(f"The store at {self.path} keeps changing while it is opened; try again.")

    def refresh(self) -> bool:
        """Read the latest generation if a load has committed one since this handle opened; True if it did.
        (A long-running reader such as `kg serve` calls this before each request.)"""
        if not self.read_only or self._current() == self.generation:
            return False
        self._open_current()
        return True

    def _release_reader(self) -> None:
        if self._db is None:
            return
        self._db = None
        gc.collect()  # close the database files before the lock says nobody reads them
        if self._reader_lock is not None:
            os.close(self._reader_lock)
            self._reader_lock = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_Handle]:
        """A writable copy of the graph; it becomes the store's graph when the block ends without an error.
        On an error (or if the process dies) the store stays exactly as it was."""
        if self.read_only or self._writer_lock is None:
            raise StoreError("The store was opened read-only.")
        current = self._current()
        number = int(_GEN.fullmatch(current).group(1)) + 1 if current else 1
        name = f"gen-{number:06d}"
        target = self.path / name
        shutil.rmtree(target, ignore_errors=True)  # left by a load that was killed
        shutil.rmtree(self.path / f"{name}.spool", ignore_errors=True)
        try:
            if current:
                self._db.backup(str(target))
            db = ox.Store(str(target))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"Could not write to the store at {self.path}: {_one_line(exc)}") from None
        tables_file = self.path / f"{name}.tables"
        previous = self.path / f"{current}.tables" if current else None
        try:
            usable = previous if previous is not None and Tables.is_current(previous) else None
            tables = Tables.copy(usable, tables_file.with_suffix(".tables-new"))
            if previous is not None and usable is None:
                tables.rebuild(db)  # a store written before there were tables, or before their present version
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"Could not write to the store at {self.path}: {_one_line(exc)}") from None
        handle = _Handle(db, tables, self.path / f"{name}.spool")
        del db
        try:
            yield handle
            handle.flush()
            tables.close()
        except BaseException:
            handle.close()
            tables.close()
            tables.path.unlink(missing_ok=True)
            shutil.rmtree(handle.spool, ignore_errors=True)
            shutil.rmtree(target, ignore_errors=True)
            raise
        handle.close()
        shutil.rmtree(handle.spool, ignore_errors=True)
        os.replace(tables.path, tables_file)
        _fsync_dir(target)
        pointer = self.path / "current.tmp"
        pointer.write_text(name + "\n", encoding="ascii")
        with open(pointer, "rb") as f:
            os.fsync(f.fileno())
        os.replace(pointer, self.path / "current")  # the commit: one atomic rename
        _fsync_dir(self.path)
        self._open_current()
        self._collect_old_generations()

    def _collect_old_generations(self) -> None:
        """Delete generations that are not current and that no reader holds."""
        current = self._current()
        for orphan in self.path.glob("gen-*.tables-new"):  # left by a load that was killed
            orphan.unlink(missing_ok=True)
        for orphan in self.path.glob("gen-*.spool"):
            shutil.rmtree(orphan, ignore_errors=True)
        for lock in self.path.glob("gen-*.lock"):  # locks of generations already gone
            if not (self.path / lock.stem).exists() and lock.stem != current:
                lock.unlink(missing_ok=True)
        for entry in self.path.iterdir():
            if not _GEN.fullmatch(entry.name) or entry.name == current:
                continue
            try:
                fd = _lock(self.path / f"{entry.name}.lock", fcntl.LOCK_EX)
            except BlockingIOError:
                continue  # a reader still has it open
            shutil.rmtree(entry, ignore_errors=True)
            (self.path / f"{entry.name}.tables").unlink(missing_ok=True)
            (self.path / f"{entry.name}.lock").unlink(missing_ok=True)
            os.close(fd)

    def close(self) -> None:
        self._release_reader()
        if self._writer_lock is not None:
            os.close(self._writer_lock)
            self._writer_lock = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def size_on_disk(self) -> int:
        """Bytes of the current generation's files."""
        name = self._current()
        return sum(f.stat().st_size for f in (self.path / name).rglob("*") if f.is_file()) if name else 0

    # -- reading ---------------------------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None, *, base_iri: str | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None):
        """Run a SPARQL query; raises QueryError with the parser's message. The default graph is the union of
        all graphs unless the query's FROM or `default_graphs` names the graphs to merge instead (the SPARQL
        Protocol's default-graph-uri); FROM NAMED or `named_graphs` limits what GRAPH sees (named-graph-uri)."""
        dataset = {}
        if default_graphs is not None or named_graphs is not None:
            dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs or []],
                       "named_graphs": [ox.NamedNode(g) for g in named_graphs or []]}
            if named_graphs is None:
                del dataset["named_graphs"]
        # A query that names its own dataset (FROM, FROM NAMED) gets it: graphs of this store, nothing fetched.
        union = not dataset and not has_keyword(sparql, "FROM")
        try:
            return self._db.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES,
                                  substitutions=substitutions, base_iri=base_iri, **dataset)
        except SyntaxError as exc:
            message = _one_line(exc)
            message = message if len(message) <= 160 else message[:160] + "…"
            raise QueryError(f"The query does not parse: {message}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"The query failed: {_one_line(exc)}") from None
        except RuntimeError as exc:
            raise StoreError(f"The store at {self.path} could not be read: {_one_line(exc)}") from None

    def tables(self) -> Tables:
        """The figure and statement tables of the generation this handle reads (see `graph.tables`)."""
        if self.generation is None:
            raise StoreError(f"No graph at {self.path}: run `kg load` first (or set --store / {STORE_ENV}).")
        return Tables(self.path / f"{self.generation}.tables")

    @property
    def db(self) -> ox.Store:
        """The Oxigraph database of the current generation (read-only)."""
        return self._db

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs())

    def report_ids(self) -> list[str]:
        prefix = str(report_graph(""))
        return [name[len(prefix) :] for name in self.graph_names() if name.startswith(prefix)]

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._db.quads_for_pattern(None, None, None, g)

    def labels(self, iris: Iterable[str], language: str = "zh") -> dict[str, str]:
        """The label in `language` of each IRI that has one (rdfs:label, else skos:prefLabel), each read by one
        index lookup: for a few thousand things at once this is several times faster than a query."""
        out: dict[str, str] = {}
        for iri in iris:
            node = ox.NamedNode(iri)
            for predicate in (_RDFS_LABEL, _SKOS_PREF):
                found = next((q.object.value for q in self._db.quads_for_pattern(node, predicate, None)
                              if getattr(q.object, "language", None) == language), None)
                if found is not None:
                    out[iri] = found
                    break
        return out

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        if graph:
            return self._db.dump(format=fmt, from_graph=ox.NamedNode(graph))
        return self._db.dump(format=fmt)

    def export(self, fmt: ox.RdfFormat) -> bytes:
        """The whole store serialized; formats without named graphs get the union of all graphs (each triple is
        held by one graph only, so the union repeats nothing)."""
        if fmt.supports_datasets:
            return self._db.dump(format=fmt)
        triples = (q.triple for q in self.quads())
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else None
        return ox.serialize(triples, format=fmt, prefixes=prefixes)

    def __len__(self) -> int:
        return len(self._db)


class _Handle:
    """The writable database of a transaction. `close` drops the one reference to it, so RocksDB closes it
    (and stops compacting) before readers open the generation, even if a caller still holds the handle."""

    def __init__(self, db: ox.Store, tables: Tables, spool: Path) -> None:
        self._db: ox.Store | None = db
        self.tables = tables  # the rows of the reports written: the loader keeps them with the graphs
        self.spool = spool  # a scratch folder beside the generation, for the loader's N-Quads; removed at the end

    def __getattr__(self, name: str):
        if self._db is None:
            raise StoreError("The transaction is over; open the store again to write.")
        return getattr(self._db, name)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self._db

    def close(self) -> None:
        self._db = None
        gc.collect()


def _lock(path: Path, kind: int, wait: bool = False) -> int:
    """An open file descriptor holding a flock of `kind` on `path` (raises BlockingIOError unless `wait`)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, kind if wait else kind | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

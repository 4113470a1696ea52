"""The persistent store: an embedded Oxigraph database on disk, one named graph per report plus the ontology.

Queries run against the union of all graphs. Loading a report replaces its named graph and (re)loads the
ontology graph in one SPARQL update, so a failed load leaves the store exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import QueryError, StoreError
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, report_graph

STORE_ENV = "KG_STORE"


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


def ontology_graph() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    return g


class Store:
    """An Oxigraph store at `path`. Open read-only for queries (several processes may read at once)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path else default_store_path()
        self.read_only = read_only
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"No graph at {self.path}: run `kg load` first (or set --store / {STORE_ENV}).")
                self._store = ox.Store.read_only(str(self.path))
            else:
                if self.path.exists() and any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path} exists and is not a graph store; choose another --store folder.")
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            # RocksDB reports a store being rewritten under a reader as "Corruption"; both are one-line errors.
            reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            if "Corruption" in reason or "No such file" in reason:
                raise StoreError(f"The store at {self.path} changed while it was being opened (a `kg load` in "
                                 "progress?); try again.") from None
            if "lock" in reason.lower():
                raise StoreError(f"The store at {self.path} is in use by another process (a running `kg load`?).") \
                    from None
            raise StoreError(f"Cannot open the store at {self.path}: {reason}") from None

    # -- writing ---------------------------------------------------------------------------------------------
    def replace_graphs(self, graphs: dict[URIRef, Graph]) -> None:
        """Replace each named graph by its new content, together with the ontology, in one transaction."""
        if self.read_only:
            raise StoreError("The store was opened read-only.")
        graphs = {ONTOLOGY_GRAPH: ontology_graph(), **graphs}
        parts = []
        for name, g in graphs.items():
            body = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
            parts.append(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
        try:
            self._store.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"Could not write to the store at {self.path}: {exc}") from None

    def remove_report(self, doc_id: str) -> bool:
        name = ox.NamedNode(str(report_graph(doc_id)))
        if not self._store.contains_named_graph(name):
            return False
        self._store.update(f"DROP GRAPH <{name.value}>")
        return True

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    # -- reading ---------------------------------------------------------------------------------------------
    def query(self, sparql: str):
        """Run a SPARQL query over the union of all graphs; raises QueryError with the parser's message."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            message = str(exc).splitlines()[0]
            message = message if len(message) <= 160 else message[:160] + "…"
            raise QueryError(f"The query does not parse: {message}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"The query failed: {str(exc).splitlines()[0]}") from None
        except RuntimeError as exc:
            raise StoreError(f"The store at {self.path} could not be read: {str(exc).splitlines()[0]}") from None

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def report_ids(self) -> list[str]:
        prefix = str(report_graph(""))
        return [name[len(prefix) :] for name in self.graph_names() if name.startswith(prefix)]

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, g)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        if graph:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph))
        return self._store.dump(format=fmt)

    def export(self, fmt: ox.RdfFormat) -> bytes:
        """The whole store serialized; formats without named graphs get the union of all graphs."""
        if fmt.supports_datasets:
            return self._store.dump(format=fmt)
        merged = ox.Store()
        merged.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.quads())
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else None
        try:
            return merged.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        except TypeError:  # older pyoxigraph without the prefixes argument
            return merged.dump(format=fmt, from_graph=ox.DefaultGraph())

    def __len__(self) -> int:
        return len(self._store)

"""The store's tables: one row per figure and per relation statement, kept beside each store generation.

Questions about every figure of a corpus (`kg check`), one measure through the years (`kg series`) and the
evidence of every edge (`kg export --format graphml`) read hundreds of thousands of observations. The engine
answers them, but each term it returns is a dictionary lookup on disk (tens of microseconds), so on a
1,000-report corpus such a question costs minutes. These tables hold the same facts as plain rows, keyed by IRI:

    report     doc, year, sha256 (of the report's text: two copies of one file have the same)
    figure     o (observation IRI), doc, about, measure, unit, qualifier, value, period, period_start,
               period_end, surface, start, end, sentence_start, sentence_end, kind (level | change | share),
               change_of, part_of, fall (1 when the words before a change say it is a fall: 下降, 减少, …),
               section (the position of the section that states it)
    statement  st (statement IRI), doc, s, p, o, status, start, end
    record     doc, thing, p, value, lang: what a report states about a shared thing (one row per record and
               fact: p is entity, class, label, alias or mentions; a unit the report's figures use is a row
               with p = unit), so the shared graph is derived from rows, before anything is written

The rows are derived from a report's quads by `rows` (the same quads the store holds, at load time, in the worker
that extracted the report), so they say exactly what the report graph says. Labels, texts and the shared graph
stay in the store and are looked up for the rows an answer needs. The tables are an SQLite file per generation
(`STORE/gen-000007.tables`): written in the load's transaction, renamed into place before the load commits, and
read-only afterwards, like the generation itself.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError
from .namespaces import KG, QUDT, report_graph, unit_key

_SCHEMA = """
CREATE TABLE report (doc TEXT PRIMARY KEY, year TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE figure (o TEXT PRIMARY KEY, doc TEXT NOT NULL, about TEXT NOT NULL, measure TEXT NOT NULL,
    unit TEXT NOT NULL, qualifier TEXT NOT NULL, value TEXT NOT NULL, period TEXT NOT NULL,
    period_start TEXT NOT NULL, period_end TEXT NOT NULL, surface TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, kind TEXT NOT NULL,
    change_of TEXT NOT NULL, part_of TEXT NOT NULL, fall INTEGER NOT NULL, section INTEGER NOT NULL);
CREATE INDEX figure_doc ON figure (doc);
CREATE INDEX figure_about ON figure (about);
CREATE INDEX figure_measure ON figure (measure, about);
CREATE INDEX figure_change_of ON figure (change_of);
CREATE TABLE statement (st TEXT PRIMARY KEY, doc TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL,
    o TEXT NOT NULL, status TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX statement_doc ON statement (doc);
CREATE INDEX statement_s ON statement (s);
CREATE TABLE record (doc TEXT NOT NULL, thing TEXT NOT NULL, p TEXT NOT NULL, value TEXT NOT NULL,
    lang TEXT NOT NULL);
CREATE INDEX record_doc ON record (doc);
CREATE INDEX record_thing ON record (thing);
PRAGMA user_version = 3;
"""
_VERSION = 3
FIGURE_COLUMNS = ("o", "doc", "about", "measure", "unit", "qualifier", "value", "period", "period_start",
                  "period_end", "surface", "start", "end", "sentence_start", "sentence_end", "kind", "change_of",
                  "part_of", "fall", "section")
STATEMENT_COLUMNS = ("st", "doc", "s", "p", "o", "status", "start", "end")
RECORD_COLUMNS = ("doc", "thing", "p", "value", "lang")
# The words before a change that make it a fall (negative): 比上年下降3.2%.
FALL = re.compile(r"(下降|减少|降低|回落|下滑|缩小|减小|降幅)[^，,；;。]*$")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OA = "http://www.w3.org/ns/oa#"
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (_RDF + p for p in ("type", "subject", "predicate", "object"))
_OFFSETS = re.compile(r"/(\d+)-(\d+)(?:-\d+)?$")
# A record's facts that the shared graph is derived from, by their short names in the record table.
_STATED = {KG + "statedClass": "class", KG + "statedLabel": "label", KG + "statedAlias": "alias",
           KG + "mentionsInReport": "mentions"}


@dataclass
class Rows:
    """The table rows of one report."""

    doc: str
    year: str = ""
    sha256: str = ""
    figures: list[tuple] = field(default_factory=list)
    statements: list[tuple] = field(default_factory=list)
    records: list[tuple] = field(default_factory=list)


def rows(doc: str, quads: Iterable[ox.Quad]) -> Rows:
    """The rows one report graph's quads give (see the module docstring)."""
    about: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    stated: set[tuple[str, str, str, str]] = set()  # (record, p, value, language)
    for q in quads:
        about[q.subject.value][q.predicate.value].append(q.object.value)
        if q.predicate.value in _STATED:
            stated.add((q.subject.value, _STATED[q.predicate.value], q.object.value,
                        getattr(q.object, "language", None) or ""))
    out = Rows(doc)
    units: set[str] = set()
    for subject, props in about.items():
        types = props.get(_TYPE, ())
        if KG + "Report" in types:
            out.year, out.sha256 = _one(props, KG + "year"), _one(props, KG + "sha256")
        elif KG + "Observation" in types:
            out.figures.append(_figure(doc, subject, props, about, types))
            units.update(props.get(QUDT + "unit", ()))
        elif KG + "EntityRecord" in types:
            out.records.append((doc, _one(props, KG + "describes"), "entity", "", ""))
        elif KG + "RelationStatement" in types:
            start, end = _offsets(subject)
            out.statements.append((subject, doc, _one(props, _SUBJECT), _one(props, _PREDICATE),
                                   _one(props, _OBJECT), _local(_one(props, KG + "status")), start, end))
    out.records += [(doc, _one(about[record], KG + "describes"), p, value, language)
                    for record, p, value, language in stated]
    out.records += [(doc, unit, "unit", "", "") for unit in units]
    out.figures.sort()
    out.statements.sort()
    out.records.sort()
    return out


def _figure(doc: str, o: str, props: dict, about: dict, types: list[str]) -> tuple:
    span = _one(props, KG + "evidence")
    sentence = (about.get(span, {}).get(KG + "sentence") or [span])[0]
    prefix = _one(about.get(span + "#quote", {}), _OA + "prefix")
    section = _one(about.get(_one(about.get(span, {}), KG + "inSection"), {}), KG + "order")
    kind = "change" if KG + "ChangeObservation" in types else "share" if KG + "ShareObservation" in types else "level"
    return (o, doc, _one(props, KG + "about"), _one(props, KG + "measure"),
            unit_key(_one(props, QUDT + "unit")), _local(_one(props, KG + "qualifier")),
            _one(props, QUDT + "numericValue"), _one(props, KG + "period"), _one(props, KG + "periodStart"),
            _one(props, KG + "periodEnd"), _one(props, KG + "surface"), *_offsets(o), *_offsets(sentence), kind,
            _one(props, KG + "changeOf"), _one(props, KG + "partOf"),
            int(kind == "change" and FALL.search(prefix) is not None), int(section or 0))


def _one(props: dict, predicate: str) -> str:
    values = props.get(predicate)
    return values[0] if values else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _offsets(iri: str) -> tuple[int, int]:
    """The offsets an observation's, statement's or span's IRI carries (…/observation/160-169)."""
    found = _OFFSETS.search(iri)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


# -- the file of one generation ---------------------------------------------------------------------------------
class Tables:
    """The tables of one store generation: read-only, or writable inside a load's transaction."""

    def __init__(self, path: Path, writable: bool = False) -> None:
        self.path = path
        if writable:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode = OFF")  # the whole file is discarded if the load fails
            self.db.execute("PRAGMA synchronous = OFF")  # made durable by `close` (fsync) before the commit
            if self.db.execute("PRAGMA user_version").fetchone()[0] == 0:
                self.db.executescript(_SCHEMA)
            self.db.execute("BEGIN")
        else:
            if not path.exists():
                raise StoreError(f"The store's figure tables are missing ({path.name}): it was written by an "
                                 "earlier version of kg. Run `kg load` with any report to rebuild them.")
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                      check_same_thread=False)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            raise StoreError(f"The store's figure tables ({path}) are of another version. Run `kg load` with any "
                             "report to rebuild them.")

    @staticmethod
    def is_current(path: Path) -> bool:
        """Whether a tables file exists and is of this version (else a load rebuilds it from the store)."""
        if not path.exists():
            return False
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return db.execute("PRAGMA user_version").fetchone()[0] == _VERSION
        finally:
            db.close()

    @classmethod
    def copy(cls, source: Path | None, target: Path) -> Tables:
        """A writable copy of `source` (a new, empty file when there is none) at `target`."""
        target.unlink(missing_ok=True)
        if source is not None and source.exists():
            shutil.copyfile(source, target)
        return cls(target, writable=True)

    def replace(self, report: Rows) -> None:
        """Make the rows of `report.doc` these."""
        self.remove(report.doc)
        self.db.execute("INSERT INTO report VALUES (?, ?, ?)", (report.doc, report.year, report.sha256))
        self.db.executemany(f"INSERT INTO figure VALUES ({', '.join('?' * len(FIGURE_COLUMNS))})", report.figures)
        self.db.executemany(f"INSERT INTO statement VALUES ({', '.join('?' * len(STATEMENT_COLUMNS))})",
                            report.statements)
        self.db.executemany(f"INSERT INTO record VALUES ({', '.join('?' * len(RECORD_COLUMNS))})", report.records)

    def remove(self, doc: str) -> None:
        for table in ("report", "figure", "statement", "record"):
            self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))

    def rebuild(self, db: ox.Store) -> None:
        """Rows for every report graph of `db` (a store written before there were tables): slow, once."""
        prefix = str(report_graph(""))
        for graph in db.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(prefix):
                self.replace(rows(graph.value[len(prefix):], db.quads_for_pattern(None, None, None, graph)))

    def docs(self) -> set[str]:
        return {doc for (doc,) in self.db.execute("SELECT doc FROM report")}

    def select(self, sql: str, parameters: Iterable = ()) -> list[sqlite3.Row]:
        """Rows of a query over the tables, each addressable by column name."""
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, tuple(parameters)).fetchall()

    def __enter__(self) -> Tables:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        """Finish writing (commit and fsync) or reading."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
            self.db.close()
            with open(self.path, "rb") as f:
                os.fsync(f.fileno())
        else:
            self.db.close()

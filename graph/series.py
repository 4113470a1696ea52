"""A measure followed through the periods, and the figures of a corpus checked against each other.

`series` gives one row per figure of a measure concept (see `graph.measures`): the value each report states for
each period, the growth the report states for it (比上年增长10.1%) and the growth computed from the previous
period's level in the graph, with whether the two agree within the rounding the text allows.

`check` lists every disagreement between figures, each with its sources' sentences and offsets:

- growth: a stated growth rate that the previous period's level in the graph does not give;
- restated: one figure (subject, measure, unit, period) stated with different values in two reports;
- part-exceeds-total: a part (其中…) larger than its total;
- share-over-100: a share (占比, 比重, 其中55%…) above 100%.

Agreement allows for rounding: a figure written 30782.9亿元 stands for anything from 30782.85 to 30782.95亿元,
and a rate written 10.1% for 10.05–10.15%; two figures agree when their intervals meet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from . import query as q
from .errors import QueryError
from .measures import concept_key
from .namespaces import ID, measure_iri, report_iri
from .store import Store

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
CHANGE_UNIT_WORDS = {"percent": "%", "percentage_point": "个百分点"}  # how a change's unit is written after it
_COMPARABLE = ("exact", "approximately")  # a bound (超过千亿元) is no level to compute a change from
_MOST_LEVELS = 8  # previous levels a stated change is compared with (a corpus may restate one many times)


@dataclass
class Figure:
    """One figure as a report states it, with its source."""

    subject: str  # zh label
    measure: str
    period: str
    value: Decimal
    unit: str
    qualifier: str
    doc: str
    start: int
    end: int
    surface: str
    sentence: str = ""
    year: str = ""
    period_start: str = ""
    period_end: str = ""

    @cached_property
    def interval(self) -> tuple[Decimal, Decimal]:
        """The values the written figure stands for: ± half a unit of its last written digit."""
        half = _half_step(self.value, self.surface)
        return self.value - half, self.value + half


@dataclass
class SeriesRow(Figure):
    """A figure of a series, with the growth stated for it and the growth computed from the previous level."""

    stated_change: str = ""  # signed, in change_unit
    change_unit: str = ""
    computed_change: str = ""
    consistent: str = ""  # "yes", "no", or "" when there is nothing to compare
    previous: Figure | None = field(default=None, repr=False)
    change_surface: str = ""
    change_start: str = ""

    COLUMNS = ("period", "value", "unit", "qualifier", "subject", "doc", "start", "end", "surface",
               "stated_change", "computed_change", "change_unit", "consistent")

    def row(self) -> dict[str, str]:
        return {c: str(getattr(self, c)) for c in self.COLUMNS}

    @cached_property
    def stated_range(self) -> tuple[Decimal, Decimal] | None:
        """The changes the stated one stands for, given its rounding (None: no change is stated)."""
        if not self.stated_change:
            return None
        stated = Decimal(self.stated_change)
        half = _half_step(abs(stated), self.change_surface)
        return stated - half, stated + half


def measure_concept(phrase: str) -> str:
    """The IRI of the measure concept a phrase names (专利申请数 and 专利申请量 name the same one)."""
    return str(measure_iri(phrase))


def series(store: Store, measure: str, subject: str | None = None, sentences: bool = False) -> list[SeriesRow]:
    """Each figure of the measure `measure` names (any phrase for it, or its IRI), for `subject` (a label or
    alias, any case) or every subject, ordered by subject and period, with stated and computed growth. With
    `sentences`, each row also carries its sentence (for charts)."""
    concept = measure if measure.startswith(str(ID)) else measure_concept(measure)
    with store.tables() as tables:
        # Each level with every change its sentence states for it; the store's tables hold what the report
        # graphs say, as rows (see graph.tables): a series costs what it holds, however large the corpus.
        found = tables.select(_SERIES, (concept,))
        years = dict(tables.db.execute("SELECT doc, year FROM report").fetchall())
    if not found:
        raise QueryError(_unknown_measure(store, measure))
    labels = _labels(store, {r["about"] for r in found} | {concept})
    if subject:
        wanted = set(_subjects_named(store, subject))
        chosen = [r for r in found if r["about"] in wanted]
        if not chosen:  # no entity has that exact name: match the labels of this series' subjects, in any case
            chosen = [r for r in found if labels[r["about"]].lower() == subject.strip().lower()]
        if not chosen:
            names = "; ".join(sorted({labels[r["about"]] for r in found})[:8])
            raise QueryError(f"No figure of '{measure}' is about '{subject}'. Subjects: {names}.")
        found = chosen
    rows: dict[tuple[str, int], SeriesRow] = {}
    for r in found:
        row = _row(r, labels[r["about"]], labels[concept])
        row.year = years.get(row.doc, "")
        if row.change_unit and not _fits(row.unit, row.change_unit):
            row.stated_change = row.change_unit = row.change_surface = row.change_start = ""
        # One stated change per figure (see `_rank`).
        known = rows.get((row.doc, row.start))
        if known is None or (row.change_start and (not known.change_start or _rank(
                row.change_unit, int(row.change_start)) < _rank(known.change_unit, int(known.change_start)))):
            rows[(row.doc, row.start)] = row
    if sentences:
        _add_sentences(store, [(row, r["sentence_start"], r["sentence_end"]) for r in found
                               for row in [rows[(r["doc"], r["start"])]]])
    by_key = defaultdict(list)
    for row in rows.values():
        by_key[(row.subject, row.unit, row.period_start, row.period_end)].append(row)
    latest = {key: Levels(figures) for key, figures in by_key.items()}
    for row in rows.values():
        _compare(row, _previous(row, latest))
    return sorted(rows.values(), key=lambda r: (r.subject, r.period_end, r.period, r.doc, r.start))


_SERIES = """SELECT f.*, c.value AS change, c.unit AS change_unit, c.surface AS change_surface,
    c.start AS change_start, c.fall AS change_fall
FROM figure f LEFT JOIN figure c ON c.change_of = f.o
WHERE f.measure = ? AND f.kind != 'change'"""


def _subjects_named(store: Store, name: str) -> list[str]:
    """The entities `name` names exactly (label or alias, zh, en or plain; any case as a last resort)."""
    wanted = name.strip()
    forms = " ".join(f'{q._literal(wanted)}{tag}' for tag in ("@zh", "@en", "")) + \
        f' {q._literal(wanted.lower())}@en {q._literal(wanted.title())}@en'
    found = q.run(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?n {{ {forms} }} ?s rdfs:label|skos:altLabel ?n }}")
    return sorted(r["s"] for r in found.records())


def _labels(store: Store, iris: set[str]) -> dict[str, str]:
    """The Chinese label of each entity and measure (a section or unlabelled thing: the end of its IRI)."""
    return {i: i.split("/id/", 1)[-1] for i in iris} | store.labels(iris)


def _add_sentences(store: Store, rows: list[tuple[Figure, int, int]]) -> None:
    """Each figure's sentence, cut from its report's text (fetched once per report)."""
    docs = sorted({row.doc for row, _, _ in rows})
    texts: dict[str, str] = {}
    for i in range(0, len(docs), 200):
        values = " ".join(f"<{report_iri(d)}>" for d in docs[i : i + 200])
        for r in q.run(store, f"SELECT ?r ?text WHERE {{ VALUES ?r {{ {values} }} ?r kg:text ?text }}").records():
            texts[r["r"].rsplit("/", 1)[-1]] = r["text"]
    for row, start, end in rows:
        row.sentence = texts.get(row.doc, "")[start:end]


def _unknown_measure(store: Store, measure: str) -> str:
    key = concept_key(measure)
    found = q.run(store, "SELECT ?m ?label WHERE { ?m a kg:Measure ; skos:prefLabel ?label } ORDER BY ?label")
    close = [r["label"] for r in found.records() if key in concept_key(r["label"])
             or concept_key(r["label"]) in key][:8]
    hint = f" Measures containing it: {'; '.join(close)}." if close else " Try `kg metrics` for the measures."
    return f"No figure measures '{measure}'.{hint}"


def _row(r, subject: str, measure: str) -> SeriesRow:
    """A series row from a figure row of the tables, joined with one change stated for it (if any)."""
    changed = r["change"] is not None
    return SeriesRow(
        subject=subject, measure=measure, period=r["period"], value=Decimal(r["value"]), unit=r["unit"],
        qualifier=r["qualifier"], doc=r["doc"], start=r["start"], end=r["end"], surface=r["surface"],
        period_start=r["period_start"], period_end=r["period_end"],
        stated_change=("-" if changed and r["change_fall"] else "") + r["change"] if changed else "",
        change_unit=r["change_unit"] or "", change_surface=r["change_surface"] or "",
        change_start=str(r["change_start"]) if changed else "")


def _year_before(iso: str) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    try:
        return d.replace(year=d.year - 1).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28).isoformat()


def _previous(row: Figure, latest: dict[tuple, Levels]) -> list[Figure]:
    """The levels one year earlier (same subject, unit and length of period) that a change can be computed from."""
    if not row.period_end:
        return []
    levels = latest.get((row.subject, row.unit, _year_before(row.period_start), _year_before(row.period_end)))
    return levels.for_change(row) if levels else []


class Levels:
    """The levels one period has (same subject, unit and period), ready to compute changes from: bounds (超过千亿元)
    left out, the latest report's first, one per value and at most `_MOST_LEVELS` for other reports. Sorted once
    however many figures of the next period ask."""

    def __init__(self, candidates: list[Figure]) -> None:
        kept = sorted((c for c in candidates if c.qualifier in _COMPARABLE),
                      key=lambda c: (c.qualifier == "exact", c.year, c.doc, c.start), reverse=True)
        self.first_in: dict[str, Figure] = {}
        for c in kept:
            self.first_in.setdefault(c.doc, c)
        seen: set[Decimal] = set()
        self.distinct = [c for c in kept if not (c.value in seen or seen.add(c.value))][:_MOST_LEVELS]

    def for_change(self, row: Figure) -> list[Figure]:
        """The level the same report states if it does, else the other reports' (see the class)."""
        if row.qualifier not in _COMPARABLE:
            return []
        same = self.first_in.get(row.doc)
        return [same] if same else self.distinct


def _compare(row: SeriesRow, candidates: list[Figure]) -> None:
    """Fill in the computed change and, when the report states one, whether they agree. With several reports
    giving the previous level (a preliminary and a final figure), the change is computed from the first that
    agrees with the stated growth, else from the latest report's; that the levels differ is for `check` to say."""
    for previous in candidates:
        computed, agrees = _change(row, previous)
        if computed is None:
            continue
        if row.previous is None or agrees:
            row.previous, row.computed_change = previous, f"{computed:.2f}"
            row.consistent = "" if agrees is None else "yes" if agrees else "no"
        if agrees:
            return


def _change(row: SeriesRow, previous: Figure) -> tuple[Decimal | None, bool | None]:
    """The change from `previous` to `row` (percent, or points for a percentage), and whether the stated change
    falls within what the rounding of the three figures allows (None: no change is stated)."""
    points = row.change_unit == "percentage_point" or (not row.change_unit and row.unit == "percent")
    amount = row.change_unit == row.unit and row.unit != "percent"  # 比上年增加2.3万元: the difference itself
    if not points and previous.value == 0:
        return None, None
    low, high = row.interval
    p_low, p_high = previous.interval
    if points or amount:
        computed, span = row.value - previous.value, (low - p_high, high - p_low)
    else:
        computed = (row.value - previous.value) / previous.value * 100
        span = ((low - p_high) / p_high * 100 if p_high else computed,
                (high - p_low) / p_low * 100 if p_low else computed)
    stated = row.stated_range
    if stated is None:
        return computed, None
    return computed, bool(stated[0] <= span[1] and stated[1] >= span[0])


def _half_step(value: Decimal, surface: str) -> Decimal:
    """Half a unit of the last digit the surface writes, in the value's unit (30782.9亿元 → 0.05亿元 → 5e6)."""
    match = _NUMBER.search(surface)
    if match is None:
        return Decimal(0)  # 三家, 千亿元: written in words, taken as exact
    written = Decimal(match.group(0).replace(",", ""))
    if written == 0:
        return Decimal(0)
    decimals = len(match.group(1) or "")
    return Decimal(5) / Decimal(10) ** (decimals + 1) * abs(value / written)


@dataclass
class Disagreement:
    """Two figures (or one, for a share over 100%) that cannot both be right, with both sources."""

    kind: str  # growth | restated | part-exceeds-total | share-over-100
    subject: str
    measure: str
    period: str
    detail: str
    first: Figure
    second: Figure | None = None

    COLUMNS = ("kind", "subject", "measure", "period", "detail", "value_1", "unit_1", "surface_1", "doc_1",
               "start_1", "end_1", "sentence_1", "value_2", "unit_2", "surface_2", "doc_2", "start_2", "end_2",
               "sentence_2")

    def row(self) -> dict[str, str]:
        out = {"kind": self.kind, "subject": self.subject, "measure": self.measure, "period": self.period,
               "detail": self.detail}
        for n, fig in (("1", self.first), ("2", self.second)):
            for part in ("value", "unit", "surface", "doc", "start", "end", "sentence"):
                out[f"{part}_{n}"] = "" if fig is None else str(getattr(fig, part))
        return out


# What is shown only for a disagreement found (labels, sentences) is looked up for those figures alone.
_SHARE_MEASURES = """SELECT ?m WHERE {
  ?m a kg:Measure ; skos:prefLabel ?label FILTER (REGEX(?label, "占比|比重|比例|份额|占")) }"""


def check(store: Store) -> list[Disagreement]:
    """Every disagreement between the figures of the store (see the module docstring), in a stable order."""
    with store.tables() as tables:
        # Every figure of the corpus, read as rows from the store's tables (see graph.tables).
        every = {r["o"]: r for r in tables.select("SELECT * FROM figure")}
        year = dict(tables.db.execute("SELECT doc, year FROM report").fetchall())
    share_measures = {r["m"] for r in q.run(store, _SHARE_MEASURES).records()}
    entity = str(ID) + "entity/"

    memo: dict[str, Figure] = {}

    def figure(o: str) -> Figure:
        if o not in memo:
            r = every[o]
            memo[o] = Figure(
                subject=r["about"], measure=r["measure"], period=r["period"], value=Decimal(r["value"]),
                unit=r["unit"], qualifier=r["qualifier"], doc=r["doc"], start=r["start"], end=r["end"],
                surface=r["surface"], period_start=r["period_start"], period_end=r["period_end"],
                year=year.get(r["doc"], ""))
        return memo[o]

    changes = {c: r["change_of"] for c, r in every.items() if r["change_of"]}
    # One stated change per level, as in `series`: the first after it that fits its unit.
    stated: dict[str, str] = {}
    for c, o in sorted(changes.items(), key=lambda co: _rank(every[co[0]]["unit"], every[co[0]]["start"])):
        if o in every and o not in changes and o not in stated and _fits(every[o]["unit"], every[c]["unit"]):
            stated[o] = c
    levels = [o for o, r in every.items() if o not in changes and r["about"].startswith(entity)
              and not r["measure"].endswith("/unspecified")]

    def key(o: str, shift=lambda iso: iso) -> tuple[str, ...]:
        r = every[o]
        return r["about"], r["measure"], r["unit"], shift(r["period_start"]), shift(r["period_end"])

    found: list[tuple[Disagreement, list[str]]] = []

    # One figure, two values in two reports: group the exact figures by what they state. (Within one report two
    # values for one subject, measure and period are mostly two scopes the extraction could not tell apart, a
    # scheme's total and one district's; `kg query same-figure-twice` lists those.)
    groups: dict[tuple, list[str]] = defaultdict(list)
    for o in levels:
        if every[o]["qualifier"] == "exact" and every[o]["period_end"]:
            groups[key(o)].append(o)
    for members in groups.values():
        figures = sorted(((figure(o), o) for o in members), key=lambda f: (f[0].doc, f[1]))
        first, o1 = figures[0]
        for other, o2 in figures[1:]:
            if other.doc != first.doc and not _meet(first.interval, other.interval):
                found.append((Disagreement("restated", "", "", "", "{first.surface} in {first.doc}, "
                                           "{second.surface} in {second.doc}", first, other), [o1, o2]))

    # Stated growth against the level a year before.
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for o in levels:
        by_key[key(o)].append(o)
    latest: dict[tuple, Levels] = {}
    for o, c in sorted(stated.items()):
        before = key(o, _year_before)
        if not before[4] or before not in by_key:
            continue
        if before not in latest:
            latest[before] = Levels([figure(p) for p in by_key[before]])
        level, change = figure(o), every[c]
        row = SeriesRow(**{f: getattr(level, f) for f in Figure.__dataclass_fields__})
        row.stated_change = ("-" if change["fall"] else "") + change["value"]
        row.change_unit, row.change_surface = change["unit"], change["surface"]
        _compare(row, latest[before].for_change(row))
        previous_o = next((p for p in by_key[before] if figure(p) is row.previous), None)
        if row.consistent == "no":
            unit_word = CHANGE_UNIT_WORDS.get(row.change_unit, f" {row.change_unit}")
            found.append((Disagreement(
                "growth", "", "", "", f"stated {row.stated_change}{unit_word}, computed {row.computed_change}"
                f"{unit_word} from {{second.surface}} ({{second.period}}, {{second.doc}})", row, row.previous),
                [o, previous_o]))

    # A part larger than its total.
    for part, r in sorted(every.items()):
        total = r["part_of"]
        if total in every and r["unit"] == every[total]["unit"]:
            p, t = figure(part), figure(total)
            if p.interval[0] > t.interval[1]:
                found.append((Disagreement("part-exceeds-total", "", "", "",
                                           f"part {p.surface} > total {t.surface}", p, t), [part, total]))

    # A share above 100%.
    for o, r in sorted(every.items()):
        if r["unit"] == "percent" and o not in changes and Decimal(r["value"]) > 100 \
                and (r["kind"] == "share" or r["measure"] in share_measures):
            f = figure(o)
            found.append((Disagreement("share-over-100", "", "", "", f"share {f.surface} > 100%", f), [o]))

    _add_sources(store, found, every)
    return sorted((d for d, _ in found), key=lambda d: (d.kind, d.subject, d.measure, d.period, d.first.doc,
                                                       d.first.start))


def _fits(level_unit: str, change_unit: str) -> bool:
    """A growth rate (%) changes an amount or a count; percentage points change a percentage; an amount in the
    level's own unit (比上年增加2.3万元) changes it too."""
    return (change_unit, level_unit == "percent") in (("percent", False), ("percentage_point", True)) \
        or (change_unit == level_unit and level_unit != "percent")


def _rank(change_unit: str, start: int) -> tuple[bool, int]:
    """Which stated change speaks for a figure: a rate before an amount (增加2826.6亿元,增长10.1%: the 10.1%), then
    the first after the figure (增长14.2%, not the 实际增长9.4% that follows)."""
    return change_unit not in ("percent", "percentage_point"), start


def _meet(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _add_sources(store: Store, found: list[tuple[Disagreement, list[str]]], every: dict) -> None:
    """Sentences and labels for the figures of the disagreements found (looked up for those alone)."""
    figures = [(fig, o) for d, os in found for fig, o in zip((d.first, d.second), os, strict=False)
               if fig is not None and o]
    _add_sentences(store, [(fig, every[o]["sentence_start"], every[o]["sentence_end"]) for fig, o in figures])
    labels = _labels(store, {fig.subject for fig, _ in figures} | {fig.measure for fig, _ in figures})
    for fig, _ in figures:
        fig.subject, fig.measure = labels.get(fig.subject, fig.subject), labels.get(fig.measure, fig.measure)
    for d, _ in found:
        d.subject, d.measure, d.period = d.first.subject, d.first.measure, d.first.period
        d.detail = d.detail.format(first=d.first, second=d.second)

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
from .namespaces import ID, measure_iri, report_iri, span_iri, unit_key
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


def measure_concept(phrase: str) -> str:
    """The IRI of the measure concept a phrase names (专利申请数 and 专利申请量 name the same one)."""
    return str(measure_iri(phrase))


def series(store: Store, measure: str, subject: str | None = None, sentences: bool = False) -> list[SeriesRow]:
    """Each figure of the measure `measure` names (any phrase for it, or its IRI), for `subject` (a label or
    alias, any case) or every subject, ordered by subject and period, with stated and computed growth. With
    `sentences`, each row also carries its sentence (for charts; it costs a lookup per figure)."""
    concept = measure if measure.startswith(str(ID)) else measure_concept(measure)
    bindings = {"measure_iri": f"<{concept}>"}
    records = q.run(store, "series", bindings).records() if not subject else [
        r for s in _subjects_named(store, subject) for r in q.run(store, "series", {**bindings, "subject_iri": s})]
    if subject and not records:
        # No entity has that exact name: match the labels of this series' subjects, in any case.
        everything = q.run(store, "series", bindings).records()
        records = [r for r in everything if r["subject_label"].lower() == subject.strip().lower()]
        if everything and not records:
            labels = "; ".join(sorted({r["subject_label"] for r in everything})[:8])
            raise QueryError(f"No figure of '{measure}' is about '{subject}'. Subjects: {labels}.")
    if not records:
        raise QueryError(_unknown_measure(store, measure))
    rows: dict[tuple[str, int], SeriesRow] = {}
    for r in records:
        row = _row(r)
        if row.change_unit and not _fits(row.unit, row.change_unit):
            row.stated_change = row.change_unit = row.change_surface = row.change_start = ""
        # One stated change per figure (see `_rank`).
        known = rows.get((row.doc, row.start))
        if known is None or (row.change_start and (not known.change_start or _rank(
                row.change_unit, int(row.change_start)) < _rank(known.change_unit, int(known.change_start)))):
            rows[(row.doc, row.start)] = row
    _add_report_facts(store, list(rows.values()), sentences)
    by_key = defaultdict(list)
    for row in rows.values():
        by_key[(row.subject, row.unit, row.period_start, row.period_end)].append(row)
    latest = {key: _latest_first(figures) for key, figures in by_key.items()}  # sorted once per key
    for row in rows.values():
        _compare(row, _previous(row, latest))
    return sorted(rows.values(), key=lambda r: (r.subject, r.period_end, r.period, r.doc, r.start))


def _subjects_named(store: Store, name: str) -> list[str]:
    """The entities `name` names exactly (label or alias, zh, en or plain; any case as a last resort)."""
    wanted = name.strip()
    forms = " ".join(f'{q._literal(wanted)}{tag}' for tag in ("@zh", "@en", "")) + \
        f' {q._literal(wanted.lower())}@en {q._literal(wanted.title())}@en'
    found = q.run(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?n {{ {forms} }} ?s rdfs:label|skos:altLabel ?n }}")
    return sorted(r["s"] for r in found.records())


def _add_report_facts(store: Store, rows: list[SeriesRow], sentences: bool) -> None:
    """The year of each row's report (to tell the latest report) and with `sentences` the sentence of each figure:
    each looked up for these rows alone."""
    docs = sorted({r.doc for r in rows})
    years = {}
    for i in range(0, len(docs), 500):
        values = " ".join(f"<{report_iri(d)}>" for d in docs[i : i + 500])
        for r in q.run(store, f"SELECT ?r ?y WHERE {{ VALUES ?r {{ {values} }} ?r kg:year ?y }}").records():
            years[r["r"].rsplit("/", 1)[-1]] = r["y"]
    for row in rows:
        row.year = years.get(row.doc, "")
    if sentences:
        spans = {str(span_iri(r.doc, r.start, r.end)): r for r in rows}
        keys = sorted(spans)
        for i in range(0, len(keys), 500):
            values = " ".join(f"<{k}>" for k in keys[i : i + 500])
            answer = q.run(store, f"""SELECT ?span ?sentence WHERE {{ VALUES ?span {{ {values} }}
                ?span oa:hasSelector/oa:exact ?exact .
                LATERAL {{ OPTIONAL {{ ?span kg:sentence ?ss . ?ss oa:hasSelector ?sq . ?sq oa:exact ?whole }} }}
                BIND (COALESCE(?whole, ?exact) AS ?sentence) }}""")
            for r in answer.records():
                spans[r["span"]].sentence = r["sentence"]


def _unknown_measure(store: Store, measure: str) -> str:
    key = concept_key(measure)
    found = q.run(store, "SELECT ?m ?label WHERE { ?m a kg:Measure ; skos:prefLabel ?label } ORDER BY ?label")
    close = [r["label"] for r in found.records() if key in concept_key(r["label"])
             or concept_key(r["label"]) in key][:8]
    hint = f" Measures containing it: {'; '.join(close)}." if close else " Try `kg metrics` for the measures."
    return f"No figure measures '{measure}'.{hint}"


def _row(r: dict[str, str]) -> SeriesRow:
    return SeriesRow(
        subject=r["subject_label"], measure=r["measure"], period=r["period"], value=Decimal(r["value"]),
        unit=r["unit"], qualifier=r["qualifier"], doc=r["doc"], start=int(r["start"]), end=int(r["end"]),
        surface=r["surface"], period_start=r["period_start"], period_end=r["period_end"],
        stated_change=r["change"], change_unit=r["change_unit"], change_surface=r["change_surface"],
        change_start=r["change_start"])


def _year_before(iso: str) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    try:
        return d.replace(year=d.year - 1).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28).isoformat()


def _previous(row: Figure, latest: dict) -> list[Figure]:
    """The levels one year earlier (same subject, unit and length of period) that a change can be computed from."""
    if not row.period_end:
        return []
    return _ordered(row, latest.get((row.subject, row.unit, _year_before(row.period_start),
                                     _year_before(row.period_end)), []), presorted=True)


def _ordered(row: Figure, candidates: list[Figure], presorted: bool = False) -> list[Figure]:
    """Of the previous period's levels, the one the same report states if it does, else those of the other
    reports, the latest report first, one per value and at most `_MOST_LEVELS`; bounds (超过千亿元) are no levels
    to compute from."""
    if row.qualifier not in _COMPARABLE:
        return []
    kept = candidates if presorted else _latest_first(candidates)
    same = [c for c in kept if c.doc == row.doc]
    if same:
        return same[:1]
    seen: set[Decimal] = set()
    distinct = [c for c in kept if not (c.value in seen or seen.add(c.value))]
    return distinct[:_MOST_LEVELS]


def _latest_first(candidates: list[Figure]) -> list[Figure]:
    kept = [c for c in candidates if c.qualifier in _COMPARABLE]
    return sorted(kept, key=lambda c: (c.qualifier == "exact", c.year, c.doc, c.start), reverse=True)


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
    if not row.stated_change:
        return computed, None
    stated = Decimal(row.stated_change)
    half = _half_step(abs(stated), row.change_surface)
    return computed, bool(stated - half <= span[1] and stated + half >= span[0])


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


# The check reads each property of every figure with a scan of its own (joined here, by IRI): a corpus of a
# thousand reports costs a dozen scans rather than joins the engine would run figure by figure. What is shown only
# for a disagreement found (labels, periods as written, sentences) is looked up for those figures alone.
_SCANS = {
    "about": "SELECT ?o ?x WHERE { ?o kg:about ?x }",
    "measure": "SELECT ?o ?x WHERE { ?o kg:measure ?x }",
    "unit": "SELECT ?o ?x WHERE { ?o qudt:unit ?x }",
    "value": "SELECT ?o ?x WHERE { ?o qudt:numericValue ?x }",
    "qualifier": "SELECT ?o ?x WHERE { ?o kg:qualifier ?x }",
    "period_start": "SELECT ?o ?x WHERE { ?o kg:periodStart ?x }",
    "period_end": "SELECT ?o ?x WHERE { ?o kg:periodEnd ?x }",
    "surface": "SELECT ?o ?x WHERE { ?o kg:surface ?x }",
    "change_of": "SELECT ?o ?x WHERE { ?o kg:changeOf ?x }",
    "part_of": "SELECT ?o ?x WHERE { ?o kg:partOf ?x }",
    "year": "SELECT ?o ?x WHERE { ?o a kg:Report ; kg:year ?x }",
    "share": "SELECT ?o ?x WHERE { ?o a kg:ShareObservation BIND (true AS ?x) }",
    "before": "SELECT ?o ?x WHERE { ?o kg:changeOf ?b ; kg:evidence ?span . ?span oa:hasSelector ?s . "
              "?s oa:prefix ?x }",
    "share_measure": "SELECT ?o ?x WHERE { ?o a kg:Measure ; skos:prefLabel ?x "
                     "FILTER (REGEX(?x, \"占比|比重|比例|份额|占\")) }",
}
_FALL = re.compile(r"(下降|减少|降低|回落|下滑|缩小|减小|降幅)[^，,；;。]*$")


def _scan(store: Store, name: str) -> dict[str, str]:
    return {row[0].value: row[1].value for row in q.run(store, _SCANS[name]).rows}


def check(store: Store) -> list[Disagreement]:
    """Every disagreement between the figures of the store (see the module docstring), in a stable order."""
    props = {name: _scan(store, name) for name in _SCANS}
    props["unit"] = {o: unit_key(u) for o, u in props["unit"].items()}
    props["qualifier"] = {o: qualifier.rsplit("#", 1)[-1] for o, qualifier in props["qualifier"].items()}
    about, year = props["about"], props["year"]
    entity = str(ID) + "entity/"

    memo: dict[str, Figure] = {}

    def figure(o: str) -> Figure:
        if o in memo:
            return memo[o]
        report = o.split("/observation/")[0]
        memo[o] = Figure(
            subject=about.get(o, ""), measure=props["measure"].get(o, ""), period="", value=Decimal(props["value"][o]),
            unit=props["unit"].get(o, ""), qualifier=props["qualifier"].get(o, ""), doc=report.rsplit("/", 1)[-1],
            start=0, end=0, surface=props["surface"].get(o, ""), period_start=props["period_start"].get(o, ""),
            period_end=props["period_end"].get(o, ""), year=year.get(report, ""))
        return memo[o]

    changes = props["change_of"]
    # One stated change per level, as in `series`: the first after it that fits its unit.
    stated: dict[str, str] = {}
    for c, o in sorted(changes.items(), key=lambda co: _rank(props["unit"].get(co[0], ""), _start_of(co[0]))):
        if o in props["value"] and o not in changes and o not in stated \
                and _fits(props["unit"].get(o, ""), props["unit"].get(c, "")):
            stated[o] = c
    levels = [o for o in props["value"] if o not in changes and about.get(o, "").startswith(entity)
              and o in props["measure"] and not props["measure"][o].endswith("/unspecified")]
    found: list[tuple[Disagreement, list[str]]] = []

    # One figure, two values in two reports: group the exact figures by what they state. (Within one report two
    # values for one subject, measure and period are mostly two scopes the extraction could not tell apart, a
    # scheme's total and one district's; `kg query same-figure-twice` lists those.)
    groups: dict[tuple, list[str]] = defaultdict(list)
    for o in levels:
        if props["qualifier"].get(o) == "exact" and o in props["period_end"]:
            groups[(about[o], props["measure"][o], props["unit"].get(o), props["period_start"].get(o, ""),
                    props["period_end"][o])].append(o)
    for members in groups.values():
        figures = sorted(((figure(o), o) for o in members), key=lambda f: (f[0].doc, f[1]))
        first, o1 = figures[0]
        for other, o2 in figures[1:]:
            if other.doc != first.doc and not _meet(first.interval, other.interval):
                found.append((Disagreement("restated", "", "", "", "{first.surface} in {first.doc}, "
                                           "{second.surface} in {second.doc}", first, other), [o1, o2]))
                continue

    # Stated growth against the level a year before.
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for o in levels:
        by_key[(about[o], props["measure"][o], props["unit"].get(o), props["period_start"].get(o, ""),
                props["period_end"].get(o, ""))].append(o)
    latest: dict[tuple, list[Figure]] = {}
    for o, c in sorted(stated.items()):
        unit = props["unit"][c]
        key = (about.get(o), props["measure"].get(o), props["unit"].get(o),
               _year_before(props["period_start"].get(o, "")), _year_before(props["period_end"].get(o, "")))
        if not key[4] or key not in by_key:
            continue
        if key not in latest:
            latest[key] = _latest_first([figure(p) for p in by_key[key]])
        level = figure(o)
        row = SeriesRow(**{f: getattr(level, f) for f in Figure.__dataclass_fields__})
        sign = "-" if _FALL.search(props["before"].get(c, "")) else ""
        row.stated_change, row.change_unit, row.change_surface = sign + props["value"][c], unit, props["surface"][c]
        _compare(row, _ordered(row, latest[key], presorted=True))
        previous = row.previous
        previous_o = next((p for p in by_key[key] if figure(p) is previous), None)
        if row.consistent == "no":
            unit_word = CHANGE_UNIT_WORDS.get(unit, f" {unit}")
            found.append((Disagreement(
                "growth", "", "", "", f"stated {row.stated_change}{unit_word}, computed {row.computed_change}"
                f"{unit_word} from {{second.surface}} ({{second.period}}, {{second.doc}})", row, previous),
                [o, previous_o]))

    # A part larger than its total.
    for part, total in sorted(props["part_of"].items()):
        if part in props["value"] and total in props["value"] and props["unit"].get(part) == props["unit"].get(total):
            p, t = figure(part), figure(total)
            if p.interval[0] > t.interval[1]:
                found.append((Disagreement("part-exceeds-total", "", "", "",
                                           f"part {p.surface} > total {t.surface}", p, t), [part, total]))

    # A share above 100%.
    for o in sorted(props["value"]):
        if props["unit"].get(o) != "percent" or o in changes:
            continue
        f = figure(o)
        if f.value > 100 and (o in props["share"] or f.measure in props["share_measure"]):
            found.append((Disagreement("share-over-100", "", "", "", f"share {f.surface} > 100%", f), [o]))

    _add_sources(store, found)
    return sorted((d for d, _ in found), key=lambda d: (d.kind, d.subject, d.measure, d.period, d.first.doc,
                                                       d.first.start))


def _start_of(observation: str) -> int:
    """The start offset an observation's IRI carries (…/observation/160-169)."""
    found = re.search(r"/(\d+)-\d+$", observation)
    return int(found.group(1)) if found else 0


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


_SOURCES = """SELECT ?o ?start ?end ?sentence ?period ?subject ?measure WHERE {
  VALUES ?o { %s }
  ?o kg:evidence ?span ; kg:period ?period ; kg:about ?s ; kg:measure ?m .
  LATERAL { ?m skos:prefLabel ?measure }
  LATERAL { OPTIONAL { ?s rdfs:label ?label . FILTER (langMatches(lang(?label), "zh")) } }
  LATERAL { ?span oa:hasSelector ?pos , ?quote . ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact . }
  # LATERAL: looked up from each figure's span, not read for every span of the corpus.
  LATERAL { OPTIONAL { ?span kg:sentence ?sentence_span . ?sentence_span oa:hasSelector ?sq . ?sq oa:exact ?whole } }
  BIND (COALESCE(?whole, ?exact) AS ?sentence)
  BIND (COALESCE(?label, STRAFTER(STR(?s), "/id/")) AS ?subject)
}"""


def _add_sources(store: Store, found: list[tuple[Disagreement, list[str]]]) -> None:
    """Offsets, sentences, periods and labels for the figures of the disagreements found (looked up for those
    alone)."""
    wanted = sorted({o for _, os in found for o in os if o})
    sources: dict[str, dict[str, str]] = {}
    for i in range(0, len(wanted), 500):
        values = " ".join(f"<{o}>" for o in wanted[i : i + 500])
        for r in q.run(store, _SOURCES % values).records():
            sources[r["o"]] = r
    for d, os in found:
        for fig, o in zip((d.first, d.second), os, strict=False):
            if fig is not None and o in sources:
                r = sources[o]
                fig.start, fig.end, fig.sentence = int(r["start"]), int(r["end"]), r["sentence"]
                fig.period, fig.subject, fig.measure = r["period"], r["subject"], r["measure"]
        d.subject, d.measure, d.period = d.first.subject, d.first.measure, d.first.period
        d.detail = d.detail.format(first=d.first, second=d.second)

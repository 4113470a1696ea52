"""Quality on reports the rules were not written for: texts in the style of a statistical bulletin (no bold,
full-width punctuation, a table) and of another year's district report, each with a hand annotation beside it
(`tests/data/*.expected.tsv`). Thresholds are the acceptance targets of the metrics and entities issues."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.gazetteer import normalize_name
from graph.pipeline import extract

DATA = Path(__file__).parent / "data"


def _annotation(name: str) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {"metric": [], "entity": [], "relation": []}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        kind = cells[0] if cells[0] in rows else "metric"
        rows[kind].append(cells[1:] if cells[0] in rows else cells)
    return rows


def _by_name(ex) -> dict:
    """Every label and alias of the extracted entities, normalized, to its entity."""
    return {normalize_name(name): e for e in ex.entities.values() for name in (e.label_zh, *e.aliases)}


def _found_metrics(ex) -> list[tuple[str, Decimal, str, str]]:
    text = ex.document.text
    return [(text[o.start : o.end].replace("**", ""), o.value, o.quantity.unit, o.quantity.qualifier)
            for o in ex.observations]


def _score_metrics(report: str, annotation: str) -> tuple[float, float, float]:
    ex = extract(DATA / report)
    expected = [(s, Decimal(v), u, q) for s, v, u, q, *_ in _annotation(annotation)["metric"]]
    found = _found_metrics(ex)
    remaining = list(found)
    right_value_unit = right_qualifier = 0
    for surface, value, unit, qualifier in expected:
        match = next((f for f in remaining if f[0] == surface and f[1] == value and f[2] == unit), None)
        if match:
            remaining.remove(match)
            right_value_unit += 1
            right_qualifier += match[3] == qualifier
    real = sum(1 for f in found if any(f[0] == e[0] for e in expected))
    return right_value_unit / len(expected), real / max(len(found), 1), right_qualifier / max(right_value_unit, 1)


@pytest.mark.parametrize(
    ("report", "annotation"),
    [("bulletin-2019.txt", "bulletin-2019.expected.tsv"),
     ("district-report-2021.md", "district-report-2021.expected.tsv"),
     ("province-report-2022.txt", "province-report-2022.expected.tsv"),
     ("city-bulletin-2023.txt", "city-bulletin-2023.expected.tsv"),
     ("chapter-report-2019.md", "chapter-report-2019.expected.tsv"),
     ("innovation-news-2021.txt", "innovation-news-2021.expected.tsv"),
     ("park-report-2022.md", "park-report-2022.expected.tsv"),
     ("table-bulletin-2021.md", "table-bulletin-2021.expected.tsv"),
     ("finance-chapter-2021.md", "finance-chapter-2021.expected.tsv"),
     ("talent-report-2020.txt", "talent-report-2020.expected.tsv"),
     ("transfer-section-2021.md", "transfer-section-2021.expected.tsv"),
     ("events-2022.txt", "events-2022.expected.tsv"),
     ("mixed-report-2023.md", "mixed-report-2023.expected.tsv"),
     ("beijing-style-2022.txt", "beijing-style-2022.expected.tsv"),
     ("alias-report-2021.txt", "alias-report-2021.expected.tsv"),
     ("investment-2022.txt", "investment-2022.expected.tsv")],
)
def test_metrics_of_unseen_reports_are_found_with_the_right_value_unit_and_qualifier(report, annotation):
    recall, precision, qualifiers = _score_metrics(report, annotation)
    assert recall >= 0.90, f"{report}: {recall:.0%} of annotated metrics found with the right value and unit"
    assert precision >= 0.90, f"{report}: {precision:.0%} of rows are real metrics"
    assert qualifiers >= 0.97, f"{report}: {qualifiers:.0%} of qualifiers right"


ANNOTATED = [("district-report-2021.md", "district-report-2021.expected.tsv"),
             ("province-report-2022.txt", "province-report-2022.expected.tsv"),
             ("city-bulletin-2023.txt", "city-bulletin-2023.expected.tsv"),
             ("innovation-news-2021.txt", "innovation-news-2021.expected.tsv"),
             ("park-report-2022.md", "park-report-2022.expected.tsv"),
             ("finance-chapter-2021.md", "finance-chapter-2021.expected.tsv"),
             ("transfer-section-2021.md", "transfer-section-2021.expected.tsv"),
             ("events-2022.txt", "events-2022.expected.tsv"),
             ("mixed-report-2023.md", "mixed-report-2023.expected.tsv"),
             ("beijing-style-2022.txt", "beijing-style-2022.expected.tsv"),
             ("alias-report-2021.txt", "alias-report-2021.expected.tsv"),
             ("investment-2022.txt", "investment-2022.expected.tsv")]


@pytest.mark.parametrize(("report", "annotation"), ANNOTATED)
def test_entities_of_an_unseen_report_are_found_with_the_right_class(report, annotation):
    ex = extract(DATA / report)
    expected = _annotation(annotation)["entity"]
    names = _by_name(ex)
    right = [label for label, cls in expected if names.get(normalize_name(label)) and
             names[normalize_name(label)].cls == cls]
    assert len(right) / len(expected) >= 0.90, sorted({label for label, _ in expected} - set(right))
    annotated = {normalize_name(label) for label, _ in expected}
    real = [e for e in ex.entities.values()
            if {normalize_name(n) for n in (e.label_zh, *e.aliases)} & annotated]
    assert len(real) / len(ex.entities) >= 0.85, sorted(e.label_zh for e in ex.entities.values() if e not in real)


def test_universities_companies_and_parks_are_found_without_gazetteer_entries():
    ex = extract(DATA / "district-report-2021.md")
    found = {e.label_zh: e.cls for e in ex.entities.values() if not e.in_gazetteer}
    for label, cls in [("西湖大学", "University"), ("杭州海康威视数字技术股份有限公司", "Company"),
                       ("浙江大学科技园", "SciencePark"), ("滨江物联网产业园", "InnovationPark"), ("未来科技城", "Cluster")]:
        assert found.get(label) == cls, label


@pytest.mark.parametrize(("report", "annotation"), [pair for pair in ANNOTATED if _annotation(pair[1])["relation"]])
def test_relations_of_an_unseen_report_are_direct_edges_between_the_right_entities(report, annotation):
    ex = extract(DATA / report)
    expected = _annotation(annotation)["relation"]
    key = {name: e.key for name, e in _by_name(ex).items()}
    stated = {(r.subject, r.predicate, r.object) for r in ex.relations}
    symmetric = {(o, p, s) for s, p, o in stated if p == "partnersWith"}
    hits = [row for row in expected
            if (key.get(normalize_name(row[0])), row[1], key.get(normalize_name(row[2]))) in stated | symmetric]
    assert len(hits) / len(expected) >= 0.80, [row for row in expected if row not in hits]
    typed = [r for r in ex.relations if r.predicate != "coMentionedWith"]
    annotated = {(key.get(normalize_name(s)), p, key.get(normalize_name(o))) for s, p, o in expected}
    correct = [r for r in typed if (r.subject, r.predicate, r.object) in annotated | {(o, p, s) for s, p, o in annotated}]
    assert len(correct) / len(typed) >= 0.85, [(r.subject, r.predicate, r.object) for r in typed if r not in correct]


def test_the_bundled_report_without_bold_gives_the_same_metrics(tmp_path, bundled_extraction):
    plain = tmp_path / "plain-2020.md"
    plain.write_text(bundled_extraction.document.text.replace("**", ""), encoding="utf-8")
    with_bold = {(s, v, u, q) for s, v, u, q in _found_metrics(bundled_extraction)}
    without = {(s, v, u, q) for s, v, u, q in _found_metrics(extract(plain))}
    assert without == with_bold


@pytest.mark.parametrize("report", ["finance-chapter-2021.md", "transfer-section-2021.md", "mixed-report-2023.md",
                                    "beijing-style-2022.txt", "alias-report-2021.txt", "investment-2022.txt"])
def test_metric_subjects_of_an_unseen_report(report):
    ex = extract(DATA / report)
    expected = {row[0]: row[4] for row in _annotation(report.rsplit(".", 1)[0] + ".expected.tsv")["metric"]
                if len(row) > 4}
    text = ex.document.text
    got = {text[o.start : o.end].replace("**", ""): ex.entities[o.subject] if o.subject else None
           for o in ex.observations}
    right = [s for s, subject in expected.items() if got.get(s) is not None
             and normalize_name(subject) in {normalize_name(n) for n in (got[s].label_zh, *got[s].aliases)}]
    assert len(right) / len(expected) >= 0.85, {s: subject for s, subject in expected.items() if s not in right}


def test_windows_line_endings_give_the_same_metrics_at_the_right_offsets(tmp_path, bundled_extraction):
    crlf = tmp_path / "crlf-2020.md"
    crlf.write_bytes(bundled_extraction.document.text.replace("\n", "\r\n").encode("utf-8"))
    ex = extract(crlf)
    assert {(s, v, u, q) for s, v, u, q in _found_metrics(ex)} == set(_found_metrics(bundled_extraction))
    for o in ex.observations:
        assert "\r" not in ex.document.text[o.start : o.end]

"""`graph/measures.py`, `graph/series.py`, `graph/chart.py`: one measure followed across real reports, and the
figures of the corpus checked against each other.

The real texts are in tests/data/series/: four 全国科技经费投入统计公报 (2020–2023) and 国家统计局's preliminary 2021
release, annotated by hand in series.tsv before any extractor ran on them (see SOURCES.md): every figure a reader
follows across years, the growth each states, and the verdict of each checkable growth against the previous
year's level in another text."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import QueryError
from graph.loader import load_reports
from graph.measures import concept_key
from graph.query import run
from graph.series import check, series
from graph.store import Store

SERIES = Path(__file__).parent / "data" / "series"
ANNOTATION = list(csv.DictReader((SERIES / "series.tsv").open(encoding="utf-8"), delimiter="\t"))
ARTIFACTS = Path(__file__).parent / "artifacts"


# -- measure concepts -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("专利申请量", "专利申请数"),
    ("专利申请量", "专利申请"),
    ("技术合同成交额", "技术合同成交金额"),
    ("研究与试验发展(R&D)经费", "R&D经费支出"),
    ("研究与试验发展(R&D)经费", "研发经费投入"),
    ("研究与试验发展（Ｒ＆Ｄ）经费", "R&D经费"),
    ("各类企业研究与试验发展(R&D)经费支出", "各类企业研究与试验发展(R&D)经费"),
    ("基础研究经费所占比重", "基础研究经费占R&D经费比重"),
    ("研究与试验发展(R&D)经费投入强度(与国内生产总值之比)", "R&D经费与国内生产总值(GDP)之比"),
])
def test_phrases_for_one_quantity_share_a_concept(a, b):
    assert concept_key(a) == concept_key(b)


@pytest.mark.parametrize("a, b", [
    ("发明专利申请量", "专利申请量"),
    ("专利授权量", "专利申请量"),
    ("基础研究经费", "R&D经费"),
    ("基础研究经费所占比重", "基础研究经费"),
    ("贷款余额", "贷款"),
    ("从业人数", "从业人员"),
])
def test_different_quantities_keep_different_concepts(a, b):
    assert concept_key(a) != concept_key(b)


# -- the real texts -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("series") / "kg")
    load_reports(store, sorted(SERIES.glob("*.txt")))
    return store


def measure_at(store: Store) -> dict[tuple[str, int], str]:
    """The measure concept of the figure at each (report, start) of the store."""
    answer = run(store, """SELECT ?doc ?start ?m WHERE {
        ?o kg:measure ?m ; prov:wasDerivedFrom ?r ; kg:evidence/oa:hasSelector/oa:start ?s .
        BIND (STRAFTER(STR(?r), "/id/report/") AS ?doc) BIND (STR(?s) AS ?start) }""")
    return {(r["doc"], int(r["start"])): r["m"] for r in answer.records()}


def by_concept() -> dict[str, list[dict[str, str]]]:
    groups = defaultdict(list)
    for row in ANNOTATION:
        groups[row["concept"]].append(row)
    return groups


def test_the_annotation_covers_three_texts_and_five_measures_over_two_periods():
    texts = {r["doc"] for r in ANNOTATION}
    followed = [c for c, rows in by_concept().items() if len({r["period"] for r in rows}) >= 2]
    assert len(texts) >= 3 and len(followed) >= 5
    for row in ANNOTATION:
        text = (SERIES / f"{row['doc']}.txt").read_text(encoding="utf-8")
        start = int(row["start"])
        assert text[start : start + len(row["surface"])] == row["surface"]


def test_each_annotated_measure_is_one_concept_across_reports_and_no_two_are_merged(real):
    at = measure_at(real)
    concepts = {}
    for name, rows in by_concept().items():
        found = {at.get((r["doc"], int(r["start"]))) for r in rows}
        assert len(found) == 1 and None not in found, (name, found)
        concepts[name] = found.pop()
    assert len(set(concepts.values())) == len(concepts)


def test_every_annotated_point_is_in_its_series_with_its_source(real):
    at = measure_at(real)
    for name, rows in by_concept().items():
        got = {(p.doc, p.start): p for p in series(real, at[(rows[0]["doc"], int(rows[0]["start"]))], sentences=True)}
        for r in rows:
            point = got.get((r["doc"], int(r["start"])))
            assert point is not None, (name, r["doc"], r["surface"])
            assert (point.period, point.subject, point.surface) == (r["period"], r["subject"], r["surface"])
            assert point.end == point.start + len(r["surface"])
            assert point.value == Decimal(r["value"]) * _multiplier(r["unit"])
            assert r["surface"] in point.sentence


def _multiplier(unit: str) -> Decimal:
    return {"亿元": Decimal(10) ** 8, "万元": Decimal(10) ** 4, "%": Decimal(1)}[unit]


def test_every_checkable_growth_rate_is_checked_and_the_verdicts_match_the_annotation(real):
    at = measure_at(real)
    checked = 0
    for r in ANNOTATION:
        if r["verdict"] not in ("consistent", "inconsistent"):
            continue
        points = {(p.doc, p.start): p for p in series(real, at[(r["doc"], int(r["start"]))])}
        point = points[(r["doc"], int(r["start"]))]
        assert point.stated_change and point.computed_change, r
        assert point.consistent == ("yes" if r["verdict"] == "consistent" else "no"), (r, point)
        checked += 1
    assert checked == sum(r["verdict"] in ("consistent", "inconsistent") for r in ANNOTATION) == 34


def test_a_decrease_is_a_negative_stated_change(real):
    fall = next(r for r in ANNOTATION if r["stated_change"].startswith("下降"))
    at = measure_at(real)
    point = next(p for p in series(real, at[(fall["doc"], int(fall["start"]))]) if p.start == int(fall["start"]))
    assert Decimal(point.stated_change) < 0 and point.consistent == "yes"


def test_check_reports_the_real_disagreements_with_both_sentences_and_nothing_else(real):
    expected = set()
    groups = defaultdict(set)
    for r in ANNOTATION:
        groups[(r["concept"], r["subject"], r["period"])].add((Decimal(r["value"]), r["surface"]))
    for (_, _, period), values in groups.items():
        if len({v for v, _ in values}) > 1:
            expected.add(("restated", period, frozenset(surface for _, surface in values)))
    for r in ANNOTATION:
        if r["verdict"] == "inconsistent":
            previous = next(p for p in ANNOTATION if p["concept"] == r["concept"]
                            and int(p["period"]) == int(r["period"]) - 1)
            expected.add(("growth", r["period"], frozenset({r["surface"], previous["surface"]})))
    found = check(real)
    assert {(d.kind, d.period, frozenset({d.first.surface, d.second.surface})) for d in found} == expected
    assert len(expected) == len(found) == 4
    for d in found:
        for fig in (d.first, d.second):
            text = (SERIES / f"{fig.doc}.txt").read_text(encoding="utf-8")
            assert text[fig.start : fig.end] == fig.surface
            assert fig.surface in fig.sentence and fig.sentence in text


def test_an_unknown_measure_is_a_one_line_error_that_lists_close_ones(real):
    with pytest.raises(QueryError, match=r"No figure measures '基础研究'\. Measures containing it: .*基础研究经费"):
        series(real, "基础研究")
    with pytest.raises(QueryError, match="No figure of '基础研究经费' is about '上海'"):
        series(real, "基础研究经费", "上海")


def test_a_session_gives_series_and_checks_to_notebooks(real):
    import graph

    with graph.open(real.path) as kg_:
        points = kg_.series("基础研究经费", "中国")
        assert [p.period for p in points] == ["2020", "2021", "2021", "2022", "2023"]
        assert all(p.surface in p.sentence for p in points)
        assert len(kg_.check()) == 4
    with pytest.raises(QueryError, match="reads a local store"):
        graph.open(endpoint="http://127.0.0.1:9/sparql").series("基础研究经费")


# -- the command line -----------------------------------------------------------------------------------------------
def kg(store: Store, *args: str):
    return CliRunner().invoke(cli, ["--store", str(store.path), *args], catch_exceptions=False)


def test_kg_series_prints_one_row_per_figure_in_every_format(real):
    result = kg(real, "series", "研发经费", "--subject", "中国", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["period"] for r in rows] == ["2020", "2021", "2021", "2022", "2023"]
    assert {r["doc"] for r in rows} >= {"nbs-rd-funding-bulletin-2021", "nbs-rd-preliminary-2021"}
    assert list(rows[0]) == ["period", "value", "unit", "qualifier", "subject", "doc", "start", "end", "surface",
                             "stated_change", "computed_change", "change_unit", "consistent"]
    assert rows[1]["stated_change"] == "14.6" and rows[1]["computed_change"] == "14.61"
    csv_out = kg(real, "series", "R&D经费支出", "--subject", "China", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("period,value,unit") and len(csv_out.splitlines()) == 6
    table = kg(real, "series", "研究与试验发展经费投入强度").output
    assert "2.65%" in table and " no " in table


def test_kg_series_of_nothing_fails_with_one_line(real):
    result = CliRunner().invoke(cli, ["--store", str(real.path), "series", "专利申请量"])
    assert result.exit_code != 0 and result.output.count("\n") == 1
    assert result.output.startswith("error: No figure measures '专利申请量'.")


def test_kg_check_exits_1_and_prints_both_sources(real):
    result = kg(real, "check")
    assert result.exit_code == 1
    assert "growth: 中国 · 研究与试验发展(R&D)经费投入强度 · 2023: stated 0.09个百分点, computed 0.11个百分点" in result.output
    assert "«研究与试验发展(R&D)经费投入强度(与国内生产总值[2]之比)为2.54%,比上年提高0.11个百分点[3]。»" in result.output
    rows = list(csv.DictReader(kg(real, "check", "--format", "csv").stdout.splitlines()))
    assert sorted(r["kind"] for r in rows) == ["growth", "restated", "restated", "restated"]
    restated = next(r for r in rows if r["surface_1"] == "27956.3亿元")
    assert (restated["doc_2"], restated["surface_2"]) == ("nbs-rd-preliminary-2021", "27864亿元")


def test_kg_check_passes_a_report_whose_figures_agree(kg):
    result = kg("check")
    assert result.exit_code == 0, result.output


def test_a_part_above_its_total_and_a_share_above_100_are_reported(tmp_path):
    report = tmp_path / "checks-2021.txt"
    report.write_text("某市2021年科技统计\n2021年,全市专利申请量10万件,其中发明专利申请量12万件。\n"
                      "全市高新技术企业占比达到130%。\n", encoding="utf-8")
    store = Store(tmp_path / "kg")
    load_reports(store, [report])
    found = {d.kind: d for d in check(store)}
    assert set(found) == {"part-exceeds-total", "share-over-100"}
    part = found["part-exceeds-total"]
    assert (part.first.surface, part.second.surface) == ("12万件", "10万件")
    assert part.first.sentence.startswith("2021年,全市专利申请量10万件")
    assert found["share-over-100"].first.surface == "130%"


# -- the chart ------------------------------------------------------------------------------------------------------
def test_the_chart_draws_a_line_per_subject_offline_and_links_each_point_to_its_source(real, tmp_path, browser):
    chart = tmp_path / "rd.html"
    result = kg(real, "series", "研发经费", "--format", "csv", "--chart", str(chart))
    assert result.exit_code == 0
    page_text = chart.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page_text) and "http://" not in page_text
    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else (requests.append(route.request.url), route.abort()))
    page.goto(chart.as_uri())
    lines = page.locator("svg polyline")
    subjects = {r["subject"] for r in csv.DictReader(result.stdout.splitlines()) if r["qualifier"] == "exact"}
    assert lines.count() == len(subjects) >= 2
    page.locator("svg a").first.click()
    assert re.search(r"#src-\d+$", page.url)
    assert page.locator("tr:target").inner_text().count("nbs-rd-funding-bulletin") == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "series-chart.png"), full_page=True)
    assert (ARTIFACTS / "series-chart.png").stat().st_size > 10_000
    assert requests == []
    context.close()


def test_the_series_benchmark_times_series_and_check_as_a_user_runs_them(real, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "series.json"
    done = subprocess.run([sys.executable, "tests/benchmarks/series.py", "--store", str(real.path), "--measures", "2",
                           "--json", str(out)], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["reports"] == 5 and len(result["series"]) == 2
    assert result["check_disagreements"] == 4 and result["check_s"] > 0
    assert all(run["whole_rows"] >= 1 and run["subject_rows"] >= 1 for run in result["series"])

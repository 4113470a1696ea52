"""The named-query library (queries/*.rq): every query says what it answers and declares what it binds, answers
the bundled report with its defaults (the answers checked against the report's own text), and stays fast and free
of repeated rows on a generated corpus of a hundred reports."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import Store, load_reports, named_queries, run

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
import corpus as generator

CORPUS_REPORTS = 100
SECONDS_PER_QUERY = 30
ID = "https://w3id.org/shanghai-innovation-kg/id/"
KG = "https://w3id.org/shanghai-innovation-kg/ontology#"
BUNDLED_DOC = "shanghai-st-progress-report-2020-excerpt"
QUERIES = sorted(named_queries())


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _report_text(store: Store) -> str:
    return run(store, "SELECT ?t WHERE { ?r a kg:Report ; kg:text ?t }").values()[0][0]


def _rows(store: Store, query: str, **params: str) -> list[dict[str, str]]:
    return run(store, query, params).records()


# -- what every query declares ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_has_an_english_and_a_chinese_title_and_a_description(name):
    query = named_queries()[name]
    assert query.title and query.title != name, name
    assert re.search(r"[\u4e00-\u9fff]", query.title_zh), name
    assert len(query.description) > 40, name


@pytest.mark.parametrize("name", QUERIES)
def test_every_parameter_a_query_binds_is_declared_and_used_as_a_variable_not_as_a_column(name):
    query = named_queries()[name]
    body = _body(query.text)
    declared = {p.name for p in query.params}
    # Variables named like parameters (iri, name, …_iri, …_name) are bound from outside, so they must be declared.
    parameter_like = {v for v in re.findall(r"[?$](\w+)", body) if re.fullmatch(r"iri|name|\w+_iri|\w+_name", v)}
    assert parameter_like <= declared, f"{name} binds {sorted(parameter_like - declared)} without declaring them"
    # A SELECT's projection; a CONSTRUCT's template may hold a parameter (it becomes a constant there too).
    projection = body[: body.find("WHERE")] if body.lstrip().startswith("SELECT") else ""
    for param in declared:
        assert re.search(rf"[?$]{param}(?!\w)", body), f"{name} declares {param} but never uses it"
        # The binding replaces the variable by a constant everywhere: it cannot be a column or a BIND target.
        assert not re.search(rf"(?:SELECT(?: DISTINCT)?|\s)[?$]{param}(?!\w)", projection), f"{name} projects {param}"
        assert not re.search(rf"AS\s+[?$]{param}(?!\w)", body), f"{name} assigns {param}"


def test_the_library_holds_at_least_twenty_named_queries():
    assert len(named_queries()) >= 20


# -- every query answers the bundled report, each row once -------------------------------------------------------
@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_answers_the_bundled_report_with_its_defaults_each_row_once(store, name):
    result = run(store, name)
    assert len(result) > 0, f"{name} has no answer on the bundled report"
    if result.kind == "select":
        rows = [tuple(row) for row in result.values()]
        assert len(set(rows)) == len(rows), f"{name} repeats rows"


# -- checked answers: each against what the bundled report says ------------------------------------------------
def test_programme_headline_figures_are_the_voucher_s_18_6_yi_and_3739_firms(store):
    # 全年共向3739家中小企业和创业团队发放总额18.6亿元的科技创新券
    rows = {r["program"]: r for r in _rows(store, "program-figures")}
    voucher = rows["科技创新券"]
    assert (voucher["class"], voucher["largest_amount"], voucher["amount_measure"], voucher["amount_text"]) == \
        ("Voucher", "1860000000", "发放总额", "18.6亿元")
    assert (voucher["largest_count"], voucher["count_unit"], voucher["count_measure"]) == ("3739", "count:家", "中小企业数")
    # 政策性融资担保贷款余额近300亿元 … 担保基金已与49家银行
    fund = rows["上海市中小微企业政策性融资担保基金"]
    assert (fund["largest_amount"], fund["largest_count"]) == ("30000000000", "49")
    assert _rows(store, "program-figures", program_name="小巨人")[0]["largest_count"] == "2300"


def test_the_innovation_voucher_figures_split_by_the_service_they_paid_for(store):
    rows = _rows(store, "voucher-services")
    by_service = {(r["service"], r["measure"]): r["value"] for r in rows}
    # 仪器共享服务: 向3739家…发放总额18.6亿元…兑现补贴7837万元; 技术转移服务: 向542家企业…发放总额5195万元…兑现补贴4540.72万元…促成技术转移57项
    assert by_service[("仪器共享服务", "发放总额")] == "1860000000"
    assert by_service[("仪器共享服务", "兑现补贴")] == "78370000"
    assert by_service[("仪器共享服务", "中小企业数")] == "3739"
    assert by_service[("技术转移服务", "发放总额")] == "51950000"
    assert by_service[("技术转移服务", "兑现补贴")] == "45407200"
    assert by_service[("技术转移服务", "促成技术转移数")] == "57"
    # 使用额度由30万元提升至50万元 stands under the voucher's own heading, not under a service.
    assert {r["service"] for r in rows if r["measure"] == "使用额度"} == {""}


def test_the_china_israel_park_focuses_on_its_three_industries(store):
    # 聚焦“人工智能和机器人、医疗健康与生命科学、互联网与信息技术”等三大产业
    rows = _rows(store, "park-industries", park_name="中以创新园")
    assert {r["industry"] for r in rows} == {"人工智能和机器人", "医疗健康与生命科学", "互联网与信息技术"}
    assert {r["park"] for r in rows} == {"中以(上海)创新园"}
    assert all("聚焦“人工智能和机器人、医疗健康与生命科学、互联网与信息技术”等三大产业" in r["quote"] for r in rows)


def test_the_china_israel_park_co_hosts_its_roadshows_with_three_partners(store):
    # 与以色列创业团队、tartupEast、Indig集团等机构共同举办近20场各类路演、金融活动 (tartupEast is StartupEast)
    rows = _rows(store, "park-event-partners", park_name="中以创新园")
    assert {(r["partner"], r["role"]) for r in rows} == {
        ("以色列创业团队", "co-hosts events with"), ("StartupEast", "co-hosts events with"),
        ("Indig集团", "co-hosts events with")}


def test_startup_in_shanghai_drew_twelve_thousand_firms_and_the_maker_contest_six_companies(store):
    # 吸引近1.2万家企业申报 … 遴选247家企业参加全国赛,88家获优秀企业 … 64家服务机构,近300家金融投资机构
    counts = {(r["relation"], r["count"], r["unit"]) for r in _rows(store, "competition-attention")}
    assert {("吸引企业申报数", "12000", "count:家"), ("遴选企业数", "247", "count:家"), ("获优秀企业数", "88", "count:家"),
            ("服务机构数", "64", "count:家"), ("金融投资机构数", "300", "count:家")} <= counts
    # 吸引来自Linux基金会、英特尔、VMware、IOTech、惠普、腾讯等国内外知名机构关注; 近200支队伍…78支队伍进入初赛,25支队伍获奖
    maker = _rows(store, "competition-attention", competition_name="创客大赛")
    assert {r["who"] for r in maker if r["relation"] == "draws attention from"} == \
        {"Linux基金会", "英特尔", "VMware", "IOTech", "惠普", "腾讯"}
    assert {(r["relation"], r["count"]) for r in maker if not r["who"]} >= {("队伍数", "200"), ("队伍数", "78"),
                                                                          ("队伍获奖数", "25")}


def test_growth_rates_sit_on_their_level_and_imply_the_previous_one(store):
    rows = {r["measure"]: r for r in _rows(store, "growth-with-base")}
    # 全年11807家企业申报,较上年度增长62.7%: last year 11807 / 1.627
    applications = rows["企业申报数"]
    assert (applications["level"], applications["change"], applications["direction"]) == ("11807", "62.7", "up")
    assert applications["implied_previous"] == "7256.91"
    # 政策性融资担保贷款余额近300亿元,年内增幅约50%: from 200亿元
    assert rows["政策性融资担保贷款余额"]["implied_previous"] == "20000000000"


def test_cumulative_figures_are_marked_from_the_beginning_to_the_year_end(store):
    # 全市科技型中小企业累计入库1.7万家,科技小巨人工程累计扶持企业超2300家 (截至年底)
    rows = {(r["subject"], r["measure"]): r for r in _rows(store, "cumulative-vs-annual")}
    little_giant = rows[("科技小巨人工程", "扶持企业数")]
    assert (little_giant["cumulative"], little_giant["cumulative_period"], little_giant["cumulative_text"]) == \
        ("2300", "../2020-12-31", "2300家")
    assert rows[("上海", "入库数")]["cumulative"] == "17000"
    # The bundled report states no annual figure beside them.
    assert {r["annual"] for r in rows.values()} == {""}


def test_the_voucher_s_amount_issued_is_a_time_series_of_two_2020_points(store):
    rows = _rows(store, "time-series", subject_name="科技创新券", measure_name="发放总额")
    assert [(r["period"], r["value"], r["surface"], r["doc"]) for r in rows] == [
        ("2020", "1860000000", "18.6亿元", BUNDLED_DOC), ("2020", "51950000", "5195万元", BUNDLED_DOC)]
    assert _rows(store, "time-series", subject_name="science and technology innovation voucher",
                 measure_name="发放总额") == rows


def test_the_voucher_s_amount_issued_is_stated_in_two_sections_that_disagree(store):
    rows = {(r["subject"], r["measure"]): r for r in _rows(store, "same-figure-twice")}
    issued = rows[("科技创新券", "发放总额")]
    assert (issued["value_1"], issued["section_1"], issued["value_2"], issued["section_2"], issued["agree"]) == \
        ("1860000000", "仪器共享服务", "51950000", "技术转移服务", "no")
    text = _report_text(store)
    assert text[int(issued["start_1"]):].startswith("18.6亿元") and text[int(issued["start_2"]):].startswith("5195万元")


def test_entities_by_class_lists_the_six_universities_and_counts_per_class(store):
    rows = {r["label_zh"]: r for r in _rows(store, "entities-by-class")}
    assert set(rows) == {"上海交通大学", "同济大学", "上海理工大学", "上海第二工业大学", "上海师范大学", "上海应用技术大学"}
    # 上海交通大学 ×2, 交大科技园, 交大师生, …南滨江公司、上海交通大学: five mentions
    assert rows["上海交通大学"]["mentions"] == "5"
    per_class = {r["entity_class"]: r for r in _rows(store, "entities-by-class", **{"class": ""})}
    assert per_class["University"]["entities"] == "6" and per_class["University"]["id"] == ""
    assert {r["label_zh"] for r in _rows(store, "entities-by-class", **{"class": "高校"})} == set(rows)
    carriers = {r["entity_class"] for r in _rows(store, "entities-by-class", **{"class": "Carrier"})}
    assert {"SciencePark", "Cluster", "InnovationPark", "RDCentre"} <= carriers


def test_sjtu_is_mentioned_with_the_medtronic_robotics_centre_in_the_zero_bay_section(store):
    rows = _rows(store, "co-mentions", name="上海交通大学")
    zero_bay = {r["other"]: r for r in rows if r["section"] == "推进大零号湾创新创业集聚区建设"}
    assert {"美敦力医疗机器人研发中心", "大零号湾", "闵行区"} <= set(zero_bay)
    # 交大科技园, 交大师生, 上海交通大学 in that section; 大零号湾 (and its other names) five times
    assert zero_bay["美敦力医疗机器人研发中心"]["entity_mentions"] == "3"
    assert zero_bay["大零号湾"]["other_mentions"] == "5"
    assert all(r["other"] != "上海交通大学" for r in rows)


def test_the_evidence_of_a_figure_is_the_report_text_at_its_offsets(store):
    text = _report_text(store)
    iri = ID + f"report/{BUNDLED_DOC}/observation/2707-2713"
    [row] = _rows(store, "evidence", iri=iri)
    assert (row["kind"], row["quote"], row["section"]) == ("figure", "18.6亿元", "仪器共享服务")
    assert text[int(row["start"]):int(row["end"])] == row["quote"]
    assert text[int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]
    assert row["sentence"].startswith("全年共向**3739**家中小企业和创业团队发放总额**18.6亿元**的科技创新券")


def test_the_evidence_of_the_national_designation_is_the_sentence_that_grants_it(store):
    text = _report_text(store)
    rows = _rows(store, "evidence", from_name="上海第二工业大学科技园", to_name="国家大学科技园")
    assert [r["relation"] for r in rows] == ["上海第二工业大学科技园 approved as 国家大学科技园"]
    row = rows[0]
    assert row["quote"] == text[int(row["start"]):int(row["end"])] == "第二工业大学科技园获批国家大学科技园"
    assert text[int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]
    # Every statement about SJTU (the default) has its quote at its offsets.
    for r in _rows(store, "evidence"):
        assert text[int(r["start"]):int(r["end"])] == r["quote"] and r["quote"] in r["sentence"]


def test_sjtu_s_neighbourhood_holds_its_edges_in_and_out_with_the_neighbours_labels(store):
    result = run(store, "entity-neighbourhood")
    assert result.kind == "graph"
    triples = {(t.subject, t.predicate, t.object) for t in result.triples}
    sjtu, label = ox.NamedNode(ID + "entity/sjtu"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    centre, park = ox.NamedNode(ID + "entity/美敦力医疗机器人研发中心"), ox.NamedNode(ID + "entity/上海交通大学科技园")
    assert (sjtu, ox.NamedNode(KG + "coBuilds"), centre) in triples
    assert (park, ox.NamedNode(KG + "operatedBy"), sjtu) in triples
    assert (centre, label, ox.Literal("美敦力医疗机器人研发中心", language="zh")) in triples
    assert (sjtu, ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal("交大", language="zh")) in triples
    assert (sjtu, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(KG + "University")) in triples


def test_the_parks_of_minhang_include_sjtu_s_park_through_zero_bay(store):
    # 闵行“大零号湾” … 6万平方米的交大科技园落地运营
    rows = {(r["place"], r["park"]): r for r in _rows(store, "parks-by-place", place_name="闵行")}
    assert rows[("闵行区", "大零号湾")]["directly"] == "yes"
    sjtu_park = rows[("闵行区", "上海交通大学科技园")]
    assert (sjtu_park["directly"], sjtu_park["operators"]) == ("no", "上海交通大学")


def test_the_national_university_science_park_designation_is_held_by_sspu_s_park(store):
    # 第二工业大学科技园获批国家大学科技园
    rows = _rows(store, "designation-holders", designation_name="国家大学科技园")
    assert rows == [{"designation": "国家大学科技园", "designation_class": "Designation", "holder": "上海第二工业大学科技园",
                     "holder_class": "SciencePark", "status": "approved", "reports": "1"}]


def test_the_voucher_ceiling_was_raised_from_300_thousand_to_500_thousand_yuan(store):
    # 单个科技型中小企业科技创新券使用额度由30万元提升至50万元
    [row] = _rows(store, "revised-figures")
    assert (row["subject"], row["measure"], row["old_value"], row["new_value"], row["change_percent"]) == \
        ("科技创新券", "使用额度", "300000", "500000", "66.67")
    assert "使用额度由30万元提升至50万元" in row["sentence"]


def test_parts_sit_beside_their_totals_with_their_shares(store):
    rows = {r["part_measure"]: r for r in _rows(store, "parts-of-totals")}
    # 申请企业吸纳就业人数23.5万人,其中高校应届毕业生人数1.6万人
    graduates = rows["高校应届毕业生人数"]
    assert (graduates["total"], graduates["part"], graduates["share_percent"]) == ("235000", "16000", "6.81")
    # 全年11807家企业申报…其中55%企业首次申报
    first_time = rows["企业占比"]
    assert (first_time["total"], first_time["share_percent"], first_time["implied_part"]) == ("11807", "55", "6494")


def test_universities_and_parks_tell_the_national_park_from_the_cultivated_ones(store):
    rows = _rows(store, "universities-and-science-parks")
    # 第二工业大学科技园获批国家大学科技园; 开展大学科技园培育工程,推动第二工业大学、上海师范大学、应用技术大学等…建设大学科技园
    assert {"university": "上海第二工业大学", "park": "上海第二工业大学科技园", "designation": "国家大学科技园",
            "status": "approved"} in rows
    cultivated = {r["university"] for r in rows if r["designation"] == "大学科技园培育工程"}
    assert cultivated == {"上海第二工业大学", "上海师范大学", "上海应用技术大学"}
    assert {"university": "上海交通大学", "park": "上海交通大学科技园", "designation": "", "status": ""} in rows


def test_an_entity_profile_lists_its_aliases_without_empty_parts(store):
    [row] = _rows(store, "entity-profile")
    assert (row["aliases"], row["reports"]) == ("交大", BUNDLED_DOC)
    [hp] = _rows(store, "entity-profile", iri=ID + "entity/hp")
    assert (hp["label_zh"], hp["aliases"]) == ("惠普", "")


def test_metrics_of_an_entity_by_name_and_by_iri_agree(store):
    by_name = _rows(store, "metrics-of-entity", name="科技创新券")
    by_iri = _rows(store, "metrics-of-entity", iri=ID + "entity/innovation-voucher", name="")
    assert by_name == by_iri and len(by_name) == 15
    assert {"18.6亿元", "4540.72万元"} <= {r["surface"] for r in by_name}


# -- a hundred generated reports: every query answers, fast, each row once ----------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A store with a hundred generated reports (about two minutes to write and load), the parameters found in it,
    and each library query's answer with the seconds it took."""
    root = tmp_path_factory.mktemp("library-corpus")
    files = generator.generate(CORPUS_REPORTS, root / "reports")
    store = Store(root / "store")
    load_reports(store, files)
    bindings = generator.sample_bindings(store)
    answers = {}
    for name in QUERIES:
        start = time.perf_counter()
        result = run(store, name, bindings.get(name, {}))
        answers[name] = (result, time.perf_counter() - start)
    print("\nlibrary queries on", CORPUS_REPORTS, "generated reports:")
    for name, (result, seconds) in answers.items():
        print(f"  {name:32} {len(result):>7} rows {seconds:7.2f} s")
    return store, bindings, answers


@pytest.mark.parametrize("name", QUERIES)
def test_every_library_query_answers_a_hundred_reports_within_the_time_limit_each_row_once(corpus, name):
    _, bindings, answers = corpus
    result, seconds = answers[name]
    assert len(result) > 0, f"{name} has no answer with {bindings.get(name, 'its defaults')}"
    assert seconds < SECONDS_PER_QUERY, f"{name} took {seconds:.1f} s"
    if result.kind == "select":
        rows = [tuple(row) for row in result.values()]
        assert len(set(rows)) == len(rows), f"{name} repeats rows"


def test_on_a_hundred_reports_cumulative_figures_meet_their_annual_ones_and_figures_recur_across_reports(corpus):
    _, _, answers = corpus
    cumulative = answers["cumulative-vs-annual"][0].records()
    assert any(r["annual"] and r["annual_period"][:4] == r["cumulative_period"][3:7] for r in cumulative)
    twice = answers["same-figure-twice"][0].records()
    assert any(r["doc_1"] != r["doc_2"] for r in twice)
    assert all(int(r["figures"]) >= 2 for r in twice)


def test_on_a_hundred_reports_the_evidence_of_a_figure_is_its_report_s_text_at_its_offsets(corpus):
    store, bindings, answers = corpus
    [row] = answers["evidence"][0].records()
    report = ID + "report/" + row["doc"]
    text = run(store, f"SELECT ?t WHERE {{ <{report}> kg:text ?t }}").values()[0][0]
    assert row["statement"] == bindings["evidence"]["iri"]
    assert text[int(row["start"]):int(row["end"])] == row["quote"]
    assert text[int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]


def test_a_two_thousand_entity_view_of_the_hundred_reports_opens_and_stabilizes_within_a_minute(corpus, browser,
                                                                                               tmp_path):
    from graph import analytics, views

    store, _, _ = corpus
    g = analytics.project(store, metrics=False)
    assert g.number_of_nodes() >= 2000
    out = tmp_path / "corpus.html"
    summary = views.write_view(g, out, title="100 份生成报告 · 100 generated reports", node_limit=2000)
    assert summary.shown == 2000
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (outside.append(r.request.url), r.abort()))
    started = time.monotonic()
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-stabilized='true']", timeout=60_000)
    assert time.monotonic() - started < 60 and outside == []
    assert "2000" in page.inner_text("body").replace(",", "")
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "views-corpus-2000.png"))
    page.close()

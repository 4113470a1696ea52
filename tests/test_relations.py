from pathlib import Path

import pytest

from graph.pipeline import extract


def _rels(tmp_path: Path, text: str) -> set[tuple[str, str, str, str]]:
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    ex = extract(path)
    label = {k: e.label_zh for k, e in ex.entities.items()}
    for r in ex.relations:
        assert ex.document.text[r.start : r.end]  # every relation has evidence
    return {(label[r.subject], r.predicate, label[r.object], r.status) for r in ex.relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲科技有限公司和乙能源有限公司计划在张江共建氢能创新中心\n",
         {("甲科技有限公司", "coBuilds", "氢能创新中心", "planned"), ("乙能源有限公司", "coBuilds", "氢能创新中心", "planned"),
          ("甲科技有限公司", "partnersWith", "乙能源有限公司", "planned"), ("氢能创新中心", "locatedIn", "张江", "planned")}),
        ("东华大学科技园获批国家大学科技园。\n",
         {("东华大学科技园", "approvedAs", "国家大学科技园", "approved"), ("东华大学科技园", "operatedBy", "东华大学", "")}),
        ("开展大学科技园培育工程,推动复旦大学、同济大学等高校建设大学科技园。\n",
         {("复旦大学", "takesPartIn", "大学科技园培育工程", ""), ("同济大学", "takesPartIn", "大学科技园培育工程", "")}),
        ("苏州工业园区聚焦人工智能、生物医药等产业。\n",
         {("苏州工业园区", "focusesOn", "人工智能", ""), ("苏州工业园区", "focusesOn", "生物医药", ""),
          ("苏州工业园区", "locatedIn", "苏州", "")}),
        # A phase of a project is run by the organization it is the phase of.
        ("启动西部先进材料研究院二期建设。\n", {("西部先进材料研究院二期", "operatedBy", "西部先进材料研究院", "")}),
        # A project whose name opens with a place is there.
        ("加快建设宜宾锂电产业基地。\n", {("宜宾锂电产业基地", "locatedIn", "宜宾", "")}),
        # Every name listed before the verb is approved, and 备案为 approves too.
        ("佛山、江门入选国家级中小企业数字化转型城市试点。\n",
         {("佛山", "approvedAs", "国家级中小企业数字化转型城市试点", "approved"),
          ("江门", "approvedAs", "国家级中小企业数字化转型城市试点", "approved")}),
        ("郑航众创空间被备案为国家众创空间。\n", {("郑航众创空间", "approvedAs", "国家众创空间", "approved")}),
        # A body acting together with another (会同) partners with it.
        ("由绵阳市科技局会同绵阳市财政局制定实施细则。\n", {("绵阳市科技局", "partnersWith", "绵阳市财政局", "")}),
    ],
)
def test_clause_patterns_give_typed_relations_with_status(tmp_path, text, expected):
    assert expected <= _rels(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare 大赛 is no name: nothing is linked to it.
        ("大赛吸引英特尔、腾讯等知名机构关注。\n", set()),
        # The verb inside a title is the title's: the body carrying the document out does not issue it.
        ("市科技局认真贯彻落实《市人民政府办公厅关于印发2023年工作方案的通知》。\n",
         {("市人民政府办公厅", "issues", "《市人民政府办公厅关于印发2023年工作方案的通知》", "")}),
        # What an earlier clause supports does not build what the next clause sets up.
        ("持续支持金凤、嘉陵江实验室发展，筹建绿色低碳领域重庆实验室。\n", set()),
        # 中部 is a region, not a ministry that owns the centre.
        ("建设国家技术转移中部中心。\n", set()),
    ],
)
def test_clause_patterns_give_exactly_these_relations(tmp_path, text, expected):
    assert _rels(tmp_path, text) == expected


def test_a_heading_names_the_subject_of_its_section(tmp_path):
    rels = _rels(tmp_path, "上海国际创客大赛营造创客生态\n\n大赛设商业赛道和工业赛道,吸引英特尔、腾讯等知名机构关注。\n")
    assert ("上海国际创客大赛", "hasTrack", "商业赛道", "") in rels
    assert ("上海国际创客大赛", "drawsAttentionFrom", "英特尔", "") in rels


def test_a_centre_named_after_a_company_is_affiliated_with_it(tmp_path):
    rels = _rels(tmp_path, "美敦力中国研发中心计划与上海交通大学在零号湾区域新建美敦力医疗机器人研发中心\n")
    assert ("美敦力中国研发中心", "affiliatedWith", "美敦力", "") in rels
    assert ("上海交通大学", "coBuilds", "美敦力医疗机器人研发中心", "planned") in rels
    assert ("美敦力医疗机器人研发中心", "locatedIn", "大零号湾", "planned") in rels


def test_a_kind_of_factory_named_like_a_place_is_not_located_there(tmp_path):
    rels = _rels(tmp_path, "新增灯塔工厂3家。\n")
    assert not [r for r in rels if r[1] == "locatedIn"]


def test_two_entities_joined_by_an_untyped_verb_give_a_co_mention_that_keeps_the_verb(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("复旦大学走访华为公司探索未来网络。\n", encoding="utf-8")
    ex = extract(path)
    [rel] = [r for r in ex.relations if r.predicate == "coMentionedWith"]
    assert rel.verb == "走访"


def test_the_bundled_report_connects_medtronic_to_sjtu_through_the_new_centre(bundled_extraction):
    label = {k: e.label_zh for k, e in bundled_extraction.entities.items()}
    rels = {(label[r.subject], r.predicate, label[r.object]) for r in bundled_extraction.relations}
    assert ("美敦力医疗机器人研发中心", "affiliatedWith", "美敦力") in rels
    assert ("上海交通大学", "coBuilds", "美敦力医疗机器人研发中心") in rels
    assert ("上海第二工业大学科技园", "approvedAs", "国家大学科技园") in rels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("复旦大学与华为技术有限公司开展合作。\n", ("复旦大学", "partnersWith", "华为")),
        ("上海交通大学携手宁德时代新能源科技股份有限公司推进电池研究。\n",
         ("上海交通大学", "partnersWith", "宁德时代")),
        ("华东理工大学承担科技创新行动计划专项。\n", ("华东理工大学", "takesPartIn", "科技创新行动计划专项")),
        ("清华大学牵头组建长三角人工智能研究院。\n", ("清华大学", "builds", "长三角人工智能研究院")),
        ("宁德时代新能源科技股份有限公司入驻临港科技城。\n", ("宁德时代", "locatedIn", "临港科技城")),
    ],
)
def test_cooperation_participation_founding_and_settling_verbs(tmp_path, text, expected):
    assert expected in {(s, p, o) for s, p, o, _ in _rels(tmp_path, text)}


def test_a_body_that_signs_with_a_list_of_firms_partners_with_each_but_not_when_they_sign_respectively(tmp_path):
    rels = {(s, p, o) for s, p, o, _ in _rels(tmp_path, "张江集团在本次大会上与华为技术有限公司、复旦大学集中签约。\n")}
    assert {("张江集团", "partnersWith", "华为"), ("张江集团", "partnersWith", "复旦大学")} <= rels
    rels = _rels(tmp_path, "华为技术有限公司、复旦大学分别与张江集团、临港集团签约。\n")
    assert not [r for r in rels if r[1] == "partnersWith"]


def test_a_place_after_the_parent_that_opens_a_name_is_where_it_is(tmp_path):
    rels = _rels(tmp_path, "浙江大学杭州国际科创中心加快建设。\n")
    assert {("浙江大学杭州国际科创中心", "affiliatedWith", "浙江大学", ""),
            ("浙江大学杭州国际科创中心", "locatedIn", "杭州", "")} <= rels


def test_a_development_zone_named_by_its_city_is_in_that_city(tmp_path):
    rels = _rels(tmp_path, "芜湖经开区聚焦新能源汽车产业。\n")
    assert ("芜湖经开区", "locatedIn", "芜湖", "") in rels


def test_a_university_is_not_placed_by_the_place_its_name_opens_with(tmp_path):
    rels = _rels(tmp_path, "西湖大学与宁波东方理工大学开展合作。\n")
    assert not [r for r in rels if r[1] == "locatedIn"]


def test_a_known_place_opening_a_parks_name_is_where_it_is_but_a_region_of_provinces_is_not(tmp_path):
    rels = _rels(tmp_path, "支持雄安新区中关村科技园建设，长三角安全人工智能安徽省实验室揭牌。\n")
    assert ("雄安新区中关村科技园", "locatedIn", "雄安新区", "") in rels
    assert not [r for r in rels if r[0].startswith("长三角") and r[1] == "locatedIn"]


def test_an_edition_or_regional_division_of_a_contest_is_part_of_it_and_its_groups_are_its_tracks(tmp_path):
    rels = _rels(tmp_path, "第五届中国创新创业大赛(福建赛区)近日开赛。本次大赛分为初创组和成长组。\n")
    contest = "第五届中国创新创业大赛(福建赛区)"
    assert {(contest, "affiliatedWith", "中国创新创业大赛", ""), (contest, "hasTrack", "初创组", ""),
            (contest, "hasTrack", "成长组", "")} <= rels
    assert not [r for r in rels if r[1] == "hasTrack" and r[2] == contest]


def test_the_next_phase_of_a_listed_firms_project_is_run_by_that_firm(tmp_path):
    rels = _rels(tmp_path, "推动奕斯伟二期、唐晶半导体等项目释放产能。\n")
    assert ("奕斯伟二期", "operatedBy", "奕斯伟", "") in rels


def test_a_zone_that_opens_a_name_runs_its_committee_holds_its_parks_and_owns_its_centres(tmp_path):
    rels = {(s, p, o) for s, p, o, _ in _rels(tmp_path, "珠海高新区双创中心与珠海高新区管委会为企业提供服务。\n")}
    assert {("珠海高新区双创中心", "affiliatedWith", "珠海高新区"), ("珠海高新区", "operatedBy", "珠海高新区管委会"),
            ("珠海高新区", "locatedIn", "珠海")} <= rels
    assert ("珠海高新区双创中心", "locatedIn", "珠海") not in rels  # said of the zone, not again of its centre
    rels = {(s, p, o) for s, p, o, _ in _rels(tmp_path, "黄石大冶湖高新区(武汉)离岸科创中心揭牌运营。\n")}
    assert {("黄石大冶湖高新区(武汉)离岸科创中心", "affiliatedWith", "黄石大冶湖高新区"),
            ("黄石大冶湖高新区(武汉)离岸科创中心", "locatedIn", "武汉")} <= rels


def test_places_shortlisted_for_a_title_or_selected_as_a_pilot_city_are_approved_as_it(tmp_path):
    rels = {(s, p, o) for s, p, o, _ in _rels(tmp_path, "厦门、宁德入围全球百强创新集群。漳州入选国家中小企业数字化转型试点城市。\n")}
    assert {("厦门", "approvedAs", "全球百强创新集群"), ("宁德", "approvedAs", "全球百强创新集群"),
            ("漳州", "approvedAs", "国家中小企业数字化转型试点城市")} <= rels

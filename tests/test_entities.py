from pathlib import Path

import pytest

from graph.document import parse
from graph.extract.entities import find_mentions
from graph.extract.resolution import resolve
from graph.report import read_report


def _entities(tmp_path: Path, text: str):
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    mentions = find_mentions(parse(read_report(path)))
    return mentions, resolve(mentions)


def _classes(entities) -> dict[str, str]:
    return {e.label_zh: e.cls for e in entities.values()}


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("复旦大学与华东理工大学联合发布成果。", "复旦大学", "University"),
        ("加快发展科技服务、商务服务等现代服务业。", "科技服务", "Industry"),
        ("浙江大学衢州研究院正式揭牌。", "浙江大学衢州研究院", "ResearchInstitute"),
        ("推动临港智能网联汽车综合测试示范区建设。", "临港智能网联汽车综合测试示范区", "Cluster"),
        ("苏州纳米城科技发展有限公司入驻园区。", "苏州纳米城科技发展有限公司", "Company"),
        ("上海农商银行为科技企业提供贷款。", "上海农商银行", "Bank"),
        ("长三角科技资源共享服务平台上线运行。", "长三角科技资源共享服务平台", "Platform"),
        ("漕河泾开发区新建宝山智能制造综合体。", "宝山智能制造综合体", "Complex"),
        ("举办第五届浦江创新论坛。", "第五届浦江创新论坛", "Event"),
        ("印发《上海市促进科技成果转化条例》。", "《上海市促进科技成果转化条例》", "PolicyDocument"),
        ("张江药谷科技园吸引企业入驻。", "张江药谷科技园", "SciencePark"),
        ("全年发放科技创新券18.6亿元。", "科技创新券", "Voucher"),
        ("建成合肥数据标注基地。", "合肥数据标注基地", "Platform"),
        ("获批新能源产业发展示范基地。", "新能源产业发展示范基地", "Designation"),
        ("加快南京都市圈建设。", "南京都市圈", "Area"),
        ("高标准建设深空探测实验室。", "深空探测实验室", "ResearchInstitute"),
    ],
)
def test_names_are_found_by_their_heads_without_any_gazetteer_entry(tmp_path, sentence, name, cls):
    _, entities = _entities(tmp_path, sentence + "\n")
    assert _classes(entities).get(name) == cls


@pytest.mark.parametrize(
    "sentence",
    ["做强大学科技园核心功能。", "推动各类大学科技园高质量发展。", "实际解决大学生就业近5000人。", "优化大学科技园功能及布局。",
     "报名和参赛创新创业团队数量继续保持全国前列。", "承接60多个交大师生创新创业项目。"],
)
def test_generic_phrases_are_not_entities(tmp_path, sentence):
    _, entities = _entities(tmp_path, sentence + "\n")
    non_gazetteer = [e.label_zh for e in entities.values() if not e.in_gazetteer]
    assert non_gazetteer == []


def test_short_forms_and_place_prefixes_resolve_to_one_node(tmp_path):
    _, entities = _entities(tmp_path, "上海第二工业大学成立于1960年。\n\n推动第二工业大学建设科技园。\n\n交大与上海交通大学医学院合作。\n")
    by_label = {e.label_zh: e for e in entities.values()}
    assert "第二工业大学" in by_label["上海第二工业大学"].aliases
    assert len([e for e in entities.values() if e.label_zh.endswith("第二工业大学")]) == 1
    assert "交大" in by_label["上海交通大学"].aliases


def test_bracket_and_cluster_variants_resolve_to_one_node(tmp_path):
    text = ("全面推进中以创新园建设。\n\n中以（上海）创新园已引入32家企业。\n\n"
            "零号湾创新创业集聚区建设方案进一步深化。\n\n闵行“大零号湾”形成集聚效应。\n")
    _, entities = _entities(tmp_path, text)
    park = next(e for e in entities.values() if e.key == "china-israel-innovation-park")
    assert len(park.mentions) == 2
    bay = next(e for e in entities.values() if e.key == "zero-bay")
    assert {m.label for m in bay.mentions} == {"零号湾创新创业集聚区", "大零号湾"}


def test_latin_names_match_despite_case_and_a_typo(tmp_path):
    _, entities = _entities(tmp_path, "与tartupEast、vmware等机构合作。\n")
    assert {"startupeast", "vmware"} <= set(entities)


def test_items_of_an_enumeration_closed_by_a_category_take_its_class(tmp_path):
    _, entities = _entities(tmp_path, "吸引来自Acme Labs、Zeta基金会、蓝鲸科技等国内外知名机构关注。\n")
    classes = _classes(entities)
    assert classes.get("Acme Labs") == "Organization"
    assert classes.get("蓝鲸科技") == "Organization"
    assert classes.get("Zeta基金会") == "Foundation"


def test_a_name_cut_off_at_the_end_of_a_line_is_completed(tmp_path):
    _, entities = _entities(tmp_path, "甲公司和乙公司计划在园区共建智慧能源赋能中\n")
    assert "智慧能源赋能中心" in _classes(entities)


def test_every_mention_points_at_its_own_characters(bundled_extraction):
    text = bundled_extraction.document.text
    for m in bundled_extraction.mentions:
        surface = text[m.start : m.end].replace("**", "")
        assert surface == m.label or (m.finder in ("derived", "head") and m.label.startswith(surface[:2]))


def test_the_bundled_report_yields_entities_of_many_classes(bundled_extraction):
    classes = {e.cls for e in bundled_extraction.entities.values()}
    assert len(classes) >= 6
    labels = {e.label_zh for e in bundled_extraction.entities.values()}
    assert {"美敦力中国研发中心", "上海交通大学", "大零号湾", "科技创新券", "上海国际创客大赛"} <= labels


def test_a_declared_short_form_names_the_same_entity_everywhere_after(tmp_path):
    _, entities = _entities(tmp_path, "上海微电子装备(集团)股份有限公司（简称“上海微电子”）交付设备20台。\n\n"
                                             "上海微电子入选国家企业技术中心。\n")
    company = next(e for e in entities.values() if e.label_zh == "上海微电子装备(集团)股份有限公司")
    assert "上海微电子" in company.aliases
    assert len(company.mentions) == 3
    assert not any(e.label_zh == "上海微电子" for e in entities.values())


def test_a_region_goes_by_its_division_names_and_no_invented_ones(tmp_path):
    _, entities = _entities(tmp_path, "广西壮族自治区与香港开展科技合作，广西新增高新技术企业500家。\n")
    names = {e.label_zh: {e.label_zh, *e.aliases} for e in entities.values() if e.cls in ("Province", "City")}
    assert names == {"广西壮族自治区": {"广西壮族自治区", "广西"}, "香港": {"香港", "香港特别行政区"}}


def test_a_verb_of_carrying_out_is_not_part_of_the_name_it_governs(tmp_path):
    _, entities = _entities(tmp_path, "加强科技成果转化，落实西安区域科技创新中心建设重点任务。\n")
    assert "西安区域科技创新中心" in {e.label_zh for e in entities.values()}


@pytest.mark.parametrize(
    ("sentence", "industries"),
    [
        ("全力做强做大光伏材料产业，加快发展智能网联汽车产业。", {"光伏材料产业", "智能网联汽车产业"}),
        ("海洋经济增加值增长6%，银发经济加快发展。", {"海洋经济", "银发经济"}),
        ("大力发展生产性服务业，高技术制造业占规上工业比重提高。", {"生产性服务业", "高技术制造业"}),
        ("培育壮大战略性新兴产业。", {"战略性新兴产业"}),
    ],
)
def test_an_industry_is_named_by_what_it_makes_and_a_branch_of_the_economy(tmp_path, sentence, industries):
    _, entities = _entities(tmp_path, sentence + "\n")
    assert {e.label_zh for e in entities.values() if e.cls == "Industry"} == industries


@pytest.mark.parametrize(
    "sentence",
    ["改造提升传统产业，巩固壮大实体经济。", "推动金融服务实体经济，力争数字经济核心产业增加值增长。",
     "先进制造业占制造业比重提高，以科技创新引领产业升级。", "宁波经济总量迈上新台阶。"],
)
def test_a_part_of_the_economy_or_a_places_economy_is_not_an_industry(tmp_path, sentence):
    _, entities = _entities(tmp_path, sentence + "\n")
    assert {e.label_zh for e in entities.values() if e.cls == "Industry"} <= {"先进制造业", "数字经济"}
    assert not any(e.label_zh.endswith(("实体经济", "传统产业", "核心产业", "引领产业", "占制造业"))
                   for e in entities.values())


def test_an_industry_goes_by_its_name_with_or_without_the_word_industry(tmp_path):
    _, entities = _entities(tmp_path, "做强光伏材料产业。\n\n光伏材料、储能等领域加快布局。\n")
    industry = next(e for e in entities.values() if e.label_zh in ("光伏材料产业", "光伏材料"))
    assert {industry.label_zh, *industry.aliases} == {"光伏材料产业", "光伏材料"}
    assert len([e for e in entities.values() if "光伏材料" in e.label_zh]) == 1


def test_a_listed_industry_is_not_cut_to_a_known_industry_inside_it(tmp_path):
    _, entities = _entities(tmp_path, "推动集成电路、新能源汽车、工业机器人等产业集聚发展。\n")
    assert {"新能源汽车", "工业机器人", "集成电路"} <= {e.label_zh for e in entities.values() if e.cls == "Industry"}


def test_what_a_list_of_outputs_is_listed_by_are_industries(tmp_path):
    _, entities = _entities(tmp_path, "光伏电池、锂电池、服务机器人产量分别增长30%、20%、15%。\n")
    assert {e.label_zh for e in entities.values() if e.cls == "Industry"} >= {"光伏电池", "锂电池", "服务机器人"}


def test_what_a_report_carries_out_in_quotes_is_a_programme(tmp_path):
    _, entities = _entities(tmp_path, "深入实施“数聚赋能”和“科创飞地”，巩固拓展“三链融合”成果，吹响“冲锋号”。\n")
    programmes = {e.label_zh for e in entities.values() if e.cls == "Program"}
    assert {"“数聚赋能”", "“科创飞地”", "“三链融合”"} <= programmes
    assert "“冲锋号”" not in programmes  # a quoted word after another verb is only a figure of speech


def test_a_quoted_programme_goes_by_its_quoted_name_alone(tmp_path):
    _, entities = _entities(tmp_path, "深入推进“千名工程师进园区”行动。\n")
    action = next(e for e in entities.values() if e.label_zh == "“千名工程师进园区”行动")
    assert "千名工程师进园区" in action.aliases


def test_a_body_named_by_the_bare_level_word_is_the_jurisdictions_own(tmp_path):
    _, entities = _entities(tmp_path, "2025年江苏省政府工作报告\n\n省产业技术研究院与省科技厅联合发布成果。\n")
    by_label = {e.label_zh: e for e in entities.values()}
    assert "省产业技术研究院" in by_label["江苏省产业技术研究院"].aliases
    assert "省科技厅" in by_label["江苏省科技厅"].aliases


def test_a_phase_of_a_project_is_named_with_its_phase(tmp_path):
    _, entities = _entities(tmp_path, "推进华能煤电一体化、陕钢汉中钢铁二期、中铝铝材深加工等项目建设。\n")
    projects = {e.label_zh for e in entities.values() if e.cls == "Project"}
    assert {"陕钢汉中钢铁二期", "中铝铝材深加工"} <= projects
    assert "汉中" not in {e.label_zh for e in entities.values()}


def test_an_industry_word_that_qualifies_another_thing_or_a_place_is_no_industry(tmp_path):
    _, entities = _entities(tmp_path, "节能装备制造创新型产业集群获批，与郑东新区产业发展方向契合。\n")
    assert not [e.label_zh for e in entities.values() if e.cls == "Industry"]


def test_a_body_named_by_its_level_word_is_not_another_reports_body(tmp_path):
    # 2025年杭州市… spells 市科技局 out as 杭州市科技局; a later report with no city of its own keeps 市科技局.
    _, hangzhou = _entities(tmp_path, "2025年杭州市政府工作报告\n\n市科技局发布新政策。\n")
    assert "市科技局" in next(e for e in hangzhou.values() if e.label_zh == "杭州市科技局").aliases
    path = tmp_path / "later.md"
    path.write_text("市科技局发布新政策。\n", encoding="utf-8")
    later = resolve(find_mentions(parse(read_report(path))), previous=hangzhou)
    assert "市科技局" in {e.label_zh for e in later.values()}


def test_a_place_in_a_chapters_first_heading_is_not_another_name_of_the_home(tmp_path):
    _, entities = _entities(tmp_path, "# 2019年北京科技进步报告 第七章\n\n## （一）上海国际创客大赛营造创客生态\n\n"
                                      "北京举办创客大赛。\n")
    beijing = next(e for e in entities.values() if e.label_zh == "北京")
    assert "上海" not in beijing.aliases


def test_bare_names_listed_before_a_head_are_named_with_it(tmp_path):
    _, entities = _entities(tmp_path, "紫金山、太湖、钟山、云龙湖等实验室获批建设。\n")
    assert _classes(entities) == {"紫金山实验室": "ResearchInstitute", "太湖实验室": "ResearchInstitute",
                                  "钟山实验室": "ResearchInstitute", "云龙湖实验室": "ResearchInstitute"}


def test_places_listed_before_a_head_stay_places(tmp_path):
    _, entities = _entities(tmp_path, "上海、北京等研究院发布成果。\n")
    assert _classes(entities) == {"上海": "City", "北京": "City"}


def test_a_quoted_name_with_a_purpose_before_its_kind_is_one_programme(tmp_path):
    _, entities = _entities(tmp_path, "深入实施“61020”科技创新行动。推进“双碳”目标下的改革行动。\n")
    programmes = {e.label_zh for e in entities.values() if e.cls == "Program"}
    assert "“61020”科技创新行动" in programmes
    assert not [p for p in programmes if "目标" in p]


def test_the_lists_count_splits_its_last_item_and_kinds_in_xing_qualify_its_noun(tmp_path):
    _, entities = _entities(tmp_path, "软件信息、电子商务和现代物流三大产业增长较快。\n"
                                      "推动工业设计、检验检测等知识密集型服务业发展。\n")
    industries = {e.label_zh for e in entities.values() if e.cls == "Industry"}
    assert industries == {"软件信息", "电子商务", "现代物流", "工业设计", "检验检测", "知识密集型服务业"}


def test_a_lead_in_verb_jieba_takes_for_a_noun_is_not_part_of_a_name(tmp_path):
    _, entities = _entities(tmp_path, "充分发挥产业投资母基金放大效应，大力支持张江实验室建设。\n")
    assert not [e.label_zh for e in entities.values() if e.label_zh.startswith(("充分发挥", "大力支持"))]


def test_a_verb_phrase_jieba_files_as_a_person_name_ends_the_name_before_it(tmp_path):
    # jieba's dictionary tags 隆重举行 and 严格执行 as person names, which names may contain.
    _, entities = _entities(tmp_path, "10月8日，市科委在张江药谷隆重举行年度生物医药产业项目签约仪式。\n"
                                      "各园区严格执行安全生产规定。\n")
    labels = {e.label_zh for e in entities.values()}
    assert "张江药谷" in labels
    assert not [label for label in labels if "举行" in label or "执行" in label]


def test_the_strategic_emerging_and_future_industries_are_known_with_english_names(tmp_path):
    _, entities = _entities(tmp_path, "全市新能源汽车产量增长两成，人形机器人和脑机接口企业加快集聚。\n")
    industries = {(e.label_zh, e.label_en) for e in entities.values() if e.cls == "Industry"}
    assert industries >= {("新能源汽车", "new energy vehicles"), ("人形机器人", "humanoid robots"),
                          ("脑机接口", "brain-computer interfaces")}


def test_a_municipality_or_special_region_at_province_level_is_a_city(tmp_path):
    _, entities = _entities(tmp_path, "天津、重庆和香港加强合作，江苏、浙江协同推进。\n")
    assert _classes(entities) == {"天津": "City", "重庆": "City", "香港": "City", "江苏": "Province",
                                  "浙江": "Province"}


def test_the_sections_of_the_industrial_classification_are_industries_with_english_names(tmp_path):
    _, entities = _entities(tmp_path, "软件和信息技术服务业增加值增长9.6%，金融业增加值增长7.9%，批发零售业平稳。\n")
    industries = {(e.label_zh, e.label_en) for e in entities.values() if e.cls == "Industry"}
    assert industries == {("软件和信息技术服务业", "software and information technology services"),
                          ("金融业", "finance"), ("批发和零售业", "wholesale and retail trade")}


def test_a_verb_before_provincial_is_not_a_province_written_with_its_level(tmp_path):
    # 新建 is also a district's short name, and 新建省级… puts 省 right after it.
    _, entities = _entities(tmp_path, "新建省级卓越工程师学院7个、省级中试基地5个。\n")
    assert not [e for e in entities.values() if e.cls in ("City", "Province", "District")]


def test_development_zones_and_corridors_are_clusters(tmp_path):
    _, entities = _entities(tmp_path, "推进芜湖经开区、沪宁合产业创新带和成渝中线科创走廊建设。\n")
    assert {"芜湖经开区": "Cluster", "成渝中线科创走廊": "Cluster"}.items() <= _classes(entities).items()


def test_a_contests_regional_division_in_brackets_is_part_of_its_name(tmp_path):
    _, entities = _entities(tmp_path, "第五届中国创新创业大赛(福建赛区)近日启动。\n")
    assert "第五届中国创新创业大赛(福建赛区)" in _classes(entities)


def test_a_name_joined_by_ji_is_another_name_of_the_same_event_also_in_the_headline(tmp_path):
    _, entities = _entities(tmp_path, "# 12支队伍晋级海峡青年创业大赛决赛\n\n"
                                      "第五届中国创新创业大赛(福建赛区)暨首届海峡青年创业大赛在福州举行。\n")
    contests = [e for e in entities.values() if e.cls == "Competition" and len(e.mentions) > 1]
    assert [(e.label_zh, sorted(e.aliases)) for e in contests] == [
        ("第五届中国创新创业大赛(福建赛区)", ["海峡青年创业大赛"])]


def test_names_listed_before_a_kind_of_firm_are_companies_as_written(tmp_path):
    _, entities = _entities(tmp_path, "推动中国中化、中国华能等在京央企加快布局，支持华为、比亚迪等龙头企业发展。\n")
    classes = _classes(entities)
    assert {name: classes.get(name) for name in ("中国中化", "中国华能")} == {"中国中化": "Company", "中国华能": "Company"}
    assert "中国" not in classes


def test_two_fields_joined_by_yu_before_the_head_are_one_name(tmp_path):
    _, entities = _entities(tmp_path, "中国科学院宁波材料技术与工程研究所与复旦大学合作。\n")
    assert _classes(entities).get("中国科学院宁波材料技术与工程研究所") == "ResearchInstitute"


def test_a_kind_a_report_only_counts_is_no_entity_but_the_last_item_of_a_counted_list_is(tmp_path):
    from graph.pipeline import extract

    path = tmp_path / "r.md"
    path.write_text("全省新增省级中试平台11家。新建20个概念验证中心。\n\n大赛设商业赛道、工业赛道和智慧医疗赛道3个赛道。\n",
                    encoding="utf-8")
    labels = {e.label_zh for e in extract(path).entities.values()}
    assert not {"省级中试平台", "中试平台", "概念验证中心"} & labels
    assert {"商业赛道", "工业赛道", "智慧医疗赛道"} <= labels


def test_an_unknown_name_listed_with_known_organizations_is_an_investor_when_it_ends_in_capital(tmp_path):
    _, entities = _entities(tmp_path, "峰瑞资本、上海交通大学、寒武纪科技、复旦大学共同发起设立联合基金。")
    classes = _classes(entities)
    assert classes["峰瑞资本"] == "FinancialInstitution" and classes["寒武纪科技"] == "Company"


def test_names_listed_before_a_named_fund_keep_their_own_names_when_one_ends_as_a_firms_name(tmp_path):
    # (金凤、嘉陵江、明月湖实验室 lists stems of one head; 峰瑞资本 is a whole name.)
    _, entities = _entities(tmp_path, "天使母基金与中科创星、峰瑞资本、真格基金、明势资本10家基金管理人集中签约。")
    classes = _classes(entities)
    assert classes["真格基金"] == "Fund" and not [name for name in classes if name.endswith("资本基金")]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("支持保定国家数据标注基地发展。", "保定国家数据标注基地"),  # jieba reads 保定 as a verb
     ("大连英歌石科学城汇聚科研团队。", "大连英歌石科学城"),  # and 大连 as an adverb
     ("支持福州大学城打造创新策源地。", "福州大学城")],
)
def test_a_city_that_jieba_reads_in_another_sense_still_opens_a_parks_or_platforms_name(tmp_path, sentence, name):
    _, entities = _entities(tmp_path, sentence)
    assert name in _classes(entities)


def test_a_places_body_jieba_knows_as_one_word_is_found_but_not_a_word_ending_in_a_heads_character(tmp_path):
    _, entities = _entities(tmp_path, "大赛由广东省科技厅主办，形成合作生态新格局。")
    assert _classes(entities) == {"广东省科技厅": "GovernmentBody"}

from pathlib import Path

import pytest

from graph.numbers import format_value
from graph.pipeline import extract


def _obs(tmp_path: Path, text: str, name: str = "2020-report.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ex = extract(path)
    return ex, ex.observations


def _row(ex, o):
    label = ex.entities[o.subject].label_zh if o.subject else ""
    return (ex.document.text[o.start : o.end], format_value(o.value), o.quantity.unit, o.quantity.qualifier,
            o.measure, label, o.period.label)


def test_each_observation_has_value_unit_qualifier_measure_subject_and_period(tmp_path):
    ex, obs = _obs(tmp_path, "截至9月底,上海主要银行业金融机构投贷联动项下贷款存量户数**370**户,贷款余额合计**56.14**亿元\n")
    assert [_row(ex, o) for o in obs] == [
        ("370**户", "370", "count:户", "exact", "贷款存量户数", "上海", "2020-09-30"),
        ("56.14**亿元", "5614000000", "CNY", "exact", "贷款余额", "上海", "2020-09-30"),
    ]


def test_a_growth_rate_is_a_change_of_the_level_before_it(tmp_path):
    _ex, obs = _obs(tmp_path, "- 全年**11807**家企业申报,较上年度增长**62.7%**,其中**55%**企业首次申报\n")
    level, change, share = obs
    assert (level.measure, level.kind) == ("企业申报数", "level")
    assert (change.kind, change.change_of, change.measure) == ("change", level.id, "企业申报数增长率")
    assert (share.kind, share.part_of) == ("share", level.id)


def test_of_which_links_a_part_to_its_total(tmp_path):
    _, obs = _obs(tmp_path, "- 申请企业吸纳就业人数**23.5**万人,其中高校应届毕业生人数**1.6**万人\n")
    total, part = obs
    assert part.part_of == total.id
    assert (total.measure, part.measure) == ("申请企业吸纳就业人数", "高校应届毕业生人数")


def test_from_x_to_y_links_the_old_value_to_the_new(tmp_path):
    _, obs = _obs(tmp_path, "科技创新券使用额度由30万元提升至50万元。\n")
    old, new = obs
    assert old.replaced_by == new.id
    assert old.measure == new.measure == "使用额度"
    assert (format_value(old.value), format_value(new.value)) == ("300000", "500000")


def test_respectively_pairs_measures_and_values_in_order(tmp_path):
    _, obs = _obs(tmp_path, "全年发明专利申请量和授权量分别为5.7万件和3.4万件。\n")
    assert [(o.measure, format_value(o.value)) for o in obs] == [("发明专利申请量", "57000"), ("授权量", "34000")]


def test_a_count_written_number_first_measures_the_counted_thing(tmp_path):
    _, obs = _obs(tmp_path, "全年共向**542**家企业**16**个团队发放总额**5195万元**的科技创新券。\n")
    assert [o.measure for o in obs] == ["企业数", "团队数", "发放总额"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("截至9月底,贷款余额56亿元。", "2020-09-30"),
        ("截至年底,全市科技型中小企业累计入库1.7万家。", "../2020-12-31"),
        ("全年新增企业300家。", "2020"),
        ("2019年12月19日至2020年9月4日,大赛吸引1.2万家企业申报。", "2019-12-19/2020-09-04"),
        ("2018年研发投入1200亿元。", "2018"),
    ],
)
def test_the_period_comes_from_the_nearest_time_phrase_else_the_report_year(tmp_path, text, period):
    _, obs = _obs(tmp_path, text + "\n")
    assert obs[0].period.label == period


def test_kinds_a_sentence_counts_are_not_the_subject_of_its_figures(tmp_path):
    ex, obs = _obs(tmp_path, "2025年江苏省政府工作报告\n\n新增高新技术企业超6000家、科技型中小企业1.76万家。\n",
                   name="2025-jiangsu.md")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [
        ("新增高新技术企业数", "江苏"), ("新增科技型中小企业数", "江苏")]


def test_a_place_that_opens_the_clause_is_its_figures_subject(tmp_path):
    ex, obs = _obs(tmp_path, "2025年四川省人民政府工作报告\n\n三是推动区域协调发展。支持成都做优做强极核功能，泸州经济总量突破3000亿元。\n",
                   name="2025-sichuan.md")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [("经济总量", "泸州")]


def test_a_count_after_an_action_measures_what_it_counts(tmp_path):
    _, obs = _obs(tmp_path, "牵头建设44家全国重点实验室，新培育6个国家级中小企业特色产业集群。\n")
    assert [o.measure for o in obs] == ["牵头建设全国重点实验室数", "新培育国家级中小企业特色产业集群数"]


def test_the_subject_falls_back_to_the_heading(tmp_path):
    ex, obs = _obs(tmp_path, "上海国际创客大赛营造创客生态\n\n近**200**支队伍报名参赛。\n")
    assert ex.entities[obs[0].subject].label_zh == "上海国际创客大赛"


def test_a_name_a_heading_acts_on_is_not_the_subject_of_the_sections_figures(tmp_path):
    ex, obs = _obs(tmp_path, "2025年江苏省政府工作报告\n\n## （二）着力推动“双链融合”走深走实\n\n新增省级企业技术中心120家。\n",
                   name="2025-jiangsu.md")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [("新增省级企业技术中心数", "江苏")]


def test_a_document_signed_by_a_government_speaks_for_its_place(tmp_path):
    ex, obs = _obs(tmp_path, "各镇人民政府:\n\n现将实施方案印发给你们。\n\n宁波市北仑区人民政府\n\n2024年5月6日\n\n"
                   "北仑区加快建设创新强区\n\n全面落实省“科技攻坚”工程实施方案\n\n到2027年,新增高新技术企业50家。\n",
                   name="2024-beilun.md")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [("新增高新技术企业数", "北仑区")]


def test_an_industry_is_part_of_the_measure_it_names(tmp_path):
    _, obs = _obs(tmp_path, "海洋经济增加值增长6.5%，生产性服务业占服务业比重达45%。\n")
    assert [o.measure for o in obs] == ["海洋经济增加值增长率", "生产性服务业占服务业比重"]


def test_a_name_that_opens_a_later_clause_is_not_the_subject_of_the_next_clauses_figure(tmp_path):
    ex, obs = _obs(tmp_path, "2025年江苏省政府工作报告\n\n加快建设数字经济标杆城市，数智江苏创新中心投入运行，"
                             "数字经济增加值增长8.7%。\n", name="2025-jiangsu.md")
    assert [ex.entities[o.subject].label_zh for o in obs] == ["江苏"]


def test_a_level_moved_to_is_measured_by_what_moves_and_a_ratio_by_both_terms(tmp_path):
    _, obs = _obs(tmp_path, "社会物流总费用与地区生产总值的比率降至13.6%左右。研发投入强度提高到3.2%。\n")
    assert [o.measure for o in obs] == ["社会物流总费用与地区生产总值的比率", "研发投入强度"]


def test_a_verb_that_names_a_kind_of_centre_stays_in_the_counted_noun(tmp_path):
    _, obs = _obs(tmp_path, "新培育10个概念验证中心。\n")
    assert [o.measure for o in obs] == ["新培育概念验证中心数"]


def test_a_grade_in_ji_is_part_of_the_measure(tmp_path):
    _, obs = _obs(tmp_path, "全省卓越级供应商达到67家。\n")
    assert [o.measure for o in obs] == ["卓越级供应商数"]


def test_the_bundled_report_gives_at_least_60_observations_each_covering_number_and_unit(bundled_extraction):
    text = bundled_extraction.document.text
    obs = bundled_extraction.observations
    assert len(obs) >= 60
    for o in obs:
        surface = text[o.start : o.end].replace("**", "")
        assert surface[0].isdigit() or surface[0] in "一二两三四五六七八九十百千１２３４５６７８９０"
        assert any(ch.isdigit() for ch in surface) or "大" in surface or "千" in surface


def test_no_observation_is_a_year_a_date_an_ordinal_or_a_section_number(bundled_extraction):
    text = bundled_extraction.document.text
    for o in bundled_extraction.observations:
        after = text[o.end : o.end + 1]
        assert after not in ("年", "月", "日", "届", "期")
        assert text[o.start - 1 : o.start] != "第"
    surfaces = {text[o.start : o.end] for o in bundled_extraction.observations}
    assert not surfaces & {"4.5", "2020", "2019", "9", "1"}


def test_a_report_that_names_no_year_gives_unknown_periods_that_still_validate(tmp_path):
    from graph import Store, load_reports, validate

    _, obs = _obs(tmp_path, "全市新增企业300家。\n", name="bulletin.md")
    assert obs[0].period.label == ".."
    store = Store(tmp_path / "s")
    load_reports(store, [tmp_path / "bulletin.md"])
    assert validate(store).conforms


def test_a_growth_rate_whose_clause_names_what_grew_is_not_the_change_of_an_earlier_clause_s_level(tmp_path):
    _, obs = _obs(tmp_path, "- 新增企业**1000**家,工业增加值增长**6.5%**,研发经费增长**8%**\n"
                            "- 研发经费支出**1000**亿元,浦东新区增长**8%**\n")
    assert [(o.measure, o.change_of) for o in obs[1:3]] == [("工业增加值增长率", ""), ("研发经费增长率", "")]
    assert (obs[4].measure, obs[4].change_of) == ("研发经费支出增长率", obs[3].id)  # a place names no measure


def test_a_size_class_qualifies_the_counted_things_and_is_no_figure_of_its_own(tmp_path):
    _, obs = _obs(tmp_path, "- 千亿级产业链达到**12**条,打造**3**个千亿级产业集群,财政收入达万亿级规模\n")
    assert [(o.measure, o.quantity.unit) for o in obs] == [
        ("千亿级产业链数", "count:条"), ("打造千亿级产业集群数", "count:个"), ("财政收入", "CNY")]


def test_a_share_split_by_the_tokenizer_is_still_a_share(tmp_path):
    _, obs = _obs(tmp_path, "- 工业增加值增长**6%**,工业中战略性新兴产业占比**30%**\n")
    assert obs[-1].measure == "战略性新兴产业占比"


def test_the_programmes_projects_are_approved_under_are_named_and_part_of_the_count(tmp_path):
    ex, obs = _obs(tmp_path, "- 到2027年,省“尖兵”“领雁”立项**7**项以上,市“揭榜挂帅”立项**10**项以上\n")
    assert [o.measure for o in obs] == ["省“尖兵”“领雁”立项数", "市“揭榜挂帅”立项数"]
    programmes = {e.label_zh for e in ex.entities.values() if e.cls == "Program"}
    assert {"尖兵", "领雁", "揭榜挂帅"} <= {label.strip("“”") for label in programmes}


def test_a_counted_kind_keeps_its_grade_and_the_action_that_made_it(tmp_path):
    _, obs = _obs(tmp_path, "全市新认定省级卓越级智能车间15家、标杆级智能车间6家,新建成果转化和中试基地9家。\n")
    assert [(format_value(o.value), o.measure) for o in obs] == [
        ("15", "新认定省级卓越级智能车间数"), ("6", "新认定标杆级智能车间数"), ("9", "新建成果转化和中试基地数")]


def test_a_list_of_counts_written_number_first_shares_its_verb(tmp_path):
    _, obs = _obs(tmp_path, "全年新培育8个概念验证中心、12个中试平台。\n")
    assert [o.measure for o in obs] == ["新培育概念验证中心数", "新培育中试平台数"]


def test_each_respectively_of_a_sentence_pairs_its_own_list(tmp_path):
    _, obs = _obs(tmp_path, "全年数字经济核心产业、软件业增加值分别增长9%、12%,服务机器人、无人机产量分别增长30%、25%。\n")
    assert [(format_value(o.value), o.measure, o.kind) for o in obs] == [
        ("9", "数字经济核心产业增加值增长率", "change"), ("12", "软件业增加值增长率", "change"),
        ("30", "服务机器人产量增长率", "change"), ("25", "无人机产量增长率", "change")]


def test_an_item_that_is_only_a_verb_measures_what_its_clause_opens_with(tmp_path):
    _, obs = _obs(tmp_path, "全年地区生产总值跨上新台阶、达5.2万亿元、增长6.1%。\n")
    level, change = obs
    assert (level.measure, change.measure, change.change_of) == ("地区生产总值", "地区生产总值增长率", level.id)


def test_a_kind_counted_after_its_number_is_what_is_counted_not_whom_the_count_is_about(tmp_path):
    ex, obs = _obs(tmp_path, "# 山西省2025年科技工作总结\n\n打造12个“数字领航”企业、80个先进级智能工厂。\n")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [
        ("打造“数字领航”企业数", "山西省"), ("打造先进级智能工厂数", "山西省")]


def test_a_respectively_list_ends_with_its_clause_and_its_items_share_the_industry_head(tmp_path):
    _, obs = _obs(tmp_path, "光伏、储能、氢能产业产值分别增长8%、11%、15%,汽车产量达90万辆。\n")
    assert [o.measure for o in obs] == ["光伏产业产值增长率", "储能产业产值增长率", "氢能产业产值增长率", "汽车产量"]


def test_a_news_item_without_a_headline_is_about_the_event_its_lead_sentence_reports(tmp_path):
    ex, obs = _obs(tmp_path, "10月9日,2025年中国·杭州创新创业峰会在杭州举行。\n\n现场集中签约项目30个。\n")
    assert [(o.measure, ex.entities[o.subject].label_zh) for o in obs] == [("现场集中签约项目数", "2025年中国·杭州创新创业峰会")]


def test_an_attribute_named_alone_belongs_to_the_figure_before_it(tmp_path):
    _, obs = _obs(tmp_path, "全年软件业研发经费320亿元,投入强度为5.1%。\n")
    assert [o.measure for o in obs] == ["软件业研发经费", "软件业研发经费投入强度"]

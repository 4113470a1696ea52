from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.numbers import QUALIFIERS, find_quantities, format_value, parse_chinese_number, parse_number


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "qualifier"),
    [
        ("贷款余额合计56.14亿元", "56.14亿元", "5614000000", "CNY", "exact"),
        ("兑现补贴4540.72万元", "4540.72万元", "45407200", "CNY", "exact"),
        ("累计入库1.7万家", "1.7万家", "17000", "count:家", "exact"),
        ("线上观看13.89万人", "13.89万人", "138900", "person", "exact"),
        ("研发经费1,234.5亿元", "1,234.5亿元", "123450000000", "CNY", "exact"),
        ("新增１２３家", "１２３家", "123", "count:家", "exact"),
        ("聚焦三大产业", "三大产业", "3", "count:产业", "exact"),
        ("实施五大专项行动", "五大专项行动", "5", "count:专项行动", "exact"),
        ("粮食产量达632.4亿斤", "632.4亿斤", "31620000", "t", "exact"),
        ("部署四大科技专项", "四大科技专项", "4", "count:专项", "exact"),
        ("近千人报名", "千人", "1000", "person", "approximately"),
        ("获得两项专利", "两项", "2", "count:项", "exact"),
        ("二十多个项目", "二十多个", "20", "count:个", "more_than"),
        ("余额近300亿元", "300亿元", "30000000000", "CNY", "approximately"),
        ("减免约4亿元", "4亿元", "400000000", "CNY", "approximately"),
        ("扶持企业超2300家", "2300家", "2300", "count:家", "more_than"),
        ("发布超过20000个岗位", "20000个", "20000", "count:个", "more_than"),
        ("访问量25余万次", "25余万次", "250000", "count:次", "more_than"),
        ("参与企业3000余家", "3000余家", "3000", "count:家", "more_than"),
        ("20多万平方米科创载体", "20多万平方米", "200000", "m2", "more_than"),
        ("承接60多个项目", "60多个", "60", "count:个", "more_than"),
        ("较上年增长62.7%", "62.7%", "62.7", "percent", "exact"),
        ("提高0.26个百分点", "0.26个百分点", "0.26", "percentage_point", "exact"),
        ("是2000年的2.6倍", "2.6倍", "2.6", "ratio", "exact"),
        ("规模达3.2万亿元", "3.2万亿元", "3200000000000", "CNY", "exact"),
        ("服务惠及1284家次", "1284家次", "1284", "count:家次", "exact"),
        ("总访问量超10782人次", "10782人次", "10782", "person_time", "more_than"),
        ("总用户量近2千", "2千", "2000", "count", "approximately"),
        ("占地50平方公里", "50平方公里", "50", "km2", "exact"),
        ("投资10亿美元", "10亿美元", "1000000000", "USD", "exact"),
        ("不少于100家", "100家", "100", "count:家", "at_least"),
        ("不超过50万元", "50万元", "500000", "CNY", "at_most"),
        ("不到30%", "30%", "30", "percent", "less_than"),
        ("1000万元以上", "1000万元", "10000000", "CNY", "at_least"),
        ("500人左右", "500人", "500", "person", "approximately"),
    ],
)
def test_quantities_are_normalized_with_unit_and_qualifier(text, surface, value, unit, qualifier):
    [q] = find_quantities(text)
    assert text[q.start : q.end] == surface
    assert format_value(q.value) == value
    assert (q.unit, q.qualifier) == (unit, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "2020年", "截至9月底", "10月21日发布", "4.5 强化企业技术创新主体地位", "第9届中国创新创业大赛", "上海位居第2位",
        "科技助力经济2020重点专项", "2019国家营商环境评价", "1期总建筑面积", "电话021-64321234", "5G基站",
        "G60科创走廊", "“一件事”专窗", "一网办、一窗办", "实现一次告知", "“十四五”规划", "“三农”和“四新”经济",
        "长宁路1000号", "2020年度", "2019年12月19日至2020年9月4日",
    ],
)
def test_years_dates_ordinals_codes_and_names_are_not_quantities(text):
    assert find_quantities(text) == []


def test_several_quantities_in_one_sentence_come_in_text_order():
    qs = find_quantities("向542家企业16个团队发放总额5195万元的科技创新券")
    assert [format_value(q.value) for q in qs] == ["542", "16", "51950000"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("十", 10), ("二十", 20), ("十二", 12), ("两", 2), ("三千五百", 3500), ("千", 1000), ("一万二千", 12000),
     ("三亿", 300000000), ("零", 0)],
)
def test_chinese_numerals_parse(text, value):
    assert parse_chinese_number(text) == value


@given(st.integers(min_value=1, max_value=10**9))
def test_thousands_separators_do_not_change_the_value(n):
    assert parse_number(f"{n:,}") == Decimal(n)


@given(st.integers(min_value=0, max_value=10**6))
def test_full_width_digits_parse_like_ascii_digits(n):
    full = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_number(full) == Decimal(n)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("", 1)]))
def test_multipliers_scale_yuan_into_base_units(amount, multiplier):
    word, factor = multiplier
    text = f"投入{format_value(amount)}{word}元"
    [q] = find_quantities(text)
    assert q.value == amount * factor
    assert q.unit == "CNY"


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["家", "项", "个", "人", "场", "%"]),
       st.sampled_from(["", "约", "近", "超过", "不少于"]))
def test_every_quantity_has_a_known_qualifier_and_covers_its_number(n, unit, prefix):
    text = f"全年{prefix}{n}{unit}"
    [q] = find_quantities(text)
    assert q.qualifier in QUALIFIERS
    assert str(n) in text[q.start : q.end] and text[q.start : q.end].endswith(unit)


@given(st.integers(min_value=1900, max_value=2099))
def test_no_year_is_ever_a_quantity(year):
    assert find_quantities(f"{year}年上海市科技进步") == []


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [("民营科技企业占比超过三成", "30", "more_than"), ("近两成企业", "20", "approximately"), ("五成以上", "50", "exact")],
)
def test_tenths_are_percentages(text, value, qualifier):
    [q] = find_quantities(text)
    assert (format_value(q.value), q.unit, q.qualifier) == (value, "percent", qualifier)


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [("千人拥有科技人员数为45人", ["45人"]), ("入选国家千人计划", []), ("项目建成投产", []), ("完成率较高", []),
     ("培育小巨人企业百余家", ["百余家"]), ("近千人报名", ["千人"])],
)
def test_a_bare_magnitude_counts_only_when_hedged(text, surfaces):
    assert [text[q.start : q.end] for q in find_quantities(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [("占从业人员的百分之二点五", "2.5", "percent", "exact"), ("占比超过三分之一", "33.3333", "percent", "more_than"),
     ("千分之三", "3", "permille", "exact"), ("百分之50以上", "50", "percent", "at_least")],
)
def test_percentages_and_fractions_written_out(text, value, unit, qualifier):
    [q] = find_quantities(text)
    assert (format_value(q.value), q.unit, q.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("装机容量100万千瓦", "1000000000", "W"), ("年产能5万吨", "50000", "t"), ("建成轨道交通300公里", "300", "km"),
     ("用电量20亿千瓦时", "2000000000000", "Wh"), ("算力规模达到3000PFlops", "3000", "PFlops"),
     ("营收超100亿", "10000000000", "CNY")],
)
def test_physical_and_latin_units_and_money_without_yuan(text, value, unit):
    [q] = find_quantities(text)
    assert (format_value(q.value), q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["12英寸晶圆", "7nm芯片", "5G基站建设"])
def test_product_specifications_are_not_quantities(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "bounds"),
    [("每家企业补贴3-5万元", [("30000", "at_least"), ("50000", "at_most")]),
     ("规模10~20亿元", [("1000000000", "at_least"), ("2000000000", "at_most")]),
     ("增长5%-8%", [("5", "at_least"), ("8", "at_most")]),
     ("招收100至150名学生", [("100", "at_least"), ("150", "at_most")])],
)
def test_ranges_become_a_lower_and_an_upper_bound(text, bounds):
    assert [(format_value(q.value), q.qualifier) for q in find_quantities(text)] == bounds


@pytest.mark.parametrize("text", ["2019-2021年", "电话021-64321234", "1至3年"])
def test_ranges_of_years_and_phone_numbers_are_not_quantities(text):
    assert find_quantities(text) == []

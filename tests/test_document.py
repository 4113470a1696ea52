from pathlib import Path

from graph.document import parse
from graph.report import read_report


def _doc(tmp_path: Path, text: str):
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    return parse(read_report(path))


def test_blocks_are_typed_as_headings_paragraphs_items_and_rows(tmp_path):
    doc = _doc(tmp_path, "# 2020年报告\n\n4.5 强化企业技术创新主体地位\n\n科技型企业持续壮大\n\n"
                         "截至年底,全市科技型中小企业累计入库1.7万家。\n\n- 支持企业**2142**家\n\n"
                         "| 指标 | 数值 |\n| --- | --- |\n| 研发经费 | 1500亿元 |\n")
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds == [
        ("heading", "2020年报告"),
        ("heading", "4.5 强化企业技术创新主体地位"),
        ("heading", "科技型企业持续壮大"),
        ("paragraph", "截至年底,全市科技型中小企业累计入库1.7万家。"),
        ("item", "支持企业**2142**家"),
        ("row", "| 指标 | 数值 |"),
        ("row", "| 研发经费 | 1500亿元 |"),
    ]
    row = doc.blocks[-1]
    assert [doc.text[s:e] for s, e in row.cells] == ["研发经费", "1500亿元"]


def test_unnumbered_headings_hang_under_the_last_numbered_one(tmp_path):
    doc = _doc(tmp_path, "4 创新创业\n\n4.5 企业创新\n\n科技型企业持续壮大\n\n支持企业2142家,增长5%。\n\n载体建设方面\n")
    titles = {s.title: s for s in doc.sections}
    assert titles["4.5 企业创新"].parent == titles["4 创新创业"].index
    assert titles["科技型企业持续壮大"].parent == titles["4.5 企业创新"].index
    assert titles["载体建设方面"].parent == titles["4.5 企业创新"].index


def test_stacked_one_word_lines_form_one_heading(tmp_path):
    doc = _doc(tmp_path, "仪器\n共享\n服务\n\n全年共发放科技创新券18.6亿元。\n")
    assert doc.sections[1].title == "仪器共享服务"


def test_sentences_split_at_full_stops_and_semicolons_and_keep_offsets(tmp_path):
    doc = _doc(tmp_path, "全年研发投入增长5%;专利授权3万件。新增企业200家。\n")
    assert [s.clean for s in doc.sentences] == ["全年研发投入增长5%;", "专利授权3万件。", "新增企业200家。"]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.clean


def test_the_clean_copy_drops_bold_markers_and_maps_back_to_original_offsets(tmp_path):
    doc = _doc(tmp_path, "贷款余额合计**56.14**亿元\n")
    s = doc.sentences[0]
    assert s.clean == "贷款余额合计56.14亿元"
    i = s.clean.index("56.14")
    start, end = s.span(i, len(s.clean))
    assert doc.text[start:end] == "56.14**亿元"
    assert doc.bold and doc.text[doc.bold[0][0] : doc.bold[0][1]] == "**56.14**"


def test_full_width_digits_and_punctuation_are_ascii_in_the_clean_copy(tmp_path):
    doc = _doc(tmp_path, "全年新增企业１２３家，增长５％。\n")
    assert doc.sentences[0].clean.startswith("全年新增企业123家,增长5%")


def test_the_bundled_report_has_the_numbered_section_4_5(bundled_extraction):
    titles = [s.title for s in bundled_extraction.document.sections]
    assert "4.5 强化企业技术创新主体地位" in titles
    assert "中以(上海)创新园建设初见成效" in titles


def test_bold_and_numbered_lines_with_commas_are_headings_but_sentences_are_not(tmp_path):
    doc = _doc(tmp_path, "**一、科技投入**\n\n二、加强基础研究，提升原始创新能力\n\n（一）全年新增企业300家。\n\n"
                         "**三大产业**增长较快\n")
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds[0] == ("heading", "**一、科技投入**")
    assert kinds[1] == ("heading", "二、加强基础研究，提升原始创新能力")
    assert kinds[2][0] == "paragraph"  # an enumerated sentence is not a heading
    assert kinds[3][0] == "paragraph"
    assert doc.sections[1].title == "一、科技投入"
    assert doc.sections[2].parent == 0 and doc.sections[2].level == 1

"""Reading PDF, web pages, Word documents and text in Chinese encodings: the same report in any of them gives the
same facts, offsets index the stored text, and PDF spans know their page."""

import unicodedata
import zipfile

import pdfplumber
import pytest
from conftest import html_to_pdf, markdown_to_docx, markdown_to_html

from graph import Store, bundled_report_path, extract, load_reports, run
from graph.errors import ReportError
from graph.read import DOCX, HTML, PDF, read_bytes
from graph.report import read_report

BUNDLED = bundled_report_path().read_text(encoding="utf-8")
TABLE = """# 2020年某市科技统计公报

| 指标 | 2019年 | 2020年 |
| --- | --- | --- |
| 高新技术企业(家) | 12848 | 17012 |
| 技术合同成交额(亿元) | 1522 | 1815 |

全市研究与试验发展经费支出占地区生产总值的比例为4.1%。
"""


@pytest.fixture(scope="session")
def copies(tmp_path_factory, browser):
    """The bundled report as a web page (with a site's navigation and footer), a PDF printed from it by the
    browser, and a Word document."""
    folder = tmp_path_factory.mktemp("formats")
    page = folder / "report.html"
    page.write_text(markdown_to_html(BUNDLED, boilerplate=True), encoding="utf-8")
    return {"html": page, "pdf": html_to_pdf(browser, markdown_to_html(BUNDLED), folder / "report.pdf"),
            "docx": markdown_to_docx(BUNDLED, folder / "report.docx")}


def facts(path):
    """What a reader compares across formats: each metric (value, unit, qualifier, subject, measure, surface),
    each entity (label, class) and each relation."""
    ex = extract(path)
    text = ex.document.text
    metrics = sorted((o.quantity.value, o.quantity.unit, o.quantity.qualifier, o.subject or "", o.measure or "",
                      text[o.start:o.end].replace("**", "")) for o in ex.observations)
    entities = sorted((e.label_zh, e.cls) for e in ex.entities.values())
    relations = sorted((r.subject, r.predicate, r.object) for r in ex.relations)
    return metrics, entities, relations


@pytest.fixture(scope="session")
def markdown_facts():
    return facts(bundled_report_path())


@pytest.mark.parametrize("kind", ["pdf", "html", "docx"])
def test_a_pdf_web_page_and_word_copy_of_the_report_give_the_same_facts_as_the_markdown(copies, markdown_facts,
                                                                                        kind):
    metrics, entities, relations = facts(copies[kind])
    assert len(metrics) == 71 and metrics == markdown_facts[0]
    assert entities == markdown_facts[1]
    assert relations == markdown_facts[2]


def test_offsets_index_the_text_the_graph_stores_for_each_format(copies):
    def surfaces(path):
        ex = extract(path)
        spans = [(o.start, o.end) for o in ex.observations] + [(m.start, m.end) for m in ex.mentions]
        return sorted(unicodedata.normalize("NFKC", ex.document.text[a:b]).replace("**", "") for a, b in spans)

    expected = surfaces(bundled_report_path())
    for path in copies.values():
        assert surfaces(path) == expected, path.name


def test_every_pdf_span_records_the_page_its_text_is_printed_on(copies):
    report = read_report(copies["pdf"])
    assert report.media_type == PDF and len(report.pages) >= 3 and report.pages[0] == 0
    with pdfplumber.open(copies["pdf"]) as pdf:
        printed = ["".join(page.extract_text().split()) for page in pdf.pages]
    ex = extract(copies["pdf"])
    pages_used = set()
    for obs in ex.observations:
        page = report.page_at(obs.start)
        pages_used.add(page)
        surface = "".join(ex.document.text[obs.start:obs.end].split())
        assert surface in printed[page - 1], (surface, page)
    assert len(pages_used) >= 3


def test_pdf_spans_carry_a_page_selector_a_viewer_can_open(copies, tmp_path):
    store = Store(tmp_path / "kg")
    load_reports(store, [copies["pdf"]])
    rows = run(store, """SELECT ?page ?value ?quote WHERE {
        ?obs a kg:Observation ; kg:evidence ?span . ?span kg:page ?page ;
             oa:hasSelector ?f , ?q . ?f a oa:FragmentSelector ; rdf:value ?value ; dcterms:conformsTo ?spec .
        ?q a oa:TextQuoteSelector ; oa:exact ?quote .
        FILTER (?spec = <http://tools.ietf.org/rfc/rfc3778>) }""").values()
    assert len(rows) == 71
    assert all(value == f"page={page}" for page, value, _ in rows)
    assert {"1", "2", "3"} <= {page for page, _, _ in rows}
    [[fmt]] = run(store, "SELECT ?f WHERE { ?r a kg:Report ; dcterms:format ?f }").values()
    assert fmt == PDF


def test_a_web_page_is_read_without_its_navigation_footer_and_scripts(copies):
    report = read_report(copies["html"])
    assert report.media_type == HTML and report.encoding == "utf-8"
    for boilerplate in ("新闻中心", "政务公开", "版权所有", "网站标识码", "访问量统计", "<"):
        assert boilerplate not in report.text
    assert "科技型中小企业支持力度不断加大" in report.text


def test_tables_in_pdf_web_pages_and_word_become_table_rows(browser, tmp_path):
    markdown = tmp_path / "bulletin.md"
    markdown.write_text(TABLE, encoding="utf-8")
    page = tmp_path / "bulletin.html"
    page.write_text(markdown_to_html(TABLE), encoding="utf-8")
    pdf = html_to_pdf(browser, markdown_to_html(TABLE), tmp_path / "bulletin.pdf")
    word = markdown_to_docx(TABLE, tmp_path / "bulletin.docx")
    expected = facts(markdown)[0]
    assert {(m[0], m[1]) for m in expected} >= {(12848, "count:家"), (17012, "count:家")}
    for path in (page, pdf, word):
        text = read_report(path).text
        assert "| 高新技术企业(家) | 12848 | 17012 |" in text, path.name
        assert facts(path)[0] == expected, path.name


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gb18030", "gbk", "gb2312", "big5"])
def test_text_in_every_common_chinese_encoding_is_decoded_by_its_content(tmp_path, encoding):
    text = "上海市科學技術委員會發布年度報告，全年研發經費支出增長12%，新認定高新技術企業3000家。\n" \
        if encoding == "big5" else "上海市科学技术委员会发布年度报告，全年研发经费支出增长12%，新认定高新技术企业3000家。\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # a byte-order mark, as Windows Notepad writes it
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    report = read_report(path)
    assert report.text == text
    assert report.encoding in {"utf-16", "gb18030", "big5"}


def test_the_format_is_chosen_by_content_not_by_extension(copies, tmp_path):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(copies["pdf"].read_bytes())
    assert read_report(disguised).media_type == PDF
    page = tmp_path / "page.md"
    page.write_bytes(copies["html"].read_bytes())
    assert read_report(page).media_type == HTML
    word = tmp_path / "report.bin"
    word.write_bytes(copies["docx"].read_bytes())
    assert read_report(word).media_type == DOCX


def test_a_scanned_pdf_without_a_text_layer_gets_a_one_line_error(browser, tmp_path):
    scan = html_to_pdf(browser, '<html><body><div style="width:400px;height:600px;background:#222"></div>'
                                '</body></html>', tmp_path / "scan.pdf")
    with pytest.raises(ReportError) as info:
        read_report(scan)
    message = str(info.value)
    assert "scanned PDF without a text layer" in message and str(scan) in message and "\n" not in message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "not a readable PDF"),
     (None, "a ZIP archive, not a Word"),
     (b"PK\x03\x04broken", "a ZIP archive, not a Word"),
     (b"<!doctype html><html><head><script>var a = 1;</script></head><body></body></html>", "no main text")])
def test_broken_documents_get_a_one_line_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.doc"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "不是Word文档")
    else:
        path.write_bytes(content)
    with pytest.raises(ReportError) as info:
        read_bytes(path.read_bytes(), str(path))
    assert message in str(info.value) and str(path) in str(info.value) and "\n" not in str(info.value)

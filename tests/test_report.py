import hashlib
from pathlib import Path

import pytest

from graph.errors import ReportError
from graph.read.text import decode
from graph.report import bundled_report_path, doc_id_for, read_report

SHARED = Path(__file__).resolve().parents[2] / "shared" / "report" / "shanghai-st-progress-report-2020-excerpt.md"
BUNDLED_SHA256 = "feb404aa25b5659180ab8b10acd280165f169bc186956a21e7bc5b34aeb9d1c8"
TEXT = "# 2021年上海科技进步报告\n\n全年共向**3739**家中小企业发放科技创新券。\n"


def test_the_bundled_report_is_shipped_unmodified():
    data = bundled_report_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == BUNDLED_SHA256
    if SHARED.exists():
        assert data == SHARED.read_bytes()


def test_the_bundled_report_states_its_source():
    source = (bundled_report_path().parent / "SOURCE.md").read_text(encoding="utf-8")
    assert "上海科技进步报告" in source and "Science and Technology Commission of Shanghai Municipality" in source


@pytest.mark.parametrize(
    ("encoding", "expected_label"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")],
)
def test_reports_in_utf8_bom_and_gbk_decode_to_the_same_text(tmp_path, encoding, expected_label):
    path = tmp_path / "r.md"
    path.write_bytes(TEXT.encode(encoding))
    report = read_report(path)
    assert report.text == TEXT
    assert report.encoding == expected_label


def test_offsets_index_the_decoded_text_without_the_bom(tmp_path):
    path = tmp_path / "r.md"
    path.write_bytes(TEXT.encode("utf-8-sig"))
    assert read_report(path).text.startswith("# 2021年")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        (bytes(range(0x80, 0x100)) * 3, "cannot decode"),
        (b"just some english text", "holds no Chinese text"),
    ],
)
def test_unreadable_reports_raise_a_one_line_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(ReportError) as info:
        read_report(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_a_missing_file_and_a_folder_are_reported_by_name(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        read_report(tmp_path / "missing.md")
    with pytest.raises(ReportError, match="is a folder"):
        read_report(tmp_path)


def test_decode_refuses_a_gb18030_guess_that_yields_control_characters():
    with pytest.raises(ReportError, match="cannot decode"):
        decode(b"\x81\x40\x01\x02\x81\x40", "x.md")


def test_a_utf8_report_with_page_breaks_from_pdf_conversion_still_reads(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("第一页全年新增企业300家。\f第二页专利授权1200件。", encoding="utf-8")
    assert read_report(path).encoding == "utf-8"


def test_a_file_holding_only_a_byte_order_mark_is_empty(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(ReportError, match="the file is empty"):
        read_report(path)


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [("Shanghai ST Report 2020.md", "shanghai-st-report-2020"), ("２０２１年报告.txt", "2021年报告"), ("***.md", "report")],
)
def test_document_ids_are_readable_slugs_of_the_file_name(name, doc_id):
    assert doc_id_for(Path(name)) == doc_id


def test_the_report_year_comes_from_the_file_name_or_the_text(tmp_path):
    assert read_report(bundled_report_path()).year == 2020
    path = tmp_path / "bulletin.txt"
    path.write_text("2019年上海市科技统计公报\n全年研发经费支出1500亿元。", encoding="utf-8")
    assert read_report(path).year == 2019

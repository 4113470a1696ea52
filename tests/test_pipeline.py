"""The whole extraction pipeline on arbitrary text: it never crashes and every offset it emits is valid."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import build, extract

ALPHABET = list("全年新增企业家项个亿万元%约近超余多第届年月日大学公司科技园中心与和、,。;:()“”《》|#*-\n 0123456789.上海交通")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=200))
def test_any_text_extracts_without_error_and_with_valid_offsets(tmp_path, text):
    path = tmp_path / "fuzz-2020.md"
    path.write_text("报告" + text, encoding="utf-8")
    ex = extract(path)
    doc_text = ex.document.text
    for o in ex.observations:
        assert 0 <= o.start < o.end <= len(doc_text)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(doc_text)
    for r in ex.relations:
        assert 0 <= r.start < r.end <= len(doc_text)
    build(ex)

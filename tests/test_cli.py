import json
import os
import subprocess
import sys

import pytest

from graph.cli import cli

METRIC_COLUMNS = "id,subject,subject_label,measure,value,unit,qualifier,period,surface,doc,start,end,sentence"
ENTITY_COLUMNS = "id,class,label_zh,label_en,aliases,mentions"
RELATION_COLUMNS = "subject,subject_label,predicate,predicate_label,object,object_label,status,doc,start,end,sentence"


def _kg_process(*args: str, store=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)} if store else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_help_documents_every_command():
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, ["--help"]).output
    for name in cli.commands:
        assert name in out
    for name, command in cli.commands.items():
        assert command.help, name


@pytest.mark.parametrize(
    ("command", "header"),
    [("metrics", METRIC_COLUMNS), ("entities", ENTITY_COLUMNS), ("relations", RELATION_COLUMNS)],
)
def test_listings_print_their_columns_in_order_as_csv(kg, command, header):
    result = kg(command, "--format", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == header
    assert len(result.output.splitlines()) > 10


def test_metrics_filter_by_subject_and_measure(kg):
    rows = json.loads(kg("metrics", "--format", "json", "--subject", "科技创新券", "--measure", "兑现补贴").output)
    assert [r["value"] for r in rows] == ["78370000", "45407200"]
    assert all(r["unit"] == "CNY" for r in rows)


def test_entities_json_has_classes_and_english_labels(kg):
    rows = json.loads(kg("entities", "--format", "json").output)
    sjtu = next(r for r in rows if r["label_zh"] == "上海交通大学")
    assert (sjtu["class"], sjtu["label_en"]) == ("University", "Shanghai Jiao Tong University")
    assert int(sjtu["mentions"]) >= 3
    assert len({r["class"] for r in rows}) >= 6


def test_stats_reports_observations_and_entity_classes(kg):
    out = kg("stats").output
    assert "observations" in out and "University" in out
    observations = next(line for line in out.splitlines() if line.strip().startswith("observations"))
    assert int(observations.split()[-1]) >= 60


def test_query_accepts_a_name_a_file_or_text(kg, tmp_path):
    assert "上海第二工业大学" in kg("query", "universities-and-science-parks", "--format", "csv").output
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Report }", encoding="utf-8")
    assert kg("query", str(rq), "--format", "csv").output.splitlines() == ["n", "1"]
    assert kg("query", "ASK { ?s a kg:University }").output.strip() == "yes"
    out = kg("query", "who-builds-what", "--param", "place_name=零号湾", "--format", "csv").output
    assert "美敦力医疗机器人研发中心" in out


def test_export_writes_each_format(kg, tmp_path):
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        target = tmp_path / f"g.{fmt}"
        result = kg("export", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0
        assert target.stat().st_size > 10000


def test_validate_says_the_graph_conforms(kg):
    result = kg("validate")
    assert result.exit_code == 0
    assert "conforms" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "the file is empty"), (b"\x00\x01\x02", "binary file"),
     (bytes(range(0x80, 0x100)) * 2, "cannot decode")],
)
def test_bad_report_files_exit_2_with_one_line_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "bad.md"
    if content is not None:
        path.write_bytes(content)
    proc = _kg_process("load", str(path), store=tmp_path / "store")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_gbk_report_loads_like_its_utf8_original(tmp_path):
    from graph.report import bundled_report_path

    gbk = tmp_path / "report-gbk-2020.md"
    gbk.write_bytes(bundled_report_path().read_text(encoding="utf-8").encode("gb18030"))
    proc = _kg_process("load", str(gbk), store=tmp_path / "store")
    assert proc.returncode == 0, proc.stderr
    assert "71 observations" in proc.stdout or "observations" in proc.stdout


def test_a_bad_query_exits_4_with_one_line(loaded_store_path):
    proc = _kg_process("query", "SELECT ?x WHERE {", store=loaded_store_path)
    assert proc.returncode == 4
    assert proc.stderr.startswith("error: The query does not parse") and proc.stderr.count("\n") == 1


def test_querying_before_loading_exits_3_and_says_what_to_do(tmp_path):
    proc = _kg_process("metrics", store=tmp_path / "empty")
    assert proc.returncode == 3
    assert "run `kg load` first" in proc.stderr


def test_hostile_labels_in_a_report_stay_data(tmp_path):
    report = tmp_path / "hostile-2020.md"
    report.write_text('"><script>alert(1)</script>科技有限公司与复旦大学签署合作协议。\n\n'
                      '} ; DROP ALL ; 集团 全年新增企业300家。\n', encoding="utf-8")
    proc = _kg_process("load", str(report), store=tmp_path / "store")
    assert proc.returncode == 0, proc.stderr
    proc = _kg_process("validate", store=tmp_path / "store")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["Medtronic", "medtronic", "美敦力", "美敦利"])
def test_entity_cards_find_an_entity_by_english_chinese_or_misspelt_name(kg, name):
    out = kg("entity", name).output
    assert out.startswith("美敦力 / Medtronic")
    assert "affiliated with 美敦力医疗机器人研发中心" in out


def test_an_entity_card_shows_relations_with_quotes_and_metrics(kg):
    card = json.loads(kg("entity", "中以创新园", "--format", "json").output)
    assert card["label_en"] == "China-Israel (Shanghai) Innovation Park"
    assert "中以创新园" in card["aliases"]
    assert {"focuses on"} <= {r["predicate"] for r in card["relations"]}
    assert all(r["quote"] for r in card["relations"])
    assert {"32**家", "三大产业"} <= {m["surface"] for m in card["metrics"]}


def test_an_unknown_entity_exits_4_with_one_line(loaded_store_path):
    proc = _kg_process("entity", "xyzzy", store=loaded_store_path)
    assert proc.returncode == 4
    assert proc.stderr == "error: No entity matches 'xyzzy'. Try `kg entities` for the list.\n"


def test_a_folder_of_reports_loads_every_report_in_it(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a-2020.md").write_text("全年新增企业300家。\n", encoding="utf-8")
    (folder / "b-2021.txt").write_text("全年新增企业400家。\n", encoding="utf-8")
    (folder / "notes.csv").write_text("x,y\n", encoding="utf-8")
    proc = _kg_process("load", str(folder), store=tmp_path / "store")
    assert proc.returncode == 0, proc.stderr
    assert [line.split(":")[0] for line in proc.stdout.splitlines()[:2]] == ["loaded a-2020", "loaded b-2021"]


def test_load_place_says_whose_figures_a_text_gives_when_it_never_names_its_province(tmp_path):
    report = tmp_path / "maker-spaces-2022.txt"
    report.write_text("省科技厅助力企业创新创业\n\n日前,我省省级以上众创空间达到227家。\n", encoding="utf-8")

    def subjects(*options: str) -> list[str]:
        store = tmp_path / f"store{len(options)}"
        assert _kg_process("load", *options, str(report), store=store).returncode == 0
        rows = _kg_process("metrics", "--format", "csv", store=store).stdout.splitlines()[1:]
        return [row.split(",")[2] for row in rows]

    assert subjects("--place", "河南省") == ["河南"]
    assert "河南" not in subjects()


def test_load_refuses_a_place_that_is_no_division_of_china_and_writes_nothing(tmp_path):
    first, second = tmp_path / "a-2020.md", tmp_path / "b-2021.md"
    first.write_text("全年新增企业300家。\n", encoding="utf-8")
    second.write_text("全年新增企业400家。\n", encoding="utf-8")
    store = tmp_path / "store"
    assert _kg_process("load", str(first), store=store).returncode == 0
    before = _kg_process("metrics", "--format", "csv", store=store).stdout
    proc = _kg_process("load", "--place", "火星", str(second), store=store)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr == "error: --place 火星: not a province, city or county of China.\n"
    assert _kg_process("metrics", "--format", "csv", store=store).stdout == before


def test_kg_build_loads_validates_answers_and_writes_the_views(kg, tmp_path):
    result = kg("build", "--views", str(tmp_path / "views"), store=tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "SHACL validation: conforms" in result.output
    assert "国家大学科技园" in result.output and "美敦力" in result.output
    whole, connection = tmp_path / "views" / "graph.html", tmp_path / "views" / "connection.html"
    assert "上海交通大学" in whole.read_text(encoding="utf-8")
    assert "美敦力中国研发中心" in connection.read_text(encoding="utf-8")
    assert f"views: {whole}, {connection}" in result.output

import re
import shutil
import subprocess
from pathlib import Path

import graph

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.S)


def test_the_readme_opens_with_the_main_job_and_the_test_command():
    first, second = _commands()[:2]
    assert first.endswith("kg build") and "pip install -e ." in first
    assert second.endswith("pytest") and "[test]" in second
    assert README.index(first) < 1200  # on the first screen


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci


def test_every_cli_command_appears_in_the_readme_tour():
    from graph.cli import cli

    for name in cli.commands:
        assert f"kg {name}" in README, name


def test_the_public_surface_is_complete():
    exported = set(graph.__all__)
    public = {name for name in dir(graph) if not name.startswith("_") and not isinstance(getattr(graph, name), type(graph))}
    assert public - {"annotations"} <= exported


def test_the_code_is_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(__import__("sys").executable).parent / "ruff")
    proc = subprocess.run([ruff, "check", str(ROOT / "graph"), str(ROOT / "tests")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout

"""Shared fixtures: one store built from the bundled report per test session, and a helper to run `kg`."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import Store, bundled_report_path, extract, load_reports
from graph.cli import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def bundled_extraction():
    return extract(bundled_report_path())


@pytest.fixture(scope="session")
def loaded_store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "kg"
    writer = Store(path)
    load_reports(writer, [bundled_report_path()])
    # Close the writer before any reader opens the folder: a live writer may compact files away under readers.
    del writer
    gc.collect()
    return path


@pytest.fixture(scope="session")
def store(loaded_store_path) -> Store:
    return Store(loaded_store_path, read_only=True)


@pytest.fixture
def kg(loaded_store_path):
    """Run `kg --store <session store> ARGS…` in-process; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, store: Path | None = None):
        return runner.invoke(cli, ["--store", str(store or loaded_store_path), *args], catch_exceptions=False)

    return invoke


# -- documents in other formats, made from Markdown the way people make them: a browser prints HTML to PDF --------
def ensure_chromium() -> str:
    """Debian's chromium and a CJK font, installed with apt-get where missing (the tests run as root in CI). A
    browser test that cannot get them fails: it never skips."""
    import os
    import shutil
    import subprocess

    def fonts() -> bool:
        listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout \
            if shutil.which("fc-list") else ""
        return bool(listed.strip())

    if not (shutil.which("chromium") and fonts()):
        if os.geteuid() != 0:
            pytest.fail("chromium and a CJK font are needed: apt-get install chromium fonts-wqy-microhei (as root)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium", "fonts-wqy-microhei"]):
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            if done.returncode:
                pytest.fail(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return shutil.which("chromium")


def pytest_sessionstart(session) -> None:
    """Install the browser and the CJK font before any test runs, so a fresh machine gets them up front."""
    ensure_chromium()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def markdown_to_html(markdown: str, boilerplate: bool = False) -> str:
    """A web page of a Markdown report; with `boilerplate`, wrapped in navigation, a footer and a script as a
    government site would wrap it."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown)
    if boilerplate:
        body = ('<nav><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/gk">政务公开</a> | '
                '<a href="/hd">互动交流</a></nav><main><article>' + body + '</article></main>'
                '<footer>主办单位：某市科学技术委员会 版权所有 联系电话：12345678 网站标识码1234567890</footer>'
                '<script>var visits = "访问量统计 1234 家";</script>')
    return ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>报告</title><style>'
            'body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif} td,th{border:1px solid #333}'
            '</style></head><body>' + body + "</body></html>")


def html_to_pdf(browser, html: str, path: Path) -> Path:
    page = browser.new_page()
    page.set_content(html)
    page.pdf(path=str(path), format="A4")
    page.close()
    return path


def markdown_to_docx(markdown: str, path: Path) -> Path:
    """A Word document with the report's headings, list items, paragraphs and tables as Word's own styles."""
    import re

    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            if not re.fullmatch(r"[|\s:-]+", line):
                rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush_table()
        if not line.strip():
            continue
        heading = re.match(r"^(#{1,6}) (.*)", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif line.startswith("- "):
            document.add_paragraph(line[2:].replace("**", ""), style="List Bullet")
        else:
            document.add_paragraph(line.replace("**", ""))
    flush_table()
    document.save(str(path))
    return path


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(store_path: Path, *extra: str):
    """`kg serve` on the store in a child process, on a free port of 127.0.0.1; yields the base URL."""
    import urllib.request

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph", "--store", str(store_path), "serve", "--port",
                                str(port), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/sparql", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"kg serve exited: {process.stderr.read().decode()}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def server(loaded_store_path):
    """The bundled report's graph served by `kg serve`; the base URL."""
    with serving(loaded_store_path) as url:
        yield url

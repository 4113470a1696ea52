"""Shared fixtures: one store built from the bundled report per test session, and a helper to run `kg`."""

from __future__ import annotations

import gc
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

"""The per-article time budget of `kg build` (kg.budget): the article past it is skipped, every other is ingested."""
from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.settings import Settings
from kg.store import open_store
from tests.conftest import PROJECT_CORPUS

pytestmark = pytest.mark.slow
GOOD = ("01-us-ai-chip-export-controls.md", "07-us-chips-act.md")


@pytest.mark.parametrize("processes", [1, 2])
def test_an_article_past_its_time_budget_is_skipped_and_the_others_are_ingested(tmp_path: Path, processes: int):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(PROJECT_CORPUS / GOOD[0], d / GOOD[0])
    # 1.7 MB on one line: minutes of parsing, between two good articles
    (d / "05-one-line.txt").write_text("Russia depends on China for chips and the report says so " * 30_000,
                                       encoding="utf-8")
    shutil.copy(PROJECT_CORPUS / GOOD[1], d / GOOD[1])
    settings = Settings(store_path=tmp_path / "store", article_timeout_s=2, n_process=processes)
    started = time.monotonic()
    with open_store(settings) as store:
        report = build([str(d)], settings, store)
    assert time.monotonic() - started < 60
    assert sorted(Path(p).name for p in report.ingested) == sorted(GOOD)
    assert [(Path(s.path).name, "longer than 2 s" in s.reason) for s in report.skipped] == [("05-one-line.txt", True)]
    assert not multiprocessing.active_children()  # no extraction worker left running

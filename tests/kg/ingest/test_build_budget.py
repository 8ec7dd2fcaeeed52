"""The per-article time and memory budget of `kg build` (kg.ingest.budget): the article past one is skipped, every
other is ingested."""
from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from kg.ingest.build import build
from kg.core.settings import Settings
from kg.store import open_store
from tests.conftest import PROJECT_CORPUS

pytestmark = pytest.mark.slow
GOOD = ("01-us-ai-chip-export-controls.md", "07-us-chips-act.md")


@pytest.mark.parametrize("processes, budget, reason", [
    (1, {"article_timeout_s": 1}, "took longer than 1 s"),
    (2, {"article_timeout_s": 1}, "took longer than 1 s"),
    (1, {"article_memory_mb": 300}, "needed more than 300 MB"),
    (2, {"article_memory_mb": 300}, "needed more than 300 MB"),
])
def test_an_article_past_its_budget_is_skipped_and_the_others_are_ingested(tmp_path: Path, processes: int,
                                                                           budget: dict, reason: str):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(PROJECT_CORPUS / GOOD[0], d / GOOD[0])
    # 1.7 MB on one line: minutes of parsing and ~250 MB more memory a second, between two good articles
    (d / "05-one-line.txt").write_text("Russia depends on China for chips and the report says so " * 30_000,
                                       encoding="utf-8")
    shutil.copy(PROJECT_CORPUS / GOOD[1], d / GOOD[1])
    settings = Settings(store_path=tmp_path / "store", n_process=processes, **budget)
    started = time.monotonic()
    with open_store(settings) as store:
        report = build([str(d)], settings, store)
    assert time.monotonic() - started < 60
    assert sorted(Path(p).name for p in report.ingested) == sorted(GOOD)
    assert [(Path(s.path).name, reason in s.reason) for s in report.skipped] == [("05-one-line.txt", True)]
    assert not multiprocessing.active_children()  # no extraction worker left running


def test_the_default_budget_lets_the_whole_corpus_through(tmp_path: Path):
    settings = Settings(store_path=tmp_path / "store")
    with open_store(settings) as store:
        report = build([str(PROJECT_CORPUS)], settings, store)
    assert not report.skipped and len(report.ingested) == len(list(PROJECT_CORPUS.glob("[0-9]*.md")))

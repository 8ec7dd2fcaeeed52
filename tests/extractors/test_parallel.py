"""Parallel extraction: n_process=2 gives the records of n_process=1, in order; one failure costs one article."""
from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import extractors.pipeline as pipeline
import kg.ingest.build as kg_build
from extractors.pipeline import Extractor, ExtractionFailed
from extractors.records import ArticleMeta
from kg.ingest.build import build
from kg.store import open_store

pytestmark = pytest.mark.slow
BOOM = "Zanzibar"  # an article containing this word fails in the failing extractor below
DEADLINE_S = 120  # a lost task or a hung pool must fail the test, not stall the suite

# Short articles written for this test: actors, dependencies, restrictions, figures, attributions,
# a heading, an empty text and a multi-paragraph one, so that equality of the records means something.
ARTICLES = [
    "Taiwan's foundries make most of the advanced processors that American AI firms depend on.",
    "The United States restricted exports of advanced GPUs to China in October 2022, "
    "the Commerce Department said.",
    "",
    "Chip supply\nJapan and the Netherlands agreed to cooperate with Washington on controls over "
    "lithography machines.\n\nAccording to the ministry, exports of equipment fell 12 percent in 2023.",
    "Nvidia reported revenue of $26 billion for the quarter, driven by data centre demand.",
    "China does not depend on foreign memory chips for its phones, a spokesperson claimed.",
    "South Korea depends on the Netherlands for lithography tools.\n\n"
    "Seoul will spend 7 trillion won on chip research by 2030, the government announced.\n\n"
    "India and France signed an agreement to cooperate on artificial intelligence research.",
]
METAS = [None, ArticleMeta(title="Controls", date="2022-10-07"), None, None, None, None,
         ArticleMeta(publisher="Example Wire")]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expired(signum, frame):
        raise TimeoutError(f"parallel extraction did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


class FailingExtractor(Extractor):
    """Fails on articles containing BOOM, naming the process it failed in."""

    def assemble(self, text, meta, paras):
        if BOOM in text:
            raise ValueError(f"cannot handle this article (pid {os.getpid()})")
        return super().assemble(text, meta, paras)


def items(texts: list[str], metas: list[ArticleMeta | None]) -> list[tuple[str, str, ArticleMeta | None]]:
    return [(f"article-{i}", t, m) for i, (t, m) in enumerate(zip(texts, metas, strict=True))]


@pytest.fixture(scope="module")
def serial(extractor) -> list:
    return list(extractor.extract_many(items(ARTICLES, METAS), n_process=1))


def test_the_serial_reference_has_records_to_compare(serial):
    assert [key for key, _ in serial] == [f"article-{i}" for i in range(len(ARTICLES))]
    assert sum(len(ex.relations) + len(ex.figures) + len(ex.attributions) for _, ex in serial) >= 5


@pytest.mark.parametrize("per_chunk", [1, 2, 16], ids=["one-per-chunk", "two-per-chunk", "all-in-one-chunk"])
def test_two_processes_give_the_same_extractions_in_the_same_order(extractor, serial, monkeypatch, per_chunk):
    monkeypatch.setattr(pipeline, "CHUNK_MAX_ARTICLES", per_chunk)
    monkeypatch.setattr(pipeline, "IN_FLIGHT_PER_PROCESS", 1)  # the bound on chunks in flight is hit too
    with deadline(DEADLINE_S):
        parallel = list(extractor.extract_many(iter(items(ARTICLES, METAS)), n_process=2))
    assert [key for key, _ in parallel] == [key for key, _ in serial]
    assert parallel == serial


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_article_is_reported_and_the_others_come_through(extractor, serial, monkeypatch, n_process):
    monkeypatch.setattr(pipeline, "CHUNK_MAX_ARTICLES", 3)  # the failure shares its chunk with good articles
    texts = [*ARTICLES[:4], f"{BOOM} depends on Taiwan for chips.", *ARTICLES[4:]]
    metas = [*METAS[:4], None, *METAS[4:]]
    errors: list[tuple[str, ExtractionFailed]] = []
    failing = FailingExtractor(extractor.nlp, extractor.gazetteer, relation_model=extractor.relation_model)
    with deadline(DEADLINE_S):
        got = list(failing.extract_many(items(texts, metas), n_process=n_process,
                                        on_error=lambda key, exc: errors.append((key, exc))))
    assert [key for key, _ in errors] == ["article-4"]
    message = str(errors[0][1])
    assert "ValueError: cannot handle this article" in message
    failed_in = int(message.rsplit("pid ", 1)[1].rstrip(")"))
    assert (failed_in != os.getpid()) == (n_process > 1)  # with 2 processes the records are built in workers
    assert [ex for _, ex in got] == [ex for _, ex in serial]


def test_without_an_error_handler_a_worker_failure_is_raised(extractor):
    failing = FailingExtractor(extractor.nlp, extractor.gazetteer, relation_model=extractor.relation_model)
    with deadline(DEADLINE_S), pytest.raises(ExtractionFailed, match="ValueError: cannot handle this article"):
        list(failing.extract_many(items([ARTICLES[0], f"{BOOM} buys chips."], [None, None]), n_process=2))


def test_build_with_two_processes_skips_the_failing_article_and_ingests_the_rest(
        extractor, settings, tmp_path: Path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = [ARTICLES[0], f"{BOOM} depends on Taiwan for chips.", ARTICLES[1]]
    for i, text in enumerate(texts):
        (folder / f"{i}.md").write_text(text + "\n", encoding="utf-8")
    failing = FailingExtractor(extractor.nlp, extractor.gazetteer, relation_model=extractor.relation_model)
    monkeypatch.setattr(kg_build, "get_extractor", lambda model, relations="learned": failing)
    with deadline(DEADLINE_S), open_store(settings.with_overrides(n_process=2)) as store:
        report = build([str(folder)], settings.with_overrides(n_process=2), store)
    assert sorted(Path(p).name for p in report.ingested) == ["0.md", "2.md"]
    assert [(Path(s.path).name, "cannot handle this article" in s.reason) for s in report.skipped] == [("1.md", True)]


def test_two_processes_read_the_input_only_a_bounded_number_of_chunks_ahead(extractor, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_MAX_ARTICLES", 1)
    monkeypatch.setattr(pipeline, "IN_FLIGHT_PER_PROCESS", 1)
    pulled = 0

    def stream():
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield i, ARTICLES[i % len(ARTICLES)], None

    with deadline(DEADLINE_S):
        results = extractor.extract_many(stream(), n_process=2)
        next(results)
        ahead = pulled
        rest = list(results)
    assert ahead <= 3  # 2 processes x 1 chunk in flight x 1 article, plus the one that filled the window
    assert len(rest) == 39

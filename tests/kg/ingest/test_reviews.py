"""Analysts' reviews survive re-extraction: kept in their own graph, re-attached when a claim only moved,
reported orphaned when it is gone (real spaCy model, real on-disk store)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app
from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import REVIEWS_GRAPH
from kg.ingest import reviews
from kg.ingest.build import build
from kg.read.answers import Answers
from kg.read.ask import ask
from kg.store import open_store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lifecycle"
PLAN_QUOTE = "Malaysia intends to restrict exports of chips to Myanmar by the end of 2024."


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    shutil.copytree(FIXTURES, d)
    return d


def _build(settings, folder: Path, force: bool = False):
    with open_store(settings) as store:
        return build([str(folder)], settings, store, force=force)


def _restriction(settings) -> str:
    with open_store(settings, read_only=True) as store:
        cites = Answers(store, read_index=None).claims("restriction")
    (c,) = [c for c in cites if c.quote == PLAN_QUOTE]
    return c.claim


def test_a_review_survives_re_ingest_of_the_unchanged_article(settings, folder: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    with open_store(settings) as store:
        reviews.add_review(store, claim, "verified", "checked against the ministry notice", "Ana Lee")
    report = _build(settings, folder, force=True)  # every article extracted and its graph replaced again
    assert len(report.ingested) == 2 and report.reviews_orphaned == 0
    with open_store(settings, read_only=True) as store:
        (v,) = reviews.read_reviews(store)
        assert v.claim == claim and v.verdict == "verified" and v.quote == PLAN_QUOTE
        edge = Answers(store, read_index=None).edges("restriction")[0]
    assert edge.verified_count == 1 and edge.claims[0].review.by == "Ana Lee"


def test_a_review_follows_its_claim_when_an_edit_moves_the_quote(settings, folder: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    with open_store(settings) as store:
        reviews.add_review(store, claim, "disputed", None, "Ana Lee")
    article = folder / "2023-plans.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n\nMalaysia", "\n\nA new paragraph comes first.\n\nMalaysia"), encoding="utf-8")
    report = _build(settings, folder)
    assert report.reviews_reattached == 1 and report.reviews_orphaned == 0
    moved = _restriction(settings)
    assert moved != claim  # the evidence span changed, so did the IRI
    with open_store(settings, read_only=True) as store:
        (v,) = reviews.read_reviews(store)
    assert v.claim == moved and v.verdict == "disputed"


def test_a_reviewed_claim_that_disappears_is_reported_orphaned_never_dropped(settings, folder: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    with open_store(settings) as store:
        reviews.add_review(store, claim, "rejected", "no such plan", "Ana Lee")
    article = folder / "2023-plans.md"
    article.write_text(article.read_text(encoding="utf-8").replace(PLAN_QUOTE, "Malaysia said nothing."),
                       encoding="utf-8")
    runner = CliRunner()
    env = {"KG_STORE_PATH": str(settings.store_path)}
    built = runner.invoke(app, ["build", str(folder), "--quiet"], env=env)
    assert built.exit_code == 0, built.output
    assert "1 reviews orphaned" in built.output
    listed = runner.invoke(app, ["review", "--orphans"], env=env)
    assert listed.exit_code == 0 and claim in listed.output and PLAN_QUOTE in listed.output
    with open_store(settings, read_only=True) as store:
        assert [v.claim for v in reviews.orphans(store)] == [claim]
        assert store.quad_count(str(REVIEWS_GRAPH)) > 0


def test_a_rejected_claim_leaves_kg_ask_and_comes_back_marked_when_asked(settings, folder: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    runner = CliRunner()
    env = {"KG_STORE_PATH": str(settings.store_path)}
    done = runner.invoke(app, ["review", claim.rsplit("/", 1)[1], "--verdict", "rejected", "--by", "Ana Lee",
                               "--note", "misread"], env=env)
    assert done.exit_code == 0, done.output
    plain = runner.invoke(app, ["ask", "who restricts whom"], env=env)
    assert "Malaysia" not in plain.output
    again = runner.invoke(app, ["ask", "who restricts whom", "--include-rejected"], env=env)
    assert "Malaysia ⊣ Myanmar" in again.output and "1 rejected" in again.output
    assert "REJECTED by Ana Lee" in again.output and "misread" in again.output
    # the latest review wins, the history stays
    runner.invoke(app, ["review", claim, "--verdict", "verified", "--by", "Bo Chen"], env=env)
    assert "Malaysia ⊣ Myanmar" in runner.invoke(app, ["ask", "who restricts whom"], env=env).output
    history = runner.invoke(app, ["review", claim, "--history"], env=env).output
    assert history.index("rejected by Ana Lee") < history.index("verified by Bo Chen")


def test_reviews_export_and_import_between_stores(settings, folder: Path, tmp_path: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    with open_store(settings) as store:
        reviews.add_review(store, claim, "verified", "ok", "Ana Lee")
        reviews.add_review(store, claim, "disputed", "second look", "Bo Chen")
        assert reviews.export_reviews(store, tmp_path / "r.jsonl") == 2
    other = settings.with_overrides(store_path=tmp_path / "other")
    _build(other, folder)
    with open_store(other) as store:
        assert reviews.import_reviews(store, tmp_path / "r.jsonl") == 2
        assert reviews.import_reviews(store, tmp_path / "r.jsonl") == 0  # the same reviews again: nothing new
        assert [(v.verdict, v.by) for v in reviews.read_reviews(store)] == [("verified", "Ana Lee"),
                                                                           ("disputed", "Bo Chen")]
    (tmp_path / "bad.jsonl").write_text('{"claim": "x", "verdict": "verified", "by": "A", "time": "now"}\n')
    with open_store(other) as store, pytest.raises(QueryError, match="line 1"):
        reviews.import_reviews(store, tmp_path / "bad.jsonl")


@pytest.mark.parametrize("claim, verdict, note, by", [
    ("not-a-claim", "verified", None, "Ana"),
    ("0123456789abcdef0123", "fine", None, "Ana"),
    ("0123456789abcdef0123", "verified", "x" * 2001, "Ana"),
    ("0123456789abcdef0123", "verified", None, "'; DROP GRAPH <x> #"),
    ("0123456789abcdef0123", "verified", None, "A" * 81),
    ("0123456789abcdef0123", "verified", "bell\x07", "Ana"),
])
def test_a_review_with_bad_input_is_refused_and_nothing_is_written(settings, claim, verdict, note, by) -> None:
    with open_store(settings) as store:
        with pytest.raises(QueryError):
            reviews.add_review(store, claim, verdict, note, by)
        assert store.quad_count(str(REVIEWS_GRAPH)) == 0


def test_a_review_of_a_claim_that_does_not_exist_is_not_found(settings) -> None:
    with open_store(settings) as store, pytest.raises(NotFound):
        reviews.add_review(store, "0123456789abcdef0123", "verified", None, "Ana")


def test_the_persisted_read_index_follows_a_new_review(settings, folder: Path) -> None:
    _build(settings, folder)
    claim = _restriction(settings)
    with open_store(settings, read_only=True) as store:
        assert ask(Answers(store), "who restricts whom").total == 1  # saves the read index file
    with open_store(settings) as store:
        reviews.add_review(store, claim, "rejected", None, "Ana Lee")
    with open_store(settings, read_only=True) as store:
        answers = Answers(store)
        assert ask(answers, "who restricts whom").total == 0
        assert not answers.model.loaded  # the state changed with the review: the old file was not trusted

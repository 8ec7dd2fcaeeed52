"""The lifecycle of plans: due dates stored at mapping time, and plans fulfilled, abandoned, overdue or open
as later articles and the day asked about say (real spaCy model, real store, invented fixture articles)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import QueryError
from kg.core.settings import Settings
from kg.ingest.build import build
from kg.read.answers import Answers
from kg.read.ask import ask
from kg.store import open_store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lifecycle"


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    s = Settings(store_path=tmp_path_factory.mktemp("plans") / "store")
    with open_store(s) as store:
        assert len(build([str(FIXTURES)], s, store).ingested) == 2
    store = open_store(s, read_only=True)
    yield Answers(store, read_index=None)
    store.close()


def test_plans_carry_due_dates_resolved_from_their_quotes(answers: Answers) -> None:
    plans = {p.claim.kind: p.due for p in answers.plans(as_of="2024-06-01")}
    assert plans == {
        "dependency": "2024-12-31",  # "next year", in an article of 2023
        "restriction": "2024-12-31",  # "by the end of 2024"
        "cooperation": "2025-12-31",  # "by 2025"
    }


def test_a_later_article_asserting_the_edge_fulfils_the_plan_and_one_negating_it_abandons_it(answers) -> None:
    plans = {p.claim.kind: p for p in answers.plans(as_of="2026-01-01")}
    coop, dep, res = plans["cooperation"], plans["dependency"], plans["restriction"]
    assert coop.status == "fulfilled" and coop.settled_by.date == "2025-09-15"
    assert coop.settled_by.modality == "asserted" and "partnership signed" in coop.settled_by.quote
    assert dep.status == "abandoned" and dep.settled_by.modality == "negated"
    assert res.status == "overdue" and res.settled_by is None


def test_a_plan_is_open_before_its_due_date_and_overdue_after(answers: Answers) -> None:
    # judged as of mid-2024, the article of 2025 that settles two of them is not out yet
    assert {p.status for p in answers.plans(as_of="2024-06-01")} == {"open"}
    assert {p.claim.kind: p.status for p in answers.plans(as_of="2025-01-01")} == {
        "dependency": "overdue", "restriction": "overdue", "cooperation": "open"}
    overdue = answers.plans(status="overdue", as_of="2026-01-01")
    assert [p.claim.kind for p in overdue] == ["restriction"]


def test_due_before_filters_by_due_date(answers: Answers) -> None:
    assert {p.due for p in answers.plans(due_before="2024-12-31", as_of="2026-01-01")} == {"2024-12-31"}
    assert len(answers.plans(due_before="2025-12-31", as_of="2026-01-01")) == 3
    with pytest.raises(QueryError):
        answers.plans(status="late")


def test_kg_ask_answers_what_is_due_and_which_plans_are_overdue(answers: Answers) -> None:
    due = ask(answers, "what is due by 2025", as_of="2026-01-01")
    assert due.heading.startswith("Plans due by 2025-12-31: 3 plans")
    assert any("fulfilled by" in line for line in due.lines) and any("abandoned by" in line for line in due.lines)
    overdue = ask(answers, "Which plans are overdue?", as_of="2026-01-01")
    assert overdue.total == 1 and "Malaysia ⊣ Myanmar (chips) — due 2024-12-31" in overdue.lines[0]
    assert "by the end of 2024" in overdue.to_text()
    with pytest.raises(QueryError):
        ask(answers, "what is due by soon")

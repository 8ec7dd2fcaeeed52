"""Due dates read from a plan's quote and resolved against its article's date (rules as data)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.ingest.due_dates import DueDates
from kg.ingest.mapping import figure_due


@pytest.fixture(scope="module")
def rules() -> DueDates:
    return DueDates.shipped()


@pytest.mark.parametrize("quote, published, due", [
    ("Vietnam plans to build two fabs by 2030.", "2024-05-01", date(2030, 12, 31)),
    ("The plant will open in 2026, the company said.", None, date(2026, 12, 31)),
    ("Exports will resume next year, officials said.", "2024-03-02", date(2025, 12, 31)),
    ("The rules take effect by the end of 2025.", "2024-01-10", date(2025, 12, 31)),
    ("Output should double by mid-2027.", "2024-01-10", date(2027, 6, 30)),
    ("Shipments start by March 2026.", None, date(2026, 3, 31)),
    ("The line is due in the third quarter of 2026.", None, date(2026, 9, 30)),
    ("A deal is expected later this year.", "2024-04-01", date(2024, 12, 31)),
    ("The fund will be spent within three years.", "2024-02-29", date(2027, 2, 28)),
])
def test_a_due_date_is_resolved_from_each_phrasing(rules: DueDates, quote: str, published: str | None,
                                                  due: date) -> None:
    assert rules.due(quote, published) == due


@pytest.mark.parametrize("quote, published", [
    ("Russia depends on China for chips.", "2024-01-01"),
    ("Exports will resume next year.", None),  # relative, and no article date to resolve it against
    ("Revenue grew in FY26.", "2024-01-01"),  # two-digit years are not read
    ("In May 2024 the two firms said they would invest in Kenya.", "2024-04-15"),  # dates the statement
])
def test_no_due_date_without_a_phrase_that_gives_one(rules: DueDates, quote: str, published: str | None) -> None:
    assert rules.due(quote, published) is None


def test_a_figure_is_a_target_only_when_its_quote_says_it_is_due_in_its_later_year(rules: DueDates) -> None:
    assert figure_due(2030, "EUR 43 billion by 2030", "2023-07-25", rules) == "2030-12-31"
    assert figure_due(2026, "output by mid-2026", "2024-01-01", rules) == "2026-06-30"
    assert figure_due(2023, "88% of chips in 2023", "2024-05-01", rules) is None  # a past year: no target
    assert figure_due(2024, "the Kremlin allocated 5 billion rubles in 2024", "2023-12-02", rules) is None
    assert figure_due(2030, "by 2030", None, rules) is None


def test_loose_phrases_count_for_plans_but_not_for_figures_nor_at_the_start(rules: DueDates) -> None:
    assert rules.due("The plant will open in 2026.", "2024-01-01") == date(2026, 12, 31)
    assert rules.due("The plant will open in 2026.", "2024-01-01", loose=False) is None
    assert rules.due("In 2026 the plant will open.", "2024-01-01") is None

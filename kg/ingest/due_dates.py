"""When a plan falls due: the date a quote gives ("by 2030", "next year"), resolved against the article's date.

Rules are data (kg/ingest/data/due_dates.json), read once into a `DueDates` and handed to the mapping.
A relative phrase ("next year", "within three years") needs the article's date and gives nothing
without one; an absolute year gives its date either way.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

_QUARTERS = {"first": 3, "second": 6, "third": 9, "fourth": 12}


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    resolve: str
    offset: int = 0
    loose: bool = False  # also names when something happened: plans only, never at the quote's start


class DueDates:
    """The due-date rules: `due(quote, article_date)` is the date a plan falls due, or None."""

    def __init__(self, rules: list[dict], numbers: dict[str, int]):
        # what the build's pipeline fingerprint includes: new rules re-map every article
        self.digest = hashlib.sha256(json.dumps([rules, numbers], sort_keys=True).encode()).hexdigest()[:12]
        self.rules = tuple(_Rule(re.compile(r["pattern"], re.IGNORECASE), r["resolve"], int(r.get("offset", 0)),
                                 bool(r.get("loose", False))) for r in rules)
        self.numbers = dict(numbers)

    @classmethod
    def shipped(cls) -> "DueDates":
        return _shipped()

    def due(self, quote: str, article_date: str | None, loose: bool = True) -> date | None:
        """`loose`: also read the phrases that may date an event rather than a plan ("in 2026"): for a
        claim whose modality already says it is a plan, not for a figure."""
        published = _day(article_date)
        for rule in self.rules:
            if rule.loose and not loose:
                continue
            m = next((m for m in rule.pattern.finditer(quote)
                      if not (rule.loose and not quote[:m.start()].strip(" \"'\u201c\u2018("))), None)
            if m is None:
                continue
            found = self._resolve(rule, m.groupdict(), published)
            if found is not None:
                return found
        return None

    def _resolve(self, rule: _Rule, g: dict[str, str | None], published: date | None) -> date | None:
        year = int(g["year"]) if g.get("year") else None
        kind = rule.resolve
        if kind == "year_end" and year:
            return date(year, 12, 31)
        if kind == "mid_year" and year:
            return date(year, 6, 30)
        if kind == "quarter_end" and year:
            return _month_end(year, _QUARTERS[g["q"].lower()])
        if kind == "month_end" and year:
            return _month_end(year, list(calendar.month_name).index(g["month"].capitalize()))
        if published is None:
            return None  # a relative phrase means nothing without the article's date
        if kind == "relative_year_end":
            return date(published.year + rule.offset, 12, 31)
        if kind == "within_years":
            n = g["n"].lower()
            years = self.numbers.get(n) or int(n)
            try:
                return published.replace(year=published.year + years)
            except ValueError:  # 29 February
                return published.replace(year=published.year + years, day=28)
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _shipped() -> DueDates:
    data = json.loads(files("kg.ingest").joinpath("data", "due_dates.json").read_text(encoding="utf-8"))
    return DueDates(data["rules"], data["numbers"])

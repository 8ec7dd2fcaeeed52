"""Time phrases closing a relation question ("since 2024", "in 2023", "between 2022 and 2023"): the dates they mean."""
from __future__ import annotations

import re
from datetime import date, timedelta


def time_phrase(text: str) -> tuple[str, tuple[str | None, str | None]]:
    """The question without its closing time phrase, and the inclusive article-date range the phrase means:
    "since 2024" (from 2024-01-01), "after 2024" (from 2025-01-01), "before 2022" (to 2021-12-31),
    "until 2023" (to 2023-12-31), "in 2023", "between 2022 and 2023"; a day (2024-03-01) may stand for
    a year. A day that does not exist (2023-02-30) makes no time phrase."""
    m = _TIME.search(text)
    if m is None:
        return text, (None, None)
    try:
        return text[:m.start()].rstrip(" ,"), _span(m)
    except ValueError:  # no such day (2023-02-30): not a time phrase, the words stay part of the question
        return text, (None, None)


def _span(m: re.Match) -> tuple[str | None, str | None]:
    if m.group("between"):
        lo, hi = sorted([_day_range(m.group("first2")), _day_range(m.group("second"))])
        span: tuple[date | None, date | None] = (lo[0], hi[1])
    else:
        start, end = _day_range(m.group("first"))
        span = {"since": (start, None), "from": (start, None), "after": (end + _DAY_LENGTH, None),
                "before": (None, start - _DAY_LENGTH), "until": (None, end), "till": (None, end),
                "in": (start, end), "during": (start, end)}[m.group("word").casefold()]
    return span[0] and span[0].isoformat(), span[1] and span[1].isoformat()


_DAY = r"(?:1[89]|20)\d\d(?:-\d\d-\d\d)?"
_TIME = re.compile(rf"[ ,]+(?:(?P<word>since|from|after|before|until|till|in|during)\s+(?P<first>{_DAY})"
                   rf"|(?P<between>between)\s+(?P<first2>{_DAY})\s+and\s+(?P<second>{_DAY}))$", re.I)
_DAY_LENGTH = timedelta(days=1)


def _day_range(value: str) -> tuple[date, date]:
    """The first and last day a year or a day stands for. Raises ValueError for a day that does not exist."""
    if len(value) == 4:
        return date(int(value), 1, 1), date(int(value), 12, 31)
    day = date.fromisoformat(value)
    return day, day


def period_pattern() -> str:
    """The closing time phrase of a relation question, in ECMAScript syntax, any case (see time_phrase)."""
    def anycase(word: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" for c in word)

    day = r"(?:1[89]|20)[0-9][0-9](?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))?"
    words = "|".join(anycase(w) for w in ("since", "from", "after", "before", "until", "till", "in", "during"))
    return rf"(?:[ ,]+(?:(?:{words})\s+{day}|{anycase('between')}\s+{day}\s+{anycase('and')}\s+{day}))?"

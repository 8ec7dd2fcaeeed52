"""Article metadata found in the text itself (title, byline, date, source URL, publisher) and page furniture."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

from .gazetteer import Gazetteer
from .records import ArticleMeta

# Everything here works on single lines: `[ \t]` instead of `\s`, so no pattern reaches into the next line.
_URL_LINE = re.compile(r"^[ \t]*(?:original url|source url|canonical url|original article)[ \t]*:[ \t]*(?:\n[ \t]*)*<?(https?://[^\s>]+)>?", re.I | re.M)
_BYLINE = re.compile(
    r"^[ \t>*_]*(?:[Ww]ritten |[Rr]eported )?(?:[Bb]y|BY)[ \t]+\[?(?P<name>[A-Z][\w.'\u2019-]+(?:[ \t]+[A-Z][\w.'\u2019-]+){0,3})\]?"
    r"(?:\([^)\n]*\))?[ \t*_]*$",
    re.M,
)
_DATE = re.compile(
    r"\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]\d{1,2},?[ \t]\d{4}"
    r"|\d{1,2}[ \t](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]\d{4}|\d{4}-\d{2}-\d{2})\b"
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
# A date line holds a date and little else ("December 02, 2023", "Published: 2 May 2024 10:00")
_DATE_LINE_MAX_EXTRA = 25
_TITLE_MAX = 200
_HEAD_LINES = 40


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[re.Pattern, ...]:
    data = json.loads(files("extractors").joinpath("data", "furniture.json").read_text(encoding="utf-8"))
    return tuple(
        re.compile(p["regex"], re.M if p.get("case") else re.M | re.I) for p in data["patterns"]
    )


@lru_cache(maxsize=512)
def furniture_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of page furniture in `text`: bylines, credits, subscribe boxes, URL and date lines.

    Extractors skip these: the author of a byline or a photographer is not an actor of the article. The
    actor tagger and the figures read each paragraph's ranges, a batch of paragraphs apart: the last few
    hundred paragraphs' ranges are kept.
    """
    spans = []
    for pat in _furniture_patterns():
        for m in pat.finditer(text):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return tuple(merged)


def in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


# Date forms people write (front matter, date lines). Only unambiguous orders: 03/04/2025 is March in one
# country and April in another, so day-month numerals other than year-first are not guessed.
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%b %d %Y", "%d %B, %Y", "%A, %d %B %Y", "%A, %B %d, %Y", "%Y%m%d")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)


def parse_date(v: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a front-matter value or a date line, or None when it is not a date read safely."""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    s = " ".join(str(v).replace(",", ", ").split()).replace(" ,", ",")  # "May 2,2024" reads as "May 2, 2024"
    if re.match(r"\d{4}-\d\d-\d\d(?:[T ]|$)", s):  # ISO date or date-time
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            return None
    s = _ORDINAL.sub("", re.sub(r"\bSept\b", "Sep", s).replace(".", " " if not re.match(r"^\d{4}\.", s) else "."))
    s = re.sub(r"\s+", " ", s).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _is_furniture(line: str) -> bool:
    return any(p.search(line) for p in _furniture_patterns())


def _title(head: str) -> str | None:
    m = _HEADING.search(head)
    if m:
        return _strip_markup(m.group(1))
    lines = _lines(head)[:_HEAD_LINES]
    # a title repeated on the page (header and article) is the strongest signal
    seen: set[str] = set()
    for ln in lines:
        if ln in seen and _title_like(ln):
            return _strip_markup(ln)
        seen.add(ln)
    # otherwise the first title-like line, provided it comes before the body starts
    for ln in lines[:5]:
        if _title_like(ln):
            return _strip_markup(ln)
        if not _is_furniture(ln):
            return None
    return None


def _title_like(line: str) -> bool:
    """A title is one short line that is not a sentence of the body and not page furniture."""
    words = line.split()
    return (
        3 <= len(words) <= 30 and len(line) <= _TITLE_MAX
        and not line.rstrip("*_ ").endswith((".", ",", ";", ":"))
        and not _is_furniture(line)
    )


def _strip_markup(s: str) -> str:
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return s.strip(" *_#").strip()


def _date(head: str) -> str | None:
    """The date of a date line near the top (not a date mentioned in a sentence)."""
    for ln in _lines(head)[:_HEAD_LINES]:
        m = _DATE.search(ln)
        if m and len(ln) - len(m.group(0)) <= _DATE_LINE_MAX_EXTRA:
            d = parse_date(m.group(0))
            if d:
                return d
    return None


def _url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None


def publisher_from_url(url: str | None, gazetteer: Gazetteer | None) -> str | None:
    """The medium whose name, squashed, is the URL's host ('themoscowtimes.com' -> 'The Moscow Times').

    Only media the gazetteer knows qualify, so an unknown host yields nothing rather than a guess.
    """
    if not url or gazetteer is None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    labels = [lb for lb in host.split(".") if lb not in ("www", "amp", "m", "ir", "news", "en")]
    if not labels:
        return None
    candidates = {re.sub(r"[^a-z0-9]", "", lb) for lb in labels[:-1] or labels}
    for entry in gazetteer.entries.values():
        if entry.type not in ("Organization", "Company"):
            continue
        for name in (entry.name, *entry.aliases):
            squashed = re.sub(r"[^a-z0-9]", "", name.lower())
            if squashed and (squashed in candidates or squashed.removeprefix("the") in candidates):
                return entry.name
    return None


_NAME_JOINERS = re.compile(r"[;,&]|\b(?:and|by)\b", re.I)


def _name_words(s: str) -> list[str]:
    return [w.lower() for w in _NAME_JOINERS.sub(" ", s).split()]


_TITLE_PARTS = re.compile(r"[ \t]+[|\u2013\u2014-][ \t]+|:[ \t]+")


def byline_author(author: str | None, *titles: str | None) -> str | None:
    """An author that a page's markup or a byline gives, unless it is a title or headline read as names (or one
    part of it, beside the site's name: "Chips and Minerals | Daily Ledger"): markup that tags the headline as its
    author turns "Chips and Minerals" into the authors "Chips; Minerals"."""
    if not author or not author.strip():
        return None
    names = _name_words(author)
    for title in filter(None, titles):
        if any(_name_words(part) == names for part in (title, *_TITLE_PARTS.split(title))):
            return None
    return author


def find_metadata(text: str, meta: ArticleMeta, gazetteer: Gazetteer | None = None) -> ArticleMeta:
    """Fill the fields `meta` lacks from the text; fields already set (front matter, HTML) are kept."""
    head = text[:3000]
    found: dict[str, str | None] = {}
    if not meta.title:
        found["title"] = _title(head)
    if not meta.author:
        m = _BYLINE.search(head) or _BYLINE.search(text[-3000:])
        if m:
            found["author"] = byline_author(m.group("name").strip(), meta.title or found.get("title"))
    if not meta.url:
        m = _URL_LINE.search(text[-3000:])
        if m:
            found["url"] = m.group(1)
    url = meta.url or found.get("url")
    if not meta.date:
        found["date"] = _date(head) or _url_date(url)
    if not meta.publisher:
        found["publisher"] = publisher_from_url(url, gazetteer)
    return replace(meta, **{k: v for k, v in found.items() if v})

"""Article metadata found in the text itself: title, byline, date and a trailing source URL."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from .records import ArticleMeta

_URL_LINE = re.compile(r"Original url:\s*<?(https?://[^\s>]+)>?", re.I)
_BYLINE = re.compile(r"^\s*(?:by|By|BY)\s+\[?([A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})\]?", re.M)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d %Y")
_DATE = re.compile(
    r"\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}|\d{4}-\d{2}-\d{2})\b"
)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def parse_date(s: str) -> str | None:
    s = s.replace(".", "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def find_metadata(text: str, meta: ArticleMeta) -> ArticleMeta:
    """Fill the fields `meta` lacks from the text; fields already set are kept."""
    head = text[:3000]
    found: dict[str, str | None] = {}
    if not meta.title:
        m = _HEADING.search(head)
        if m:
            found["title"] = m.group(1).strip()
        else:
            first = next((ln.strip() for ln in head.splitlines() if len(ln.strip()) > 15), None)
            found["title"] = first[:300] if first else None
    if not meta.author:
        m = _BYLINE.search(head)
        if m:
            found["author"] = m.group(1).strip()
    if not meta.date:
        for m in _DATE.finditer(head):
            d = parse_date(m.group(0).replace(",", ", ").replace(",  ", ", "))
            if d:
                found["date"] = d
                break
    if not meta.url:
        m = _URL_LINE.search(text[-2000:])
        if m:
            found["url"] = m.group(1)
    return replace(meta, **{k: v for k, v in found.items() if v})

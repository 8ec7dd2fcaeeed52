"""A citation's paragraph, read back from the article file the store names and checked against its content hash."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.store import IRI

from kg.read.answers import Answers
from kg.core.errors import InputError, NotFound, QueryError
from kg.store.queries import run_named
from kg.ingest.reader import read_article
from kg.core.settings import Settings

# a paragraph is text between blank lines, as the articles are written; one without blank lines
# (an HTML page's single block) is cut to this much context either side of the span
CONTEXT_CHARS = 1_500
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True)
class Passage:
    """The paragraph around characters [start, end) of an article's text; `paragraph_start` is its offset."""

    __pydantic_config__ = {"use_attribute_docstrings": True}  # how the JSON API documents it

    article: str
    start: int
    end: int
    span: str
    """The article's characters [start, end): for a citation, its verbatim quote."""
    paragraph: str
    """The paragraph holding the span (at most 1,500 characters either side)."""
    paragraph_start: int
    """Offset of the paragraph's first character in the article's text."""


def passage(answers: Answers, settings: Settings, article: str, start: int, end: int) -> Passage:
    """The paragraph holding characters [start, end) of `article` (IRI or id).

    Raises NotFound when the article is unknown or its file is gone or changed since it was built
    (the stored offsets would point into another text), QueryError for offsets outside the text.
    """
    iri = answers.article_iri(article)
    rows = run_named(answers.store, "article_source", article=IRI(iri))
    if not rows:
        raise NotFound(f"no article {article!r} in the store")
    path, stored_hash = str(rows[0]["sourcePath"]), str(rows[0]["contentHash"])
    try:
        doc = read_article(path, int(settings.max_file_mb * 1_000_000), settings.encoding)
    except InputError as exc:
        raise NotFound(f"the article's text cannot be read back: {exc}") from None
    if doc.content_hash != stored_hash:
        raise NotFound(f"{path} changed since it was built: rebuild to cite its current text")
    text = doc.stored_text  # offsets count in the stored file text (Markdown as written, see kg/markdown.py)
    if not 0 <= start < end <= len(text):
        raise QueryError(f"characters {start}-{end} are outside the article's {len(text)} characters")
    lo = max((m.end() for m in _BLANK_LINE.finditer(text, 0, start)), default=0)
    nxt = _BLANK_LINE.search(text, end)
    hi = nxt.start() if nxt else len(text)
    lo, hi = max(lo, start - CONTEXT_CHARS), min(hi, end + CONTEXT_CHARS)
    lo += len(text[lo:start]) - len(text[lo:start].lstrip())  # the paragraph's own first character
    hi -= len(text[end:hi]) - len(text[end:hi].rstrip())
    return Passage(article=iri, start=start, end=end, span=text[start:end], paragraph=text[lo:hi], paragraph_start=lo)

"""Evidence spans: the sentence around a token, clipped to its line, as exact article offsets."""
from __future__ import annotations

from spacy.tokens import Token

from .records import Evidence


def sentence_evidence(tok: Token, offset: int) -> Evidence:
    """The sentence holding `tok`, cut at line breaks (a heading glued to the next sentence by the
    parser is not part of the claim), trimmed of surrounding blanks. `offset` is the paragraph's
    offset in the article, so the result is article[start:end]."""
    sent = tok.sent
    s_text = sent.text
    rel = tok.idx - sent.start_char
    lo = s_text.rfind("\n", 0, max(rel, 0)) + 1
    hi = s_text.find("\n", rel)
    if hi < 0:
        hi = len(s_text)
    piece = s_text[lo:hi]
    stripped = piece.strip().lstrip("#>*").strip()  # a markdown heading's markers are not part of the claim
    if not stripped:
        stripped, lo = s_text.strip(), s_text.index(s_text.strip()) if s_text.strip() else 0
    else:
        lo += piece.index(stripped)
    start = offset + sent.start_char + lo
    return Evidence(stripped, start, start + len(stripped))

"""Which attribution covers a relation: the innermost reporting cue whose clause holds the trigger."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..records import Attribution


def innermost_attribution(attributions: list[Attribution], tok: Token, offset: int) -> Attribution | None:
    """The attribution that covers a trigger: among the cues of its sentence, the nearest one whose
    clause contains it ("X said it would supply Y, and Z announced ..." -> X); failing that, one that
    is not a speaker of a clause coordinated with the trigger's ("according to X, ..." covers all)."""
    pos = offset + tok.idx
    inside = [a for a in attributions if a.evidence.start <= pos < a.evidence.end]
    if not inside:
        return None
    sent = tok.sent
    cues = [(a, [t for s in a.cue_starts if (t := _token_starting(sent, s - offset)) is not None]) for a in inside]
    governing = [(a, c) for a, cs in cues for c in cs if _in_complement(tok, c)]
    if governing:
        return max(governing, key=lambda ac: _depth(ac[1]))[0]
    free = [a for a, cs in cues if not cs or not all(_coordinated_apart(c, tok) for c in cs)]
    if not free:
        return None
    return min(free, key=lambda a: (len(a.chain) * -1, a.evidence.end - a.evidence.start))


def _token_starting(sent: Span, char: int) -> Token | None:
    """The sentence's token that starts at a character of its doc, if one does."""
    if not sent.start_char <= char < sent.end_char:
        return None
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    t = span[0] if span is not None and len(span) else None
    return t if t is not None and t.idx == char and sent.start <= t.i < sent.end else None


def _depth(tok: Token) -> int:
    n = 0
    while tok.head != tok:
        tok, n = tok.head, n + 1
    return n


def _in_complement(tok: Token, cue: Token) -> bool:
    """tok sits under the cue word, and not only as a coordinated clause ("X said A" vs "X said, and A")."""
    cur = tok
    while cur.head != cur:
        if cur.head == cue:
            return cur.dep_ not in ("conj", "cc")
        cur = cur.head
    return False


def _coordinated_apart(cue: Token, tok: Token) -> bool:
    """The cue's verb heads a clause coordinated with (or inside one coordinated with) the trigger's:
    "..., and AMD announced partnerships" speaks for its own clause only."""
    if cue.pos_ not in ("VERB", "AUX"):
        return False
    if cue.is_ancestor(tok):  # the trigger's clause is coordinated under the cue's
        return True
    cur = cue
    while cur.head != cur:
        if cur.dep_ == "conj" and (cur.head == tok or cur.head.is_ancestor(tok)):
            return True
        if cur.is_ancestor(tok):
            return False
        cur = cur.head
    return False

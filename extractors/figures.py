"""Figures: money, percentages, ranks, counts and multiples, with the year, subject and topic they refer to.

Surface forms are read with patterns built from the lexicon `data/figures.json` over a cleaned view of
each sentence (markdown link targets, URLs and escapes removed, offsets mapped back): money, percentages,
fractions and shares in words, multiples, ranks, physical units, durations and ranges. Counts and ordinals
need the parse: a number must quantify a noun ("1.5 million boards", "the 50+ firms"), count part of a group
("six of the members", "all four"), or restate one ("up from 800,000"); an ordinal with a determiner places a
thing in a sequence ("the third phase"). Numbers that only point back to named parties or count unnamed
sources are not figures. A figure's year is the one its clause gives: just after it ("30% in 2023"), else the
nearest before it ("In 2023, 88% of ..."). The evidence is always the sentence, verbatim.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex
from .figure_counts import count_hits
from .figure_lexicon import ONE, alt, lexicon, number_word_set
from .figure_patterns import clean, elliptic_amounts, scan, shared_symbols
from .metadata import furniture_spans, in_spans
from .records import Attribution, Evidence, Figure


@lru_cache(maxsize=1)
def _year_re() -> re.Pattern:
    months = alt(lexicon().data["month_names"])
    return re.compile(
        r"\b(?:in|by|for|of|since|during|until|through|before|after|from|to|as of|in fiscal|fiscal|FY)\s+"
        r"(?:(?:the\s+)?(?:end|start|beginning|middle|first half|second half|first quarter|last quarter)\s+of\s+)?"
        r"((?:19|20)\d{2})\b|\bFY\s?((?:19|20)\d{2})\b|\b(this|last|next)\s+year\b"
        # a month or quarter of a year: "in March 2024", "Sept. 3, 2024", "Q3 2024", "H1 2025"
        rf"|\b(?:{months})\.?\s+(?:\d{{1,2}},?\s+)?((?:19|20)\d{{2}})\b"
        r"|\b[QH][1-4]\s+((?:19|20)\d{2})\b"
        # a year that dates a noun: "the 2025 target", "Kova's 2023 revenue", "2023's rise"
        r"|(?:\b(?:the|a|an|its|their|this|that)\s+|['\u2019]s\s+)((?:19|20)\d{2})(?=\s+[a-z])"
        r"|(?<![\w.,])((?:19|20)\d{2})['\u2019]s\b",
        re.I,
    )


_YEAR_GROUPS = (1, 2, 4, 5, 6, 7)


def _years(s: str, ref_year: int | None) -> list[tuple[int, int]]:
    """(position, year) of every year expression in a cleaned sentence."""
    out = []
    for m in _year_re().finditer(s):
        g = next((g for g in _YEAR_GROUPS if m.group(g)), None)
        if g is not None:
            out.append((m.start(), int(m.group(g))))
        elif ref_year:
            out.append((m.start(), ref_year + {"this": 0, "last": -1, "next": 1}[m.group(3).lower()]))
    return out


def _year_of(years: list[tuple[int, int]], h, hits: list, s: str) -> int | None:
    """The year a figure refers to: one that follows it in the same clause with no other figure between
    ("30% in 2023", "50% by 2030"), else the nearest before it ("In 2023, 88% of ..."), else the nearest after."""
    if not years:
        return None
    for pos, year in sorted(years):
        if pos >= h.end and not re.search(r"[,;:()\u2014]", s[h.end:pos]) \
                and not any(h.end <= o.start < pos for o in hits):
            return year
        if pos >= h.end:
            break
    before = [y for y in years if y[0] < h.start]
    if before:
        return max(before)[1]
    return min(years, key=lambda y: abs(y[0] - h.start))[1]


def _token_at(sent: Span, char: int) -> Token | None:
    for tok in sent:
        if tok.idx <= char < tok.idx + len(tok.text) or tok.idx >= char:
            return tok
    return None


def _subject(tok: Token, p: int, index: ActorIndex, sent: Span) -> str | None:
    """The actor the figure is about: a possessor or subject up the parse, else the sentence's first actor."""
    head = tok
    for _ in range(6):
        for c in head.children:
            if c.dep_ in ("poss", "nsubj", "nsubjpass") and c.i != tok.i:
                key = index.key_at(p, c.i)
                if key:
                    return key
        if head.head is head:
            break
        head = head.head
    for t in sent:
        key = index.key_at(p, t.i)
        if key:
            return key
    return None


def _about(tok: Token) -> str | None:
    """A short description: the noun phrase the number quantifies, or its verb and object."""
    head = tok
    for _ in range(4):
        if head.head is head:
            break
        nxt = head.head
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.i != tok.i:
            left = min(t.i for t in nxt.subtree if t.i >= nxt.i - 6)
            right = nxt.i
            for c in nxt.children:  # keep "of X" complements: "share of chips acquired by Russia"
                if c.dep_ == "prep" and c.i > nxt.i and c.lower_ == "of":
                    right = min(max(t.i for t in c.subtree), nxt.i + 8)
            words = [t.text for t in tok.doc[left:right + 1] if t.i != tok.i and not t.is_punct]
            return " ".join(words) or None
        if nxt.pos_ in ("VERB", "AUX"):
            obj = next((c for c in nxt.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and c.i != tok.i), None)
            parts = [nxt.lemma_] + ([" ".join(t.text for t in obj.subtree if not t.is_punct)[:80]] if obj else [])
            return " ".join(parts)
        head = nxt
    return None


def extract_figures(
    paras: list[tuple[Doc, int]],
    index: ActorIndex,
    text: str,
    ref_year: int | None = None,
) -> list[Figure]:
    """Every figure of the article, in text order. `ref_year` (the article's year) resolves "last year"."""
    figures: list[Figure] = []
    for p, (doc, offset) in enumerate(paras):
        para_text = doc.text  # a Doc joins its text on each call
        furniture = furniture_spans(para_text)
        actor_tokens = set(index.tokens_of(p))
        for sent in doc.sents:
            sent_text = sent.text  # a Span builds its text on each call
            if not _DIGIT.search(sent_text) and not _has_number_word(sent):
                continue
            cleaned, kept = clean(sent_text)
            hits = shared_symbols(scan(cleaned), cleaned, para_text, text)
            hits += count_hits(sent, cleaned, kept, [(h.start, h.end) for h in hits], actor_tokens)
            hits.sort(key=lambda h: h.start)
            hits = elliptic_amounts(cleaned, hits)
            years = _years(cleaned, ref_year)
            base = offset + sent.start_char
            ev = Evidence(sent_text, base, base + len(sent_text))
            local: dict[int, int] = {}
            for h in hits:
                orig = sent.start_char + kept[h.start]
                if in_spans(orig, furniture) or (_inside_actor(sent, kept[h.start], actor_tokens) and not _marked(h)):
                    continue
                tok = _token_at(sent, orig)
                local[id(h)] = len(figures)
                figures.append(Figure(
                    value=h.value, unit=h.unit, evidence=ev, raw=h.raw,
                    about=_about(tok) if tok is not None else None,
                    year=_year_of(years, h, hits, cleaned),
                    subject=_subject(tok, p, index, sent) if tok is not None else None,
                ))
            scanned = [h for h in hits if id(h) in local]
            for h in scanned:
                if h.pair is not None and id(h.pair) in local:
                    i, j = local[id(h)], local[id(h.pair)]
                    figures[i] = replace(figures[i], equivalent_to=j)
                    figures[j] = replace(figures[j], equivalent_to=i)
    return figures


_DIGIT = re.compile(r"\d")


def _has_number_word(sent: Span) -> bool:
    """A word that may carry a figure without a digit, or a time unit after "a" ("for a year", "nearly a month")."""
    words, units = number_word_set(), lexicon().data["duration_units"]
    return any(t.lower_ in words or t.lower_ in units and t.i > sent.start and t.nbor(-1).lower_ in ONE for t in sent)


def _marked(h) -> bool:
    """An amount that names its currency or a percentage is no part of a name, whatever the tagger took in
    ("Vellmark EUR3 billion" tagged as one organisation)."""
    return h.unit == "percent" or (len(h.unit) == 3 and h.unit.isupper())


def _inside_actor(sent: Span, rel_char: int, actor_tokens: set[int]) -> bool:
    """A number that is part of a name ("the Export Enforcement Five", "G7") is no figure."""
    char = sent.start_char + rel_char
    tok = _token_at(sent, char)
    return tok is not None and tok.i in actor_tokens and tok.idx <= char < tok.idx + len(tok.text)


def attribute_figures(figures: list[Figure], attributions: list[Attribution]) -> list[Figure]:
    """Figures inside an attributed span take its (innermost) source."""
    out = []
    for f in figures:
        src = None
        for a in attributions:
            if a.evidence.start <= f.evidence.start < a.evidence.end or f.evidence.start <= a.evidence.start < f.evidence.end:
                src = a.source
                break
        out.append(replace(f, attributed_to=src) if src and not f.attributed_to else f)
    return out

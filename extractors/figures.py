"""Figures: money, percentages, ranks, counts and multiples, with the year, subject and topic they refer to.

Surface forms are read with patterns built from the lexicon `data/figures.json` over a cleaned view of
each sentence (markdown link targets, URLs and escapes removed, offsets mapped back): money, percentages,
fractions and shares in words, multiples, ranks, physical units, durations and ranges. Counts and ordinals
need the parse: a number must quantify a noun ("1.5 million boards", "the 50+ firms"), count part of a group
("six of the members", "all four"), or restate one ("up from 800,000"); an ordinal with a determiner places a
thing in a sequence ("the third phase"). Numbers that only point back to named parties or count unnamed
sources are not figures. The evidence is always the sentence, verbatim.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex
from .metadata import furniture_spans, in_spans
from .lexicon import speech_cues
from .records import Attribution, Evidence, Figure

# thousands may be grouped with commas or apostrophes ("12,500", "12'500", "12’500")
_NUM = r"(?:\d{1,3}(?:[,'\u2019]\d{3})+|\d+)(?:\.\d+)?"
_YEAR_RE = re.compile(
    r"\b(?:in|by|for|of|since|during|until|through|before|after|from|to|as of|in fiscal|fiscal|FY)\s+"
    r"(?:(?:the\s+)?(?:end|start|beginning|middle|first half|second half|first quarter|last quarter)\s+of\s+)?"
    r"((?:19|20)\d{2})\b|\bFY\s?((?:19|20)\d{2})\b|\b(this|last|next)\s+year\b",
    re.I,
)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_URL = re.compile(r"<?https?://[^\s>)\]]+>?|\bwww\.[^\s)\]]+")
_MARKUP = re.compile(r"\\(?=[$*_\[\]()#%&])|\*\*?|(?<!\w)_|_(?!\w)|\[(?=[^\]]*\])")
# "the two governments" points back to parties already named; "all five projects" counts them
_ANAPHORIC = {"the", "these", "those", "both", "every", "each"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}
_YEARISH = re.compile(r"^(?:1[89]|20|21)\d{2}$")


@dataclass(frozen=True)
class _Lex:
    data: dict
    money_symbol: re.Pattern
    money_code: re.Pattern
    money_word: re.Pattern
    percent: re.Pattern
    percent_range: re.Pattern
    to_from: re.Pattern
    fraction: re.Pattern
    halving: re.Pattern
    times: re.Pattern
    times_x: re.Pattern
    up_from: re.Pattern
    twice: re.Pattern
    labelled: re.Pattern
    rank_number: re.Pattern
    fold: re.Pattern
    magnitude: re.Pattern
    multiplier: re.Pattern
    rank_hash: re.Pattern
    rank_verb: re.Pattern
    rank_super: re.Pattern
    rank_top: re.Pattern
    physical: re.Pattern
    physical_pair: re.Pattern
    duration: re.Pattern


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    d = json.loads(files("extractors").joinpath("data", "figures.json").read_text(encoding="utf-8"))
    scale = _alt(d["scales"])
    word_num = _alt(d["number_words"])
    num_or_word = rf"(?:{_NUM}|{word_num})"
    ordinal = rf"(?:\d+(?:st|nd|rd|th)|{_alt(d['ordinal_words'])})"
    codes = _alt(d["currency_codes"])
    usd_suffix = _alt(d["usd_suffixes"])
    # a single letter scale ("$2.5B") must touch the number; words may follow a space
    scale_part = rf"(?:\s?(?P<scale>{scale})\b|(?P<scale2>[kKmMbBtT])\b)"
    return _Lex(
        data=d,
        money_symbol=re.compile(
            rf"(?<![\w$])(?P<cur>{_alt(d['currency_symbols'])})\s?(?P<num>{_NUM})"
            rf"(?:\s?(?:-|–|to)\s?(?:{_alt(d['currency_symbols'])})?\s?(?P<num2>{_NUM}))?"
            rf"{scale_part}?(?P<usd>\s(?:{usd_suffix})(?![\w-]))?",
            re.I,
        ),
        money_code=re.compile(rf"\b(?P<code>{codes})\s?(?P<num>{_NUM}){scale_part}?", re.I),
        money_word=re.compile(
            rf"(?<![\w.,$€£¥])(?P<num>{_NUM})(?:\s?(?P<scale>{scale})\b)?\s(?P<word>{_alt(d['currency_words'])}|{codes})\b",
            re.I,
        ),
        percent=re.compile(rf"(?<![\w.,])(?P<num>{num_or_word})\s?(?P<pct>{_alt(d['percent_words'])})(?!\w)", re.I),
        percent_range=re.compile(
            rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:-|–|to|and|or)\s?{_NUM}\s?(?:{_alt(d['percent_words'])})(?!\w)", re.I
        ),
        to_from=re.compile(
            rf"\bto\s(?P<num>zero|{_NUM})\sfrom\s{_NUM}\s?(?:{_alt(d['percent_words'])})(?!\w)"
            rf"|\bfrom\s{_NUM}\s?(?:{_alt(d['percent_words'])})\sto\s(?P<num2>zero|{_NUM})(?!\s?(?:{_alt(d['percent_words'])}|\w))",
            re.I,
        ),
        fraction=re.compile(
            rf"(?<!first )(?<!second )(?<![\w-])(?P<frac>{_alt(d['fractions'])})(?=\s+of\s)"
            rf"(?!\s+of\s+(?:the\s+)?(?:(?:19|20)\d\d\b|year|decade|century|month))"
            rf"|(?<=in )(?P<frac2>half)\b|(?<=by )(?P<frac3>{_alt(d['fractions'])})(?=\s*[.,;:)]|\s*$|\s+(?:in|from|to|since|over|compared|on|year)\b)"
            rf"|(?<![\w-])(?P<frac4>{_alt(d['fractions'])})(?=\s+by\s|\s*[.;]|\s*,\s)"
            rf"|\b(?:{_alt(d['fraction_hedges'])})\s+(?P<frac5>{_alt(d['fractions'])})(?![\w-])"
            rf"|\b(?P<n_of>one|two|three|four|five|six|seven|eight|nine|\d)\s+in\s+(?P<one_in>{_alt(d['one_in'])})\b",
            re.I,
        ),
        halving=re.compile(rf"\b(?:{_alt(d['halving_verbs'])})\b", re.I),
        times=re.compile(
            rf"(?<![\w.,])(?P<num>{num_or_word})(?P<more>\s+more)?[\s-]times\b(?P<cmp>\s+(?:{_alt(d['comparatives'])})\b)?",
            re.I,
        ),
        # "1.2 million GPUs, up from 800,000": the earlier level of a count, its noun left implicit
        up_from=re.compile(rf"\b(?:up|down)\s+from\s+(?:about\s+|around\s+|roughly\s+)?(?P<num>{_NUM})"
                           rf"(?:\s(?P<scale>{scale})\b)?(?=\s*(?:[.,;)]|$|\s+(?:a|in|the|last|this|year|since)\b))", re.I),
        # a list line "Entities added: about 140": the bare number after the label counts what it names
        labelled=re.compile(rf"^[ \t]*(?:[-*\u2022][ \t]+)?[A-Za-z][^:\n]{{2,60}}:[ \t]*(?:(?:about|around|some|nearly|"
                            rf"over|more than|almost|roughly)[ \t]+)?(?P<num>{_NUM})[ \t]*$", re.I | re.M),
        twice=re.compile(rf"\b(?P<w>{_alt(d['multiple_words'])})\s+(?:{_alt(d['comparatives'])})\b", re.I),
        # "the world's number two chipmaker", "the number 3 spot"
        rank_number=re.compile(rf"(?:(?<=the )|(?<='s )|(?<=\u2019s ))number\s+(?P<num>\d+|{word_num})\b", re.I),
        # "a 4x faster chip", "10x more compute"
        times_x=re.compile(rf"(?<![\w.,])(?P<num>\d+(?:\.\d+)?)[x\u00d7](?:\s+|-)(?:{_alt(d['comparatives'])})\b", re.I),
        fold=re.compile(rf"(?<![\w.,])(?P<num>{num_or_word})-fold\b", re.I),
        magnitude=re.compile(rf"\b(?P<num>an|one|two|three|{_NUM})\s+orders?\s+of\s+magnitude\b", re.I),
        multiplier=re.compile(rf"\b(?P<verb>{_alt(d['multiplier_verbs'])})\b(?!-)", re.I),
        rank_hash=re.compile(r"(?:(?<=\s)|^)(?:#|No\.\s?)(?P<num>\d{1,4})\b"),
        rank_verb=re.compile(
            rf"\b(?:{_alt(d['rank_verbs'])})\s+(?:at\s+|as\s+)?(?:(?:No\.|number)\s?(?P<num>\d+)\b|(?P<ord>{ordinal})\b)",
            re.I,
        ),
        rank_super=re.compile(rf"\b(?P<ord>{ordinal})[- ](?:{_alt(d['superlatives'])})\b", re.I),
        rank_top=re.compile(rf"\btop[- ](?P<num>\d+|{word_num})\b(?![-\s](?:tier|level|notch|secret|down)\b)", re.I),
        physical=re.compile(rf"(?<![\w.,])(?P<num>{num_or_word})(?:\s?|-)(?P<unit>{_alt(d['physical_units'])})\b", re.I),
        # a suspended hyphen shares one unit between two numbers: "four- and two-nanometer chips"
        physical_pair=re.compile(
            rf"(?<![\w.,])(?P<num>{num_or_word})-\s+(?:and|or|to)\s+(?P<num2>{num_or_word})[\s-]?"
            rf"(?P<unit>{_alt(d['physical_units'])})\b", re.I),
        # a time span: "within 90 days", "for close to two decades", "over the last six quarters"
        duration=re.compile(
            rf"\b(?:{_alt(d['duration_leads'])})\s+(?:(?:{_alt(d['duration_hedges'])})\s+)?(?P<num>{num_or_word})\s+"
            # a range gives both bounds: "by two to three years"
            rf"(?:(?:to|or|-|\u2013)\s+(?P<num2>{num_or_word})\s+)?"
            rf"(?:(?:{_alt(d['duration_adjectives'])})\s+)?(?P<unit>{_alt(d['duration_units'])})\b"
            # "a 90-day review", "a five-year plan" (not an age: "a 50-year-old plant")
            rf"|(?<![\w.,-])(?P<hnum>{num_or_word})-(?P<hunit>{_alt(d['duration_units'])})\b(?!-old)"
            # "officials have 270 days to report": any span, but not a point in time or an age
            rf"|(?<![\w.,-])(?P<bnum>{_NUM}|{word_num})\s+(?P<bunit>{_alt(d['duration_units'])})\b"
            rf"(?!\s+(?:ago|old|earlier|before)\b|\s+of\s+(?:(?:19|20)\d\d|(?:the|this|last|that)\s+year)\b)", re.I),
    )


def _number(s: str) -> float | None:
    s = s.strip().lower()
    words = lexicon().data["number_words"]
    if s in words:
        return float(words[s])
    m = re.match(r"(\d+)(?:st|nd|rd|th)$", s)
    if m:
        return float(m.group(1))
    if s in lexicon().data["ordinal_words"]:
        return float(lexicon().data["ordinal_words"][s])
    try:
        return float(s.replace(",", "").replace("'", "").replace("\u2019", ""))
    except ValueError:
        return None


def clean(s: str) -> tuple[str, list[int]]:
    """`s` without markdown link targets, URLs, escapes and emphasis, and the index in `s` of each kept char."""
    drop = [False] * len(s)
    for pat in (_LINK_TARGET, _URL, _MARKUP):
        for m in pat.finditer(s):
            for i in range(m.start(), m.end()):
                drop[i] = True
    kept = [i for i, d in enumerate(drop) if not d]
    return "".join(s[i] for i in kept), kept


@dataclass
class _Hit:
    value: float
    unit: str
    start: int  # in the cleaned sentence
    end: int
    raw: str
    pair: _Hit | None = None  # the hit this one is the parenthetical conversion of


def _overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in taken)


def _scan(s: str) -> list[_Hit]:
    """Pattern figures in one cleaned sentence; earlier families win over later ones on overlap."""
    lx = lexicon()
    d = lx.data
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def add(value: float | None, unit: str, start: int, end: int) -> _Hit | None:
        if value is None or _overlaps((start, end), taken):
            return None
        h = _Hit(value, unit, start, end, s[start:end].strip())
        hits.append(h)
        taken.append((start, end))
        return h

    def scale_of(m: re.Match) -> float:
        sc = (m.groupdict().get("scale") or m.groupdict().get("scale2") or "").lower()
        return d["scales"].get(sc, 1.0)

    for m in lx.money_symbol.finditer(s):
        cur = m.group("cur").lower()
        unit = "USD" if m.group("usd") else d["currency_symbols"].get(cur, "USD")
        sc = scale_of(m)
        if m.group("num2"):
            add(_number(m.group("num")) * sc, unit, m.start(), m.start("num2"))
            add(_number(m.group("num2")) * sc, unit, m.start("num2"), m.end())
        else:
            add(_number(m.group("num")) * sc, unit, m.start(), m.end())
    for m in lx.money_code.finditer(s):
        code = m.group("code").upper()
        add(_number(m.group("num")) * scale_of(m), d["code_aliases"].get(code, code), m.start(), m.end())
    for m in lx.money_word.finditer(s):
        word = m.group("word")
        unit = d["currency_words"].get(word.lower()) or d["code_aliases"].get(word.upper(), word.upper())
        if word.lower() == "won" and not m.group("scale"):
            continue  # "won" is a verb far more often than a currency
        add(_number(m.group("num")) * scale_of(m), unit, m.start(), m.end())
    for m in lx.to_from.finditer(s):
        g = "num" if m.group("num") else "num2"
        add(_number(m.group(g)), "percent", m.start(g), m.end(g))
    for m in lx.percent_range.finditer(s):
        add(_number(m.group("num")), "percent", m.start("num"), m.end("num"))
    for m in lx.percent.finditer(s):
        add(_number(m.group("num")), "percent", m.start(), m.end())
    for m in lx.fraction.finditer(s):
        if m.group("one_in"):
            # "one in five" is 20 percent, "7 in 10" is 70
            denominator = round(100 / float(d["one_in"][m.group("one_in").lower()]))
            share = (_number(m.group("n_of")) or 1.0) * 100 / denominator
            if share <= 100:
                add(round(share, 1), "percent", m.start(), m.end())
            continue
        g = next(k for k in ("frac", "frac2", "frac3", "frac4", "frac5") if m.group(k))
        add(float(d["fractions"][m.group(g).lower()]), "percent", m.start(g), m.end(g))
    for m in lx.halving.finditer(s):
        add(50.0, "percent", m.start(), m.end())
    for m in lx.magnitude.finditer(s):
        n = m.group("num").lower()
        add(10.0 ** (1 if n in ("an", "one") else (_number(n) or 1)), "times", m.start(), m.end())
    for m in lx.twice.finditer(s):
        add(float(d["multiple_words"][m.group("w").lower()]), "times", m.start(), m.end())
    for m in lx.rank_number.finditer(s):
        add(_number(m.group("num")), "rank", m.start(), m.end())
    for m in lx.times_x.finditer(s):
        add(_number(m.group("num")), "times", m.start(), m.end())
    for m in lx.fold.finditer(s):
        add(_number(m.group("num")), "times", m.start(), m.end())
    for m in lx.times.finditer(s):
        # "fifty times as much", "seven times lower" compare; "seven more times" counts occurrences
        unit = "times" if m.group("cmp") and not m.group("more") else "count"
        if unit == "count" and _number(m.group("num")) == 1:
            continue
        add(_number(m.group("num")), unit, m.start(), m.end())
    for m in lx.multiplier.finditer(s):
        add(float(d["multiplier_verbs"][m.group("verb").lower()]), "times", m.start(), m.end())
    for m in lx.rank_hash.finditer(s):
        add(_number(m.group("num")), "rank", m.start(), m.end())
    for m in lx.rank_verb.finditer(s):
        g = "num" if m.group("num") else "ord"
        add(_number(m.group(g)), "rank", m.start(g), m.end(g))
    for m in lx.rank_super.finditer(s):
        add(_number(m.group("ord")), "rank", m.start(), m.end())
    for m in lx.rank_top.finditer(s):
        add(_number(m.group("num")), "rank", m.start(), m.end())
    for m in lx.physical_pair.finditer(s):
        unit = d["physical_units"][m.group("unit").lower()]
        add(_number(m.group("num")), unit, m.start("num"), m.end("num"))
        add(_number(m.group("num2")), unit, m.start("num2"), m.end())
    for m in lx.duration.finditer(s):
        if m.group("hunit") and m.group("hunit")[:1].isupper():
            continue  # "the 14th Five-Year Plan": a number inside a name
        g, u = ("num", "unit") if m.group("num") else ("hnum", "hunit") if m.group("hnum") else ("bnum", "bunit")
        unit, factor = d["duration_units"][m.group(u).lower()]
        n = _number(m.group(g))
        if m.group("num2"):
            n2 = _number(m.group("num2"))
            add(None if n is None else n * factor, unit, m.start(g), m.end(g))
            add(None if n2 is None else n2 * factor, unit, m.start("num2"), m.end(u))
            continue
        add(None if n is None else n * factor, unit, m.start(g), m.end(u))
    for m in lx.physical.finditer(s):
        unit = d["physical_units"][m.group("unit").lower()]
        add(_number(m.group("num")), unit, m.start(), m.end())
    for m in lx.labelled.finditer(s):
        if not _YEARISH.match(m.group("num")):
            add(_number(m.group("num")), "count", m.start("num"), m.end("num"))
    for m in lx.up_from.finditer(s):
        if not _YEARISH.match(m.group("num")):
            add(_number(m.group("num")) * scale_of(m), "count", m.start("num"), m.end())
    # parenthetical conversions: "5.2 billion rubles ($57,247,000)"
    money = sorted((h for h in hits if len(h.unit) == 3 and h.unit.isupper()), key=lambda h: h.start)
    for a, b in zip(money, money[1:]):
        between = s[a.end:b.start]
        if re.fullmatch(r"\s*[(\[]\s*(?:about|around|roughly|approximately|approx\.|~|or|c\.)?\s*", between) \
                and a.unit != b.unit and re.match(r"\s*[)\]]", s[b.end:]):
            b.pair = a
    return hits


def _count_hits(sent: Span, cleaned: str, kept: list[int], taken: list[tuple[int, int]],
                actor_tokens: set[int]) -> list[_Hit]:
    """Numbers that quantify a noun ("two chip firms", "512-chip cluster", "1.5 million boards"), partitives
    ("six of the members", "all four"), and ordinals that place a thing in a sequence ("the third fab")."""
    d = lexicon().data
    stop = set(d["count_noun_stoplist"])
    words = d["number_words"]
    scales = d["scales"]
    doc = sent.doc
    pos_of = {orig: i for i, orig in enumerate(kept)}
    out = []
    for tok in sent:
        low = tok.lower_
        if tok.i in actor_tokens or tok.ent_type_ in ("TIME", "MONEY", "PERCENT") or _in_date(tok):
            continue
        start = tok.idx - sent.start_char
        if start not in pos_of:
            continue  # inside a link target or URL
        cstart = pos_of[start]
        if tok.ent_type_ == "ORDINAL" or low in d["ordinal_words"]:
            hit = _ordinal_rank(tok, cstart)
            if hit is not None and not _overlaps((hit.start, hit.end), taken):
                out.append(hit)
            continue
        is_digit = bool(_DIGITS.fullmatch(tok.text))
        if not (is_digit or (low in words and low not in ("one", "zero", "hundred"))):
            continue
        if is_digit and _YEARISH.match(tok.text):
            continue
        prev = doc[tok.i - 1] if tok.i > sent.start else None
        if prev is not None and prev.lower_ in d["group_name_words"]:
            continue
        if prev is not None and prev.lower_ in _ANAPHORIC and not is_digit:
            continue  # "the two governments" refers back to actors already named, it counts nothing new
        value = _number(tok.text) or 0.0
        end_tok = tok
        nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
        # a scale word ("1.5 million boards"), or a scale letter glued to the number ("1.2m GPUs")
        if nxt is not None and nxt.lower_ in scales and nxt.is_alpha and (len(nxt.text) > 1 or not tok.whitespace_):
            value *= scales[nxt.lower_]  # "1.5 million boards", "2 lakh jobs"
            end_tok = nxt
        cend = cstart + (end_tok.idx + len(end_tok.text) - tok.idx)
        if _overlaps((cstart, cend), taken):
            continue
        noun = _counted_noun(end_tok)
        if noun is None and end_tok.head.text == "+":  # "50+ companies"
            noun = _counted_noun(end_tok.head)
        if noun is None:
            if not (_partitive(end_tok) or (prev is not None and prev.lower_ == "all")):
                continue
        elif noun.lower_ in stop or noun.lemma_.lower() in stop or _only_points_back(noun, actor_tokens) \
                or _anonymous_people(noun):
            continue
        out.append(_Hit(value, "count", cstart, cend, cleaned[cstart:cend]))
    return out + _range_partners(sent, pos_of, cleaned, out, taken)


_RANGE_SEPARATORS = {"-", "\u2013", "to", "and", "or"}


def _range_partners(sent: Span, pos_of: dict[int, int], cleaned: str, counts: list[_Hit],
                    taken: list[tuple[int, int]]) -> list[_Hit]:
    """"300 to 400 engineers", "3-4 new fabs": the other bound of a counted range is a count too."""
    words = lexicon().data["number_words"]
    at = {h.start: h for h in counts}
    out = []
    for tok in sent:
        if tok.i + 2 >= sent.end or tok.doc[tok.i + 1].lower_ not in _RANGE_SEPARATORS:
            continue
        other = tok.doc[tok.i + 2]
        pair = []
        for t in (tok, other):
            start = pos_of.get(t.idx - sent.start_char)
            if start is None or not (_DIGITS.fullmatch(t.text) or t.lower_ in words) or _YEARISH.match(t.text):
                break
            pair.append((t, start))
        if len(pair) != 2:
            continue
        (a, sa), (b, sb) = pair
        for (t, st), (_, so) in (((a, sa), (b, sb)), ((b, sb), (a, sa))):
            if so in at and st not in at and not _overlaps((st, st + len(t.text)), taken):
                h = _Hit(_number(t.text) or 0.0, "count", st, st + len(t.text), t.text)
                out.append(h)
                at[st] = h
    return out


def _in_date(tok: Token) -> bool:
    """Inside a date expression; a DATE entity of bare numbers ("the 40+ firms") is a tagging slip."""
    if tok.ent_type_ != "DATE":
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is None or any(t.is_alpha for t in ent) or any(_YEARISH.match(t.text) for t in ent)


_DIGITS = re.compile(r"\d{1,3}(?:[,'\u2019]\d{3})+|\d+(?:\.\d+)?")


def _partitive(tok: Token) -> bool:
    """"six of the bloc's members", "three of them": a number counting part of a group."""
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of" or tok.dep_ == "nummod":
        return False
    after = doc[tok.i + 2]
    return after.lower_ in lexicon().data["partitive_followers"] or after.like_num or after.tag_ == "PRP$" \
        or any(c.dep_ == "case" for c in after.children)


def _anonymous_people(noun: Token) -> bool:
    """"two people familiar with the matter", "according to three people": unnamed sources, not a figure."""
    d = lexicon().data
    if noun.lemma_.lower() not in d["anonymous_people"] and noun.lower_ not in d["anonymous_people"]:
        return False
    if any(c.lemma_.lower() in d["anonymous_markers"] for c in noun.children):
        return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and noun.doc[head.i - 1].lower_ == "according":
        return True
    return noun.dep_ in ("nsubj", "nsubjpass") and (head.lemma_.lower(), "verb") in speech_cues()


def _only_points_back(noun: Token, actor_tokens: set[int]) -> bool:
    """A count that only points back to named parties is no figure: "X, Y and Z, three tool makers",
    "four employees said", "the two countries and two governments"."""
    if noun.dep_ == "appos" and (noun.head.i in actor_tokens or any(c.i in actor_tokens for c in noun.head.conjuncts)):
        return True
    if noun.dep_ in ("nsubj", "nsubjpass") and (noun.head.lemma_.lower(), "verb") in speech_cues():
        return True
    for other in noun.conjuncts:
        if any(c.dep_ == "nummod" and c.i > 0 and c.doc[c.i - 1].lower_ in _ANAPHORIC for c in other.children):
            return True
    return False


def _ordinal_rank(tok: Token, cstart: int) -> _Hit | None:
    """"the third phase", "Arizona's second fab", "the sixth-generation market": an ordinal placing a thing
    in a sequence is a rank; "first" (initial) and fixed phrases ("second half", "third countries") are not."""
    d = lexicon().data
    doc = tok.doc
    low = tok.lower_
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", low)
    value = float(m.group(1)) if m else d["ordinal_words"].get(low)
    if not value:
        return None
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].pos_ in ("NOUN", "PROPN"):
        noun = doc[tok.i + 2]
    elif tok.dep_ in ("amod", "nummod", "compound") and tok.head.pos_ in ("NOUN", "PROPN") \
            and 0 < tok.head.i - tok.i <= 4:
        noun = tok.head
    else:
        return None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is None or not (prev.lower_ in _DETERMINERS or prev.tag_ == "POS"):
        return None
    if noun.lower_ in d["ordinal_rank_stoplist"] or noun.lemma_.lower() in d["ordinal_rank_stoplist"] \
            or noun.ent_type_ in ("DATE", "TIME") or noun.tag_ == "VBG":
        return None  # "with the second following in 2027" is a pronoun-like ordinal, not a ranked thing
    if value == 1 and not any(c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                              for c in noun.children):
        return None  # "first" is "initial" unless it ranks: "the first country to ban ..."
    return _Hit(float(value), "rank", cstart, cstart + len(tok.text), tok.text)


def _counted_noun(tok: Token) -> Token | None:
    doc = tok.doc
    # "four-point plan", "512-chip cluster": number, hyphen, noun
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].pos_ in ("NOUN", "PROPN"):
        return doc[tok.i + 2]
    if tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        return tok.head
    # "more than 1,000 parts" sometimes parses the number as a modifier of a compound
    if tok.dep_ in ("nummod", "compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i \
            and tok.head.i - tok.i <= 4:
        return tok.head
    return None


def _years(s: str, ref_year: int | None) -> list[tuple[int, int]]:
    """(position, year) of every year expression in a cleaned sentence."""
    out = []
    for m in _YEAR_RE.finditer(s):
        if m.group(1) or m.group(2):
            out.append((m.start(), int(m.group(1) or m.group(2))))
        elif ref_year:
            out.append((m.start(), ref_year + {"this": 0, "last": -1, "next": 1}[m.group(3).lower()]))
    return out


def _nearest_year(years: list[tuple[int, int]], pos: int) -> int | None:
    if not years:
        return None
    return min(years, key=lambda y: abs(y[0] - pos))[1]


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
        furniture = furniture_spans(doc.text)
        actor_tokens = set(index.tokens_of(p))
        for sent in doc.sents:
            if not any(ch.isdigit() for ch in sent.text) and not _has_number_word(sent):
                continue
            cleaned, kept = clean(sent.text)
            hits = _shared_symbols(_scan(cleaned), cleaned, doc.text)
            hits += _count_hits(sent, cleaned, kept, [(h.start, h.end) for h in hits], actor_tokens)
            hits.sort(key=lambda h: h.start)
            years = _years(cleaned, ref_year)
            base = offset + sent.start_char
            ev = Evidence(sent.text, base, base + len(sent.text))
            local: dict[int, int] = {}
            for h in hits:
                orig = sent.start_char + kept[h.start]
                if in_spans(orig, furniture) or _inside_actor(sent, kept[h.start], actor_tokens):
                    continue
                tok = _token_at(sent, orig)
                local[id(h)] = len(figures)
                figures.append(Figure(
                    value=h.value, unit=h.unit, evidence=ev, raw=h.raw,
                    about=_about(tok) if tok is not None else None,
                    year=_nearest_year(years, h.start),
                    subject=_subject(tok, p, index, sent) if tok is not None else None,
                ))
            scanned = [h for h in hits if id(h) in local]
            for h in scanned:
                if h.pair is not None and id(h.pair) in local:
                    i, j = local[id(h)], local[id(h.pair)]
                    figures[i] = replace(figures[i], equivalent_to=j)
                    figures[j] = replace(figures[j], equivalent_to=i)
    return figures


def _shared_symbols(hits: list[_Hit], sentence: str, paragraph: str) -> list[_Hit]:
    """"\u00a5" means yuan or yen: the sentence decides, else the paragraph."""
    table = lexicon().data["shared_symbols"]
    for h in hits:
        rule = table.get(h.raw[:1])
        if rule is None:
            continue
        for context in (sentence, paragraph):
            words = set(re.findall(r"[a-z]+", context.lower()))
            cue, against = bool(words & set(rule["cues"])), bool(words & set(rule["against"]))
            if cue != against:
                if cue:
                    h.unit = rule["alternative"]
                break
    return hits


def _has_number_word(sent: Span) -> bool:
    words = _number_word_set()
    return any(t.lower_ in words for t in sent)


@lru_cache(maxsize=1)
def _number_word_set() -> frozenset[str]:
    """Every word that can carry a figure without a digit: numbers, ordinals, fractions ("a quarter"),
    multipliers, halvings, "twice", "magnitude"."""
    d = lexicon().data
    words = {w for table in ("number_words", "fractions", "multiplier_verbs", "ordinal_words", "multiple_words",
                             "one_in") for k in d[table] for w in re.split(r"[\s-]+", k.lower())}
    return frozenset({w for w in words if len(w) > 1 and w != "an"} | set(d["halving_verbs"]) | {"magnitude"})


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

"""The figure lexicon: patterns compiled from data/figures.json, and numbers as written read as values."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

# thousands may be grouped with commas or apostrophes ("12,500", "12'500", "12’500"), or in the Indian way,
# hundreds then pairs ("1,26,000" is 126,000; "₹1,26,000 crore")
_GROUPED = r"\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:[,'\u2019]\d{3})+"
NUM = rf"(?:{_GROUPED}|\d+)(?:\.\d+)?"
POWER_OF_TEN = re.compile(r"10\s?\^\s?(\d{1,3})")  # "10^26 FLOP": compute thresholds are written so
YEARISH = re.compile(r"^(?:1[89]|20|21)\d{2}$")
ONE = frozenset({"a", "an"})  # an article before a round scale word is the number one ("a billion dollars")
DIGITS = re.compile(rf"{_GROUPED}|\d+(?:\.\d+)?")
GROUPED = re.compile(rf"(?:{_GROUPED})(?:\.\d+)?")  # a number written with thousands separators

@dataclass(frozen=True)
class _Lex:
    """The lexicon's data and the patterns compiled from it, one per family of written figures."""

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
    change_before: re.Pattern
    bare_scaled: re.Pattern
    times_x: re.Pattern
    unit_to: re.Pattern
    up_from: re.Pattern
    total: re.Pattern
    scaled_compound: re.Pattern
    power_ops: re.Pattern
    group_size: re.Pattern
    twice: re.Pattern
    labelled: re.Pattern
    rank_number: re.Pattern
    fold: re.Pattern
    magnitude: re.Pattern
    multiplier: re.Pattern
    rank_hash: re.Pattern
    rank_verb: re.Pattern
    rank_object: re.Pattern
    rank_super: re.Pattern
    rank_streak: re.Pattern
    rank_group: re.Pattern
    rank_top: re.Pattern
    rank_place: re.Pattern
    factor: re.Pattern
    physical: re.Pattern
    physical_pair: re.Pattern
    duration: re.Pattern


def alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Parts:
    """Pattern pieces several families share."""

    scale: str
    word_num: str
    num_or_word: str
    ordinal: str
    codes: str
    usd_suffix: str
    scale_part: str
    fraction: str



def compound_words(d: dict) -> str:
    """A number written as a tens word and a units word: "twenty-five", "thirty two"."""
    words = d["number_words"]
    tens = [w for w, v in words.items() if 20 <= v <= 90 and v % 10 == 0 and " " not in w]
    units = [w for w, v in words.items() if 1 <= v <= 9]
    return rf"(?:{alt(tens)})[-\u2010\u2011 ](?:{alt(units)})\b"


def fraction_value(words: str) -> float | None:
    """The percent a fraction in words stands for ("nine-tenths" 90.0), None for one no table holds ("nine thirds")."""
    value = lexicon().data["fractions"].get(re.sub(r"\s+", " ", words.lower()))
    return None if value is None else float(value)


def _parts(d: dict) -> _Parts:
    scale = alt(d["scales"])
    # composed fractions as numerator and denominator words, not as one long alternation (each sentence runs it)
    fp = d["fraction_parts"]
    composed = rf"(?:{alt(fp['numerators'])})[\s-](?:{alt(fp['denominators'])})s?"
    listed = [w for w in d["fractions"] if not re.fullmatch(composed, w)]
    # "two and a half": a number word and a half
    word_num = rf"(?:(?:{compound_words(d)}|{alt(d['number_words'])})(?:\s+and\s+a\s+half\b)?)"
    return _Parts(
        scale=scale, word_num=word_num, num_or_word=rf"(?:{NUM}|{word_num})",
        fraction=rf"(?:{composed}|{alt(listed)})",
        ordinal=rf"(?:\d+(?:st|nd|rd|th)|{alt(d['ordinal_words'])})",
        codes=alt(d["currency_codes"]), usd_suffix=alt(d["usd_suffixes"]),
        # a single letter scale ("$2.5B") must touch the number; words may follow a space
        scale_part=rf"(?:[\s-]?(?P<scale>{scale})\b|(?P<scale2>[kKmMbBtT])\b)",  # "$1.2-billion" too
    )


def _money(d: dict, p: _Parts) -> dict[str, re.Pattern]:
    """money: a symbol, an ISO code or a currency word with the number"""
    return dict(
        money_symbol=re.compile(
            rf"(?<![\w$])(?P<cur>{alt(d['currency_symbols'])})\s?(?P<num>{NUM})"
            rf"(?:\s?(?:-|–|to)\s?(?:{alt(d['currency_symbols'])})?\s?(?P<num2>{NUM}))?"
            rf"{p.scale_part}?(?P<usd>\s(?:{p.usd_suffix})(?![\w-]))?",
            re.I,
        ),
        money_code=re.compile(rf"\b(?P<code>{p.codes})\s?(?P<num>{NUM}){p.scale_part}?", re.I),
        money_word=re.compile(
            rf"(?<![\w.,$€£¥])(?P<num>{p.num_or_word}|an?(?=\s+(?:{p.scale})\b))(?:\s?(?P<scale>{p.scale})\b)?\s"
            rf"(?P<word>{alt(d['currency_words'])}|{p.codes})\b",
            re.I,
        ),
    )


def _shares(d: dict, p: _Parts) -> dict[str, re.Pattern]:
    """shares: percentages, their ranges and changes, fractions in words, halvings"""
    # "the first half", "the final quarter" name a part of a period, not a share
    period = "".join(f"(?<!{re.escape(w)} )" for w in d["period_parts"])
    return dict(
        percent=re.compile(rf"(?<![\w.,])(?P<num>{p.num_or_word})\s?(?P<pct>{alt(d['percent_words'])})(?!\w)", re.I),
        percent_range=re.compile(
            rf"(?<![\w.,])(?P<num>{NUM})\s?(?:-|–|to|and|or)\s?{NUM}\s?(?:{alt(d['percent_words'])})(?!\w)", re.I
        ),
        to_from=re.compile(
            rf"\bto\s(?P<num>zero|{NUM})\sfrom\s{NUM}\s?(?:{alt(d['percent_words'])})(?!\w)"
            rf"|\bfrom\s{NUM}\s?(?:{alt(d['percent_words'])})\sto\s(?P<num2>zero|{NUM})(?!\s?(?:{alt(d['percent_words'])}|\w))",
            re.I,
        ),
        fraction=re.compile(
            rf"(?<![\w-]){period}(?P<frac>{p.fraction})(?=\s+of\s)"
            rf"(?!\s+of\s+(?:the\s+)?(?:(?:19|20)\d\d\b|year|decade|century|month))"
            rf"|(?<=in )(?P<frac2>half)\b|(?<=by )(?P<frac3>{p.fraction})(?=\s*[.,;:)]|\s*$|\s+(?:in|from|to|since|over|compared|on|year|next|this|last|within|after|during|amid)\b)"
            rf"|(?<![\w-]){period}(?P<frac4>{p.fraction})(?=\s+by\s|\s*[.;]|\s*,\s)"
            rf"|\b(?:{alt(d['fraction_hedges'])})\s+(?P<frac5>{p.fraction})(?![\w-])"
            # the lower bound of a range of fractions: "between a quarter and a third of sales"
            rf"|(?<![\w-])(?P<frac7>{p.fraction})(?=\s+(?:and|or|to)\s+(?:{p.fraction})\s+of\s)"
            # "half the market", "a third its size": a fraction before the group it takes a part of, no "of"
            rf"|(?<![\w-]){period}(?P<frac6>{p.fraction})(?=\s+(?:{alt(d['fraction_determiners'])})\s)"
            rf"|\b(?P<n_of>one|two|three|four|five|six|seven|eight|nine|\d)\s+in\s+(?P<one_in>{alt(d['one_in'])})\b",
            re.I,
        ),
        halving=re.compile(rf"\b(?:{alt(d['halving_verbs'])})\b", re.I),
    )


def _multiples(d: dict, p: _Parts) -> dict[str, re.Pattern]:
    """multiples: "three times", "twice as", "4x", "10-fold", orders of magnitude, "doubled" and the like"""
    return dict(
        times=re.compile(
            # a range gives both bounds: "two to three times as much"
            rf"(?<![\w.,])(?:(?P<lo>{p.num_or_word})\s?(?:-|\u2013|to|or)\s?)?"
            rf"(?P<num>{p.num_or_word})(?P<more>\s+more)?[\s-]times\b(?P<cmp>\s+(?:{alt(d['comparatives'])})\b)?",
            re.I,
        ),
        # "rose", "grew by nearly", just before a "N times": the level changed N-fold
        change_before=re.compile(rf"\b(?:{alt(d['change_verbs'])})\s+(?:by\s+)?(?:(?:{alt(d['duration_hedges'])})\s+)?$",
                                 re.I),
        twice=re.compile(rf"\b(?P<w>{alt(d['multiple_words'])})\s+(?:{alt(d['comparatives'])})\b", re.I),
        # "a 4x faster chip", "10x more compute"
        times_x=re.compile(rf"(?<![\w.,])(?P<num>\d+(?:\.\d+)?)[x\u00d7](?:\s+|-)(?:{alt(d['comparatives'])})\b", re.I),
        factor=re.compile(rf"\bby\s+a\s+factor\s+of\s+(?:(?:{alt(d['duration_hedges'])})\s+)?(?P<num>{p.num_or_word})\b", re.I),
        fold=re.compile(rf"(?<![\w.,])(?P<num>{p.num_or_word})-?fold\b", re.I),
        magnitude=re.compile(rf"\b(?P<num>an|one|two|three|{NUM})\s+orders?\s+of\s+magnitude\b", re.I),
        multiplier=re.compile(rf"\b(?P<verb>{alt(d['multiplier_verbs'])})\b(?!-)", re.I),
    )


def _ranks(d: dict, p: _Parts) -> dict[str, re.Pattern]:
    """ranks: "number two", "No. 3", "ranked fifth", "third-largest", "top 10" and the like"""
    return dict(
        # "the world's number two chipmaker", "the number 3 spot"
        rank_number=re.compile(rf"(?:(?<=the )|(?<='s )|(?<=\u2019s ))number\s+(?P<num>\d+|{p.word_num})\b", re.I),
        rank_hash=re.compile(r"(?:(?<=\s)|^)(?:#|No\.\s?|(?<=\s)No\s)(?P<num>\d{1,4})\b"),
        rank_verb=re.compile(
            rf"\b(?:{alt(d['rank_verbs'])})\s+(?:at\s+|as\s+)?(?:(?:No\.|number)\s?(?P<num>\d+|{p.word_num})\b|(?P<ord>{p.ordinal})\b)",
            re.I,
        ),
        # "ranks the UAE fifth", "rated Nvidia second": the ranked thing named between the verb and the ordinal
        rank_object=re.compile(rf"\b(?i:{alt(d['rank_object_verbs'])})\s+(?:the\s+)?(?:[A-Z][\w.&'\u2019-]*\s+){{1,3}}"
                               rf"(?P<ord>(?i:{p.ordinal}))\b"),
        rank_super=re.compile(rf"\b(?P<ord>{p.ordinal})[- ](?:{alt(d['superlatives'])})\b", re.I),
        # "slipped to fourth place", "climbed to 7th": an ordinal standing for a place in a ranking ("in the first
        # place" is an idiom)
        rank_place=re.compile(rf"(?<!the )\b(?P<ord>{p.ordinal})\s+(?:{alt(d['rank_places'])})\b"
                              # "slipped to ninth.", "down from sixth,", "is now at ninth": a place reached or left
                              rf"|\b(?:to|from|is|was|at(?!\sfirst\b))\s(?P<ord2>{p.ordinal})"
                              rf"(?=\s*(?:[.,;]|$)|\s+(?:and|from)\s|\s+(?:a\s+year|last\s+year|in\s+\d{{4}})\b)", re.I),
        # "for a 14th straight month", "the third consecutive monthly decline", "for the ninth month in a row": an
        # ordinal of a streak places this one in the sequence (a cardinal, "for 14 straight months", is a span)
        rank_streak=re.compile(rf"(?<![\w.,-])(?P<ord>{p.ordinal})\s+(?:{alt(d['duration_streaks'])})\b"
                               rf"|(?<![\w.,-])(?P<ord2>{p.ordinal})\s+(?:{alt(d['duration_units'])})\s+in\s+a\s+row\b", re.I),
        # "a first tier of 18 partners", "placed in the second tier": a grouping in a ranked sequence, "first"
        # included ("second-tier suppliers", hyphenated, grades quality and is read nowhere)
        rank_group=re.compile(rf"\b(?:{alt(d['rank_group_determiners'])})\s+(?P<ord>{p.ordinal})\s+"
                              rf"(?:{alt(d['rank_groupings'])})\b(?!-)", re.I),
        rank_top=re.compile(rf"\btop[- ](?P<num>\d+|{p.word_num})\b(?![-\s](?:tier|level|notch|secret|down)\b)", re.I),
    )


def _units(d: dict, p: _Parts) -> dict[str, re.Pattern]:
    """physical units, time spans, and bare counts of a label or an earlier level"""
    return dict(
        # "2.2 million tonnes": a scale word between the number and its unit multiplies it
        physical=re.compile(rf"(?<![\w.,^])(?P<num>{POWER_OF_TEN.pattern}|{p.num_or_word})(?:\s+(?P<scale>{alt(d['elliptic_scales'])}))?"
                            rf"(?:\s?|-)(?P<unit>{alt(d['physical_units'])})\b", re.I),
        # two numbers share one unit: a suspended hyphen ("four- and two-nanometer chips") or a range ("5 to 7
        # nanometers", "2-3 GW", "between 40 and 50 tonnes"), one figure per bound
        physical_pair=re.compile(
            rf"(?<![\w.,])(?P<num>{p.num_or_word})(?:-\s+(?:and|or|to)\s+|\s+(?:to|and|or)\s+|\s?[-\u2013]\s?)"
            rf"(?P<num2>{p.num_or_word})[\s-]?(?P<unit>{alt(d['physical_units'])})\b", re.I),
        # a time span: "within 90 days", "for close to two decades", "over the last six quarters"
        duration=re.compile(
            rf"\b(?:{alt(d['duration_leads'])})\s+(?:(?:{alt(d['duration_hedges'])})\s+)?(?P<num>{p.num_or_word})\s+"
            # a range gives both bounds: "by two to three years"
            rf"(?:(?:to|or|-|\u2013)\s+(?P<num2>{p.num_or_word})\s+)?"
            rf"(?:(?:{alt(d['duration_adjectives'])})\s+)?(?P<unit>{alt(d['duration_units'])})\b"
            # "a 90-day review", "a five-year plan" (not an age: "a 50-year-old plant")
            rf"|(?<![\w.,-])(?P<hnum>{p.num_or_word})-(?P<hunit>{alt(d['duration_units'])})\b(?!-old)"
            # "more than a decade", "nearly a year", "for a year": a hedged or led single unit is a span (not "about a
            # decade ago")
            rf"|\b(?:{alt(d['duration_hedges'] + d['duration_article_leads'])})\s+(?P<anum>an?)\s+"
            rf"(?P<aunit>{alt(d['duration_units'])})\b"
            rf"(?!\s+(?:ago|old|earlier|before|later)\b)"
            # "over the past decade": one period of a unit worth several years (not "the last year", a date)
            rf"|\bthe\s+(?:{alt(d['duration_periods'])})\s+(?P<punit>{alt(_long_units(d))})\b"
            # "officials have 270 days to report": any span, but not a point in time or an age
            # a range gives both bounds: "take 45 to 60 days", "3-4 weeks"
            rf"|(?<![\w.,-])(?P<bnum>{NUM}|{p.word_num})(?:(?:\s+(?:to|or)\s+|\s?[-\u2013]\s?)(?P<bnum2>{NUM}|{p.word_num}))?\s+"
            rf"(?:(?:{alt(d['duration_adjectives'])})\s+)?(?P<bunit>{alt(d['duration_units'])})\b"
            rf"(?!\s+(?:ago|old|earlier|before)\b|\s+of\s+(?:(?:19|20)\d\d|(?:the|this|last|that)\s+year)\b)", re.I),

        # a list line "Entities added: about 140": the bare number after the label counts what it names
        labelled=re.compile(rf"^[ \t]*(?:[-*\u2022][ \t]+)?[A-Za-z][^:\n]{{2,60}}:[ \t]*(?:(?:about|around|some|nearly|"
                            rf"over|more than|almost|roughly)[ \t]+)?(?P<num>{NUM})[ \t]*$", re.I | re.M),
        # "1.2 million GPUs, up from 800,000": the earlier level of a count, its noun left implicit
        # "the 2,000-strong workforce", "a 27-member bloc": the size of a group
        # "2.1 million" with no unit of its own, nor a noun after it
        bare_scaled=re.compile(rf"(?<![\w.,$\u20ac\u00a3\u00a5\u20b9])(?P<num>{NUM})\s?(?P<scale>{alt(d['elliptic_scales'])})\b"
                               rf"(?=\s*[.,;:)\u2014]|\s*$|\s+(?:{alt(d['elliptic_followers'])})\b)"),
        # "a 70-billion-parameter model", "a 10-billion-dollar fund": a scaled number fused into a modifier
        scaled_compound=re.compile(rf"(?<![\w.,$\u20ac\u00a3\u00a5])(?P<num>{NUM}|{p.word_num})-(?P<scale>{p.scale})-"
                                   rf"(?P<noun>[a-z]+)\b", re.I),
        # "models trained with more than 10^26 operations": a power of ten of operations is a compute threshold
        power_ops=re.compile(rf"(?<![\w.,^])(?P<num>{POWER_OF_TEN.pattern})\s+(?:(?:floating[- ]point|integer)\s+)?"
                             rf"op(?:eration)?s\b", re.I),
        group_size=re.compile(rf"(?<![\w.,])(?P<num>{p.num_or_word})-(?:{alt(d['group_sizes'])})\b", re.I),
        # "bringing the total to more than 600", "the number of staff fell to 1,200": a total restated bare
        total=re.compile(rf"\b(?:{alt(d['total_nouns'])})\b(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?\s+(?:[a-z]+\s+)?(?:to|at|of)\s+"
                         rf"(?:(?:{alt(d['duration_hedges'])})\s+)?(?P<num>{p.num_or_word})(?:\s(?P<scale>{p.scale})\b)?"
                         rf"(?=\s*(?:[.,;)\u2014]|$|\s+(?:{alt(d['elliptic_followers'])})\b))", re.I),
        # "from 45 days to zero", "from 30 MW to 120": the bare bound after "to" takes the unit of the first
        unit_to=re.compile(rf"\bfrom\s+{NUM}\s?(?P<unit>{alt(d['duration_units'])}|{alt(d['physical_units'])})\s+to\s+"
                           rf"(?P<num>zero|{NUM})(?![\w%-]|[.,]\d)(?!\s?(?:{alt(d['percent_words'])}|{alt(d['duration_units'])}|"
                           rf"{alt(d['physical_units'])}|{alt(d['scales'])})\b)", re.I),
        up_from=re.compile(rf"\b(?:up|down)\s+from\s+(?:about\s+|around\s+|roughly\s+)?(?P<num>{NUM})"
                           rf"(?:\s(?P<scale>{p.scale})\b)?(?=\s*(?:[.,;)]|$|\s+(?:a|in|the|last|this|year|since)\b))", re.I),
    )


def _long_units(d: dict) -> list[str]:
    """The singular time units worth several years ("decade")."""
    return [u for u, (_, factor) in d["duration_units"].items() if factor > 1 and not u.endswith("s")]


def _composed_fractions(parts: dict) -> dict[str, float]:
    """"nine-tenths", "three eighths": each numerator over each denominator, as a percent (one decimal)."""
    out = {}
    for num, n in parts["numerators"].items():
        for den, q in parts["denominators"].items():
            if n >= q:
                continue
            word = den if n == 1 else den + "s"
            for sep in (" ", "-"):
                out[f"{num}{sep}{word}"] = round(100 * n / q, 1)
    return out


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    d = json.loads(files("extractors").joinpath("data", "figures.json").read_text(encoding="utf-8"))
    d["fractions"] = {**_composed_fractions(d["fraction_parts"]), **d["fractions"]}
    p = _parts(d)
    return _Lex(data=d, **_money(d, p), **_shares(d, p), **_multiples(d, p), **_ranks(d, p), **_units(d, p))


def number(s: str) -> float | None:
    s = s.strip().lower()
    if s.endswith(" and a half"):
        whole = number(s[:-len(" and a half")])
        return None if whole is None else whole + 0.5
    power = POWER_OF_TEN.fullmatch(s)
    if power:
        return float(10 ** int(power.group(1)))  # "10^26"
    words = lexicon().data["number_words"]
    if s in words:
        return float(words[s])
    parts = re.split(r"[-\u2010\u2011 ]", s)
    if len(parts) == 2 and all(w in words for w in parts) and words[parts[0]] in range(20, 100, 10) \
            and words[parts[1]] in range(1, 10):
        return float(words[parts[0]] + words[parts[1]])  # "twenty-five"
    m = re.match(r"(\d+)(?:st|nd|rd|th)$", s)
    if m:
        return float(m.group(1))
    if s in lexicon().data["ordinal_words"]:
        return float(lexicon().data["ordinal_words"][s])
    try:
        return float(s.replace(",", "").replace("'", "").replace("\u2019", ""))
    except ValueError:
        return None



@lru_cache(maxsize=1)
def number_word_set() -> frozenset[str]:
    """Every word that can carry a figure without a digit: numbers, ordinals, fractions ("a quarter"),
    multipliers, halvings, "twice", "magnitude", and time units worth several years ("a decade")."""
    d = lexicon().data
    words = {w for table in ("number_words", "fractions", "multiplier_verbs", "ordinal_words", "multiple_words",
                             "one_in") for k in d[table] for w in re.split(r"[\s-]+", k.lower())}
    folds = {f"{w}fold" for w in d["number_words"] if " " not in w}  # "tenfold"
    spans = {w for w, (_, factor) in d["duration_units"].items() if factor > 1}  # "more than a decade"
    spans |= set(d["round_scales"])  # "a thousand companies", "a billion dollars"
    return frozenset({w for w in words if len(w) > 1 and w != "an"} | set(d["halving_verbs"]) | {"magnitude"} | folds
                     | spans)

"""Surface figures found by patterns in a cleaned sentence: money, shares, multiples, ranks, units, durations."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .figure_lexicon import ONE, YEARISH, fraction_value, lexicon, number

_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_URL = re.compile(r"<?https?://[^\s>)\]]+>?|\bwww\.[^\s)\]]+")
_MARKUP = re.compile(r"\\(?=[$*_\[\]()#%&])|\*\*?|(?<!\w)_|_(?!\w)|\[(?=[^\]]*\])")


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
class Hit:
    value: float
    unit: str
    start: int  # in the cleaned sentence
    end: int
    raw: str
    pair: Hit | None = None  # the hit this one is the parenthetical conversion of


def overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in taken)


class _Collector:
    """Hits of one cleaned sentence; a span already taken by an earlier family is not taken again."""

    def __init__(self, s: str):
        self.s = s
        self.d = lexicon().data
        self.hits: list[Hit] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, value: float | None, unit: str, start: int, end: int) -> Hit | None:
        if value is None or overlaps((start, end), self.taken):
            return None
        h = Hit(value, unit, start, end, self.s[start:end].strip())
        self.hits.append(h)
        self.taken.append((start, end))
        return h

    def scale_of(self, m: re.Match) -> float:
        sc = (m.groupdict().get("scale") or m.groupdict().get("scale2") or "").lower()
        return self.d["scales"].get(sc, 1.0)


def scan(s: str) -> list[Hit]:
    """Pattern figures in one cleaned sentence; earlier families win over later ones on overlap."""
    c = _Collector(s)
    for family in (_money, _shares, _multiples, _ranks, _units):
        family(c)
    _conversions(c.hits, s)
    return c.hits


def _money(c: _Collector) -> None:
    """Money: a symbol, an ISO code or a currency word with the number; a range gives both bounds."""
    lx = lexicon()
    d = c.d
    for m in lx.money_symbol.finditer(c.s):
        cur = m.group("cur").lower()
        unit = "USD" if m.group("usd") else d["currency_symbols"].get(cur, "USD")
        sc = c.scale_of(m)
        if m.group("num2"):
            c.add(number(m.group("num")) * sc, unit, m.start(), m.start("num2"))
            c.add(number(m.group("num2")) * sc, unit, m.start("num2"), m.end())
        else:
            c.add(number(m.group("num")) * sc, unit, m.start(), m.end())
    for m in lx.money_code.finditer(c.s):
        code = m.group("code").upper()
        c.add(number(m.group("num")) * c.scale_of(m), d["code_aliases"].get(code, code), m.start(), m.end())
    for m in lx.money_word.finditer(c.s):
        word = m.group("word")
        unit = d["currency_words"].get(word.lower()) or d["code_aliases"].get(word.upper(), word.upper())
        if word.lower() == "won" and not m.group("scale"):
            continue  # "won" is a verb far more often than a currency
        n = 1.0 if m.group("num").lower() in ONE else number(m.group("num"))  # "a billion dollars"
        c.add(n * c.scale_of(m), unit, m.start(), m.end())


def _shares(c: _Collector) -> None:
    """Percentages, their ranges and changes, fractions and shares in words, halvings."""
    lx = lexicon()
    d = c.d
    for m in lx.to_from.finditer(c.s):
        g = "num" if m.group("num") else "num2"
        c.add(number(m.group(g)), "percent", m.start(g), m.end(g))
    for m in lx.percent_range.finditer(c.s):
        c.add(number(m.group("num")), "percent", m.start("num"), m.end("num"))
    for m in lx.percent.finditer(c.s):
        c.add(number(m.group("num")), "percent", m.start(), m.end())
    for m in lx.fraction.finditer(c.s):
        if m.group("one_in"):
            # "one in five" is 20 percent, "7 in 10" is 70
            denominator = round(100 / float(d["one_in"][m.group("one_in").lower()]))
            share = (number(m.group("n_of")) or 1.0) * 100 / denominator
            if share <= 100:
                c.add(round(share, 1), "percent", m.start(), m.end())
            continue
        g = next(k for k in ("frac", "frac2", "frac3", "frac4", "frac5", "frac6", "frac7") if m.group(k))
        c.add(fraction_value(m.group(g)), "percent", m.start(g), m.end(g))
    for m in lx.halving.finditer(c.s):
        c.add(50.0, "percent", m.start(), m.end())


def _multiples(c: _Collector) -> None:
    """Multiples and orders of magnitude, and "the number two" ranks written between them."""
    lx = lexicon()
    d = c.d
    for m in lx.magnitude.finditer(c.s):
        n = m.group("num").lower()
        c.add(10.0 ** (1 if n in ("an", "one") else (number(n) or 1)), "times", m.start(), m.end())
    for m in lx.twice.finditer(c.s):
        c.add(float(d["multiple_words"][m.group("w").lower()]), "times", m.start(), m.end())
    for m in lx.rank_number.finditer(c.s):
        c.add(number(m.group("num")), "rank", m.start(), m.end())
    for m in lx.times_x.finditer(c.s):
        c.add(number(m.group("num")), "times", m.start(), m.end())
    for m in lx.factor.finditer(c.s):
        c.add(number(m.group("num")), "times", m.start(), m.end())
    for m in lx.fold.finditer(c.s):
        c.add(number(m.group("num")), "times", m.start(), m.end())
    for m in lx.times.finditer(c.s):
        # "fifty times as much", "seven times lower" compare; "seven more times" counts occurrences
        # "rose 2.5 times", "grew three times" multiply a level: a change verb or a fraction makes it a multiple
        grown = bool(lx.change_before.search(c.s[:m.start()])) or "." in m.group("num")
        unit = "times" if (m.group("cmp") or grown) and not m.group("more") else "count"
        if unit == "count" and number(m.group("num")) == 1:
            continue
        if m.group("lo") and unit == "times":
            c.add(number(m.group("lo")), unit, m.start("lo"), m.end("lo"))
        c.add(number(m.group("num")), unit, m.start("num"), m.end())
    for m in lx.multiplier.finditer(c.s):
        c.add(float(d["multiplier_verbs"][m.group("verb").lower()]), "times", m.start(), m.end())


def _ranks(c: _Collector) -> None:
    """Ranks: "#3", "No. 3", "ranked fifth", "third-largest", "the fifth straight month", "the second tier", "top 10"."""
    lx = lexicon()
    documents = lx.data["document_words"]
    for m in lx.rank_hash.finditer(c.s):
        before = c.s[:m.start()].split()
        if before and before[-1].lower() in documents:
            continue  # "Announcement No. 61", "Executive Order No. 14117": a document's number, not a rank
        c.add(number(m.group("num")), "rank", m.start(), m.end())
    for m in lx.rank_verb.finditer(c.s):
        g = "num" if m.group("num") else "ord"
        c.add(number(m.group(g)), "rank", m.start(g), m.end(g))
    for m in lx.rank_object.finditer(c.s):
        c.add(number(m.group("ord")), "rank", m.start("ord"), m.end("ord"))
    for m in lx.rank_super.finditer(c.s):
        c.add(number(m.group("ord")), "rank", m.start(), m.end())
    for m in (*lx.rank_place.finditer(c.s), *lx.rank_streak.finditer(c.s)):
        g = "ord" if m.group("ord") else "ord2"
        c.add(number(m.group(g)), "rank", m.start(g), m.end(g))
    for m in lx.rank_group.finditer(c.s):
        c.add(number(m.group("ord")), "rank", m.start("ord"), m.end("ord"))
    for m in lx.rank_top.finditer(c.s):
        c.add(number(m.group("num")), "rank", m.start(), m.end())


def _units(c: _Collector) -> None:
    """Physical units, time spans, a labelled bare number and the earlier level of a count."""
    lx = lexicon()
    d = c.d
    for m in lx.physical_pair.finditer(c.s):
        if YEARISH.match(m.group("num")):
            continue  # "in 2024 and 40 tonnes": a year is no bound
        unit = d["physical_units"][m.group("unit").lower()]
        c.add(number(m.group("num")), unit, m.start("num"), m.end("num"))
        c.add(number(m.group("num2")), unit, m.start("num2"), m.end())
    for m in lx.duration.finditer(c.s):
        if m.group("hunit") and m.group("hunit")[:1].isupper():
            continue  # "the 14th Five-Year Plan": a number inside a name
        g, u = next((g, u) for g, u in (("num", "unit"), ("hnum", "hunit"), ("bnum", "bunit"),
                                        ("anum", "aunit"), ("punit", "punit")) if m.group(g))
        if g == "bnum" and YEARISH.match(m.group(g)):
            continue  # "the 2023-24 years": a year is no span
        unit, factor = d["duration_units"][m.group(u).lower()]
        n = 1.0 if g in ("anum", "punit") else number(m.group(g))
        g2 = {"num": "num2", "bnum": "bnum2"}.get(g)
        if g2 and m.group(g2):
            n2 = number(m.group(g2))
            c.add(None if n is None else n * factor, unit, m.start(g), m.end(g))
            c.add(None if n2 is None else n2 * factor, unit, m.start(g2), m.end(u))
            continue
        c.add(None if n is None else n * factor, unit, m.start(g), m.end(u))
    for m in lx.physical.finditer(c.s):
        unit = d["physical_units"][m.group("unit").lower()]
        n = number(m.group("num"))
        if n is not None and m.group("scale"):
            n *= d["scales"][m.group("scale").lower()]
        c.add(n, unit, m.start(), m.end())
    for m in lx.labelled.finditer(c.s):
        if not YEARISH.match(m.group("num")):
            c.add(number(m.group("num")), "count", m.start("num"), m.end("num"))
    for m in lx.power_ops.finditer(c.s):
        c.add(number(m.group("num")), "FLOP", m.start(), m.end())
    for m in lx.scaled_compound.finditer(c.s):
        if not YEARISH.match(m.group("num")):
            cur = d["currency_words"].get(m.group("noun").lower())
            c.add(number(m.group("num")) * c.scale_of(m), cur or "count", m.start(), m.end())
    for m in lx.group_size.finditer(c.s):
        if not YEARISH.match(m.group("num")):
            c.add(number(m.group("num")), "count", m.start("num"), m.end("num"))
    for m in lx.total.finditer(c.s):
        if not YEARISH.match(m.group("num")):
            c.add(number(m.group("num")) * c.scale_of(m), "count", m.start("num"), m.end())
    for m in lx.unit_to.finditer(c.s):
        word = m.group("unit").lower()
        unit, factor = d["duration_units"][word] if word in d["duration_units"] else (d["physical_units"][word], 1)
        n = number(m.group("num"))
        c.add(None if n is None else n * factor, unit, m.start("num"), m.end("num"))
    for m in lx.up_from.finditer(c.s):
        if not YEARISH.match(m.group("num")):
            c.add(number(m.group("num")) * c.scale_of(m), "count", m.start("num"), m.end())


def _conversions(hits: list[Hit], s: str) -> None:
    """Parenthetical conversions: "5.2 billion rubles ($57,247,000)" pairs the two amounts."""
    money = sorted((h for h in hits if len(h.unit) == 3 and h.unit.isupper()), key=lambda h: h.start)
    for a, b in zip(money, money[1:]):
        between = s[a.end:b.start]
        if re.fullmatch(r"\s*[(\[]\s*(?:about|around|roughly|approximately|approx\.|~|or|c\.)?\s*", between) \
                and a.unit != b.unit and re.match(r"\s*[)\]]", s[b.end:]):
            b.pair = a


def shared_symbols(hits: list[Hit], sentence: str, paragraph: str, article: str = "") -> list[Hit]:
    """"\u00a5" means yuan or yen, "pesos" Mexico's or Chile's: the sentence decides, else the paragraph, else the
    article (the country it names most)."""
    d = lexicon().data
    defaults = {rule["default"] for rule in d["shared_words"].values()}
    if not any(h.raw[:1] in d["shared_symbols"] or h.unit in defaults for h in hits):
        return hits  # the common case: no context to read
    contexts = [_words(sentence), _words(paragraph), _words(article)]
    for h in hits:
        rule = d["shared_symbols"].get(h.raw[:1])
        if rule is not None:
            for words in contexts:
                cue, against = bool(words.keys() & set(rule["cues"])), bool(words.keys() & set(rule["against"]))
                if cue != against:
                    if cue:
                        h.unit = rule["alternative"]
                    break
            continue
        word = next((w for w in d["shared_words"] if h.raw.lower().endswith(w)), None)
        if word is not None:
            h.unit = _by_context(d["shared_words"][word], contexts)
    return hits


def _words(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in re.findall(r"[a-z]+", text.lower()):
        counts[w] = counts.get(w, 0) + 1
    return counts


def _by_context(rule: dict, contexts: list[dict[str, int]]) -> str:
    """The currency whose country the nearest context names most; the default when none names one."""
    for words in contexts:
        score = {code: sum(words.get(c, 0) for c in cues) for code, cues in rule["by_context"].items()}
        best = max(score.values())
        top = [code for code, n in score.items() if n == best]
        if best and len(top) == 1:
            return top[0]
    return rule["default"]


def elliptic_amounts(s: str, hits: list[Hit]) -> list[Hit]:
    """"1.2 million units in 2023, 2.1 million in 2024": a scaled number left without its unit repeats the unit
    of the figure before it in the sentence (a count when there is none)."""
    out = list(hits)
    taken = [(h.start, h.end) for h in hits]
    for m in lexicon().bare_scaled.finditer(s):
        if overlaps((m.start(), m.end()), taken):
            continue
        before = [h for h in hits if h.end <= m.start() and h.unit not in ("percent", "rank", "times")]
        unit = before[-1].unit if before else "count"
        value = number(m.group("num"))
        if value is not None:
            out.append(Hit(value * lexicon().data["scales"][m.group("scale").lower()], unit, m.start(), m.end(),
                           m.group(0)))
    return sorted(out, key=lambda h: h.start)

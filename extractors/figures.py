"""Figures: money, percentages, ranks, counts and multiples, with the year they refer to."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .actors import ActorIndex
from .records import Evidence, Figure

_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12}
_MONEY = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥)\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>thousand|million|billion|trillion|bn|mn|[mb]\b)?",
    re.I,
)
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)")
_YEAR = re.compile(r"\b(?:in|by|for|of|since|during)\s+((?:19|20)\d{2})\b")


def extract_figures(paras: list[tuple[Doc, int]], index: ActorIndex, text: str) -> list[Figure]:
    figures: list[Figure] = []
    for doc, offset in paras:
        for sent in doc.sents:
            s = sent.text
            base = offset + sent.start_char
            year_m = _YEAR.search(s)
            year = int(year_m.group(1)) if year_m else None
            for m in _MONEY.finditer(s):
                scale = _SCALE.get((m.group("scale") or "").lower(), 1)
                value = float(m.group("num").replace(",", "")) * scale
                unit = _CURRENCY.get(m.group("cur").lower(), "USD")
                figures.append(Figure(value, unit, Evidence(s, base, base + len(s)), raw=m.group(0), year=year))
            for m in _PERCENT.finditer(s):
                figures.append(Figure(float(m.group("num")), "percent", Evidence(s, base, base + len(s)),
                                      raw=m.group(0), year=year))
    return figures

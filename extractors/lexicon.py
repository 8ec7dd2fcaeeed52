"""Lexicons (rules as data) loaded from extractors/data/*.jsonl."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files


def _read_jsonl(name: str) -> list[dict]:
    text = files("extractors").joinpath("data", name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//")]


@lru_cache(maxsize=None)
def resource_terms() -> dict[str, str]:
    """Lower-case lemma or multi-word term -> resource concept."""
    return {row["term"]: row["resource"] for row in _read_jsonl("resources.jsonl")}


def resource_of(lemmas: list[str]) -> str | None:
    """Resource concept named by a noun phrase given as lower-case lemmas (head last)."""
    terms = resource_terms()
    # the longest multi-word term wins ("chipmaking equipment" over "equipment")
    for n in range(min(3, len(lemmas)), 0, -1):
        for i in range(len(lemmas) - n, -1, -1):
            hit = terms.get(" ".join(lemmas[i:i + n]))
            if hit:
                return hit
    return None

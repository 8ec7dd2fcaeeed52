"""The semantic classes of relation words and the classes that open each kind (data/relation_classes.json); each kind's argument types are lexicon.argument_types."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import read_json

KINDS = ("dependency", "restriction", "cooperation")
# entries of the data file that are not word classes
_TABLES = ("gates", "argument_types", "implicit_provider", "speaker_pronouns", "verb_senses", "provider_resources")


@lru_cache(maxsize=None)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Lower-case lemma or form -> the semantic classes it belongs to."""
    out: dict[str, list[str]] = {}
    for cls, row in read_json("relation_classes.json").items():
        if cls.startswith("//") or cls in _TABLES:
            continue
        for w in row["words"]:
            out.setdefault(w, []).append(cls)
    return {w: tuple(c) for w, c in out.items()}


def classes_of(tok: Token) -> tuple[str, ...]:
    table = word_classes()
    classes = table.get(tok.lemma_.lower()) or table.get(tok.lower_) or ()
    if classes and tok.pos_ != "VERB":
        verbal = _verb_senses()
        classes = tuple(c for c in classes if tok.lemma_.lower() not in verbal.get(c, ()))
    return classes


@lru_cache(maxsize=None)
def _verb_senses() -> dict[str, frozenset[str]]:
    """Class -> the words that belong to it only as verbs ("shares in X fell" is no sharing)."""
    return {c: frozenset(ws) for c, ws in read_json("relation_classes.json")["verb_senses"].items()}


@lru_cache(maxsize=None)
def gates() -> dict[str, frozenset[str]]:
    """Kind -> the word classes a sentence must hold for readings of that kind to be proposed."""
    return {k: frozenset(v) for k, v in read_json("relation_classes.json")["gates"].items()}


@lru_cache(maxsize=None)
def implicit_provider() -> frozenset[str]:
    """The word classes that, with no provider named, read as a flow from abroad (a 'foreign' reading)."""
    return frozenset(read_json("relation_classes.json")["implicit_provider"])


@lru_cache(maxsize=None)
def speaker_pronouns() -> frozenset[str]:
    """First-person plural words, which in a quotation stand for the speaker's organisation."""
    return frozenset(read_json("relation_classes.json")["speaker_pronouns"])

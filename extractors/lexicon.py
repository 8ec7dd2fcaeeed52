"""Lexicons (rules as data) loaded from extractors/data/*.jsonl."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

# A noun phrase can name several resources ("chip technologies"); the generic ones yield to the specific.
_GENERIC = {"ai_technology": 1, "other": 0}


def read_json(name: str) -> dict:
    """A JSON data file of extractors/data."""
    return json.loads(files("extractors").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def word_class(name: str) -> frozenset[str]:
    """A named word class of data/relation_words.json ("sanction", "impose", ...)."""
    return frozenset(read_json("relation_words.json")[name]["words"])


@lru_cache(maxsize=None)
def argument_types() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Kind -> the actor types its subject and its object may have ('null': unnamed, 'foreign')
    (data/relation_classes.json)."""
    table = read_json("relation_classes.json")["argument_types"]
    return {k: (frozenset(v["subject"]), frozenset(v["object"])) for k, v in table.items()}


@lru_cache(maxsize=None)
def _provider_resources() -> dict[str, frozenset[str]]:
    return {t: frozenset(rs) for t, rs in read_json("relation_classes.json")["provider_resources"].items()}


def provides(provider_type: str | None, resource: str) -> bool:
    """Whether a provider of this actor type may give this resource (data/relation_classes.json
    'provider_resources': a government body only funds; other types give anything)."""
    allowed = _provider_resources().get(provider_type or "")
    return allowed is None or resource in allowed


@lru_cache(maxsize=None)
def product_resources() -> dict[str, str]:
    """Gazetteer key of a named product -> the resource concept it is (data/product_resources.json)."""
    return _keys_by_resource("product_resources.json")


@lru_cache(maxsize=None)
def supplier_lines() -> dict[str, str]:
    """Gazetteer key of a company -> the resource concept it chiefly sells (data/supplier_lines.json)."""
    return _keys_by_resource("supplier_lines.json")


def _keys_by_resource(name: str) -> dict[str, str]:
    """A data file of resource -> gazetteer keys, turned round (its "//" notes left out)."""
    return {key: res for res, keys in read_json(name).items() if not res.startswith("//") for key in keys}


@lru_cache(maxsize=None)
def observers() -> tuple[frozenset[str], frozenset[str]]:
    """Gazetteer keys of the actors that watch rather than act (outlets, analysts, think tanks), and the last
    words of an organisation's name that make it one (data/observers.json)."""
    d = read_json("observers.json")
    return frozenset(d["keys"]), frozenset(d["heads"])


def _read_jsonl(name: str) -> list[dict]:
    text = files("extractors").joinpath("data", name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//")]


@lru_cache(maxsize=None)
def weak_terms() -> frozenset[str]:
    """Terms that name a resource only when nothing more specific does ("DUV models" are machines)."""
    return frozenset(row["term"] for row in _read_jsonl("resources.jsonl") if row.get("weak") and "term" in row)


@lru_cache(maxsize=None)
def resource_terms() -> dict[str, str]:
    """Lower-case lemma or multi-word term -> resource concept."""
    return {row["term"]: row["resource"] for row in _read_jsonl("resources.jsonl") if "term" in row}


@lru_cache(maxsize=None)
def entity_resources() -> dict[str, str]:
    """Named-entity label -> the resource an entity of that kind names ("$6.4 billion" names funding)."""
    return {row["entity"]: row["resource"] for row in _read_jsonl("resources.jsonl") if "entity" in row}


def resource_of(lemmas: list[str]) -> str | None:
    """Resource concept named by a noun phrase given as lower-case lemmas (head last).

    Multi-word terms beat their parts ("chipmaking equipment" over "equipment"); a specific concept
    beats the generic ai_technology ("chip technology" is chips); otherwise the word nearest the head wins.
    """
    terms = resource_terms()
    best: tuple[int, int, int] | None = None
    hit_of: dict[tuple[int, int, int], str] = {}
    n_words = len(lemmas)
    for n in range(min(3, n_words), 0, -1):
        for i in range(n_words - n, -1, -1):
            hit = terms.get(" ".join(lemmas[i:i + n]))
            if hit is None:
                continue
            term = " ".join(lemmas[i:i + n])
            rank = (0 if hit in _GENERIC else 1 if term in weak_terms() else 2, n, i)  # specific first, then longer, then nearer the head
            hit_of[rank] = hit
            if best is None or rank > best:
                best = rank
    if best is None:
        return None
    return hit_of[best]


@dataclass(frozen=True)
class Trigger:
    """A word that announces a relation and the frame that reads its arguments."""

    lemma: str
    kind: str
    frame: str
    needs: tuple[str, ...] = ()
    needs_modifier: tuple[str, ...] = ()
    needs_head: tuple[str, ...] = ()
    needs_foreign: bool = False
    needs_list: bool = False
    default_provider: str | None = None
    provider_required: bool = False
    not_modifier: tuple[str, ...] = ()
    via: tuple[str, ...] = ()  # verbs that introduce the trigger's means ("trained ... using X")
    only_resources: tuple[str, ...] = ()  # the resources the trigger can be about
    head_is_resource: bool = False  # the thing's own head names the resource ("received chips", not "chip orders")


@lru_cache(maxsize=None)
def relation_triggers() -> dict[tuple[str, str], Trigger]:
    """(lemma, coarse POS) -> trigger; PROPN counts as NOUN."""
    out: dict[tuple[str, str], Trigger] = {}
    for row in _read_jsonl("relation_triggers.jsonl"):
        trig = Trigger(
            lemma=row["lemma"], kind=row["kind"], frame=row["frame"],
            needs=tuple(row.get("needs", ())), needs_modifier=tuple(row.get("needs_modifier", ())),
            needs_head=tuple(row.get("needs_head", ())), needs_foreign=row.get("needs_foreign", False),
            needs_list=row.get("needs_list", False), default_provider=row.get("default_provider"),
            provider_required=row.get("provider_required", False),
            not_modifier=tuple(row.get("not_modifier", ())),
            via=tuple(row.get("via", ())), only_resources=tuple(row.get("only_resources", ())),
            head_is_resource=row.get("head_is_resource", False),
        )
        for pos in row["pos"]:
            out[(row["lemma"], pos)] = trig
    return out


@lru_cache(maxsize=None)
def modality_cues() -> dict[str, dict[str, str]]:
    """where (neg, aux, adv, governor, governor_noun) -> cue -> modality."""
    out: dict[str, dict[str, str]] = {}
    for row in _read_jsonl("modality.jsonl"):
        out.setdefault(row["where"], {})[row["cue"]] = row["modality"]
    return out


@dataclass(frozen=True)
class SpeechCue:
    lemma: str
    type: str  # verb or noun
    needs: tuple[str, ...] = ()
    needs_clause: bool = False
    listener_fallback: bool = False
    no_country_subject: bool = False  # "Russia ranks 31st" is the ranked, not a source
    no_object: bool = False  # "Nvidia reports results" is not a report of a claim
    small_clause: bool = False  # "X sees demand doubling": an object with its own predicate carries the view
    needs_complement: tuple[str, ...] = ()  # dependency labels the verb must govern ("called the curbs 'a hostile act'")
    silent_when_negated: bool = False  # "Kova did not say how many it sold" reports no claim
    after_any_verb: bool = False  # "X rejected the claim, saying that ...": the participle shares any verb's subject


@lru_cache(maxsize=None)
def speech_cues() -> dict[tuple[str, str], SpeechCue]:
    """(lemma, verb|noun) -> reporting cue."""
    return {
        (row["lemma"], row["type"]): SpeechCue(
            lemma=row["lemma"], type=row["type"], needs=tuple(row.get("needs", ())),
            needs_clause=row.get("needs_clause", False), listener_fallback=row.get("listener_fallback", False),
            no_country_subject=row.get("no_country_subject", False),
            no_object=row.get("no_object", False), small_clause=row.get("small_clause", False),
            needs_complement=tuple(row.get("needs_complement", ())),
            silent_when_negated=row.get("silent_when_negated", False),
            after_any_verb=row.get("after_any_verb", False),
        )
        for row in _read_jsonl("speech.jsonl")
    }

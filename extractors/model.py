"""The learned relation decision: a logistic model over candidate features, read from a small JSON file.

The model file (`data/relation_model.json`, written by `kg train`) holds the feature weights, one
decision threshold per relation kind, the hash of the annotated articles it was trained on and the
scores it reached; it is plain data, so extraction needs no training step and no extra package.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import repeat
from pathlib import Path

from .candidates import Candidate
from .records import FOREIGN, Relation

MODEL_FILE = "relation_model.json"
FORMAT = "aigeo.relation-model.v1"


class ModelFileError(ValueError):
    """The relation model file is missing, unreadable or of another format."""


@dataclass(frozen=True)
class RelationModel:
    """Two logistic models: is there a relation of this kind between these actors here (`weights`,
    `bias`), and, when there is, which of the sentence's or context's resources is it about
    (`resource_weights`: the best-scored reading of the group wins)."""

    weights: dict[str, float]
    bias: dict[str, float]  # per kind
    threshold: dict[str, float]  # per kind: a relation is kept at or above it
    resource_weights: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict, compare=False)

    @classmethod
    def shipped(cls) -> RelationModel | None:
        """The model the package ships, or None before one was trained (the rule frames then decide alone)."""
        if not files("extractors").joinpath("data", MODEL_FILE).is_file():
            return None
        return cls.load()

    @classmethod
    def load(cls, path: str | Path | None = None) -> RelationModel:
        """The shipped model, or the one at `path`."""
        try:
            raw = Path(path).read_text(encoding="utf-8") if path else \
                files("extractors").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelFileError(f"relation model {path or MODEL_FILE}: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelFileError(f"relation model {path or MODEL_FILE}: format is not {FORMAT}")
        try:
            return cls(dict(data["weights"]), dict(data["bias"]), dict(data["threshold"]),
                       dict(data.get("resource_weights", {})), dict(data.get("meta", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"relation model {path or MODEL_FILE}: incomplete ({exc})") from None

    @property
    def digest(self) -> str:
        """A short hash of the weights and thresholds: a retrained model re-extracts every article."""
        body = json.dumps([self.bias, self.threshold, sorted(self.weights.items()), sorted(self.resource_weights.items())])
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "meta": self.meta, "bias": self.bias, "threshold": self.threshold,
                           "weights": dict(sorted(self.weights.items())),
                           "resource_weights": dict(sorted(self.resource_weights.items()))}, indent=0) + "\n"

    def probability(self, c: Candidate) -> float:
        """How likely the candidate's kind of relation holds between its actors in its sentence."""
        z = self.bias.get(c.kind, 0.0) + sum(map(self.weights.get, c.features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def resource_score(self, c: Candidate) -> float:
        return sum(map(self.resource_weights.get, c.resource_features, repeat(0.0)))

    def decide(self, candidates: list[Candidate], rules: list[Relation] | tuple[Relation, ...] = ()) -> list[Relation]:
        """The rule frames' relations, then the readings they missed that the model holds true (one per
        actor pair and sentence: the likelier direction and resource), in text order.

        A frame's reading stands, and the model adds the readings it did not settle (`_settled_by`), in
        its sentence as in any other: a frame reads one relation word's arcs, and a sentence often states
        more."""
        settled = _settled_by(rules)
        by_features: dict[int, float] = {}  # the resource readings of one reading share its features

        def probability(c: Candidate) -> float:
            k = id(c.features)
            if k not in by_features:
                by_features[k] = self.probability(c)
            return by_features[k]

        scored = [(probability(c), self.resource_score(c), c) for c in candidates if not settled(c)]
        # one reading per actor pair and sentence: the likelier direction, then the likelier resource
        best: dict[tuple, tuple[float, float, Candidate]] = {}
        for pr, rs, c in scored:
            if pr < self.threshold.get(c.kind, 0.5):
                continue
            pair = (c.subject, c.object) if c.object in (None, FOREIGN) else tuple(sorted((c.subject or "", c.object)))
            key = (c.kind, pair, c.evidence.start)
            if key not in best or (pr, rs) > best[key][:2]:
                best[key] = (pr, rs, c)
        kept = [(pr, c) for pr, _, c in sorted(best.values(), key=lambda prc: (prc[2].evidence.start, -prc[0]))]
        # a measure that names nobody cannot also name its target: a null-target reading yields to a
        # named one of the same restrictor in the same sentence
        targeted = {(c.kind, c.subject, c.evidence.start) for _, c in kept if c.object is not None}
        targeted |= {(r.kind, r.subject, r.evidence.start) for r in rules if r.object is not None}
        kept = [(pr, c) for pr, c in kept if c.object is not None or (c.kind, c.subject, c.evidence.start) not in targeted]
        # a sentence naming the supplier does not also say "foreign" for the same pair
        named = {(c.kind, c.subject, c.resource, c.evidence.start) for _, c in kept if c.object not in (FOREIGN, None)}
        named |= {(r.kind, r.subject, r.resource, r.evidence.start) for r in rules if r.object not in (FOREIGN, None)}
        added = [c.relation(pr) for pr, c in kept
                 if not (c.object == FOREIGN and (c.kind, c.subject, c.resource, c.evidence.start) in named)]
        return sorted([*rules, *added], key=lambda r: r.evidence.start)


def _settled_by(rules: list[Relation] | tuple[Relation, ...]) -> Callable[[Candidate], bool]:
    """Whether a frame's reading settles a candidate. In a sentence a frame read, its pair of actors keeps
    the frame's reading (direction, resource, modality); and who depends on the frame's provider, who
    restricts the target of a measure the frame found unnamed, and whose relation the frame's word states
    (both parties of a cooperation word) are what the frame read: "Reuters reported that Putin said Russia
    relies on Chinese chips" does not make Reuters rely on China, "Sanctions against Syria" after a
    Japanese measure stay unnamed, "Mistral dropped American services and no longer relies on Chinese
    suppliers" does not make the United States rely on China, and "The Russia-China alliance worries
    Western governments" allies neither with the West."""
    read = {(r.kind, _pair(r.subject, r.object), r.evidence.start) for r in rules}
    acted_on = {(r.kind, r.object, r.evidence.start): r.subject for r in rules
                if r.kind == "dependency" or (r.kind == "restriction" and r.subject is None)}
    read_word: dict[tuple, set] = {}  # (kind, sentence, relation word) -> the subjects a frame read of it
    for r in rules:  # (a cooperation has no subject: both its parties are)
        parties = (r.subject, r.object) if r.kind == "cooperation" else (r.subject,)
        read_word.setdefault((r.kind, r.evidence.start, r.trigger), set()).update(parties)

    def settled(c: Candidate) -> bool:
        on_object, on_word = (c.kind, c.object, c.evidence.start), (c.kind, c.evidence.start, c.trigger)
        parties = (c.subject, c.object) if c.kind == "cooperation" else (c.subject,)
        return ((c.kind, _pair(c.subject, c.object), c.evidence.start) in read
                or on_object in acted_on and acted_on[on_object] != c.subject
                or on_word in read_word and any(p not in read_word[on_word] for p in parties))
    return settled


def _pair(subject: str | None, obj: str | None) -> tuple:
    """The actors of a reading, in either direction: a frame that read X -> Y in a sentence also settles
    Y -> X there."""
    return tuple(sorted((subject or "", obj or "")))

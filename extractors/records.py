"""Frozen records that extraction produces and the graph is built from."""
from __future__ import annotations

from dataclasses import dataclass, field

FOREIGN = "foreign"  # key of the unnamed foreign supplier ("dependent on foreign-made chips")


@dataclass(frozen=True)
class Evidence:
    """A verbatim span of the article text: text == article[start:end]."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 date, YYYY-MM-DD


@dataclass(frozen=True)
class Actor:
    """An actor the article names. `key` is the gazetteer slug, or a slug minted from the name."""

    key: str
    name: str
    type: str  # Country, Bloc, GovernmentBody, Company, Organization, Person, Product
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    in_gazetteer: bool = False
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # ISO 4217 code, percent, rank, times, count or a physical unit
    evidence: Evidence
    raw: str = ""  # the figure as written, e.g. "5.2 billion rubles"
    about: str | None = None
    year: int | None = None
    subject: str | None = None  # actor key
    attributed_to: str | None = None  # actor key
    equivalent_to: int | None = None  # index of the same amount in another unit


@dataclass(frozen=True)
class Attribution:
    source: str  # actor key of the innermost speaker
    evidence: Evidence
    chain: tuple[str, ...] = ()  # outer reporters, outermost first
    cue: str = ""  # "according to", "reports", a quotation...
    cue_starts: tuple[int, ...] = ()  # character offsets of the cue words: their syntactic scope decides what they cover


@dataclass(frozen=True)
class Relation:
    kind: str  # dependency, restriction, cooperation
    subject: str | None  # dependent / restrictor / party a (actor key), None when unnamed
    object: str | None  # provider / target / party b (actor key)
    resource: str  # a concept of the resource scheme
    modality: str  # asserted, planned, hedged, negated
    evidence: Evidence
    attributed_to: str | None = None
    chain: tuple[str, ...] = ()
    trigger: str = ""
    confidence: float = 1.0
    figures: tuple[int, ...] = ()  # indexes into Extraction.figures


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    text: str
    meta: ArticleMeta
    actors: tuple[Actor, ...] = ()
    relations: tuple[Relation, ...] = ()
    figures: tuple[Figure, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    model_name: str = ""
    model_version: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def actor(self, key: str | None) -> Actor | None:
        if key is None:
            return None
        for a in self.actors:
            if a.key == key:
                return a
        return None

"""The read model's records: frozen dataclasses every answer is made of, and the one citation order.

The JSON API's response models are derived from these classes (api/models.py), `kg ask --json`
serialises them with `dataclasses.asdict`, and the network projection's edge attributes carry the
same counts, so one edge reads the same everywhere.

Meaning of the counts on an edge, everywhere (API, `kg ask`, `kg impact`, the network exports):
`claim_count` is every claim of the edge (any modality) and `source_count` the distinct *articles*
behind those claims; `story_count` the independent stories among those articles (articles carrying
the same story — a republication, a near-duplicate text — count once: kg.ingest.stories), and edges
rank by it first; who a claim is attributed to is listed apart, as `attributed_sources`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# How the JSON API documents these records (api/models.py): pydantic reads attribute docstrings.
_DOCUMENTED = {"use_attribute_docstrings": True}


def citation_order(date: str | None, article: str, start: int, claim: str) -> tuple[str, str, int, str]:
    """The one order claims are cited in: earliest article date first (undated first), then article,
    then position in the article, then claim IRI (a tie-break that keeps the order total)."""
    return (date or "", article, start, claim)


@dataclass(frozen=True)
class Ref:
    """An actor or resource as answers show it: IRI, short key and label."""

    __pydantic_config__ = _DOCUMENTED

    iri: str
    key: str
    label: str


@dataclass(frozen=True)
class FigureValue:
    __pydantic_config__ = _DOCUMENTED

    iri: str
    value: float
    unit: str
    year: int | None = None
    raw: str | None = None


@dataclass(frozen=True)
class ReviewMark:
    """An analyst's latest verdict on a claim (kg review, POST /claims/{id}/reviews)."""

    __pydantic_config__ = _DOCUMENTED

    verdict: str
    """verified, disputed or rejected (rejected claims are shown only when asked for)."""
    by: str
    time: str
    note: str | None = None


@dataclass(frozen=True)
class Citation:
    """One claim with everything needed to check it: the article, the verbatim quote and who said it."""

    __pydantic_config__ = _DOCUMENTED

    claim: str
    kind: str
    subject: Ref | None
    object: Ref | None
    resource: Ref | None
    modality: str | None
    quote: str
    start: int
    end: int
    article: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    attributed_to: Ref | None = None
    reported_via: tuple[Ref, ...] = ()
    confidence: float | None = None
    figures: tuple[FigureValue, ...] = ()
    review: ReviewMark | None = None
    """The latest analyst review of the claim, if any."""
    story: str | None = None
    """The story the article carries (articles republishing one story share it); None when not known."""

    def order(self) -> tuple[str, str, int, str]:
        return citation_order(self.date, self.article, self.start, self.claim)


@dataclass(frozen=True)
class YearCount:
    """What an edge's claims from one year's articles add up to."""

    __pydantic_config__ = _DOCUMENTED

    year: int
    claim_count: int
    source_count: int
    """Distinct articles of that year."""
    story_count: int
    """Independent stories among them."""


@dataclass(frozen=True)
class Edge:
    """All claims that one actor depends on / restricts / cooperates with another for one resource."""

    __pydantic_config__ = _DOCUMENTED

    kind: str
    subject: Ref
    object: Ref
    resource: Ref
    claims: tuple[Citation, ...]
    """The edge's claims in citation order (earliest article first), as many as asked for."""
    claim_count: int
    """Every claim of the edge, whatever its modality."""
    source_count: int
    """Distinct articles that support the edge (who a claim is attributed to is `attributed_sources`)."""
    story_count: int
    """Independent stories among those articles: a story republished by several outlets counts once."""
    attributed_sources: tuple[Ref, ...] = ()
    """Who the claims are attributed to (as the articles say), in citation order; not counted as sources."""
    modalities: tuple[str, ...] = ()
    verified_count: int = 0
    """Claims of the edge an analyst verified (their latest review)."""
    rejected_count: int = 0
    """Claims of the edge an analyst rejected: counted only when rejected claims are asked for."""
    subject_members: tuple[Ref, ...] = ()
    """Rolled up to states (`roll_up`): the actors the subject stands for (the Biden administration, the
    Commerce Department... under the United States), in citation order; empty when not rolled up."""
    object_members: tuple[Ref, ...] = ()
    """Rolled up to states: the actors the object stands for; empty when not rolled up."""
    first_date: str | None = None
    """The earliest date of an article behind the edge (any modality; undated articles have none)."""
    last_date: str | None = None
    """The latest date of an article behind the edge."""
    years: tuple[YearCount, ...] = ()
    """The edge's claims, articles and independent stories per year of the articles' dates, earliest first
    (claims from undated articles are counted in the totals only)."""


@dataclass(frozen=True)
class EdgePage:
    """A page of edges and the number of edges matching the filters in all."""

    __pydantic_config__ = _DOCUMENTED

    total: int
    edges: list[Edge]


@dataclass(frozen=True)
class Figure:
    """A figure claim (value, unit, year, what about, whose) with its citation."""

    __pydantic_config__ = _DOCUMENTED

    figure: str
    value: float
    unit: str
    year: int | None
    raw: str | None
    about: str | None
    subject: Ref | None
    citation: Citation


@dataclass(frozen=True)
class Statement:
    """A passage the article attributes to a source."""

    __pydantic_config__ = _DOCUMENTED

    attribution: str
    source: Ref
    cue: str | None
    citation: Citation


@dataclass(frozen=True)
class SourceGroup:
    """What one source said about an actor: claims attributed to it and passages it is quoted in."""

    __pydantic_config__ = _DOCUMENTED

    source: Ref
    claims: tuple[Citation, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Article:
    __pydantic_config__ = _DOCUMENTED

    article: str
    id: str
    title: str | None
    url: str | None
    publisher: str | None
    creator: str | None
    date: str | None
    source_path: str | None
    claim_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleDetail:
    __pydantic_config__ = _DOCUMENTED

    article: Article
    mentions: tuple[Ref, ...]
    claims: tuple[Citation, ...]
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Actor:
    __pydantic_config__ = _DOCUMENTED

    iri: str
    key: str
    label: str
    type: str | None
    wikidata: str | None
    in_gazetteer: bool
    aliases: tuple[str, ...]
    article_count: int


@dataclass(frozen=True)
class Profile:
    """Every claim about an actor, in both directions, with the figures and statements about it."""

    __pydantic_config__ = _DOCUMENTED

    actor: Actor
    outgoing: tuple[Edge, ...]  # the actor is the dependent, restrictor or first party
    incoming: tuple[Edge, ...]  # the actor is the provider, target or second party
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...]  # passages attributed to the actor


@dataclass(frozen=True)
class ClaimSources:
    """The sources behind one claim: its own citation and every claim that supports the same edge."""

    __pydantic_config__ = _DOCUMENTED

    claim: Citation
    edge: Edge | None


@dataclass(frozen=True)
class Chain:
    """A dependency path for a resource: A depends on B depends on C..., each hop with its citations."""

    __pydantic_config__ = _DOCUMENTED

    resource: Ref
    actors: tuple[Ref, ...]
    hops: tuple[Edge, ...]


@dataclass(frozen=True)
class Plan:
    """A planned claim (or a figure with a target year) with its due date and where it stands."""

    __pydantic_config__ = _DOCUMENTED

    claim: Citation
    due: str
    """The date it falls due (YYYY-MM-DD), from its quote and its article's date."""
    status: str
    """fulfilled (a later article asserts the same edge), abandoned (a later article negates it), overdue
    (past due, neither) or open."""
    settled_by: Citation | None = None
    """The later claim that fulfilled or abandoned it."""
    figure: FigureValue | None = None
    """The target, when the plan is a figure."""

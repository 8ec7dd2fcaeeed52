"""Small claim stores for network tests, written through kg.ingest.mapping from hand-made records.

The articles are invented for the tests (own words); each relation is a tuple
(kind, subject, object, resource, modality, quote, attributed_to). The gazetteer is built in
code so these tests do not depend on ontology/actors.ttl.
"""
from __future__ import annotations

from datetime import datetime, timezone

from extractors.gazetteer import Gazetteer, GazetteerEntry
from extractors.records import Actor, ArticleMeta, Evidence, Extraction, Relation
from kg.ingest import ids
from kg.ingest.mapping import ArticleInfo, article_quads, gazetteer_quads
from kg.core.namespaces import ACTORS_GRAPH
from kg.store.oxigraph import OxigraphStore

GAZETTEER = Gazetteer([
    GazetteerEntry("russia", "Russia", "Country", aliases=("Russian Federation",), wikidata="Q159"),
    GazetteerEntry("china", "China", "Country", aliases=("PRC", "People's Republic of China"), wikidata="Q148"),
    GazetteerEntry("taiwan", "Taiwan", "Country", wikidata="Q865"),
    GazetteerEntry("tsmc", "TSMC", "Company", aliases=("Taiwan Semiconductor Manufacturing Company",),
                   wikidata="Q713418", country="taiwan"),
    GazetteerEntry("united_states", "United States", "Country", aliases=("US", "USA"), wikidata="Q30"),
    GazetteerEntry("netherlands", "Netherlands", "Country", wikidata="Q55"),
    GazetteerEntry("asml", "ASML", "Company", wikidata="Q297879", country="netherlands"),
    GazetteerEntry("iran", "Iran", "Country", wikidata="Q794"),
    GazetteerEntry("think_tank", "Chip Policy Institute", "Organization"),
    GazetteerEntry("foreign", "foreign", "Unspecified"),
])

Rel = tuple[str, str, str, str, str, str, str | None]

# Article 1 (dated 2023-03-01): a dependency chain Iran -> Russia -> China -> TSMC for chips.
ARTICLE_1 = (
    "Iran buys most of its drone chips from Russia. "
    "Russia sources the bulk of its chips from China, the institute says. "
    "China still relies on TSMC for its most advanced chips. "
    "Russia does not depend on the Netherlands for chips."
)
# Article 2 (dated 2024-06-15): more support for Russia -> China, plus equipment and a restriction.
ARTICLE_2 = (
    "Customs data show that Russian importers depend on Chinese suppliers for chips. "
    "TSMC depends on ASML for lithography machines. "
    "The United States restricts exports of advanced chips to China. "
    "Russia may turn to China for AI models."
)
# Article 3 (undated): China and Russia cooperate on AI technology, stated both ways, and a denial
# of the Russia -> China chips dependency.
ARTICLE_3 = (
    "China and Russia agreed to cooperate on artificial intelligence. "
    "Russia will work with China on AI research. "
    "Russia does not rely on China for chips."
)


def _span(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote, start, start + len(quote))


def sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ") if s]


def extraction(text: str, rels: list[Rel], title: str, url: str | None, date: str | None) -> Extraction:
    keys = sorted({k for r in rels for k in (r[1], r[2], r[6]) if k})
    actors = tuple(Actor(k, GAZETTEER.get(k).name, GAZETTEER.get(k).type, in_gazetteer=True) for k in keys)
    relations = tuple(
        Relation(kind, s, o, res, mod, _span(text, quote), attributed_to=src)
        for kind, s, o, res, mod, quote, src in rels
    )
    return Extraction(text=text, meta=ArticleMeta(title=title, url=url, publisher="Test Wire", date=date),
                      actors=actors, relations=relations, model_name="hand", model_version="0")


S1, S2, S3 = sentences(ARTICLE_1), sentences(ARTICLE_2), sentences(ARTICLE_3)
ARTICLES: list[tuple[str, list[Rel], str, str | None, str | None]] = [
    (ARTICLE_1, [
        ("dependency", "iran", "russia", "chips", "asserted", S1[0], None),
        ("dependency", "russia", "china", "chips", "asserted", S1[1], "think_tank"),
        ("dependency", "china", "tsmc", "chips", "asserted", S1[2], None),
        ("dependency", "russia", "netherlands", "chips", "negated", S1[3], None),
    ], "Drone chips travel east", "https://example.org/news/drone-chips", "2023-03-01"),
    (ARTICLE_2, [
        ("dependency", "russia", "china", "chips", "asserted", S2[0], None),
        ("dependency", "tsmc", "asml", "chipmaking_equipment", "asserted", S2[1], None),
        ("restriction", "united_states", "china", "chips", "asserted", S2[2], None),
        ("dependency", "russia", "china", "ai_models", "hedged", S2[3], None),
    ], "Customs records on chip imports", "https://example.org/news/customs", "2024-06-15"),
    (ARTICLE_3, [
        ("cooperation", "china", "russia", "ai_technology", "asserted", S3[0], None),
        ("cooperation", "russia", "china", "ai_technology", "planned", S3[1], None),
        ("dependency", "russia", "china", "chips", "negated", S3[2], None),
    ], "An AI partnership", None, None),
]


def article_iri(text: str, url: str | None) -> str:
    return str(ids.article_iri(url, ids.content_hash(text)))


def fill(store: OxigraphStore, articles=ARTICLES) -> list[str]:
    """Write the gazetteer and the given articles; returns the article IRIs."""
    store.replace_graph(str(ACTORS_GRAPH), gazetteer_quads(GAZETTEER))
    iris = []
    for text, rels, title, url, date in articles:
        iri = article_iri(text, url)
        info = ArticleInfo(iri=iri, content_hash=ids.content_hash(text), source_path=f"/tmp/{title}.txt",
                           fingerprint="test", software_version="0", started=datetime(2025, 1, 1, tzinfo=timezone.utc))
        store.replace_graph(iri, article_quads(extraction(text, rels, title, url, date), info, GAZETTEER))
        iris.append(iri)
    return iris


def disk_store(path) -> "Settings":
    """Settings of an on-disk store at `path` holding the test articles (for CLI and API tests)."""
    from kg.core.settings import Settings

    settings = Settings(store_path=path)
    with OxigraphStore(path) as store:
        fill(store)
    return settings

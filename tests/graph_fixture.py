"""The claim graphs the tests read, written by the real kg.ingest.mapping from hand-made records.

One gazetteer (built in code, so the tests do not depend on ontology/actors.ttl), one way to turn
sentences into records, and two small article sets, each with exact expectations:
- the network articles (`ARTICLES`, `fill`, `disk_store`): a dependency chain Iran -> Russia ->
  China -> TSMC for chips over three articles (one undated), a denial, equipment, a restriction and
  a cooperation stated both ways; each relation a tuple (kind, subject, object, resource, modality,
  quote, attributed_to);
- the citation articles (`extraction_1`, `extraction_2`, `build_mini_store`): figures,
  attributions, a negated and a hedged claim, a planned restriction and a reversed cooperation.
The articles are invented for the tests (own words).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from extractors.gazetteer import Gazetteer, GazetteerEntry
from extractors.records import Actor, ArticleMeta, Attribution, Evidence, Extraction, Figure, Relation
from kg.core.namespaces import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.core.settings import Settings
from kg.ingest import ids
from kg.ingest.mapping import ArticleInfo, article_quads, gazetteer_quads, ontology_quads
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

GAZETTEER = Gazetteer([
    GazetteerEntry("russia", "Russia", "Country", aliases=("Russian Federation",), demonyms=("Russian",),
                   metonyms=("Moscow",), wikidata="Q159"),
    GazetteerEntry("china", "China", "Country", aliases=("PRC", "People's Republic of China"), demonyms=("Chinese",),
                   metonyms=("Beijing",), wikidata="Q148"),
    GazetteerEntry("taiwan", "Taiwan", "Country", demonyms=("Taiwanese",), metonyms=("Taipei",), wikidata="Q865"),
    GazetteerEntry("netherlands", "Netherlands", "Country", demonyms=("Dutch",), wikidata="Q55"),
    GazetteerEntry("united_states", "United States", "Country", aliases=("US", "USA", "America"),
                   demonyms=("American",), metonyms=("Washington",), wikidata="Q30"),
    GazetteerEntry("india", "India", "Country", demonyms=("Indian",), wikidata="Q668"),
    GazetteerEntry("iran", "Iran", "Country", wikidata="Q794"),
    GazetteerEntry("tsmc", "TSMC", "Company", aliases=("Taiwan Semiconductor Manufacturing Company",),
                   wikidata="Q713418", country="taiwan"),
    GazetteerEntry("asml", "ASML", "Company", wikidata="Q297879", country="netherlands"),
    GazetteerEntry("example_institute", "Example Institute", "Organization", aliases=("EXI",)),
    GazetteerEntry("think_tank", "Chip Policy Institute", "Organization"),
    GazetteerEntry("foreign", "foreign", "Unspecified"),
])


def _span(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote, start, start + len(quote))


def actors(*keys: str) -> tuple[Actor, ...]:
    return tuple(Actor(k, GAZETTEER.get(k).name, GAZETTEER.get(k).type, in_gazetteer=True) for k in keys)


# ---------------------------------------------------------------- the network articles

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


def sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ") if s]


def extraction(text: str, rels: list[Rel], title: str, url: str | None, date: str | None) -> Extraction:
    keys = sorted({k for r in rels for k in (r[1], r[2], r[6]) if k})
    relations = tuple(
        Relation(kind, s, o, res, mod, _span(text, quote), attributed_to=src)
        for kind, s, o, res, mod, quote, src in rels
    )
    return Extraction(text=text, meta=ArticleMeta(title=title, url=url, publisher="Test Wire", date=date),
                      actors=actors(*keys), relations=relations, model_name="hand", model_version="0")


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


# ---------------------------------------------------------------- the citation articles

TEXT_1 = (
    "Moscow keeps buying processors abroad. The Example Institute reports that Russia depends on China for "
    "chips, and that 80% of the processors Russia imported in 2023 came from Chinese sellers. "
    "China in turn relies on Taiwan for advanced chips. "
    "India does not depend on China for chips, the same analysts add."
)
TEXT_2 = (
    "Washington has tightened the rules. The United States restricts exports of AI chips to China. "
    "The Netherlands plans to limit sales of lithography machines to China. "
    "China and Russia agreed to cooperate on artificial intelligence. "
    "Russia may still rely on China for chips, one trader said. "
    "Taiwan depends on the Netherlands for lithography tools. "
    "The chips subsidy programme of the United States was worth $39 billion in 2022."
)


def extraction_1() -> Extraction:
    t = TEXT_1
    s_dep = "The Example Institute reports that Russia depends on China for chips, and that 80% of the processors Russia imported in 2023 came from Chinese sellers."
    fig = Figure(80.0, "percent", _span(t, "80%"), raw="80%", about="processors imported", year=2023,
                 subject="russia", attributed_to="example_institute")
    return Extraction(
        text=t,
        meta=ArticleMeta(title="Processors from the east", url="https://example.org/news/processors-east",
                         publisher="Example Wire", author="A. Writer", date="2024-03-01"),
        actors=actors("russia", "china", "taiwan", "india", "example_institute"),
        figures=(fig,),
        attributions=(Attribution("example_institute", _span(t, s_dep), cue="reports"),),
        relations=(
            Relation("dependency", "russia", "china", "chips", "asserted", _span(t, s_dep),
                     attributed_to="example_institute", trigger="depends", figures=(0,)),
            Relation("dependency", "china", "taiwan", "chips", "asserted",
                     _span(t, "China in turn relies on Taiwan for advanced chips."), trigger="relies"),
            Relation("dependency", "india", "china", "chips", "negated",
                     _span(t, "India does not depend on China for chips, the same analysts add."), trigger="depend"),
        ),
        model_name="test", model_version="0",
    )


def extraction_2() -> Extraction:
    t = TEXT_2
    return Extraction(
        text=t,
        meta=ArticleMeta(title="Rules, tools and partners", url="https://example.org/news/rules-tools",
                         publisher="Example Daily", date="2024-06-15"),
        actors=actors("united_states", "china", "netherlands", "russia", "taiwan"),
        figures=(Figure(39e9, "USD", _span(t, "$39 billion"), raw="$39 billion", about="chips subsidy programme",
                        year=2022, subject="united_states"),),
        relations=(
            Relation("restriction", "united_states", "china", "chips", "asserted",
                     _span(t, "The United States restricts exports of AI chips to China."), trigger="restricts"),
            Relation("restriction", "netherlands", "china", "chipmaking_equipment", "planned",
                     _span(t, "The Netherlands plans to limit sales of lithography machines to China."), trigger="limit"),
            Relation("cooperation", "china", "russia", "ai_technology", "asserted",
                     _span(t, "China and Russia agreed to cooperate on artificial intelligence."), trigger="cooperate"),
            Relation("dependency", "russia", "china", "chips", "hedged",
                     _span(t, "Russia may still rely on China for chips, one trader said."), trigger="rely"),
            Relation("dependency", "taiwan", "netherlands", "chipmaking_equipment", "asserted",
                     _span(t, "Taiwan depends on the Netherlands for lithography tools."), trigger="depends"),
        ),
        model_name="test", model_version="0",
    )


def build_mini_store(path: Path) -> Settings:
    """Write the two articles, the gazetteer and the ontology to an on-disk store at `path`."""
    settings = Settings(store_path=path)
    started = datetime(2024, 7, 1, tzinfo=timezone.utc)
    with open_store(settings) as store:
        store.replace_graph(str(ONTOLOGY_GRAPH), ontology_quads())
        store.replace_graph(str(ACTORS_GRAPH), gazetteer_quads(GAZETTEER))
        for ex, path_name in ((extraction_1(), "mini/one.txt"), (extraction_2(), "mini/two.txt")):
            h = ids.content_hash(ex.text)
            iri = str(ids.article_iri(ex.meta.url, h))
            info = ArticleInfo(iri=iri, content_hash=h, source_path=path_name, fingerprint="test",
                               software_version="test", started=started)
            store.replace_graph(iri, article_quads(ex, info, GAZETTEER))
    return settings

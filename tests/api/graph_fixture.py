"""A small claims graph written for these tests (own sentences), mapped by the real kg.ingest.mapping.

It does not depend on the extractors' accuracy or the gazetteer's contents, so the query layer
can be tested against exact expectations: two articles, a dependency edge supported twice, a
chain, a negated claim, restrictions, a cooperation written in the reverse direction, figures
and attributions.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from extractors.gazetteer import Gazetteer, GazetteerEntry
from extractors.records import Actor, ArticleMeta, Attribution, Evidence, Extraction, Figure, Relation
from kg.ingest import ids
from kg.ingest.mapping import ArticleInfo, article_quads, gazetteer_quads, ontology_quads
from kg.core.namespaces import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.core.settings import Settings
from kg.store import open_store

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
    GazetteerEntry("example_institute", "Example Institute", "Organization", aliases=("EXI",)),
])

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


def _ev(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote, start, start + len(quote))


def _actors(*keys: str) -> tuple[Actor, ...]:
    return tuple(Actor(k, GAZETTEER.get(k).name, GAZETTEER.get(k).type, in_gazetteer=True) for k in keys)


def extraction_1() -> Extraction:
    t = TEXT_1
    s_dep = "The Example Institute reports that Russia depends on China for chips, and that 80% of the processors Russia imported in 2023 came from Chinese sellers."
    fig = Figure(80.0, "percent", _ev(t, "80%"), raw="80%", about="processors imported", year=2023,
                 subject="russia", attributed_to="example_institute")
    return Extraction(
        text=t,
        meta=ArticleMeta(title="Processors from the east", url="https://example.org/news/processors-east",
                         publisher="Example Wire", author="A. Writer", date="2024-03-01"),
        actors=_actors("russia", "china", "taiwan", "india", "example_institute"),
        figures=(fig,),
        attributions=(Attribution("example_institute", _ev(t, s_dep), cue="reports"),),
        relations=(
            Relation("dependency", "russia", "china", "chips", "asserted", _ev(t, s_dep),
                     attributed_to="example_institute", trigger="depends", figures=(0,)),
            Relation("dependency", "china", "taiwan", "chips", "asserted",
                     _ev(t, "China in turn relies on Taiwan for advanced chips."), trigger="relies"),
            Relation("dependency", "india", "china", "chips", "negated",
                     _ev(t, "India does not depend on China for chips, the same analysts add."), trigger="depend"),
        ),
        model_name="test", model_version="0",
    )


def extraction_2() -> Extraction:
    t = TEXT_2
    return Extraction(
        text=t,
        meta=ArticleMeta(title="Rules, tools and partners", url="https://example.org/news/rules-tools",
                         publisher="Example Daily", date="2024-06-15"),
        actors=_actors("united_states", "china", "netherlands", "russia", "taiwan"),
        figures=(Figure(39e9, "USD", _ev(t, "$39 billion"), raw="$39 billion", about="chips subsidy programme",
                        year=2022, subject="united_states"),),
        relations=(
            Relation("restriction", "united_states", "china", "chips", "asserted",
                     _ev(t, "The United States restricts exports of AI chips to China."), trigger="restricts"),
            Relation("restriction", "netherlands", "china", "chipmaking_equipment", "planned",
                     _ev(t, "The Netherlands plans to limit sales of lithography machines to China."), trigger="limit"),
            Relation("cooperation", "china", "russia", "ai_technology", "asserted",
                     _ev(t, "China and Russia agreed to cooperate on artificial intelligence."), trigger="cooperate"),
            Relation("dependency", "russia", "china", "chips", "hedged",
                     _ev(t, "Russia may still rely on China for chips, one trader said."), trigger="rely"),
            Relation("dependency", "taiwan", "netherlands", "chipmaking_equipment", "asserted",
                     _ev(t, "Taiwan depends on the Netherlands for lithography tools."), trigger="depends"),
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

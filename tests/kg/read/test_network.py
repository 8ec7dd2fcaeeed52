"""The networkx projection: actors as nodes, one weighted, cited edge per relation and resource."""
from __future__ import annotations

from datetime import date

import pytest

from kg.core.errors import QueryError
from kg.read.network import NetworkFilter, project
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

from tests.graph_fixture import ARTICLE_1, ARTICLE_2, S1, article_iri, fill


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    fill(s)
    return s


def _edges(G) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in G.edges(keys=True)}


def test_nodes_carry_label_type_country_wikidata_and_claim_count(store) -> None:
    G = project(store)
    assert G.nodes["tsmc"] == {
        "label": "TSMC", "actor_type": "Company", "iri": "https://w3id.org/aigeo/actor/tsmc",
        "claims": 2, "country": "Taiwan", "wikidata": "Q713418", "weighted_degree": 2,
    }
    assert G.nodes["russia"]["wikidata"] == "Q159"
    assert "country" not in G.nodes["russia"], "an unknown value is absent, never None"


def test_an_edge_counts_its_supporting_claims_sources_dates_and_modalities(store) -> None:
    d = project(store).edges["russia", "china", "dependency:chips"]
    assert d["weight"] == 2, "the denial in article 3 does not support the edge"
    assert d["claims"] == 3, "every claim of the edge, as the API's claim_count"
    assert d["sources"] == 3, "distinct articles, as the API's source_count"
    assert d["attributed_sources"] == ["Chip Policy Institute"], "who said it is listed apart from sources"
    assert (d["first_date"], d["last_date"]) == ("2023-03-01", "2024-06-15")
    assert d["dates"] == ["2023-03-01", "2024-06-15"]
    assert (d["asserted"], d["planned"], d["hedged"], d["negated"]) == (2, 0, 0, 1)


def test_the_example_citation_is_the_first_supporting_claim_in_citation_order(store) -> None:
    d = project(store).edges["russia", "china", "dependency:chips"]
    # the undated article's denial comes first in citation order, but a denial supports no edge
    assert d["quote"] == S1[1]
    assert ARTICLE_1[ARTICLE_1.index(d["quote"]):].startswith(d["quote"])
    assert d["title"] == "Drone chips travel east"
    assert d["url"] == "https://example.org/news/drone-chips"
    assert d["article"] == article_iri(ARTICLE_1, "https://example.org/news/drone-chips")
    assert d["attributed_to"] == "Chip Policy Institute"
    assert d["claim"].startswith("https://w3id.org/aigeo/claim/")


def test_negated_claims_alone_make_no_edge(store) -> None:
    G = project(store)
    assert not G.has_edge("russia", "netherlands")
    assert "netherlands" not in G, "an actor only named in a denial is not a node"


def test_cooperation_stated_both_ways_is_one_edge(store) -> None:
    G = project(store, NetworkFilter(kind="cooperation"))
    assert _edges(G) == {("china", "russia", "cooperation:ai_technology")}
    d = G.edges["china", "russia", "cooperation:ai_technology"]
    assert (d["weight"], d["asserted"], d["planned"]) == (2, 1, 1)
    assert "first_date" not in d and "dates" not in d, "an undated article gives no dates"


def test_weighted_degree_sums_the_weights_of_all_incident_edges(store) -> None:
    G = project(store)
    # russia: chips from china (2), ai_models from china (1), cooperation (2), iran's chips (1)
    assert G.nodes["russia"]["weighted_degree"] == 6


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (NetworkFilter(resource="chips", kind="dependency"), {
            ("iran", "russia", "dependency:chips"), ("russia", "china", "dependency:chips"),
            ("china", "tsmc", "dependency:chips")}),
        (NetworkFilter(resource="chips"), {
            ("iran", "russia", "dependency:chips"), ("russia", "china", "dependency:chips"),
            ("china", "tsmc", "dependency:chips"), ("united_states", "china", "restriction:chips")}),
        (NetworkFilter(kind="restriction"), {("united_states", "china", "restriction:chips")}),
        (NetworkFilter(resource="ai_models"), {("russia", "china", "dependency:ai_models")}),
        (NetworkFilter(min_support=2), {
            ("russia", "china", "dependency:chips"), ("china", "russia", "cooperation:ai_technology")}),
        (NetworkFilter(since=date(2024, 1, 1)), {
            ("russia", "china", "dependency:chips"), ("tsmc", "asml", "dependency:chipmaking_equipment"),
            ("united_states", "china", "restriction:chips"), ("russia", "china", "dependency:ai_models")}),
        (NetworkFilter(until=date(2023, 12, 31), resource="chips"), {
            ("iran", "russia", "dependency:chips"), ("russia", "china", "dependency:chips"),
            ("china", "tsmc", "dependency:chips")}),
        (NetworkFilter(resource="energy"), set()),
    ],
    ids=["chips-dependency", "chips", "restriction", "ai-models", "min-support-2", "since-2024", "until-2023", "none"],
)
def test_filters_select_the_edges(store, flt: NetworkFilter, expected: set) -> None:
    assert _edges(project(store, flt)) == expected


def test_a_date_range_counts_only_the_claims_inside_it(store) -> None:
    d = project(store, NetworkFilter(until=date(2023, 12, 31))).edges["russia", "china", "dependency:chips"]
    assert (d["weight"], d["claims"], d["sources"], d["first_date"], d["last_date"]) == (
        1, 1, 1, "2023-03-01", "2023-03-01")
    assert d["negated"] == 0, "the denial comes from an undated article, outside any date range"


def test_the_article_filter_keeps_one_articles_claims(store) -> None:
    iri = article_iri(ARTICLE_2, "https://example.org/news/customs")
    G = project(store, NetworkFilter(article=iri))
    assert {d["article"] for _, _, d in G.edges(data=True)} == {iri}
    assert G.number_of_edges() == 4


@pytest.mark.parametrize(
    "kwargs",
    [{"resource": "bananas"}, {"kind": "friendship"}, {"min_support": 0},
     {"since": date(2024, 2, 1), "until": date(2024, 1, 1)}],
)
def test_bad_filters_raise_query_error(kwargs) -> None:
    with pytest.raises(QueryError):
        NetworkFilter(**kwargs)


def test_an_empty_store_projects_to_an_empty_graph() -> None:
    G = project(OxigraphStore(None))
    assert (G.number_of_nodes(), G.number_of_edges()) == (0, 0)


@pytest.mark.slow
def test_seed_chips_network_has_russia_depending_on_china(seed_store_settings) -> None:
    with open_store(seed_store_settings, read_only=True) as s:
        G = project(s, NetworkFilter(resource="chips", kind="dependency"))
    assert G.has_edge("russia", "china", "dependency:chips"), sorted(_edges(G))
    d = G.edges["russia", "china", "dependency:chips"]
    assert d["weight"] >= 1 and d["sources"] >= 1 and d["claims"] >= d["weight"]
    assert "China" in d["quote"] and "Russia" in d["quote"]

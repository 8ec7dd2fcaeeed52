"""Chokepoints and impact over the dependency network, each hop with its citation."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from kg.read.analysis import chokepoints, dependency_graph, impact, resolve_actor
from kg.cli.app import app
from kg.core.errors import NotFound
from kg.read.network import NetworkFilter
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

from tests.graph_fixture import S1, disk_store, fill, sentences

# A supply chain written for these tests: three buyers lean on one hub, which leans on a
# foundry, which leans on a toolmaker.
STAR = (
    "Iran gets its processors from China. "
    "Russia gets its processors from China as well. "
    "The United States gets some processors from China. "
    "China makes its best processors at TSMC. "
    "TSMC cannot make processors without ASML."
)
_S = sentences(STAR)
STAR_ARTICLES = [(STAR, [
    ("dependency", "iran", "china", "chips", "asserted", _S[0], None),
    ("dependency", "russia", "china", "chips", "asserted", _S[1], None),
    ("dependency", "united_states", "china", "chips", "hedged", _S[2], None),
    ("dependency", "china", "tsmc", "chips", "asserted", _S[3], None),
    ("dependency", "tsmc", "asml", "chips", "asserted", _S[4], None),
], "A chain of processors", "https://example.org/news/processors", "2024-01-10")]


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    fill(s)
    return s


@pytest.fixture(scope="module")
def star() -> OxigraphStore:
    s = OxigraphStore(None)
    fill(s, STAR_ARTICLES)
    return s


CHIPS = NetworkFilter(resource="chips")


def test_dependency_graph_has_one_edge_per_pair_summing_resources(store) -> None:
    D = dependency_graph(store)
    d = D.edges["russia", "china"]
    assert d["weight"] == 3 and d["resources"] == ["ai_models", "chips"]
    assert (d["claims"], d["sources"]) == (4, 3), "every claim of both edges; their distinct articles"
    assert d["quote"] == S1[1], "the best-supported resource's first supporting claim in citation order"
    assert not D.has_edge("united_states", "china"), "restrictions are not dependencies"


def test_chokepoints_rank_the_hub_before_the_foundry_and_the_toolmaker(star) -> None:
    ranked = chokepoints(star, CHIPS)
    assert [c.actor for c in ranked] == ["china", "tsmc", "asml"]
    china, tsmc, asml = ranked
    assert (china.reach, tsmc.reach, asml.reach) == (0.75, 0.6667, 0.4167)
    assert (china.betweenness, tsmc.betweenness, asml.betweenness) == (0.3, 0.2, 0.0)
    assert (china.direct_dependents, china.transitive_dependents, china.support) == (3, 3, 3)
    assert (asml.direct_dependents, asml.transitive_dependents) == (1, 5)
    assert china.dependents == ["Iran", "Russia", "United States"]


def test_chokepoints_list_only_providers_and_honour_the_limit(star) -> None:
    assert {c.actor for c in chokepoints(star, CHIPS)}.isdisjoint({"iran", "russia", "united_states"})
    assert [c.actor for c in chokepoints(star, CHIPS, limit=1)] == ["china"]


def test_the_unnamed_foreign_supplier_is_not_ranked() -> None:
    text = "Iran buys foreign chips. Iran also buys chips from China."
    s = OxigraphStore(None)
    fill(s, [(text, [("dependency", "iran", "foreign", "chips", "asserted", sentences(text)[0], None),
                     ("dependency", "iran", "china", "chips", "asserted", sentences(text)[1], None)],
              "Two suppliers", None, "2024-02-02")])
    assert dependency_graph(s).has_edge("iran", "foreign")
    assert [c.actor for c in chokepoints(s, CHIPS)] == ["china"]


@pytest.mark.parametrize("flt", [NetworkFilter(resource="energy"), NetworkFilter(resource="chips", until=date(2000, 1, 1))])
def test_no_dependencies_means_no_chokepoints(star, flt) -> None:
    assert chokepoints(star, flt) == []


def test_impact_lists_direct_and_transitive_dependents_with_a_cited_path(store) -> None:
    result = impact(store, "China", CHIPS)
    assert (result.actor, result.label, result.resource) == ("china", "China", "chips")
    assert [(e.actor, e.distance) for e in result.exposed] == [("russia", 1), ("iran", 2)]
    iran = result.exposed[1]
    assert [(h.dependent, h.provider) for h in iran.path] == [("iran", "russia"), ("russia", "china")]
    assert iran.path[0].quote == S1[0] and iran.path[0].title == "Drone chips travel east"
    assert iran.path[1].url == "https://example.org/news/drone-chips" and iran.path[1].weight == 2
    assert (iran.path[1].claims, iran.path[1].sources) == (3, 3), "as the API counts the russia -> china edge"


def test_impact_of_an_end_supplier_reaches_everyone_upstream(star) -> None:
    result = impact(star, "ASML", CHIPS)
    assert [(e.actor, e.distance) for e in result.exposed] == [
        ("tsmc", 1), ("china", 2), ("iran", 3), ("russia", 3), ("united_states", 3)]
    assert [h.provider for h in result.exposed[-1].path] == ["china", "tsmc", "asml"]
    assert all(h.quote in STAR for e in result.exposed for h in e.path)


@pytest.mark.parametrize(("name", "key"), [("PRC", "china"), ("people's republic of china", "china"),
                                           ("Russian Federation", "russia"), ("the United States", "united_states"),
                                           ("actor:tsmc", "tsmc"), ("https://w3id.org/aigeo/actor/iran", "iran")])
def test_actor_names_resolve_through_labels_and_aliases(store, name: str, key: str) -> None:
    assert resolve_actor(store, name)[0] == key


def test_an_unknown_actor_is_not_found_with_suggestions(store) -> None:
    with pytest.raises(NotFound, match="Taiwan"):
        impact(store, "Taiwn", CHIPS)


def test_an_actor_nobody_depends_on_has_no_impact(store) -> None:
    assert impact(store, "Iran", CHIPS).exposed == []
    assert impact(store, "Netherlands", CHIPS).exposed == [], "a denied dependency exposes no one"


# ---- the commands

@pytest.fixture(scope="module")
def disk_settings(tmp_path_factory):
    return disk_store(tmp_path_factory.mktemp("netanalysis") / "store")


def _kg(settings, *args: str):
    return CliRunner().invoke(app, ["--store-path", str(settings.store_path), *args])


def test_kg_chokepoints_json_ranks_providers(disk_settings) -> None:
    result = _kg(disk_settings, "chokepoints", "--resource", "chips", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["actor"] for r in rows] == ["china", "russia", "tsmc"]
    assert set(rows[0]) >= {"label", "reach", "betweenness", "direct_dependents", "transitive_dependents", "support"}


def test_kg_chokepoints_prints_a_table(disk_settings) -> None:
    result = _kg(disk_settings, "chokepoints", "-r", "chips")
    assert result.exit_code == 0, result.output
    assert "China" in result.output and "reach" in result.output


def test_kg_impact_prints_each_exposed_actor_with_its_quote(disk_settings) -> None:
    result = _kg(disk_settings, "impact", "China", "--resource", "chips")
    assert result.exit_code == 0, result.output
    assert "2 actors depend on China for chips" in result.output
    assert "Russia (Country), directly" in result.output and "Iran (Country), through 1 intermediary" in result.output
    assert "drone chips from Russia" in result.output


def test_kg_impact_json_carries_the_citation_of_every_hop(disk_settings) -> None:
    result = _kg(disk_settings, "impact", "China", "--resource", "chips", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [e["actor"] for e in data["exposed"]] == ["russia", "iran"]
    hop = data["exposed"][0]["path"][0]
    assert hop["quote"] == S1[1] and hop["article"].startswith("https://w3id.org/aigeo/article/")


@pytest.mark.parametrize(("args", "message"), [(["impact", "Atlantis"], "unknown actor"),
                                               (["chokepoints", "--resource", "gold"], "unknown resource"),
                                               (["impact", "China", "--until", "soon"], "is not a date")])
def test_the_commands_refuse_bad_input_with_one_line(disk_settings, args, message: str) -> None:
    result = _kg(disk_settings, *args)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.slow
def test_seed_impact_of_china_on_chips_lists_russia_with_its_citation(seed_store_settings) -> None:
    with open_store(seed_store_settings, read_only=True) as s:
        result = impact(s, "China", CHIPS)
    russia = next((e for e in result.exposed if e.actor == "russia"), None)
    assert russia is not None, [e.actor for e in result.exposed]
    hop = russia.path[-1]
    assert hop.provider == "china" and hop.quote and hop.article.startswith("https://w3id.org/aigeo/article/")
    assert "China" in hop.quote


@pytest.mark.slow
def test_kg_impact_on_the_seeds_names_russia(seed_store_settings) -> None:
    result = _kg(seed_store_settings, "impact", "China", "--resource", "chips")
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "→ China" in result.output

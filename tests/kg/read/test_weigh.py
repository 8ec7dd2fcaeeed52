"""Answers an analyst can weigh, on hand-written articles (tests/kg/weigh_articles): a story republished by a
second outlet is one independent story in the JSON API, `kg ask`, SPARQL and the network projection."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg.cli.app import app as cli
from kg.core.settings import Settings
from kg.read.network import project
from kg.store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / "weigh_articles"
WIRE, HERALD = "https://example.org/wire/2023/10/17/ai-chip-curbs", \
    "https://example.com/herald/world/us-tightens-ai-chip-export-rules"
STORY_COUNTS = """SELECT (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?story) AS ?stories)
WHERE { ?c a aig:RestrictionClaim ; aig:subject actor:biden_administration ; aig:object actor:china ;
           aig:resource res:chips ; prov:wasDerivedFrom ?article . ?article dcterms:isVersionOf ?story }"""


@pytest.fixture(scope="module")
def weigh_settings(tmp_path_factory) -> Settings:
    from kg.ingest.build import build

    folder = tmp_path_factory.mktemp("weigh")
    shutil.copytree(ARTICLES, folder / "articles")
    s = Settings(store_path=folder / "store")
    with open_store(s) as store:
        report = build([str(folder / "articles")], s, store)
    assert len(report.ingested) == 7, report.skipped
    assert report.stories == 6
    return s


def _kg(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store-path", str(settings.store_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _biden_china(edges: list[dict]) -> dict:
    (edge,) = [e for e in edges if (e["subject"]["key"], e["object"]["key"], e["resource"]["key"])
               == ("biden_administration", "china", "chips")]
    return edge


def test_the_republication_is_grouped_with_its_origin_in_the_graph(weigh_settings: Settings) -> None:
    rows = json.loads(_kg(weigh_settings, "query", "--output", "json", """SELECT ?article ?url ?story ?origin ?derived
        WHERE { ?article dcterms:isVersionOf ?story ; schema:url ?url . ?story aig:origin ?origin .
                OPTIONAL { ?article prov:wasDerivedFrom ?derived } }"""))
    by_url = {r["url"]: r for r in rows}
    wire, herald = by_url[WIRE], by_url[HERALD]
    assert wire["story"] == herald["story"], "one story"
    assert herald["origin"] == wire["article"], "the earliest article is the origin"
    assert herald["derived"] == wire["article"] and wire.get("derived") is None
    assert len({r["story"] for r in rows}) == 6, "the other articles are stories of their own"


def test_a_republished_story_counts_once_in_the_api_kg_ask_sparql_and_the_network(weigh_settings: Settings) -> None:
    with TestClient(create_app(weigh_settings)) as client:
        r = client.get("/restrictions", params={"target": "China", "citations": 10})
        assert r.status_code == 200, r.text
        api = _biden_china(r.json()["items"])
        sparql = client.get("/sparql", params={"query": "PREFIX aig: <https://w3id.org/aigeo/ontology#> "
                                                         "PREFIX actor: <https://w3id.org/aigeo/actor/> "
                                                         "PREFIX res: <https://w3id.org/aigeo/resource/> "
                                                         "PREFIX prov: <http://www.w3.org/ns/prov#> "
                                                         "PREFIX dcterms: <http://purl.org/dc/terms/> " + STORY_COUNTS},
                            headers={"Accept": "application/sparql-results+json"})
        assert sparql.status_code == 200, sparql.text
    assert (api["source_count"], api["story_count"]) == (2, 1)
    assert len({c["story"] for c in api["claims"]}) == 1
    (row,) = sparql.json()["results"]["bindings"]
    assert (int(row["articles"]["value"]), int(row["stories"]["value"])) == (2, 1)

    asked = json.loads(_kg(weigh_settings, "ask", "who restricts China", "--json"))
    edge = _biden_china(asked["results"])
    assert (edge["claim_count"], edge["source_count"], edge["story_count"]) == (
        api["claim_count"], api["source_count"], api["story_count"])
    assert any("Biden administration ⊣ China (chips)" in line and "2 articles, 1 independent story" in line
               for line in asked["lines"])

    with open_store(weigh_settings, read_only=True) as store:
        G = project(store)
    d = G.edges["biden_administration", "china", "restriction:chips"]
    assert (d["claims"], d["sources"], d["stories"]) == (api["claim_count"], 2, 1)


def test_answers_rank_edges_by_independent_stories_first(weigh_settings: Settings) -> None:
    with TestClient(create_app(weigh_settings)) as client:
        items = client.get("/restrictions", params={"target": "China", "citations": 0}).json()["items"]
    ranks = [(-e["story_count"], -e["source_count"], -e["claim_count"]) for e in items]
    assert ranks == sorted(ranks)


def test_removing_the_origin_makes_the_republication_a_story_of_its_own(weigh_settings: Settings,
                                                                        tmp_path: Path) -> None:
    store_copy = tmp_path / "store"
    shutil.copytree(weigh_settings.store_path, store_copy)
    settings = Settings(store_path=store_copy)
    articles = Path(weigh_settings.store_path).parent / "articles"
    _kg(settings, "remove", str(articles / "w1-wire-original.md"))
    rows = json.loads(_kg(settings, "query", "--output", "json", """SELECT ?article ?origin
        WHERE { ?article dcterms:isVersionOf ?story . ?story aig:origin ?origin }"""))
    assert len(rows) == 6 and all(r["article"] == r["origin"] for r in rows)
    # a build that changes nothing leaves the stories graph (and the store) as it was
    with open_store(settings) as store:
        before = store.state()
    _kg(settings, "build", str(articles / "w2-herald-republication.md"))
    with open_store(settings) as store:
        assert store.state() == before


# ---------------------------------------------------------------- roll-up to states and blocs

@pytest.mark.parametrize("actor, state", [
    ("bureau_of_industry_and_security", "united_states"),  # partOf the Commerce Department, country US
    ("biden_administration", "united_states"),
    ("united_states_government", "united_states"),
    ("gina_raimondo", "united_states"),  # a minister, through her ministry
    ("giorgia_meloni", "italy"),  # a head of government, affiliated to her state
    ("xi_jinping", "china"),  # through the party, a state body in the gazetteer
    ("european_commission", "european_union"),  # a bloc's body
    ("humain", "saudi_arabia"),  # a state company: partOf the Public Investment Fund
    ("nvidia", "nvidia"),  # a company based in the US is not the US
    ("kse_institute", "kse_institute"),
    ("china", "china"),
    ("european_union", "european_union"),
])
def test_the_gazetteer_rolls_bodies_leaders_and_state_companies_up_to_their_state(actor: str, state: str) -> None:
    from kg.core.namespaces import ACTOR
    from kg.ingest.gazetteer import load_gazetteer
    from kg.ingest.mapping import gazetteer_quads, ontology_quads
    from kg.read.catalog import Catalog
    from kg.store import memory_store

    store = memory_store()
    store.replace_graph("https://w3id.org/aigeo/graph/ontology", ontology_quads())
    store.replace_graph("https://w3id.org/aigeo/graph/actors", gazetteer_quads(load_gazetteer()))
    catalog = Catalog.from_store(store)
    assert catalog.state_of(str(ACTOR[actor])) == str(ACTOR[state])


def test_three_us_bodies_roll_up_into_one_united_states_edge(weigh_settings: Settings, tmp_path: Path) -> None:
    us_bodies = {"Bureau of Industry and Security", "Biden administration", "US Department of Commerce"}
    with TestClient(create_app(weigh_settings)) as client:
        plain = client.get("/restrictions", params={"target": "China", "resource": "chips", "citations": 0}).json()
        rolled = client.get("/restrictions", params={"target": "China", "resource": "chips", "roll_up": "true",
                                                     "citations": 100}).json()
        asked_api = client.get("/ask", params={"q": "who restricts China for chips", "roll_up": "true"}).json()
    assert {e["subject"]["label"] for e in plain["items"]} >= us_bodies
    (edge,) = [e for e in rolled["items"] if e["subject"]["key"] == "united_states"]
    assert {m["label"] for m in edge["subject_members"]} == us_bodies
    assert [m["key"] for m in edge["object_members"]] == ["china"]
    assert edge["claim_count"] == sum(e["claim_count"] for e in plain["items"]
                                      if e["subject"]["label"] in us_bodies)
    # four articles, three stories (the republication counts once)
    assert (edge["source_count"], edge["story_count"]) == (4, 3)
    assert {c["subject"]["label"] for c in edge["claims"]} == us_bodies, "citations keep what each article says"

    asked = json.loads(_kg(weigh_settings, "ask", "who restricts China for chips", "--roll-up", "--json"))
    assert asked["lines"] == asked_api["lines"]
    (line,) = [x for x in asked["lines"] if x.startswith("United States [")]
    assert all(body in line for body in us_bodies) and "4 articles, 3 independent stories" in line
    # asked about a body with --roll-up, the answer is about its state
    by_body = json.loads(_kg(weigh_settings, "ask", "whom does BIS restrict", "--roll-up", "--json"))
    assert by_body["heading"].startswith("Whom United States restricts")

    out_file = tmp_path / "states.gexf"
    _kg(weigh_settings, "export", "--roll-up", "--kind", "restriction", "--output", str(out_file))
    gexf = out_file.read_text()
    assert 'id="united_states|restriction|chips|china"' in gexf
    assert "bureau_of_industry_and_security" not in gexf, "no body is a node of its own once rolled up"


# ---------------------------------------------------------------- timelines

@pytest.mark.parametrize("phrase, subjects", [
    ("", {"Bureau of Industry and Security", "Biden administration", "US Department of Commerce"}),
    (" since 2023", {"Biden administration", "US Department of Commerce"}),
    (" in 2023", {"Biden administration"}),
    (" before 2023", {"Bureau of Industry and Security"}),
    (" after 2023-10-17", {"Biden administration", "US Department of Commerce"}),  # the republication, 10-18
    (" between 2022 and 2022", {"Bureau of Industry and Security"}),
    (" until 2021", set()),
])
def test_a_time_phrase_keeps_the_claims_of_articles_dated_in_its_span(weigh_settings: Settings, phrase: str,
                                                                      subjects: set[str]) -> None:
    asked = json.loads(_kg(weigh_settings, "ask", f"who restricts China for chips{phrase}", "--json"))
    assert {e["subject"]["label"] for e in asked["results"]} == subjects
    with TestClient(create_app(weigh_settings)) as client:
        r = client.get("/ask", params={"q": f"who restricts China for chips{phrase}"})
    assert r.status_code == 200 and r.json()["lines"] == asked["lines"]


def test_every_relation_form_takes_a_time_phrase_and_the_routes_take_since_and_until(weigh_settings: Settings) -> None:
    for q in ("who depends on whom since 2024", "what does Russia depend on in 2023",
              "who depends on China before 2022", "who restricts whom until 2023",
              "whom does the Biden administration restrict in 2023", "who cooperates with Russia since 2020"):
        _kg(weigh_settings, "ask", q)
    result = CliRunner().invoke(cli, ["--store-path", str(weigh_settings.store_path), "ask",
                                      "what figures are there about Russia in 2023"])
    assert result.exit_code == 2 and "unknown actor 'Russia in 2023'" in result.output, "no figure form has time"
    with TestClient(create_app(weigh_settings)) as client:
        since = client.get("/restrictions", params={"target": "China", "since": "2023-10-18", "citations": 0}).json()
        same = client.get("/restrictions", params={"target": "China", "date_from": "2023-10-18",
                                                   "citations": 0}).json()
        bad = client.get("/restrictions", params={"since": "2023-13-01"})
    assert since == same and since["items"]
    assert bad.status_code == 422


def test_an_edge_carries_its_first_and_last_dates_and_counts_per_year(weigh_settings: Settings) -> None:
    with TestClient(create_app(weigh_settings)) as client:
        items = client.get("/restrictions", params={"target": "China", "resource": "chips", "roll_up": "true",
                                                    "citations": 0}).json()["items"]
    (us,) = [e for e in items if e["subject"]["key"] == "united_states"]
    assert (us["first_date"], us["last_date"]) == ("2022-10-08", "2024-01-09")
    years = {y["year"]: (y["source_count"], y["story_count"]) for y in us["years"]}
    assert years == {2022: (1, 1), 2023: (2, 1), 2024: (1, 1)}
    assert sum(y["claim_count"] for y in us["years"]) == us["claim_count"]
    with open_store(weigh_settings, read_only=True) as store:
        from kg.read.network import NetworkFilter

        G = project(store, NetworkFilter(roll_up=True))
    d = G.edges["united_states", "china", "restriction:chips"]
    assert (d["first_date"], d["last_date"]) == (us["first_date"], us["last_date"])
    assert d["dates"] == ["2022-10-08", "2023-10-17", "2023-10-18", "2024-01-09"]



# ---------------------------------------------------------------- figure reconciliation

def test_figures_about_one_quantity_are_clustered_and_judged(weigh_settings: Settings) -> None:
    with TestClient(create_app(weigh_settings)) as client:
        everything = client.get("/figures/clusters").json()["items"]
        conflicting = client.get("/figures/clusters", params={"actor": "Russia", "conflicting": "true"}).json()
        loose = client.get("/figures/clusters", params={"actor": "Russia", "tolerance": 0.05}).json()
        bad = client.get("/figures/clusters", params={"tolerance": 2})
    by_subject = {(c["subject"]["key"], c["year"]): c for c in everything}
    russia = by_subject["russia", 2023]
    assert russia["status"] == "conflict" and russia["unit"] == "percent"
    assert sorted(v["figure"]["value"] for v in russia["values"]) == [85.0, 88.0]
    assert {v["figure"]["citation"]["publisher"] for v in russia["values"]} == {"Example Trade Monitor",
                                                                                "Example Sanctions Digest"}
    assert conflicting["items"] == [russia]
    assert [c["status"] for c in loose["items"]] == ["agree"], "3.4 % apart agree within a 5 % tolerance"
    assert bad.status_code == 422
    # euros in one article, dollars in the other: linked by the rate the first states for another sum
    germany = by_subject["germany", 2024]
    assert germany["status"] == "agree" and germany["unit"] in ("EUR", "USD")
    assert {v["figure"]["unit"] for v in germany["values"]} == {"EUR", "USD"}
    assert all(v["normalised"] is not None for v in germany["values"])

    asked = json.loads(_kg(weigh_settings, "ask", "which figures disagree about Russia", "--json"))
    assert asked["total"] == 1 and asked["results"][0]["values"] == russia["values"]
    assert "88 percent" in asked["lines"][0] and "85 percent" in asked["lines"][0] and "conflict" in asked["lines"][0]
    text = _kg(weigh_settings, "ask", "how do the figures about Germany compare")
    assert "agree" in text and "€10 billion" in text


def test_currencies_no_article_links_are_not_compared() -> None:
    from kg.read.figure_clusters import clusters
    from kg.read.records import Citation, Figure, Ref

    ref = Ref("https://w3id.org/aigeo/actor/x", "x", "X")

    def fig(i: int, value: float, unit: str) -> Figure:
        cite = Citation(f"c{i}", "figure", ref, None, None, None, "q", 0, 1, f"a{i}", date=f"2024-01-0{i}")
        return Figure(f"f{i}", value, unit, 2024, None, "spend on plants", ref, cite)

    (c,) = clusters([fig(1, 10.0, "EUR"), fig(2, 11.0, "JPY")], [])
    assert c.status == "unlinked" and c.spread is None
    (c,) = clusters([fig(1, 10.0, "EUR"), fig(2, 11.0, "JPY")],
                    [{"figure": "g", "other": "h", "value": 1.0, "unit": "EUR", "otherValue": 1.1, "otherUnit": "JPY"}])
    assert c.status == "agree"



# ---------------------------------------------------------------- evidence quality

def test_the_body_is_cited_rather_than_the_headline_that_says_the_same(weigh_settings: Settings) -> None:
    with TestClient(create_app(weigh_settings)) as client:
        (edge,) = client.get("/restrictions", params={"restrictor": "Japan", "target": "China",
                                                      "resource": "chipmaking equipment"}).json()["items"]
    assert edge["claim_count"] == 2, "the headline's claim still counts"
    (cite,) = edge["claims"]
    assert cite["quote"].startswith("From Sunday, Japan restricts")
    asked = json.loads(_kg(weigh_settings, "ask", "whom does Japan restrict", "--json"))
    assert [c["quote"] for c in asked["citations"]] == [cite["quote"]]


def test_one_passage_is_cited_once_per_edge() -> None:
    from kg.read.edges import Edges
    from kg.read.relations import IndexData, RelationIndex

    rows = [("c1", "restriction", "s", "o", "r", "asserted", "a1", 10, None),
            ("c2", "restriction", "s", "o", "r", "asserted", "a1", 30, None),  # inside c1's sentence
            ("c3", "restriction", "s", "o", "r", "asserted", "a1", 200, None),
            ("c4", "restriction", "s", "o", "r", "asserted", "a2", 10, None)]  # another article: cited
    evidence = {"c1": ("a long sentence", 120, None), "c2": ("part of it", 60, None),
                "c3": ("another sentence", 240, None), "c4": ("a long sentence", 120, None)}
    index = RelationIndex(IndexData({"a1": ("T", None, None, "2024-01-01"), "a2": ("U", None, None, "2024-01-02")},
                                    rows, evidence, {}, {}, {}))
    (group,) = index.select_edges("restriction")
    assert [k.claim for k in Edges(None, index).citable(group.claims)] == ["c1", "c3", "c4"]

"""Issue #4's done-when on the seed articles: the AEI-attributed Russia → China chips edge, three ways."""
from __future__ import annotations

import pytest

from tests.live_server import live_server

pytestmark = pytest.mark.slow

RUSSIA, CHINA = "https://w3id.org/aigeo/actor/russia", "https://w3id.org/aigeo/actor/china"
AEI = "https://w3id.org/aigeo/actor/american_enterprise_institute"


def test_dependencies_endpoint_gives_the_aei_cited_russia_china_chips_edge(seed_client):
    r = seed_client.get("/dependencies", params={"resource": "chips", "dependent": "Russia", "provider": "China"})
    assert r.status_code == 200
    [edge] = r.json()["items"]
    cited = [c for c in edge["claims"] if "88%" in c["quote"]]
    assert cited and cited[0]["attributed_to"]["iri"] == AEI
    assert cited[0]["title"] and cited[0]["article"] and cited[0]["end"] > cited[0]["start"]


@pytest.mark.network
def test_sparqlwrapper_against_kg_serve_finds_the_same_edge(seed_store_settings):
    from SPARQLWrapper import JSON, SPARQLWrapper

    query = """
    SELECT ?dependent ?provider ?quote ?source WHERE {
      ?c a aig:DependencyClaim ; aig:subject ?dependent ; aig:object ?provider ; aig:resource res:chips ;
         aig:quote ?quote ; aig:attributedTo ?source .
      FILTER(CONTAINS(?quote, "88%"))
    }"""
    with live_server(seed_store_settings) as base:
        sw = SPARQLWrapper(base + "/sparql")
        sw.setQuery(query)
        sw.setReturnFormat(JSON)
        rows = sw.query().convert()["results"]["bindings"]
    got = {(r["dependent"]["value"], r["provider"]["value"], r["source"]["value"]) for r in rows}
    assert (RUSSIA, CHINA, AEI) in got

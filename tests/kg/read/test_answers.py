"""Named-query answers: edges with citations, filters, chains, profiles and bad names (kg.read.answers)."""
from __future__ import annotations

import pytest

from kg.read.answers import Answers
from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import RES
from kg.store.queries import run_named
from kg.store import IRI, open_store
from tests.graph_fixture import build_mini_store


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    settings = build_mini_store(tmp_path_factory.mktemp("mini") / "store")
    with open_store(settings, read_only=True) as store:
        yield Answers(store)


def labels(edges) -> set[tuple[str, str, str]]:
    return {(e.subject.label, e.object.label, e.resource.label) for e in edges}


def test_an_edge_carries_every_citation_field_and_its_distinct_sources(answers):
    edge = next(e for e in answers.dependencies(resource="chips") if e.subject.key == "russia")
    assert (edge.object.key, edge.claim_count, edge.source_count) == ("china", 2, 2)
    assert edge.modalities == ("asserted", "hedged")
    first = edge.claims[0]
    assert (first.title, first.publisher, first.date) == ("Processors from the east", "Example Wire", "2024-03-01")
    assert first.url == "https://example.org/news/processors-east"
    assert first.attributed_to.label == "Example Institute"
    assert first.quote.startswith("The Example Institute reports") and first.end - first.start == len(first.quote)
    assert [(f.value, f.unit, f.year) for f in first.figures] == [(80.0, "percent", 2023)]


@pytest.mark.parametrize("name, key", [
    ("chips", "chips"), ("GPUs", "chips"), ("semiconductors", "chips"), ("advanced AI chips", "chips"),
    ("lithography machines", "chipmaking_equipment"), ("rare earths", "materials"), ("chipmaking_equipment",
                                                                                       "chipmaking_equipment"),
])
def test_resources_resolve_through_skos_labels_and_synonyms(answers, name, key):
    assert answers.catalog.resource(name).key == key


@pytest.mark.parametrize("name, key", [
    ("Russia", "russia"), ("the Russian Federation", "russia"), ("Moscow", "russia"), ("PRC", "china"),
    ("united_states", "united_states"), ("https://w3id.org/aigeo/actor/taiwan", "taiwan"), ("EXI", "example_institute"),
])
def test_actors_resolve_through_labels_aliases_and_metonyms(answers, name, key):
    assert answers.catalog.actor(name).key == key


@pytest.mark.parametrize("call, fragment", [
    (lambda a: a.catalog.actor("Rusia"), "did you mean: Russia"),
    (lambda a: a.catalog.resource("semiconductor fabs"), "unknown resource"),
    (lambda a: a.dependencies(provider="Atlantis"), "unknown actor 'Atlantis'"),
    (lambda a: a.article("u0000"), "no article"),
])
def test_unknown_names_raise_not_found_with_a_message(answers, call, fragment):
    with pytest.raises(NotFound, match=fragment):
        call(answers)


@pytest.mark.parametrize("name, suggested", [
    ("chip", None), ("chipz", "did you mean: chips"), ("compte", "did you mean: compute"),
    ("bananas", "the known resources, closest first: "),
])
def test_an_unknown_resource_gets_the_closest_names(answers, name, suggested):
    if suggested is None:  # a plural or singular of a known name is that name
        assert answers.catalog.resource(name).key == "chips"
        return
    with pytest.raises(NotFound) as exc:
        answers.catalog.resource(name)
    assert suggested in str(exc.value)
    if name == "bananas":  # every resource named, so one of them is what was meant
        named = str(exc.value).split(": ", 1)[1].split(", ")
        assert set(named) == set(answers.catalog.resource_names()) and len(named) > 5


@pytest.mark.parametrize("call, fragment", [
    (lambda a: a.dependencies(modality="certain"), "unknown modality"),
    (lambda a: a.dependencies(date_from="last week"), "YYYY-MM-DD"),
    (lambda a: a.figures(year="20x3"), "year must be a number"),
    (lambda a: a.article("<http://evil/>"), "malformed article id"),
    (lambda a: a.claims("friendship"), "unknown claim kind"),
    (lambda a: a.catalog.actor("x" * 500), "longer than"),
])
def test_bad_parameters_raise_query_error(answers, call, fragment):
    with pytest.raises(QueryError, match=fragment):
        call(answers)


@pytest.mark.parametrize("filters, expected", [
    ({"resource": "chips"}, {("Russia", "China", "chips"), ("China", "Taiwan", "chips"), ("India", "China", "chips")}),
    ({"dependent": "China"}, {("China", "Taiwan", "chips")}),
    ({"provider": "China", "modality": "asserted"}, {("Russia", "China", "chips")}),
    ({"source": "Example Institute"}, {("Russia", "China", "chips")}),
    ({"date_from": "2024-06-01", "date_to": "2024-06-30"},
     {("Russia", "China", "chips"), ("Taiwan", "Netherlands", "chipmaking equipment")}),
])
def test_dependency_filters(answers, filters, expected):
    assert labels(answers.dependencies(**filters)) == expected


def test_cooperation_is_found_from_either_party(answers):
    assert labels(answers.cooperations(actor="Russia")) == {("Russia", "China", "AI technology")}
    assert labels(answers.cooperations(actor="China")) == {("China", "Russia", "AI technology")}
    assert labels(answers.cooperations(actor="Russia", partner="China")) == {("Russia", "China", "AI technology")}


def test_restrictions_by_restrictor_and_target(answers):
    assert labels(answers.restrictions(target="China")) == {("United States", "China", "chips"),
                                                            ("Netherlands", "China", "chipmaking equipment")}
    assert labels(answers.restrictions(restrictor="Washington", resource="GPUs")) == {("United States", "China", "chips")}


def test_chains_follow_direct_edges_that_a_claim_for_the_resource_supports(answers):
    chains = answers.dependency_chains("chips")
    assert [[a.label for a in c.actors] for c in chains] == [["Russia", "China", "Taiwan"]]
    hop1, hop2 = chains[0].hops
    assert hop1.claims[0].attributed_to.label == "Example Institute" and hop2.claims[0].quote.startswith("China in turn")
    # Taiwan -> Netherlands is for chipmaking equipment, India -> China is negated: neither extends a chips chain
    assert answers.dependency_chains("chips", start="India") == []
    assert answers.dependency_chains("chipmaking equipment") == []


def test_profile_holds_claims_in_both_directions_figures_and_statements(answers):
    p = answers.profile("Example Institute")
    assert p.actor.type == "Organization" and len(p.statements) == 1
    china = answers.profile("China")
    assert ("China", "Taiwan", "chips") in labels(china.outgoing)
    assert ("Russia", "China", "chips") in labels(china.incoming)
    assert [f.raw for f in answers.profile("Russia").figures] == ["80%"]


def test_figures_filter_by_actor_unit_and_year(answers):
    assert [f.raw for f in answers.figures(actor="United States")] == ["$39 billion"]
    assert [f.raw for f in answers.figures(unit="PERCENT", year=2023)] == ["80%"]
    assert answers.figures(year=1999) == []


def test_sources_about_an_actor_group_what_each_source_said(answers):
    groups = answers.sources_about("Russia")
    assert [g.source.label for g in groups] == ["Example Institute"]
    assert len(groups[0].claims) == 2 and len(groups[0].statements) == 1  # the claim, the figure; one passage


def test_articles_mentioning_an_actor_and_article_detail(answers):
    arts = answers.articles(actor="India")
    assert [a.title for a in arts] == ["Processors from the east"]
    assert arts[0].claim_counts == {"attribution": 1, "dependency": 3, "figure": 1}
    detail = answers.article(arts[0].id)
    assert [c.kind for c in detail.claims] == ["dependency"] * 3
    assert detail.claims == tuple(sorted(detail.claims, key=lambda c: c.start))


def test_sources_behind_a_claim_include_the_other_claims_on_its_edge(answers):
    edge = next(e for e in answers.dependencies(resource="chips") if e.subject.key == "russia")
    behind = answers.claim_sources(edge.claims[1].claim)
    assert behind.claim.claim == edge.claims[1].claim
    assert behind.edge.claim_count == 2 and behind.edge.source_count == 2


def test_the_dependencies_named_query_still_binds_its_parameters(answers):
    rows = run_named(answers.store, "dependencies", resource=IRI(str(RES.chips)))
    # the query returns IRIs (labels come from the catalog); name them through it
    label = answers.catalog.actor_label
    assert {(label(r["dependent"]), label(r["provider"])) for r in rows} >= {("Russia", "China"), ("China", "Taiwan")}
    assert all(r["quote"] and r["article"] for r in rows)
    assert all(r["resource"] == str(RES.chips) for r in rows)


@pytest.mark.slow
def test_seed_store_answers_russia_depends_on_china_for_chips_citing_aei(seed_store_settings):
    with open_store(seed_store_settings, read_only=True) as store:
        edges = Answers(store).dependencies(resource="chips")
    edge = next(e for e in edges if (e.subject.key, e.object.key) == ("russia", "china"))
    cited = [c for c in edge.claims if "88%" in c.quote]
    assert cited, [c.quote for c in edge.claims]
    assert cited[0].attributed_to is not None and cited[0].attributed_to.key == "american_enterprise_institute"
    assert cited[0].title and cited[0].article and cited[0].end - cited[0].start == len(cited[0].quote)


@pytest.mark.parametrize("kind, filters", [
    ("dependency", {}), ("dependency", {"resource": "chips"}), ("restriction", {}), ("cooperation", {}),
])
@pytest.mark.parametrize("limit, offset", [(1, 0), (2, 1), (50, 0), (1, 99)])
def test_a_page_of_edges_is_the_same_slice_of_the_unpaged_edges_with_the_full_total(answers, kind, filters,
                                                                                       limit, offset):
    everything = answers.edges(kind, **filters)
    page = answers.edge_page(kind, limit=limit, offset=offset, **filters)
    assert page.total == len(everything)
    assert page.edges == everything[offset:offset + limit]


def test_capping_citations_per_edge_keeps_the_counts_over_every_claim(answers):
    full = next(e for e in answers.dependencies(resource="chips") if e.subject.key == "russia")
    capped = next(e for e in answers.dependencies(resource="chips", citations=1) if e.subject.key == "russia")
    assert len(full.claims) == 2 and capped.claims == full.claims[:1]
    assert (capped.claim_count, capped.source_count, capped.modalities, capped.attributed_sources) == (
        full.claim_count, full.source_count, full.modalities, full.attributed_sources)


@pytest.mark.parametrize("actor", ["United States", "Russia", "China"])
@pytest.mark.parametrize("limit", [0, 1, 5])
def test_a_limited_list_of_an_actors_figures_is_the_start_of_the_full_list(answers, actor, limit):
    assert answers.figures(actor=actor, limit=limit) == answers.figures(actor=actor)[:limit]


@pytest.mark.parametrize("source", ["Example Institute", "United States", "Russia"])
@pytest.mark.parametrize("limit", [0, 1, 5])
def test_a_limited_list_of_a_sources_statements_is_the_start_of_the_full_list(answers, source, limit):
    assert answers.statements(source=source, limit=limit) == answers.statements(source=source)[:limit]


@pytest.mark.slow
def test_paged_figures_and_statements_follow_citation_order_on_the_corpus(corpus_store_settings):
    from kg.store import open_store

    with open_store(corpus_store_settings, read_only=True) as store:
        a = Answers(store)
        sources = sorted({s.source.iri for s in a.statements()},
                         key=lambda iri: -len(a.statements(source=iri)))
        assert len(a.statements(source=sources[0])) >= 2
        for iri in sources[:3]:
            full = a.statements(source=iri)
            for limit in (1, 2, len(full)):
                assert a.statements(source=iri, limit=limit) == full[:limit]
        for actor in ("United States", "China"):
            full = a.figures(actor=actor)
            assert len(full) >= 2
            for limit in (1, 2, len(full)):
                assert a.figures(actor=actor, limit=limit) == full[:limit]
        p = a.profile("United States", limit=1, citations=1)
        assert len(p.statements) <= 1 and len(p.figures) <= 1 and all(len(e.claims) <= 1 for e in p.outgoing)


@pytest.mark.slow
def test_every_page_of_every_kind_is_the_slice_of_the_ranked_edges_on_the_corpus(corpus_store_settings):
    from kg.store import open_store

    with open_store(corpus_store_settings, read_only=True) as store:
        a = Answers(store)
        for kind in ("dependency", "restriction", "cooperation"):
            everything = a.edges(kind)
            assert len(everything) >= 3
            ranks = [(-e.source_count, -e.claim_count, e.subject.label.casefold(), e.object.label.casefold(),
                      e.resource.label) for e in everything]
            assert ranks == sorted(ranks)
            for limit in (1, 2, 3, 7):
                for offset in range(len(everything) + 1):
                    page = a.edge_page(kind, limit=limit, offset=offset)
                    assert page.total == len(everything)
                    assert page.edges == everything[offset:offset + limit]


def test_chains_come_lazily_in_the_order_of_sorting_them_all(tmp_path):
    """On a generated graph with thousands of chains: the first chains returned, and the count, are those
    of listing every path and sorting it (four actors before three, then by labels)."""
    from collections import defaultdict

    from kg.store.oxigraph import OxigraphStore
    from tests.bench import synth

    store = OxigraphStore(None)
    store.bulk_extend(synth.static_quads())
    for _, quads in synth.claims_graph(10_000, seed=3):
        store.bulk_extend(quads)
    a = Answers(store)
    succ = defaultdict(set)
    for k in a.index.select("dependency", resource=str(RES.chips)):
        if k.subject != k.object and k.modality != "negated":
            succ[k.subject].add(k.object)
    label = a.catalog.actor_label
    for start in (None, max(succ, key=lambda x: len(succ[x]))):
        paths = []
        for x in ([start] if start else list(succ)):
            for y in succ[x]:
                for z in succ.get(y, ()):
                    if z == x:
                        continue
                    longer = [w for w in succ.get(z, ()) if w not in (x, y)]
                    paths += [(x, y, z, w) for w in longer] if longer else [(x, y, z)]
        paths.sort(key=lambda p: (-len(p), [label(i) for i in p], p))
        assert len(paths) > 100
        limit = min(200, len(paths) - 10)
        chains = a.dependency_chains("chips", start=start, limit=limit, citations=0)
        assert [tuple(r.iri for r in c.actors) for c in chains] == paths[:limit]
        assert a.chain_count("chips", start=start) == len(paths)
        assert a.chain_count("chips", start=start, at_most=50) == 51

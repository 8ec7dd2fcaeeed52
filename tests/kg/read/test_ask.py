"""`kg ask`: question forms, answers with numbered citations, the CLI and its errors (kg.read.ask, kg.cli.query)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.read.answers import Answers
from kg.read.ask import ask, examples, parse_question
from kg.cli.app import app
from kg.core.errors import NotFound, UnknownQuestion
from kg.store import open_store
from tests.graph_fixture import build_mini_store


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture(scope="module")
def answers(mini):
    with open_store(mini, read_only=True) as store:
        yield Answers(store)


def run(settings, *args: str):
    return CliRunner().invoke(app, ["--store-path", str(settings.store_path), *args])


@pytest.mark.parametrize("question, form, actor, resource", [
    ("who depends on whom for chips", "dependencies", None, "chips"),
    ("Who depends on whom?", "dependencies", None, None),
    ("what does Russia depend on", "depends_on", "Russia", None),
    ("What does the United States rely on for GPUs?", "depends_on", "the United States", "GPUs"),
    ("who depends on China for semiconductors", "dependents_of", "China", "semiconductors"),
    ("who restricts whom", "restrictions", None, None),
    ("who restricts China?", "restricted_by", "China", None),
    ("whom does the United States restrict", "restricts", "the United States", None),
    ("who cooperates with Russia", "cooperations", "Russia", None),
    ("what figures are there about Russia", "figures", "Russia", None),
    ("who said something about China", "sources", "China", None),
    ("who reported anything about Taiwan?", "sources", "Taiwan", None),
    ("which articles mention India", "articles", "India", None),
    ("dependency chains for chips", "chains", None, "chips"),
    ("tell me about the Netherlands", "profile", "the Netherlands", None),
])
def test_question_forms_are_parsed(question, form, actor, resource):
    p = parse_question(question)
    assert (p.form, p.actor, p.resource) == (form, actor, resource)


@pytest.mark.parametrize("question", ["hello", "", "why is the sky blue", "depends", "who depends on"])
def test_an_unparseable_question_carries_the_forms_understood(question):
    with pytest.raises(UnknownQuestion) as info:
        parse_question(question)
    assert info.value.forms == examples() and "who depends on whom for chips" in info.value.forms


def test_every_documented_example_parses():
    for example in examples():
        parse_question(example.replace("(", "").replace(")", ""))


def test_answer_groups_edges_and_numbers_citations(answers):
    a = ask(answers, "who depends on whom for GPUs")
    assert a.lines[0] == ("Russia → China (chips) — 2 claims, 2 articles, 2 independent stories; according to Example Institute; "
                          "asserted/hedged [1][2]")
    text = a.to_text()
    assert text.startswith("Who depends on whom for chips: 3 edges")
    assert "[1] “Processors from the east”, Example Wire, 2024-03-01. https://example.org/news/processors-east" in text
    first = a.citations[0]
    assert (f"“{first.quote}” (characters {first.start}–{first.end}; attributed to Example Institute; asserted; "
            "80% in 2023)") in text


@pytest.mark.parametrize("question, fragment", [
    ("what does Moscow depend on for chips", "What Russia depends on for chips: 1 edge"),
    ("who depends on China", "Who depends on China: 2 edges"),
    ("who restricts China for lithography machines", "Netherlands ⊣ China (chipmaking equipment)"),
    ("whom does Washington restrict", "United States ⊣ China (chips)"),
    ("who cooperates with Russia", "Russia ↔ China (AI technology)"),
    ("what figures are there about Russia", "80% (2023) — processors imported [1]"),
    ("who said something about Russia", "Example Institute: 2 claims, 1 passage"),
    ("which articles mention India", "Processors from the east — Example Wire, 2024-03-01; 5 claims."),
    ("dependency chains for chips", "Russia →[1][2] China →[3] Taiwan (chips)"),
    ("what do we know about China", "China (Country, Wikidata Q148): mentioned in 2 articles"),
])
def test_each_form_answers_from_the_graph(answers, question, fragment):
    assert fragment in ask(answers, question).to_text()


def test_unknown_names_in_a_question_fail_with_close_matches(answers):
    with pytest.raises(NotFound, match="did you mean: Russia"):
        ask(answers, "what does Rusia depend on")
    with pytest.raises(NotFound, match="unknown resource 'bananas'"):
        ask(answers, "who depends on whom for bananas")


def test_cli_prints_the_answer_and_json(mini):
    r = run(mini, "ask", "who depends on whom for chips")
    assert r.exit_code == 0, r.output
    assert "Russia → China (chips) — 2 claims, 2 articles, 2 independent stories" in r.output and "Citations" in r.output
    r = run(mini, "ask", "--json", "who cooperates with China")
    data = json.loads(r.stdout)
    assert data["form"] == "cooperations" and data["citations"][0]["n"] == 1
    assert data["results"][0]["subject"]["key"] == "china"


@pytest.mark.parametrize("question, code, fragment", [
    ("what is love", 2, "who depends on whom for chips"),
    ("what does Rusia depend on", 2, "did you mean: Russia"),
    ('who depends on "} DROP ALL {" for chips', 2, "unknown actor"),
])
def test_cli_errors_are_one_clear_message_and_non_zero_exit(mini, question, code, fragment):
    r = run(mini, "ask", question)
    assert r.exit_code == code
    assert fragment in " ".join(r.output.split()) and "Traceback" not in r.output


@pytest.mark.slow
def test_seed_store_kg_ask_cites_the_aei_88_percent_claim(seed_store_settings):
    r = run(seed_store_settings, "ask", "who depends on whom for chips")
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "Russia → China (chips)" in out
    assert "88%" in out and "American Enterprise Institute" in out


def test_the_cli_help_states_the_paging_defaults_of_kg_ask():
    from typer.testing import CliRunner

    from kg.read.ask import DEFAULT_CITATIONS, DEFAULT_LIMIT
    from kg.cli.app import app

    text = " ".join(CliRunner().invoke(app, ["ask", "--help"], env={"COLUMNS": "300"}).output.split())
    assert f"(default {DEFAULT_LIMIT})" in text and f"(default {DEFAULT_CITATIONS})" in text


def test_a_long_answer_shows_the_best_supported_first_and_says_how_many_more(answers):
    full = ask(answers, "who depends on whom for chips")
    assert full.total == 3 and len(full.results) == 3 and "more edges" not in full.to_text()
    a = ask(answers, "who depends on whom for chips", limit=1, citations=1)
    assert a.heading == "Who depends on whom for chips: 3 edges (the first 1 shown)"
    assert a.results[0].subject == full.results[0].subject and a.results[0].claim_count == 2
    assert a.lines[0] == ("Russia → China (chips) — 2 claims, 2 articles, 2 independent stories; according to Example Institute; "
                          "asserted/hedged [1] (the first 1 cited)")
    assert a.lines[-1] == "… and 2 more edges: ask again with a higher limit (`kg ask --limit`, /ask?limit=)"
    assert len(a.citations) == 1 and a.citations[0] == full.citations[0]
    assert a.to_dict()["total"] == 3
    bare = ask(answers, "who depends on whom for chips", citations=0)
    assert bare.citations == [] and "(citations not asked for)" in bare.lines[0]


@pytest.mark.parametrize("kwargs, message", [({"limit": 0}, "limit"), ({"citations": -1}, "citations")])
def test_paging_out_of_range_is_a_query_error(answers, kwargs, message):
    from kg.core.errors import QueryError

    with pytest.raises(QueryError, match=message):
        ask(answers, "who depends on whom", **kwargs)


def test_cli_pages_with_limit_and_citations(mini):
    r = run(mini, "ask", "--limit", "1", "--citations", "1", "--json", "who depends on whom for chips")
    data = json.loads(r.stdout)
    assert data["total"] == 3 and len(data["results"]) == 1 and len(data["citations"]) == 1
    r = run(mini, "ask", "--limit", "0", "who depends on whom")
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_a_count_that_stopped_early_is_said_to_be_a_lower_bound():
    from kg.read.ask import Answer, _shown

    a = Answer(question="q", form="chains", heading="Dependency chains for chips", results=[object()] * 2)
    _shown(a, 101, "chain", at_least=True)
    assert a.heading == "Dependency chains for chips: over 100 chains (the first 2 shown)" and a.total == 100
    assert a.lines == ["… and over 98 more chains: ask again with a higher limit (`kg ask --limit`, /ask?limit=)"]


def test_source_groups_cite_at_most_the_citations_asked_for(answers):
    full = ask(answers, "who said something about Russia", citations=None)
    line = next(x for x in full.lines if x.startswith("Example Institute"))
    assert line == "Example Institute: 2 claims, 1 passage [1][2][3]"
    one = ask(answers, "who said something about Russia", citations=1)
    assert next(x for x in one.lines if x.startswith("Example Institute")).endswith("[1] (the first 1 cited)")

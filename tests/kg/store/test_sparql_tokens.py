"""The one SPARQL tokenizer (kg.store.sparql_tokens) and the rewrites of Virtuoso's query text built on it."""
from __future__ import annotations

import pytest

from kg.core.errors import QueryError, UpdateNotAllowed
from kg.store.sparql_tokens import tokens
from kg.store.virtuoso_sparql import query_form, refuse_extensions, with_values, without_dataset


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup, m.group()) for m in tokens(text)]


def test_strings_iris_and_comments_are_whole_tokens_so_their_insides_never_count() -> None:
    toks = kinds('SELECT ?s WHERE { ?s ?p "a { SERVICE ( }" . # } SERVICE\n <http://x/SERVICE> }')
    assert ("string", '"a { SERVICE ( }"') in toks
    assert [v for k, v in toks if k == "open"] == ["{"] and [v for k, v in toks if k == "close"] == ["}"]
    assert not any(v.upper() == "SERVICE" for k, v in toks if k == "name")


def test_prefixed_names_variables_numbers_and_operators() -> None:
    toks = kinds("FILTER(?n >= 3.5 && aig:confidence(?x) != -1)")
    assert ("name", "aig:confidence") in toks and ("var", "?n") in toks and ("number", "3.5") in toks
    assert [v for k, v in toks if k == "op"] == [">=", "&&", "!=", "-"]


def test_values_are_bound_in_the_where_group_not_in_a_projected_expression() -> None:
    q = "SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c ?p ?r } GROUP BY ?r"
    out = with_values(q, {"r": "chips"})
    assert out.index("VALUES (?r)") > out.index("WHERE {")
    assert '"chips"' in out


def test_a_construct_template_is_skipped_when_binding() -> None:
    out = with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": 1})
    assert out.index("VALUES") > out.index("WHERE {")


def test_a_bound_variable_that_is_not_selected_is_refused() -> None:
    with pytest.raises(QueryError, match="not selected"):
        with_values("SELECT ?a WHERE { ?a ?p ?b }", {"b": "x"})


def test_query_form_refuses_updates_and_reads_past_comments() -> None:
    assert query_form("# SELECT in a comment\nASK { ?s ?p ?o }") == "ASK"
    with pytest.raises(UpdateNotAllowed):
        query_form("INSERT DATA { <a:b> <a:c> <a:d> }")


@pytest.mark.parametrize("q", ["define get:soft \"replace\" SELECT * WHERE { ?s ?p ?o }",
                               "SELECT (bif:http_get('http://127.0.0.1/') AS ?x) WHERE {}",
                               "PREFIX f: <http://www.openlinksw.com/schemas/bif#> SELECT (f:http_get(1) AS ?x) {}",
                               "SELECT (<urn:x:f>(1) AS ?x) WHERE {}"])
def test_virtuoso_extensions_are_refused(q: str) -> None:
    with pytest.raises(QueryError):
        refuse_extensions(q)


def test_xsd_casts_and_keywords_pass() -> None:
    refuse_extensions("SELECT (xsd:integer(?v) AS ?n) (STR(?v) AS ?s) WHERE { ?x ?p ?v FILTER(REGEX(?s, 'bif:')) }")


def test_from_clauses_are_cut_and_a_from_inside_a_string_is_not() -> None:
    out = without_dataset('SELECT * FROM <http://g/1> FROM NAMED <http://g/2> WHERE { ?s ?p "FROM <x>" }')
    assert "http://g/1" not in out and "http://g/2" not in out and '"FROM <x>"' in out

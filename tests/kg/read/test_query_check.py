"""Static query checks (kg.read.query_check): what would crash Oxigraph or open a connection is refused first."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from kg.core.errors import QueryError
from kg.read.query_check import MAX_DEPTH, MAX_OPERATORS, MAX_QUERY_CHARS, MAX_UNARY_RUN, check_query

# Each of these killed pyoxigraph 0.5 with SIGSEGV (measured; see the module docstring).
CRASHERS = {
    "3,000 nested braces": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "3,000 nested sub-SELECTs": "SELECT * WHERE { " + "{ SELECT * WHERE " * 3000 + "{}" + "}" * 3000 + " }",
    "10,000 nested parentheses": "SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
    "10,000 negations": "ASK { FILTER(" + "!" * 10000 + "true) }",
    "10,000 additions": "ASK { FILTER(" + "+".join(["1"] * 10000) + ") }",
    "10,000 conjunctions": "ASK { FILTER(" + "&&".join(["true"] * 10000) + ") }",
    "10,000 UNIONs": "SELECT * WHERE { " + "UNION".join(["{}"] * 10000) + " }",
}


@pytest.mark.parametrize("name", CRASHERS)
def test_queries_that_crash_the_engine_are_refused_before_it_sees_them(name):
    with pytest.raises(QueryError, match="too deep|too complex"):
        check_query(CRASHERS[name])


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  SeRvIcE # a comment\n <http://x/> {}}",
    "PREFIX ex: <http://127.0.0.1:9/>\nSELECT * { SERVICE ex:sparql { ?s ?p ?o } }",
    "SELECT * { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:9/> } }",
])
def test_service_is_refused_in_every_spelling(query):
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://x/> { {{{{{{{{ !!!!!!!!!!!!!!!!!!!!" }',
    "SELECT * { ?s ex:service ?service } # SERVICE <http://x/>",
    "SELECT * { ?s ?p '''multi\nline SERVICE ((((((''' }",
    "SELECT * { ?s <http://e/SERVICE> ?o }",
    "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH,
    "ASK { FILTER(" + "!" * MAX_UNARY_RUN + "true) }",
    "ASK { FILTER(" + "+".join(["1"] * (MAX_OPERATORS // 2)) + ") }",
    "SELECT * { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(5000)) + " } }",
])
def test_ordinary_queries_and_lookalikes_in_literals_pass(query):
    check_query(query)


def test_size_limit_and_dataset_detection():
    with pytest.raises(QueryError, match="longer than"):
        check_query("ASK {}" + " " * MAX_QUERY_CHARS)
    assert check_query("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }").has_dataset
    assert check_query("SELECT * FROM NAMED <http://e/g> WHERE { GRAPH ?g { ?s ?p ?o } }").has_dataset
    assert not check_query('SELECT * WHERE { ?s ?p "FROM <http://e/g>" }').has_dataset


FRAGMENTS = ["{", "}", "(", ")", "[", "]", "!", "-", "+", "&&", "||", " UNION ", " OPTIONAL ", "?x", "1", "true",
             '"{(!"', "<http://e/x>", " . ", "# {{{\n", "'", '"', "\\", "SERVICE", "ex:a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.integers(1, 400)), max_size=40))
def test_any_text_either_passes_within_the_limits_or_is_refused_with_a_query_error(parts):
    text = "SELECT * WHERE { " + "".join(f * n for f, n in parts) + " }"
    try:
        check_query(text)
    except QueryError as exc:
        assert str(exc)


@pytest.mark.parametrize("name", ["3,000 nested braces", "10,000 negations"])
def test_kg_query_refuses_a_crasher_with_one_line_instead_of_dying(name):
    import subprocess
    import sys
    from pathlib import Path

    kg = Path(sys.executable).with_name("kg")
    r = subprocess.run([str(kg), "--store", "memory", "query", CRASHERS[name]], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)  # not -11 (SIGSEGV)
    assert "too deep" in r.stderr and "Traceback" not in r.stderr

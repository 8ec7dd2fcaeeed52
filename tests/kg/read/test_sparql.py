"""The SPARQL protocol core without HTTP: query form, negotiation, read-only, limits (kg.read.sparql)."""
from __future__ import annotations

import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results

from kg.store.oxigraph_terms import from_oxigraph

from kg.core.errors import QueryError, ResultTooLarge, UpdateNotAllowed
from kg.store.serving import ServedStore
from kg.read.sparql import NotAcceptable, negotiate, query_form, run_protocol_query
from kg.store import open_store
from tests.graph_fixture import build_mini_store


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture(scope="module")
def store(mini):
    with open_store(mini, read_only=True) as s:
        yield s


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("  select ?s { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://example.org/#> # a comment with SELECT\nASK { ?s ?p ?o }", "ASK"),
    ("BASE <http://e/>\nPREFIX : <http://e/ns#>\nPREFIX a: <x>CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# DESCRIBE only in a comment\nDESCRIBE <http://e/x>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", "UPDATE"),
    ("PREFIX x: <http://e/#>\n  delete where { ?s ?p ?o }", "UPDATE"),
    ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
    ("DROP ALL", "UPDATE"),
])
def test_query_form_is_read_past_the_prologue(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize("text", ["", "   # nothing\n", "SHOW TABLES", "{ ?s ?p ?o }", "PREFIX x <y> SELECT"])
def test_text_that_is_no_query_is_a_query_error(text):
    with pytest.raises(QueryError, match="expected SELECT, ASK, CONSTRUCT or DESCRIBE"):
        query_form(text)


@pytest.mark.parametrize("accept, form, media_type", [
    (None, "SELECT", "application/sparql-results+json"),
    ("*/*", "ASK", "application/sparql-results+json"),
    ("application/json", "SELECT", "application/sparql-results+json"),
    ("application/xml", "SELECT", "application/sparql-results+xml"),
    ("text/*", "SELECT", "text/csv"),
    ("text/tab-separated-values", "SELECT", "text/tab-separated-values"),
    (None, "CONSTRUCT", "text/turtle"),
    ("text/*", "DESCRIBE", "text/turtle"),
    ("application/ld+json", "CONSTRUCT", "application/ld+json"),
    ("application/n-triples;q=0.4, text/turtle;q=0.8", "CONSTRUCT", "text/turtle"),
    ("text/turtle;q=0, application/n-triples", "CONSTRUCT", "application/n-triples"),
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", "SELECT",
     "application/sparql-results+json"),  # what SPARQLWrapper sends for JSON
])
def test_negotiation_picks_the_best_acceptable_format(accept, form, media_type):
    assert negotiate(accept, form).media_type.startswith(media_type)


@pytest.mark.parametrize("accept, form", [("text/turtle", "SELECT"), ("text/csv", "CONSTRUCT"),
                                          ("text/turtle;q=0", "CONSTRUCT"), ("image/*", "ASK")])
def test_negotiation_without_a_match_is_not_acceptable(accept, form):
    with pytest.raises(NotAcceptable):
        negotiate(accept, form)


def test_updates_are_refused_before_the_store_sees_them(store):
    with pytest.raises(UpdateNotAllowed):
        run_protocol_query(store, "CLEAR ALL", None, 100)
    assert run_protocol_query(store, "ASK { ?s ?p ?o }", None, 100)[0] == b'{"head":{},"boolean":true}'


def test_result_size_limit_counts_rows_and_triples(store):
    with pytest.raises(ResultTooLarge, match="more than 3 rows"):
        run_protocol_query(store, "SELECT * WHERE { ?s ?p ?o }", None, 3)
    with pytest.raises(ResultTooLarge, match="more than 3 triples"):
        run_protocol_query(store, "CONSTRUCT WHERE { ?s ?p ?o }", None, 3)
    body, _ = run_protocol_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "text/csv", 3)
    assert len(body.decode().strip().splitlines()) == 4  # header and three rows


@pytest.mark.parametrize("fmt", [QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.TSV])
def test_terms_survive_the_row_counting_round_trip_exactly(store, fmt):
    q = ('SELECT ?x ?y ?z ?b WHERE { BIND("tab\\there \\"q\\" \\n \u00e9"@en AS ?x) BIND(42 AS ?y) '
         'BIND(BNODE() AS ?b) }')
    body, _ = run_protocol_query(store, q, fmt.media_type, 10)
    ours = list(parse_query_results(body, fmt))[0]
    direct = list(store.query(q))[0]  # neutral terms, in the order x y z b
    assert [from_oxigraph(ours[v]) for v in "xyz"] == list(direct[:3])
    assert ours["b"] is not None


def test_a_served_store_on_disk_keeps_writers_out_until_it_closes(mini):
    import subprocess
    import sys

    write = f"from pyoxigraph import Store; Store({str(mini.store_path)!r})"
    served = ServedStore(mini.with_overrides(serve_snapshot="disk"))
    try:
        r = subprocess.run([sys.executable, "-c", write], capture_output=True, text=True, timeout=60)
        assert r.returncode != 0 and "LOCK" in r.stderr
    finally:
        served.close()
    r = subprocess.run([sys.executable, "-c", write], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_a_memory_snapshot_serves_every_quad_and_lets_a_writer_in(mini, tmp_path):
    import shutil
    import subprocess
    import sys

    from kg.core.errors import StoreError

    path = tmp_path / "store"
    shutil.copytree(mini.store_path, path)
    settings = mini.with_overrides(store_path=path)
    assert settings.serve_snapshot == "memory"  # the default
    with open_store(settings, read_only=True) as disk:
        on_disk = set(disk.quads())
    served = ServedStore(settings)
    try:
        assert served.store.path is None and set(served.store.quads()) == on_disk
        with pytest.raises(StoreError, match="read-only"):
            served.store.remove_graph(next(iter(on_disk)).graph.value)
        # the files are let go once copied: another process writes, the snapshot stays as it was
        write = (f"from pyoxigraph import Store, Quad, NamedNode as N; s = Store({str(path)!r}); "
                 "s.add(Quad(N('http://e/s'), N('http://e/p'), N('http://e/o'), N('http://e/g'))); s.flush()")
        r = subprocess.run([sys.executable, "-c", write], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        assert set(served.store.quads()) == on_disk
        with open_store(settings, read_only=True) as disk:
            assert len(set(disk.quads())) == len(on_disk) + 1
    finally:
        served.close()


def test_a_server_does_not_start_while_a_build_writes(mini, tmp_path):
    import shutil
    import subprocess
    import sys

    from kg.core.errors import StoreError

    path = tmp_path / "store"
    shutil.copytree(mini.store_path, path)
    # another process holds the store read-write (as kg build does) until its stdin closes
    hold = f"import sys; from pyoxigraph import Store; s = Store({str(path)!r}); print('open', flush=True); sys.stdin.read()"
    writer = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        for snapshot in ("memory", "disk"):
            with pytest.raises(StoreError, match="being written by another process"):
                ServedStore(mini.with_overrides(store_path=path, serve_snapshot=snapshot))
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    ServedStore(mini.with_overrides(store_path=path)).close()

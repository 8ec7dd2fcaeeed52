"""`kg query` tables show who and what as prefixed names with labels, and never cut them."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli.app import app
from kg.core.namespaces import PREFIXES, compact
from kg.core.settings import Settings

pytestmark = pytest.mark.slow

PREFIXES_ACTOR = PREFIXES["actor"]
WHO_DEPENDS = """SELECT ?dependent ?provider ?quote WHERE {
  ?c a aig:DependencyClaim ; aig:subject ?dependent ; aig:object ?provider ;
     aig:resource res:chips ; aig:quote ?quote } ORDER BY ?dependent ?quote"""
# five IRI columns: far wider than the 80 columns rich assumes off a terminal
ALL_IRIS = """SELECT ?claim ?article ?subject ?object ?resource WHERE {
  ?claim a aig:DependencyClaim ; prov:wasDerivedFrom ?article ; aig:subject ?subject ;
         aig:object ?object ; aig:resource ?resource } ORDER BY ?claim LIMIT 20"""


def kg(settings: Settings, *argv: str) -> str:
    result = CliRunner().invoke(app, list(argv), env={"KG_STORE_PATH": str(settings.store_path)})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("prefix", "local"), [
    ("actor", "russia"), ("res", "chips"), ("aig", "DependencyClaim"), ("dcterms", "title"), ("claim", "7f93ea65e2c3"),
])
def test_iris_under_a_declared_namespace_become_prefixed_names(prefix: str, local: str) -> None:
    assert compact(PREFIXES[prefix] + local) == f"{prefix}:{local}"


@pytest.mark.parametrize("iri", ["https://example.org/a/b", PREFIXES_ACTOR + "a/b", PREFIXES_ACTOR + "a b"])
def test_other_iris_and_local_parts_a_prefixed_name_cannot_hold_stay_whole(iri: str) -> None:
    assert compact(iri) == iri


def test_query_table_shows_prefixed_names_with_labels(corpus_store_settings: Settings) -> None:
    output = kg(corpus_store_settings, "query", WHO_DEPENDS)
    assert "actor:russia (Russia)" in output and "actor:china (China)" in output
    assert "https://w3id.org/aigeo/" not in output


def test_query_table_never_cuts_a_column_of_names(corpus_store_settings: Settings) -> None:
    output = kg(corpus_store_settings, "query", ALL_IRIS)
    assert "…" not in output
    full = json.loads(kg(corpus_store_settings, "query", ALL_IRIS, "--output", "json"))
    assert len(full) == 20
    lines = output.splitlines()
    for row in full:
        # each row's names stand whole on one line of the table
        claim = compact(row["claim"])
        line = next(ln for ln in lines if claim in ln)
        for key in ("article", "subject", "object", "resource"):
            assert re.search(rf"\b{re.escape(compact(row[key]))}\b", line), (key, line)


def test_json_and_csv_keep_full_iris(corpus_store_settings: Settings) -> None:
    rows = json.loads(kg(corpus_store_settings, "query", WHO_DEPENDS, "--output", "json"))
    assert rows and all(r["dependent"].startswith("https://w3id.org/aigeo/actor/") for r in rows)
    assert "https://w3id.org/aigeo/actor/" in kg(corpus_store_settings, "query", WHO_DEPENDS, "--output", "csv")

"""`kg build`: idempotent, atomic per article, crash-safe, and every article's metadata on the way in."""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

import kg.ingest.build as kg_build
from extractors.records import Evidence, Relation
from kg.ingest.build import build
from kg.core.namespaces import ACTORS_GRAPH, AIG, DCTERMS, ONTOLOGY_GRAPH, SCHEMA, STORIES_GRAPH
from kg.core.settings import Settings
from kg.store import IRI, open_store
from kg.store.formats import N_QUADS
from kg.store.oxigraph import STATE_GRAPH
from tests.conftest import PROJECT_CORPUS
from tests.kg import samples

pytestmark = pytest.mark.slow
STATIC = {str(ONTOLOGY_GRAPH), str(ACTORS_GRAPH), str(STORIES_GRAPH), STATE_GRAPH}  # what a raw pyoxigraph Store lists too
EDITED = "03-russia-chips-third-countries.md"
NEW_BODY = (
    "Vietnam depends on South Korea for memory chips, the Example Institute says.\n\n"
    "Hanoi plans to train more chip engineers with help from Seoul over the next five years.\n"
)


SUBSET = ("01-us-ai-chip-export-controls.md", EDITED, "07-us-chips-act.md")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A writable copy of three articles of the project's corpus/ (and its README, which is no article)."""
    d = tmp_path / "corpus"
    d.mkdir()
    for name in (*SUBSET, "README.md"):
        shutil.copy(PROJECT_CORPUS / name, d / name)
    return d


def run(paths: list, settings: Settings, **kw):
    with open_store(settings) as store:
        return build([str(p) for p in paths], settings, store, **kw)


def graphs(settings: Settings) -> dict[str, list[bytes]]:
    """Every named graph as sorted N-Quads lines."""
    out: dict[str, list[bytes]] = {}
    with open_store(settings, read_only=True) as store:
        for g in store.named_graphs():
            buf = io.BytesIO()
            store.dump(buf, N_QUADS, graph=g)
            out[g] = sorted(buf.getvalue().splitlines())
    return out


def article_of(settings: Settings, path_suffix: str) -> str:
    with open_store(settings, read_only=True) as store:
        rows = list(store.query("SELECT ?a ?p WHERE { ?a aig:sourcePath ?p }"))
    hits = [r["a"].value for r in rows if r["p"].value.endswith(path_suffix)]
    assert len(hits) == 1, hits
    return hits[0]


def objects(settings: Settings, graph: str, predicate: object) -> set[str]:
    with open_store(settings, read_only=True) as store:
        return {q.object.value for q in store.quads(graph) if q.predicate == IRI(str(predicate))}


def edit_body(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:end] + body, encoding="utf-8")


def test_building_twice_changes_nothing_and_reports_every_article_unchanged(corpus: Path, settings: Settings) -> None:
    first = run([corpus], settings)
    n = len(list(corpus.glob("*.md"))) - 1  # README.md is not an article
    assert len(first.ingested) == n and not first.skipped
    assert first.claims > 0
    before = graphs(settings)
    second = run([corpus], settings)
    assert second.ingested == [] and len(second.unchanged) == n and second.quads_written == 0
    assert second.total_quads == first.total_quads
    assert graphs(settings) == before


def test_editing_one_file_replaces_exactly_its_graph(corpus: Path, settings: Settings) -> None:
    run([corpus], settings)
    iri = article_of(settings, EDITED)
    before = graphs(settings)
    old_quotes = objects(settings, iri, AIG.quote)
    assert old_quotes, "the edited article had claims before"
    edit_body(corpus / EDITED, NEW_BODY)  # same URL in the front matter, new text
    report = run([corpus], settings)
    assert [Path(p).name for p in report.ingested] == [EDITED]
    after = graphs(settings)
    assert article_of(settings, EDITED) == iri  # the URL names the article: same graph, replaced
    assert set(after) == set(before)
    for g in before:
        if g != iri:
            assert after[g] == before[g], f"graph {g} changed although its file did not"
    assert after[iri] != before[iri]
    new_quotes = objects(settings, iri, AIG.quote)
    assert not (old_quotes & new_quotes), "claims of the old text survived"
    assert all(q in NEW_BODY for q in new_quotes)
    from kg.ingest.ids import content_hash

    assert objects(settings, iri, AIG.contentHash) == {content_hash(NEW_BODY)}


def test_editing_a_file_without_url_drops_its_old_graph(tmp_path: Path, settings: Settings) -> None:
    a = samples.write(tmp_path / "in" / "a.md", samples.BODY)
    b = samples.write(tmp_path / "in" / "b.md", NEW_BODY)
    run([tmp_path / "in"], settings)
    old_a = article_of(settings, "a.md")
    graph_b = graphs(settings)[article_of(settings, "b.md")]
    a.write_text(samples.BODY + "\nChina restricts exports of gallium to Japan.\n", encoding="utf-8")
    report = run([tmp_path / "in"], settings)
    assert [Path(p).name for p in report.ingested] == ["a.md"]
    new_a = article_of(settings, "a.md")  # the IRI comes from the new content ...
    assert new_a != old_a
    after = graphs(settings)
    assert old_a not in after  # ... and the old graph went in the same transaction
    assert after[article_of(settings, "b.md")] == graph_b
    assert b.exists()


def _with_bad_record(target: str):
    """article_quads that meets a real bad record (a resource outside the scheme) for one article."""
    real = kg_build.article_quads

    def patched(extraction, info, gazetteer):
        if info.source_path.endswith(target):
            bad = Relation("dependency", "russia", "china", "unicorns", "asserted", Evidence(extraction.text[:5], 0, 5))
            extraction = replace(extraction, relations=(*extraction.relations, bad))
        return real(extraction, info, gazetteer)

    return patched


def test_a_failure_while_mapping_an_article_keeps_its_old_graph_and_ingests_the_others(
        corpus: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    run([corpus], settings)
    before = graphs(settings)
    other = "07-us-chips-act.md"
    edit_body(corpus / EDITED, NEW_BODY)
    edit_body(corpus / other, NEW_BODY.replace("Vietnam", "Thailand"))
    monkeypatch.setattr(kg_build, "article_quads", _with_bad_record(EDITED))
    report = run([corpus], settings)
    assert [Path(p).name for p in report.ingested] == [other]
    assert [(Path(s.path).name, s.reason.split(":")[0]) for s in report.skipped] == [(EDITED, "could not be stored")]
    assert "unicorns" in report.skipped[0].reason
    after = graphs(settings)
    edited_iri = article_of(settings, EDITED)
    assert after[edited_iri] == before[edited_iri], "the failed article lost its previous graph"
    other_iri = article_of(settings, other)
    for g in before:
        if g != other_iri:
            assert after[g] == before[g]
    assert after[other_iri] != before[other_iri]


def test_a_store_that_cannot_be_written_loses_nothing(corpus: Path, settings: Settings) -> None:
    run([corpus], settings)
    before = graphs(settings)
    edit_body(corpus / EDITED, NEW_BODY)
    with open_store(settings, read_only=True) as ro:
        report = build([str(corpus)], settings, ro)
    assert not report.ingested
    assert [Path(s.path).name for s in report.skipped] == [EDITED]
    assert "read-only" in report.skipped[0].reason
    assert graphs(settings) == before


def _article_graphs(path: Path) -> int:
    try:
        s = Store.read_only(str(path))
    except (OSError, RuntimeError):  # the writer is still creating the store
        return 0
    return sum(1 for g in s.named_graphs() if isinstance(g, NamedNode) and g.value not in STATIC)


def _comparable(settings: Settings) -> tuple[int, list[bytes]]:
    """Size of the ontology graph (its blank nodes get new ids per load) and every other quad but run times."""
    gs = graphs(settings)
    onto = gs.pop(str(ONTOLOGY_GRAPH))
    return len(onto), sorted(ln for g in gs.values() for ln in g if b"startedAtTime" not in ln)


def test_a_build_killed_mid_way_leaves_a_store_that_opens_and_a_rerun_completes(
        tmp_path: Path, corpus_store_settings: Settings) -> None:
    n = len(list(PROJECT_CORPUS.glob("[0-9]*.md")))
    bad = samples.write(tmp_path / ("a-folder-with-a-long-name-" * 3) / "empty.md", b"")
    killed = Settings(store_path=tmp_path / "a-store-with-a-long-name-so-that-the-summary-would-wrap" / "store")
    # small batches: articles are written one by one, so the kill lands between two of them
    env = {**os.environ, "KG_STORE_PATH": str(killed.store_path), "KG_BATCH_SIZE": "2"}
    kg = [sys.executable, "-c", "from kg.cli.app import main; main()", "build", str(PROJECT_CORPUS), str(bad)]
    # same working directory as the session's clean build, so that source paths compare equal
    proc = subprocess.Popen(kg, env=env, cwd=Path.cwd(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (killed.store_path / "CURRENT").exists() and _article_graphs(killed.store_path) >= 1:
                break
            time.sleep(0.03)
        assert proc.poll() is None, f"the build ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert 1 <= _article_graphs(killed.store_path) < n, "the kill did not land in the middle of the build"

    with open_store(killed, read_only=True) as store:  # the killed store opens
        assert store.quad_count() > 0
    from typer.testing import CliRunner

    from kg.cli.app import app

    rerun = CliRunner().invoke(app, ["--store-path", str(killed.store_path), "build", str(PROJECT_CORPUS), str(bad)])
    assert rerun.exit_code == 0, rerun.output
    # not a terminal: the summary and the skip line are still one line each
    assert rerun.stderr.strip() == f"skipped {bad}: empty file"
    assert len(rerun.stdout.strip().splitlines()) == 1
    assert f"skipped of {n + 1} files" in rerun.stdout and str(killed.store_path) in rerun.stdout
    assert _article_graphs(killed.store_path) == n
    assert _comparable(killed) == _comparable(corpus_store_settings)


def test_markdown_front_matter_gives_the_article_metadata(tmp_path: Path, settings: Settings) -> None:
    run([samples.write(tmp_path / "a.md", samples.FRONT_MATTER_MD)], settings)
    iri = article_of(settings, "a.md")
    assert objects(settings, iri, DCTERMS.title) == {"Moscow leans on Beijing for semiconductors"}
    assert objects(settings, iri, SCHEMA.url) == {"https://example.org/news/moscow-beijing-chips"}
    assert objects(settings, iri, DCTERMS.publisher) == {"Example Wire"}
    assert objects(settings, iri, DCTERMS.creator) == {"Jane Placeholder"}
    assert objects(settings, iri, DCTERMS.date) == {"2024-02-29"}


def test_text_without_front_matter_gets_byline_date_and_original_url_from_the_text(tmp_path: Path, settings: Settings) -> None:
    run([samples.write(tmp_path / "plain.txt", samples.PLAIN_TXT)], settings)
    iri = article_of(settings, "plain.txt")
    assert objects(settings, iri, DCTERMS.creator) == {"Jane Placeholder"}
    assert objects(settings, iri, DCTERMS.date) == {"2024-03-04"}
    assert objects(settings, iri, SCHEMA.url) == {"https://example.org/news/plain-moscow-chips"}
    assert objects(settings, iri, DCTERMS.title) == {"Moscow leans on Beijing for semiconductors"}


def test_html_goes_through_trafilatura_with_its_metadata(tmp_path: Path, settings: Settings) -> None:
    run([samples.write(tmp_path / "page.html", samples.HTML)], settings)
    iri = article_of(settings, "page.html")
    assert objects(settings, iri, DCTERMS.title) == {"Lithography curbs widen"}
    assert objects(settings, iri, SCHEMA.url) == {"https://news.example.org/2024/lithography-curbs"}
    assert objects(settings, iri, DCTERMS.publisher) == {"Example Wire"}
    assert objects(settings, iri, DCTERMS.creator) == {"Jane Placeholder"}
    assert objects(settings, iri, DCTERMS.date) == {"2024-03-05"}
    quotes = objects(settings, iri, AIG.quote)
    with open_store(settings, read_only=True) as store:
        text_rows = list(store.query(
            "SELECT ?a ?q ?s ?e WHERE { ?c prov:wasDerivedFrom ?a ; aig:quote ?q ; aig:startOffset ?s ; aig:endOffset ?e }",
            substitutions={"a": IRI(iri)}))
    from kg.ingest.reader import read_article

    text = read_article(tmp_path / "page.html", 10**7).text
    text_rows = [dict(zip(("a", "q", "s", "e"), r)) for r in text_rows]
    assert {r["q"].value for r in text_rows} == quotes  # several claims may quote one sentence
    for r in text_rows:  # offsets point into trafilatura's main text
        assert text[int(r["s"].value):int(r["e"].value)] == r["q"].value


def test_force_re_extracts_unchanged_articles(corpus: Path, settings: Settings) -> None:
    run([corpus / EDITED], settings)
    report = run([corpus / EDITED], settings, force=True)
    assert [Path(p).name for p in report.ingested] == [EDITED] and not report.unchanged

"""`kg remove`, `kg build --prune` and `kg build --dry-run` leave exactly the expected graphs."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app
from kg.core.namespaces import STORIES_GRAPH
from kg.core.settings import Settings
from kg.store import open_store
from kg.store.formats import N_QUADS

pytestmark = pytest.mark.slow

# Articles written for this test, one claim each.
ARTICLES = {
    "news/a.txt": "Vietnam depends on South Korea for memory chips.\n",
    "news/b.txt": "India depends on Japan for chips.\n",
    "news/sub/c.md": "---\ntitle: C\n---\nBrazil depends on Taiwan for chips.\n",
    "other/d.txt": "Chile depends on Germany for chipmaking equipment.\n",
}


def kg(*argv: str, store: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(argv), env={"KG_STORE_PATH": str(store)})
    return result.exit_code, result.output


def dump(store: Path) -> dict[str, bytes]:
    """Every named graph but the stories as sorted N-Quads, keyed by the file its article came from (or the graph)."""
    with open_store(Settings(store_path=store), read_only=True) as s:
        sources = s.article_sources()
        out = {}
        # the stories are regrouped over the articles left: every stored article in one story, no other
        versions = s.select("SELECT ?a WHERE { GRAPH ?g { ?a dcterms:isVersionOf ?story } }")
        assert sorted(str(r["a"]) for r in versions) == sorted(sources)
        for g in s.named_graphs():
            if g == str(STORIES_GRAPH):
                continue
            buf = io.BytesIO()
            s.dump(buf, N_QUADS, graph=g)
            out[sources.get(g, g)] = b"\n".join(sorted(buf.getvalue().splitlines()))
        return out


@pytest.fixture()
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes]]:
    monkeypatch.chdir(tmp_path)
    for rel, text in ARTICLES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    code, output = kg("build", "news", "other", "-q", store=store)
    assert code == 0, output
    graphs = dump(store)
    assert set(ARTICLES) <= set(graphs)
    return store, graphs


def test_remove_takes_out_exactly_the_named_file_and_the_files_under_a_named_folder(built) -> None:
    store, before = built
    code, output = kg("remove", "news/a.txt", "news/sub", store=store)
    assert code == 0, output
    assert "removed news/a.txt" in output and "removed news/sub/c.md" in output and "2 articles removed" in output
    after = dump(store)
    assert after == {k: v for k, v in before.items() if k not in ("news/a.txt", "news/sub/c.md")}


def test_remove_by_article_iri(built) -> None:
    store, before = built
    with open_store(Settings(store_path=store), read_only=True) as s:
        iri = next(g for g, p in s.article_sources().items() if p == "other/d.txt")
    code, output = kg("remove", iri, store=store)
    assert code == 0, output
    assert dump(store) == {k: v for k, v in before.items() if k != "other/d.txt"}


def test_remove_with_one_unknown_target_removes_nothing_and_says_which(built) -> None:
    store, before = built
    code, output = kg("remove", "news/a.txt", "news/typo.txt", store=store)
    assert code == 2
    assert "news/typo.txt" in output and "nothing removed" in output
    assert dump(store) == before


def test_remove_dry_run_lists_and_writes_nothing(built) -> None:
    store, before = built
    code, output = kg("remove", "news", "--dry-run", store=store)
    assert code == 0, output
    assert output.count("would remove news/") == 3 and "nothing written" in output
    assert dump(store) == before


def test_build_prune_removes_the_articles_whose_files_are_gone_and_only_under_the_built_folders(
        built, tmp_path: Path) -> None:
    store, before = built
    (tmp_path / "news/b.txt").unlink()
    (tmp_path / "other/d.txt").unlink()  # gone too, but `other` is not being built
    code, output = kg("build", "news", "--prune", "-q", store=store)
    assert code == 0, output
    assert "removed news/b.txt (file gone)" in output and "other/d.txt" not in output
    assert dump(store) == {k: v for k, v in before.items() if k != "news/b.txt"}


def test_build_without_prune_keeps_the_articles_of_deleted_files(built, tmp_path: Path) -> None:
    store, before = built
    (tmp_path / "news/b.txt").unlink()
    code, output = kg("build", "news", "-q", store=store)
    assert code == 0, output
    assert dump(store) == before


def test_dry_run_says_what_would_change_and_writes_nothing(built, tmp_path: Path) -> None:
    store, before = built
    (tmp_path / "news/a.txt").write_text("Vietnam depends on South Korea for memory chips and Japan for tools.\n")
    (tmp_path / "news/b.txt").unlink()
    (tmp_path / "news/e.txt").write_text("Peru depends on Canada for chips.\n")
    (tmp_path / "news/empty.txt").write_text("")
    code, output = kg("build", "news", "--dry-run", "--prune", store=store)
    assert code == 0, output
    lines = set(output.splitlines())
    assert "would add news/e.txt" in lines
    assert "would replace news/a.txt" in lines
    assert any(ln.startswith("would remove news/b.txt (file gone)") for ln in lines)
    assert "would skip news/empty.txt: empty file" in lines
    assert "dry run: 1 to add, 1 to replace, 1 unchanged, 1 to skip, 1 to remove of 4 files; nothing written" in lines
    assert dump(store) == before


def test_dry_run_before_any_build_creates_no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLES["news/a.txt"])
    code, output = kg("build", "a.txt", "--dry-run", store=tmp_path / "store")
    assert code == 0, output
    assert "would add a.txt" in output
    assert not (tmp_path / "store").exists()


def test_remove_without_a_store_says_so_and_creates_none(tmp_path: Path) -> None:
    code, output = kg("remove", "a.txt", store=tmp_path / "store")
    assert code == 2 and "no store" in output
    assert not (tmp_path / "store").exists()

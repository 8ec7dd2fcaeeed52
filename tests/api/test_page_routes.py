"""The routes behind the web page: the page and its files, offline API docs, question forms, resources, passages."""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.read.ask import examples
from tests.conftest import PROJECT_CORPUS

_URL_ATTR = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture(scope="module")
def corpus_client(corpus_store_settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_store_settings)) as c:
        yield c


def _referenced(html: str) -> list[str]:
    return _URL_ATTR.findall(html)


def test_the_page_is_served_at_the_root_with_only_local_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    refs = [u for u in _referenced(r.text) if not u.startswith(("#", "data:"))]
    assert "/web/app.js" in refs and "/web/style.css" in refs
    for url in refs:
        assert url.startswith("/"), f"the page refers to another host: {url}"
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_load_their_scripts_from_this_server(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "connect-src 'self'" in r.headers["content-security-policy"]
    refs = _referenced(r.text)
    assert any(u.endswith((".js")) for u in refs)
    for url in refs:
        assert url.startswith("/"), f"{path} loads {url} from elsewhere"
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert "fonts.googleapis" not in r.text and "cdn." not in r.text
    assert client.get("/openapi.json").json()["info"]["title"] == "aigeo-kg"


def test_the_question_forms_are_the_ones_ask_understands(client):
    assert [f["example"] for f in client.get("/questions").json()] == examples()


def test_resources_come_with_their_synonyms(client):
    items = {r["key"]: r for r in client.get("/resources").json()}
    assert "chips" in items
    assert any(a.lower() in ("gpus", "semiconductors") for a in items["chips"]["aliases"])


def test_every_citation_of_an_article_reads_back_as_its_quote_inside_its_paragraph(corpus_client):
    articles = corpus_client.get("/articles", params={"limit": 100}).json()["items"]
    checked = 0
    for art in articles:
        detail = corpus_client.get(f"/articles/{art['id']}").json()
        citations = detail["claims"] + [f["citation"] for f in detail["figures"]] + [s["citation"] for s in detail["statements"]]
        for c in citations:
            r = corpus_client.get(f"/articles/{art['id']}/passage", params={"start": c["start"], "end": c["end"]})
            assert r.status_code == 200, r.text
            p = r.json()
            assert p["span"] == c["quote"]
            offset = c["start"] - p["paragraph_start"]
            assert p["paragraph"][offset:offset + len(c["quote"])] == c["quote"]
            assert p["paragraph"] == p["paragraph"].strip() and "\n\n" not in p["paragraph"]
            checked += 1
    assert checked > 50


def test_a_passage_outside_the_text_or_of_an_unknown_article_is_a_problem(corpus_client):
    art = corpus_client.get("/articles", params={"limit": 1}).json()["items"][0]
    for params, status in (({"start": 10, "end": 5}, 400), ({"start": 0, "end": 99_999_999}, 400),
                           ({"start": 0}, 422)):
        r = corpus_client.get(f"/articles/{art['id']}/passage", params=params)
        assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    r = corpus_client.get("/articles/nosuchthing/passage", params={"start": 0, "end": 1})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.slow
def test_a_passage_of_an_article_changed_since_the_build_is_not_found(tmp_path, settings):
    from kg.ingest.build import build
    from kg.store import open_store

    src = sorted(PROJECT_CORPUS.glob("*.md"))[0]
    copy = tmp_path / src.name
    shutil.copy(src, copy)
    with open_store(settings) as store:
        assert build([str(copy)], settings, store).ingested
    with TestClient(create_app(settings)) as c:
        art = c.get("/articles").json()["items"][0]
        assert c.get(f"/articles/{art['id']}/passage", params={"start": 0, "end": 5}).status_code == 200
        copy.write_text(copy.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
        r = c.get(f"/articles/{art['id']}/passage", params={"start": 0, "end": 5})
        assert r.status_code == 404 and "changed since it was built" in r.json()["detail"]
        copy.unlink()
        r = c.get(f"/articles/{art['id']}/passage", params={"start": 0, "end": 5})
        assert r.status_code == 404 and "cannot be read back" in r.json()["detail"]


def test_every_file_of_the_page_is_package_data():
    """A wheel carries api/web/ only through the package-data globs: a new file type must be listed."""
    import fnmatch
    import tomllib

    from tests.conftest import ROOT

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["api"]
    files = [p.relative_to(ROOT / "api").as_posix() for p in (ROOT / "api" / "web").rglob("*") if p.is_file()]
    assert files
    for f in files:
        assert any(fnmatch.fnmatch(f, g) for g in globs), f"{f} is not package data of api"

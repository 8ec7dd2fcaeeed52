"""The persisted read index (kg.read.read_index): reused while the store's state holds, rebuilt when the
file is stale, corrupt, truncated, foreign or malformed, written atomically, never kept for a memory store."""
from __future__ import annotations

import hashlib
import json
import pickle
import threading
from pathlib import Path

import pytest

from kg.core.namespaces import ACTORS_GRAPH
from kg.read import read_index
from kg.read.answers import Answers
from kg.read.catalog import CatalogData
from kg.read.relations import IndexData
from kg.store.oxigraph import OxigraphStore
from tests.graph_fixture import ARTICLES, disk_store, fill


def _edges(answers: Answers) -> list[tuple[str, str, str, int, int]]:
    return [(e.subject.key, e.object.key, e.resource.key, e.claim_count, e.source_count)
            for kind in ("dependency", "restriction", "cooperation") for e in answers.edges(kind, citations=0)]


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    disk_store(path)
    return path


def _answers(path: Path) -> tuple[OxigraphStore, Answers]:
    store = OxigraphStore(path, read_only=True)
    return store, Answers(store)


def test_the_first_reader_saves_the_index_and_the_next_reuses_it(store_path: Path) -> None:
    store, first = _answers(store_path)
    assert not first.model.loaded
    built = _edges(first)
    store.close()
    file = store_path / read_index.FILE_NAME
    assert file.is_file()
    store, second = _answers(store_path)
    assert second.model.loaded, "a fresh file is read instead of the store"
    assert _edges(second) == built
    assert second.catalog.actor("PRC").key == "china", "the catalog comes back with the index"
    store.close()
    assert [p.name for p in store_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left"


def _damaged(data: bytes) -> dict[str, bytes]:
    header_end = data.index(b"\n", len(b"aigeo-kg read index\n")) + 1
    body = bytearray(data)
    body[header_end + 10] ^= 0x01
    # a payload whose checksum is right but whose rows point outside the string table
    bad = json.dumps({"strings": ["x"], "actor_names": [0, 0, 7], "actor_facts": [], "resource_names": [],
                      "articles": [], "claims": [], "figures": []}).encode()
    header = json.loads(data[len(b"aigeo-kg read index\n"):header_end])
    forged = {**header, "bytes": len(bad), "sha256": hashlib.sha256(bad).hexdigest()}
    return {
        "truncated": data[: len(data) // 2],
        "corrupt": bytes(body),
        "foreign": b"\x89PNG\r\n\x1a\n" + data[8:],
        "pickle": pickle.dumps({"state": header["state"]}),
        "empty": b"",
        "other version": data.replace(b'"version": %d' % read_index._VERSION, b'"version": 99', 1),
        "malformed rows": b"aigeo-kg read index\n" + json.dumps(forged).encode() + b"\n" + bad,
    }


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "foreign", "pickle", "empty", "other version",
                                    "malformed rows"])
def test_a_damaged_file_is_ignored_and_rebuilt(store_path: Path, damage: str) -> None:
    store, first = _answers(store_path)
    built = _edges(first)
    store.close()
    file = store_path / read_index.FILE_NAME
    file.write_bytes(_damaged(file.read_bytes())[damage])
    store, again = _answers(store_path)
    assert not again.model.loaded, "a damaged file is never trusted"
    assert _edges(again) == built
    store.close()
    store, third = _answers(store_path)
    assert third.model.loaded, "the rebuilt index replaced the damaged file"
    store.close()


def test_a_write_to_the_store_makes_the_file_stale(store_path: Path) -> None:
    store, first = _answers(store_path)
    before = _edges(first)
    state = store.state()
    store.close()
    with OxigraphStore(store_path) as rw:
        rw.remove_graph(sorted(rw.article_sources())[0])  # one article's claims go
    store, after = _answers(store_path)
    assert store.state() != state
    assert not after.model.loaded, "a file of another state is stale"
    assert _edges(after) != before
    store.close()


def test_the_state_changes_with_every_write(tmp_path: Path) -> None:
    for store in (OxigraphStore(tmp_path / "s"), OxigraphStore(None)):
        fill(store, ARTICLES[:1])
        s0 = store.state()
        fill(store, ARTICLES[1:2])
        s1 = store.state()
        assert s1 != s0
        store.remove_graph(str(ACTORS_GRAPH))
        assert store.state() not in (s0, s1)
        store.close()


def test_a_reader_keeps_the_state_it_opened_and_reading_changes_nothing(store_path: Path) -> None:
    with OxigraphStore(store_path, read_only=True) as store:
        s0 = store.state()
        Answers(store, read_index=None).edges("dependency")
        assert store.state() == s0
    with OxigraphStore(store_path, read_only=True) as store:
        assert store.state() == s0, "reading left the files as they were"
    memory = OxigraphStore(None)
    fill(memory)
    m0 = memory.state()
    Answers(memory).edges("dependency")
    assert memory.state() == m0
    with OxigraphStore(store_path) as rw:
        rw.remove_graph(str(ACTORS_GRAPH))
    with OxigraphStore(store_path, read_only=True) as store:
        assert store.state() != s0


def test_a_memory_store_persists_nothing(tmp_path: Path) -> None:
    store = OxigraphStore(None)
    fill(store)
    assert read_index.index_file(store) is None
    assert Answers(store).model.file is None
    _edges(Answers(store))


def test_readers_never_see_a_half_written_file(tmp_path: Path) -> None:
    path = tmp_path / read_index.FILE_NAME
    catalog = CatalogData([("a", "A", "label")] * 2000, [], [])
    index = IndexData({}, [(f"c{i}", "dependency", "s", "o", "r", None, "art", i, None) for i in range(5000)],
                      {f"c{i}": ("a quote", i + 7, None) for i in range(5000)}, {}, {}, {"art": "story"})
    assert read_index.save(path, "S", catalog, index)
    seen: list[bool] = []
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            read_index.save(path, "S", catalog, index)

    writers = [threading.Thread(target=write) for _ in range(2)]
    for w in writers:
        w.start()
    try:
        for _ in range(30):
            rows = read_index.load(path, "S")
            seen.append(rows is not None and len(rows[1].claims) == 5000)
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert all(seen)
    assert read_index.load(path, "other state") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [read_index.FILE_NAME]


def test_an_unwritable_folder_only_costs_the_rebuild(tmp_path: Path) -> None:
    assert not read_index.save(tmp_path / "missing" / read_index.FILE_NAME, "S", CatalogData([], [], []),
                               IndexData({}, [], {}, {}, {}, {}))


def test_the_file_gives_back_exactly_what_was_read(tmp_path: Path) -> None:
    from tests.graph_fixture import build_mini_store

    settings = build_mini_store(tmp_path / "store")
    with OxigraphStore(Path(settings.store_path), read_only=True) as store:
        catalog, index = CatalogData.read(store), IndexData.read(store)
    assert index.figures and index.evidence, "the fixture has figures on relation claims"
    data = read_index.encode("S", catalog, index)
    assert read_index.decode(data, "S") == (catalog, index)


@pytest.mark.parametrize("stories", [[0, 10 ** 9], [0], [0, 0, 0, 1]])
def test_story_rows_out_of_range_or_contradictory_are_refused(stories: list[int]) -> None:
    catalog = CatalogData([], [], [])
    index = IndexData({}, [("c", "dependency", "s", "o", "r", None, "art", 1, None)], {"c": ("q", 5, None)}, {}, {},
                      {"art": "story"})
    data = read_index.encode("S", catalog, index)
    assert read_index.decode(data, "S") == (catalog, index)
    header_end = data.index(b"\n", len(b"aigeo-kg read index\n"))
    payload = json.loads(data[header_end + 1:])
    payload["stories"] = stories
    body = json.dumps(payload).encode()
    header = {**json.loads(data[len(b"aigeo-kg read index\n"):header_end]), "bytes": len(body),
              "sha256": hashlib.sha256(body).hexdigest()}
    forged = b"aigeo-kg read index\n" + json.dumps(header).encode() + b"\n" + body
    assert read_index.decode(forged, "S") is None

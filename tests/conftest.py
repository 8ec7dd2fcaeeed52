"""Shared fixtures: settings on a temporary store, the real spaCy pipeline, the shared corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
PROJECT_CORPUS = ROOT / "corpus"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when ../shared is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: the third-party corpus lives in ../shared beside the repository")
    return p


@pytest.fixture(scope="session", autouse=True)
def _stop_virtuoso_servers():
    """Virtuoso servers started by tests (tests.backends) are stopped when the session ends, whatever happened."""
    from tests.backends import stop_servers

    try:
        yield
    finally:
        stop_servers()


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings for a fresh on-disk store in a temporary directory."""
    return Settings(store_path=tmp_path / "store")


@pytest.fixture(scope="session")
def extractor():
    """The real spaCy pipeline with the project's components (loaded once per test session)."""
    from kg.ingest.build import get_extractor

    return get_extractor(Settings().model)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("corpus", "seeds")


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    return shared_path("corpus", "dev")


@pytest.fixture(scope="session")
def seed_store_settings(tmp_path_factory, seeds_dir) -> Settings:
    """A store built once from the seed articles (read-only use: tests must not write to it)."""
    from kg.ingest.build import build
    from kg.store import open_store

    s = Settings(store_path=tmp_path_factory.mktemp("seedstore") / "store")
    with open_store(s) as store:
        report = build([str(seeds_dir)], s, store)
    assert len(report.ingested) == 2, report.skipped
    return s


@pytest.fixture(scope="session")
def corpus_store_settings(tmp_path_factory) -> Settings:
    """A store built once from the project's own corpus/ (read-only use)."""
    from kg.ingest.build import build
    from kg.store import open_store

    s = Settings(store_path=tmp_path_factory.mktemp("corpusstore") / "store")
    with open_store(s) as store:
        report = build([str(PROJECT_CORPUS)], s, store)
    assert report.ingested, report.skipped
    return s

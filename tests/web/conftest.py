"""A real headless Chromium (Debian's `chromium`, driven by Playwright) on a real `kg serve` over corpus/.

Every page a test opens records its console errors, uncaught exceptions and any request for a host
other than 127.0.0.1 (which is aborted, so nothing leaves the machine); a test fails on any of them.
Screenshots go to tests/web/screenshots/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.live_server import live_server

CHROMIUM = Path("/usr/lib/chromium/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
LOCAL_SCHEMES = ("blob", "data", "about")


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's `chromium` (.ci/run does) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the `playwright` package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def web_server(corpus_store_settings) -> Iterator[str]:
    with live_server(corpus_store_settings) as base:
        yield str(base)


@pytest.fixture(scope="session")
def api(web_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_server, timeout=30) as client:
        yield client


@dataclass
class Watch:
    """What a page did that a test must not let pass: console errors, page errors, requests off 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused_by_policy: list[str] = field(default_factory=list)  # stopped by the page's CSP: never sent

    def sent_off_machine(self) -> list[str]:
        return [u for u in self.foreign_requests if u not in self.refused_by_policy]

    def assert_clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.page_errors, self.page_errors
        assert not self.sent_off_machine(), self.sent_off_machine()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme == "http" and parts.hostname == "127.0.0.1")


def _watched(browser, intercept: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watch = Watch()

    def seen(request) -> None:
        watch.requests.append(request.url)
        if not _is_local(request.url):
            watch.foreign_requests.append(request.url)

    def guard(route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.on("request", seen)
    context.on("requestfailed", lambda r: watch.refused_by_policy.append(r.url) if r.failure == "csp" else None)
    if intercept:
        context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: watch.console_errors.append(f"{m.text} ({m.location})") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    try:
        yield page, watch
        watch.assert_clean()
    finally:
        context.close()


@pytest.fixture()
def watched(chromium_browser):
    """A fresh browser context: (page, watch); requests off 127.0.0.1 are aborted; the watch is checked at the end."""
    yield from _watched(chromium_browser, intercept=True)


@pytest.fixture()
def watched_unrouted(chromium_browser):
    """As `watched`, without request interception: while Playwright intercepts, it answers CORS preflights
    itself, so a test of the server's own CORS answers must not intercept (requests are still recorded)."""
    yield from _watched(chromium_browser, intercept=False)


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path

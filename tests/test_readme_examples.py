"""The README's examples run: every `kg` command line and every curl call against the corpus store."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg.cli.app import app
from kg.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# commands that change the store or the shipped model, start servers or need ../shared are exercised by their own tests
NOT_HERE = {"build", "serve", "eval", "train"}  # train would rewrite the shipped model


def _blocks() -> list[str]:
    return re.findall(r"^```(?:sh|console|text)\n(.*?)^```", README, flags=re.S | re.M)


def _commands(prefixes: tuple[str, ...]) -> list[str]:
    """Command lines of the fenced blocks, with continuation lines and multi-line quotes joined."""
    found = []
    for block in _blocks():
        lines = block.replace("\\\n", " ").splitlines()
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            line = line[2:] if line.startswith("$ ") else line
            i += 1
            if not line.startswith(prefixes):
                continue
            while True:  # a quote opened on this line closes on a later one
                try:
                    shlex.split(line)
                    break
                except ValueError:
                    if i >= len(lines):
                        raise
                    line += "\n" + lines[i]
                    i += 1
            for part in line.split(" && "):
                found.append(part.strip())
    return found


def _placeholder(cmd: str) -> bool:
    """Shell variables and placeholders (`$f`, `QUESTION`, `FILE`) are templates, not examples."""
    return "$" in cmd or bool(re.search(r"\b(QUESTION|FILE|ACTOR|GOLD_DIR|PATH|IRI)\b", cmd))


def _kg_commands() -> list[list[str]]:
    out = []
    for cmd in _commands((".venv/bin/kg ", "kg ")):
        argv = shlex.split(cmd)[1:]
        if argv and argv[0] not in NOT_HERE and "&" not in argv and not _placeholder(cmd):
            out.append(argv)
    # the question forms listed in the `kg ask` table
    for q in re.findall(r'`kg ask "([^"]+)"`', README):
        if not _placeholder(q):
            out.append(["ask", q])
    return out


KG_COMMANDS = _kg_commands()
CURLS = [c for c in _commands(("curl ",))]


def test_the_readme_has_examples_to_run() -> None:
    assert len(KG_COMMANDS) >= 10 and len(CURLS) >= 4


@pytest.mark.parametrize("argv", KG_COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_every_kg_example_runs(argv: list[str], corpus_store_settings: Settings, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # exports land in a temporary exports/
    result = CliRunner().invoke(app, argv, env={"KG_STORE_PATH": str(corpus_store_settings.store_path)})
    assert result.exit_code == 0, f"kg {' '.join(argv)} failed:\n{result.output}"
    assert result.output.strip()


@pytest.fixture(scope="module")
def corpus_client(corpus_store_settings: Settings):
    with TestClient(create_app(corpus_store_settings)) as c:
        yield c


def _request(cmd: str) -> tuple[str, str, dict, dict, dict | bytes | None]:
    """(method, path, params, headers, body) of a curl command line."""
    args = shlex.split(cmd)[1:]
    method, url, headers, form, body, get = "GET", None, {}, {}, None, False
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-s", "--silent"):
            pass
        elif a in ("-o", "--output"):
            i += 1
        elif a in ("-H", "--header"):
            i += 1
            k, v = args[i].split(":", 1)
            headers[k.strip()] = v.strip()
        elif a == "--data-urlencode":
            i += 1
            k, v = args[i].split("=", 1)
            form[k] = v
        elif a == "--data-binary":
            i += 1
            body = args[i].encode()
        elif a == "--get":
            get = True
        else:
            url = a
        i += 1
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    if get:
        params.update(form)
        form = {}
    if form or body is not None:
        method = "POST"
    return method, parts.path, params, headers, (form or body)


@pytest.mark.parametrize("cmd", CURLS, ids=lambda c: c[:70])
def test_every_curl_example_answers_200(cmd: str, corpus_client: TestClient) -> None:
    method, path, params, headers, body = _request(cmd)
    if isinstance(body, dict):
        r = corpus_client.request(method, path, params=params, headers=headers, data=body)
    else:
        r = corpus_client.request(method, path, params=params, headers=headers, content=body)
    assert r.status_code == 200, f"{cmd}\n{r.status_code} {r.text[:500]}"
    assert r.content

"""The `kg` command line end to end, on the real model and a real store."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli.app import app
from kg.ingest.reader import read_article
from kg.core.settings import Settings
from kg.store import open_store
from tests.conftest import PROJECT_CORPUS, ROOT
from tests.kg import samples

pytestmark = pytest.mark.slow
runner = CliRunner()
SUMMARY = re.compile(
    r"^(?P<ingested>\d+) articles ingested, (?P<unchanged>\d+) unchanged, (?P<skipped>\d+) skipped of (?P<files>\d+) files; "
    r"(?P<claims>\d+) claims, (?P<written>\d+) triples written, (?P<total>\d+) triples in the store at (?P<where>\S+); "
    r"(?P<seconds>\d+\.\d) s$"
)
ARTICLE = PROJECT_CORPUS / "03-russia-chips-third-countries.md"
GOLD_KEYS = {"actors", "dependencies", "restrictions", "cooperations", "figures", "attributions", "source"}


def kg(settings: Settings | Path, *args: str):
    path = settings.store_path if isinstance(settings, Settings) else settings
    return runner.invoke(app, ["--store-path", str(path), *args])


def summary(output: str) -> dict[str, str]:
    lines = [ln for ln in output.splitlines() if SUMMARY.match(ln)]
    assert len(lines) == 1, f"no single summary line in:\n{output}"
    return SUMMARY.match(lines[0]).groupdict()


def dump(settings: Settings) -> list[bytes]:
    from kg.store.formats import N_QUADS

    buf = io.BytesIO()
    with open_store(settings, read_only=True) as store:
        store.dump(buf, N_QUADS)
    return sorted(buf.getvalue().splitlines())


# ---------------------------------------------------------------- build

def test_build_prints_one_summary_line_with_counts_and_time(tmp_path: Path, settings: Settings) -> None:
    corpus = shutil.copytree(PROJECT_CORPUS, tmp_path / "corpus")
    result = kg(settings, "build", str(corpus))
    assert result.exit_code == 0, result.output
    s = summary(result.stdout)
    n = len(list(corpus.glob("[0-9]*.md")))
    assert (int(s["ingested"]), int(s["unchanged"]), int(s["skipped"]), int(s["files"])) == (n, 0, 0, n)
    assert int(s["claims"]) > 0 and int(s["written"]) > 0 and int(s["total"]) > int(s["written"])
    assert s["where"] == str(settings.store_path)
    again = summary(kg(settings, "build", str(corpus)).stdout)
    assert (again["ingested"], again["unchanged"], again["written"], again["total"]) == ("0", str(n), "0", s["total"])


def _bad_inputs(d: Path) -> dict[str, str]:
    """Bad files in `d`, each with the reason `kg build` must give (file name -> reason)."""
    samples.write(d / "empty.md", b"")
    samples.write(d / "binary.txt", samples.BINARY)
    samples.sparse_file(d / "huge.txt", 50)
    samples.write(d / "undecodable.txt", samples.undecodable_bytes())
    samples.write(d / "nav.html", samples.HTML_WITHOUT_TEXT)
    samples.write(d / "badyaml.md", b"---\ntitle: [unclosed\nurl: x\n---\nRussia depends on China for chips.\n")
    return {
        "empty.md": "empty file",
        "binary.txt": "binary file, not text",
        "huge.txt": "over the 10 MB limit",
        "undecodable.txt": "encoding cannot be detected",
        "nav.html": "HTML page has no main text",
        "badyaml.md": "front matter is not valid YAML",
    }


def _skip_lines(stderr: str) -> dict[str, str]:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("skipped ")]
    out = {}
    for ln in lines:
        m = re.match(r"skipped (.+?): (.+)$", ln)
        assert m, ln
        name = Path(m.group(1)).name
        assert name not in out, f"{name} reported twice"
        out[name] = m.group(2)
    return out


def test_every_bad_input_gets_one_line_and_every_good_article_is_ingested(tmp_path: Path, settings: Settings) -> None:
    d = tmp_path / "in"
    reasons = _bad_inputs(d)
    good = [shutil.copy(PROJECT_CORPUS / f, d / f) for f in
            ("01-us-ai-chip-export-controls.md", "03-russia-chips-third-countries.md")]
    samples.write(d / "latin.md", samples.CP1252_MD, encoding="cp1252")  # detectable: ingested
    samples.write(d / "html-article.html", samples.HTML)
    samples.write(d / "plain.txt", samples.PLAIN_TXT)
    samples.write(d / "zz-same-text.txt", samples.PLAIN_TXT)  # duplicate by text
    same_url = (PROJECT_CORPUS / "01-us-ai-chip-export-controls.md").read_text(encoding="utf-8") + "\nOne more line.\n"
    samples.write(d / "zz-same-url.md", same_url)  # duplicate by URL
    reasons["zz-same-text.txt"] = "duplicate of"
    reasons["zz-same-url.md"] = "duplicate of"
    pdf = samples.write(tmp_path / "slides.pdf", b"%PDF-1.4")
    reasons["slides.pdf"] = "unsupported file type '.pdf'"
    reasons["missing.md"] = "no such file or directory"

    result = kg(settings, "build", str(d), str(pdf), str(tmp_path / "missing.md"))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = _skip_lines(result.stderr)
    assert set(skipped) == set(reasons)
    for name, reason in reasons.items():
        assert reason in skipped[name], (name, skipped[name])
    assert "plain.txt" in skipped["zz-same-text.txt"]
    assert "01-us-ai-chip-export-controls.md" in skipped["zz-same-url.md"]
    s = summary(result.stdout)
    assert int(s["ingested"]) == len(good) + 3 and int(s["skipped"]) == len(reasons)
    with open_store(settings, read_only=True) as store:
        paths = {Path(r["p"].value).name for r in store.query("SELECT ?p WHERE { ?a aig:sourcePath ?p }")}
    assert paths == {"01-us-ai-chip-export-controls.md", "03-russia-chips-third-countries.md", "latin.md",
                     "html-article.html", "plain.txt"}


def test_a_build_of_only_bad_files_exits_non_zero_and_loses_nothing(tmp_path: Path, settings: Settings) -> None:
    assert kg(settings, "build", str(ARTICLE)).exit_code == 0
    before = dump(settings)
    bad = tmp_path / "bad"
    reasons = _bad_inputs(bad)
    result = kg(settings, "build", str(bad), str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert set(_skip_lines(result.stderr)) == {*reasons, "missing"}
    assert result.stderr.strip().splitlines()[-1] == "error: nothing could be ingested"
    assert dump(settings) == before


def test_build_of_nothing_exits_non_zero(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty-dir").mkdir()
    result = kg(settings, "build", str(tmp_path / "empty-dir"))
    assert result.exit_code == 1 and "nothing could be ingested" in result.stderr


# ---------------------------------------------------------------- extract

def test_extract_json_prints_the_gold_shape_with_exact_evidence() -> None:
    result = runner.invoke(app, ["extract", str(ARTICLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert GOLD_KEYS <= set(data)
    assert data["source"]["url"].startswith("https://")
    assert data["actors"] and data["dependencies"]
    text = read_article(ARTICLE, 10**7).stored_text  # offsets point into the stored Markdown
    n = 0
    for key in ("dependencies", "restrictions", "cooperations", "figures", "attributions"):
        for item in data[key]:
            assert text[item["start"]:item["end"]] == item["evidence"], (key, item)
            n += 1
    assert n > 0
    for dep in data["dependencies"]:
        assert {"dependent", "provider", "resource", "evidence"} <= set(dep)


def test_extract_turtle_parses_in_rdflib() -> None:
    result = runner.invoke(app, ["extract", str(ARTICLE), "--format", "turtle"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    claims = list(g.query("PREFIX aig: <https://w3id.org/aigeo/ontology#> SELECT ?c WHERE { ?c a aig:DependencyClaim }"))
    assert len(g) > 20 and claims


@pytest.mark.parametrize(("args", "message"), [
    (["extract", "nope.md"], "no such file"),
    (["extract", str(ARTICLE), "--format", "xml"], "unknown format 'xml'"),
    (["extract", "[/notes].md"], "[/notes].md: no such file"),  # brackets are text, not rich markup
])
def test_extract_errors_are_one_clear_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------- query, stats, validate, settings

COUNT_DEPS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a aig:DependencyClaim }"


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_query_from_an_argument_in_every_output(corpus_store_settings: Settings, output: str) -> None:
    q = "SELECT DISTINCT ?s ?o WHERE { ?s aig:dependsOn ?o } ORDER BY ?s ?o"
    result = kg(corpus_store_settings, "query", q, "--output", output)
    assert result.exit_code == 0, result.output
    if output == "json":
        rows = json.loads(result.stdout)
        assert rows and set(rows[0]) == {"s", "o"} and rows[0]["s"].startswith("https://w3id.org/aigeo/actor/")
    elif output == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["s", "o"] and len(rows) > 1
    else:
        assert re.search(r"^\d+ rows$", result.stdout, re.M) and "actor:" in result.stdout  # prefixed names


def test_query_from_a_file_gives_the_same_rows(corpus_store_settings: Settings, tmp_path: Path) -> None:
    f = tmp_path / "q.rq"
    f.write_text(COUNT_DEPS, encoding="utf-8")
    by_file = kg(corpus_store_settings, "query", "--file", str(f), "--output", "json")
    by_arg = kg(corpus_store_settings, "query", COUNT_DEPS, "--output", "json")
    assert by_file.exit_code == 0 and json.loads(by_file.stdout) == json.loads(by_arg.stdout)
    assert json.loads(by_file.stdout)[0]["n"] > 0


def test_query_ask_and_construct(corpus_store_settings: Settings) -> None:
    ask = kg(corpus_store_settings, "query", "ASK { ?c a aig:DependencyClaim }", "--output", "json")
    assert json.loads(ask.stdout) == [{"result": True}]
    construct = kg(corpus_store_settings, "query", "CONSTRUCT { ?s aig:dependsOn ?o } WHERE { ?s aig:dependsOn ?o }",
                   "--output", "csv")
    assert construct.exit_code == 0 and construct.stdout.startswith("subject,predicate,object")


@pytest.mark.parametrize(("args", "message"), [
    (["query", "SELEC ?x WHERE { ?x ?p ?o }"], "malformed SPARQL"),
    (["query", "SELECT ?x WHERE { ?x [ ?p ?o }"], "malformed SPARQL"),
    (["query", "DROP ALL"], "updates are not accepted"),
    (["query"], "give a SPARQL query"),
    (["query", "--file", "no-such.rq"], "cannot read no-such.rq"),
    (["query", "ASK {}", "--output", "xml"], "unknown output 'xml'"),
])
def test_query_errors_exit_2_with_a_clear_message(corpus_store_settings: Settings, args: list[str], message: str) -> None:
    result = kg(corpus_store_settings, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception


def test_malformed_sparql_in_a_real_process_prints_no_traceback(corpus_store_settings: Settings) -> None:
    env = {**os.environ, "KG_STORE_PATH": str(corpus_store_settings.store_path)}
    proc = subprocess.run([sys.executable, "-c", "from kg.cli.app import main; main()", "query", "SELECT ?x WHERE { ?x"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: malformed SPARQL") and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_stats_counts_what_the_store_holds(corpus_store_settings: Settings) -> None:
    result = kg(corpus_store_settings, "stats", "--json")
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    n = len(list(PROJECT_CORPUS.glob("[0-9]*.md")))
    assert s["articles"] == n and s["named_graphs"] == n + 3  # the ontology, the actors and the stories
    assert s["dependencies"] > 0 and s["triples"] > 0 and s["actors"] > 0
    deps = json.loads(kg(corpus_store_settings, "query", COUNT_DEPS, "--output", "json").stdout)[0]["n"]
    assert s["dependencies"] == deps
    table = kg(corpus_store_settings, "stats")
    assert table.exit_code == 0 and re.search(rf"articles\s*│\s*{n}\b", table.stdout)


def test_validate_passes_on_the_corpus_store(corpus_store_settings: Settings) -> None:
    result = kg(corpus_store_settings, "validate")
    assert result.exit_code == 0 and "no violations" in result.stdout


def test_settings_lists_every_setting_with_its_variable_and_value(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--store-path", str(tmp_path / "s"), "settings"],
                           env={"KG_MAX_FILE_MB": "3.5", "COLUMNS": "400"})
    assert result.exit_code == 0
    rows = {ln.split("│")[1].strip(): [c.strip() for c in ln.split("│")[2:4]]
            for ln in result.stdout.splitlines() if ln.count("│") >= 4}
    for name in Settings.model_fields:
        assert rows[name][0] == f"KG_{name.upper()}"
    assert rows["max_file_mb"][1] == "3.5"  # from the environment
    assert rows["store_path"][1] == str(tmp_path / "s")  # from the flag


def test_an_invalid_setting_is_one_clear_error() -> None:
    result = runner.invoke(app, ["settings"], env={"KG_N_PROCESS": "zero"})
    assert result.exit_code == 2 and "invalid settings" in result.stderr


@pytest.mark.parametrize("args", [["stats"], ["query", "ASK {}"], ["validate"]])
def test_commands_without_a_store_say_to_build_first(tmp_path: Path, args: list[str]) -> None:
    result = kg(tmp_path / "no-store", *args)
    assert result.exit_code == 2
    assert "no store at" in result.stderr and "run `kg build` first" in result.stderr
    assert not (tmp_path / "no-store").exists()


# ---------------------------------------------------------------- done-when of issue 2

RUSSIA_DEPENDS = """
SELECT DISTINCT ?provider ?claim ?quote ?start ?end ?path WHERE {
  actor:russia aig:dependsOn ?provider .
  ?claim a aig:DependencyClaim ; aig:subject actor:russia ; aig:object ?provider ; aig:resource res:chips ;
         aig:quote ?quote ; aig:startOffset ?start ; aig:endOffset ?end ; prov:wasDerivedFrom ?article .
  ?article aig:sourcePath ?path .
  VALUES ?provider { actor:china actor:foreign }
}"""


def test_seeds_give_russia_depending_on_china_for_chips_with_verbatim_evidence(seeds_dir: Path, settings: Settings) -> None:
    built = kg(settings, "build", str(seeds_dir))
    assert built.exit_code == 0, built.output
    assert summary(built.stdout)["ingested"] == "2"
    result = kg(settings, "query", RUSSIA_DEPENDS, "--output", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows, "no claim says Russia depends on China (or foreign suppliers) for chips"
    for r in rows:
        text = read_article(Path(r["path"]) if Path(r["path"]).is_absolute() else Path.cwd() / r["path"], 10**7).text
        assert text[r["start"]:r["end"]] == r["quote"]

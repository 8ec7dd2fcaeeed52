"""Articles are read as a person wrote them: Markdown as its reader sees it, dates and author lists as written."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.read.answers import Answers
from kg.ingest.build import build, extract_file
from kg.core.namespaces import DCTERMS
from kg.core.settings import Settings
from kg.store import IRI as NamedNode, open_store

pytestmark = pytest.mark.slow

# Written for this test: the same article twice, once in Markdown with links, emphasis, a tight
# bullet list, a table, a block quote and inline code, once as the plain text a reader of it sees.
MARKDOWN = """---
title: Chip supply, in Markdown
---
# Chip supply

[Russia](https://example.org/russia) depends on **China** for *chips*, according to US officials.

- Vietnam depends on South Korea for memory chips.
- India depends on the [United States](https://example.org/us) for advanced *semiconductors*.

| Who | What |
| --- | --- |
| Japan restricts exports of chipmaking equipment to China. | rule |

> The Netherlands cooperates with Japan on chip research.

Exports rose by 12% in 2023, the `Example Institute` says.
"""

PLAIN = """Chip supply

Russia depends on China for chips, according to US officials.

Vietnam depends on South Korea for memory chips.

India depends on the United States for advanced semiconductors.

Japan restricts exports of chipmaking equipment to China. | rule

The Netherlands cooperates with Japan on chip research.

Exports rose by 12% in 2023, the Example Institute says.
"""

# the stored Markdown each quote comes from: offsets point here, markup included
STORED_SPANS = {
    "Russia depends on China for chips, according to US officials.":
        "[Russia](https://example.org/russia) depends on **China** for *chips*, according to US officials.",
    "Vietnam depends on South Korea for memory chips.": "Vietnam depends on South Korea for memory chips.",
    "India depends on the United States for advanced semiconductors.":
        "India depends on the [United States](https://example.org/us) for advanced *semiconductors*.",
    "Japan restricts exports of chipmaking equipment to China.":
        "Japan restricts exports of chipmaking equipment to China.",
    "The Netherlands cooperates with Japan on chip research.":
        "The Netherlands cooperates with Japan on chip research.",
    "Exports rose by 12% in 2023, the Example Institute says.":
        "Exports rose by 12% in 2023, the `Example Institute` says.",
}


def _claims(ex) -> set[tuple]:
    return ({(r.kind, r.subject, r.object, r.resource, r.modality, r.evidence.text) for r in ex.relations}
            | {("figure", f.value, f.unit, f.evidence.text) for f in ex.figures}
            | {("attribution", a.source, a.evidence.text) for a in ex.attributions})


def test_markdown_gives_the_same_claims_as_its_plain_text_twin_with_offsets_into_the_markdown(tmp_path: Path) -> None:
    md, txt = tmp_path / "twin.md", tmp_path / "twin.txt"
    md.write_text(MARKDOWN, encoding="utf-8")
    txt.write_text(PLAIN, encoding="utf-8")
    _, from_md = extract_file(str(md), Settings())
    _, from_txt = extract_file(str(txt), Settings())
    assert _claims(from_md) == _claims(from_txt)
    kinds = {r.kind for r in from_md.relations}
    assert {"dependency", "restriction", "cooperation"} <= kinds and from_md.figures and from_md.attributions
    stored = MARKDOWN.split("---\n", 2)[2]  # offsets count from the end of the front matter
    evidences = [r.evidence for r in from_md.relations] + [f.evidence for f in from_md.figures] \
        + [a.evidence for a in from_md.attributions]
    for ev in evidences:
        assert stored[ev.start:ev.end] == STORED_SPANS[ev.text], ev
    for ev in [r.evidence for r in from_txt.relations]:
        assert PLAIN[ev.start:ev.end] == ev.text


def test_a_built_markdown_article_stores_reader_quotes_at_markdown_offsets(tmp_path: Path) -> None:
    (tmp_path / "twin.md").write_text(MARKDOWN, encoding="utf-8")
    s = Settings(store_path=tmp_path / "store")
    with open_store(s) as store:
        build([str(tmp_path / "twin.md")], s, store)
        edges = Answers(store).dependencies(resource="chips")
    stored = MARKDOWN.split("---\n", 2)[2]
    claims = [c for e in edges for c in e.claims]
    assert {c.quote for c in claims} >= {"Vietnam depends on South Korea for memory chips."}
    for c in claims:
        assert stored[c.start:c.end] == STORED_SPANS[c.quote]


def test_front_matter_as_people_write_it_author_list_unknown_date_and_no_title(tmp_path: Path) -> None:
    (tmp_path / "listed.md").write_text(
        "---\ntitle: Two authors\nauthor: [Siti Rahman, Lee Wei]\ndate: 14 March 2025\n---\n"
        "Vietnam depends on South Korea for memory chips.\n", encoding="utf-8")
    (tmp_path / "undated.md").write_text(
        "---\ntitle: Undated\ndate: early spring\n---\nIndia depends on Japan for chips.\n", encoding="utf-8")
    (tmp_path / "untitled-note.txt").write_text("Brazil depends on Taiwan for chips.\n", encoding="utf-8")
    s = Settings(store_path=tmp_path / "store")
    with open_store(s) as store:
        report = build([str(tmp_path)], s, store)
        assert len(report.ingested) == 3, report.skipped
        assert [(Path(w.path).name, "early spring" in w.reason) for w in report.warnings] == [("undated.md", True)]
        answers = Answers(store)
        by_title = {a.title: a for a in answers.articles()}
        listed = by_title["Two authors"]
        creators = {q.object.value for q in store.quads(listed.article)
                    if q.subject == NamedNode(listed.article) and q.predicate == NamedNode(str(DCTERMS.creator))}
        assert creators == {"Siti Rahman", "Lee Wei"}  # one dcterms:creator each
        assert listed.date == "2025-03-14" and set(listed.creator.split("; ")) == creators
        assert by_title["Undated"].date is None
        # an article without a title is cited by its file name, in lists and in citations
        assert "untitled-note.txt" in by_title
        [edge] = answers.dependencies(dependent="Brazil")
        assert edge.claims[0].title == "untitled-note.txt"


def test_a_markdown_citation_in_context_is_read_at_its_stored_offsets(tmp_path: Path) -> None:
    from kg.read.passages import passage

    (tmp_path / "twin.md").write_text(MARKDOWN, encoding="utf-8")
    s = Settings(store_path=tmp_path / "store")
    with open_store(s) as store:
        build([str(tmp_path / "twin.md")], s, store)
        answers = Answers(store)
        [claim] = [c for e in answers.dependencies(dependent="India") for c in e.claims]
        p = passage(answers, s, claim.article, claim.start, claim.end)
    assert p.span == STORED_SPANS[claim.quote]
    assert "- India depends on the [United States](https://example.org/us)" in p.paragraph  # the file as written

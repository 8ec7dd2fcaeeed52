"""Reading article files: text and metadata of good files, one clear reason for every bad one."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import InputError
from kg.ingest.ids import content_hash
from kg.ingest.reader import discover, read_article
from tests.kg import samples

MAX = 10 * 1_000_000


def test_markdown_front_matter_gives_metadata_and_text_after_it(tmp_path: Path) -> None:
    doc = read_article(samples.write(tmp_path / "a.md", samples.FRONT_MATTER_MD), MAX)
    assert doc.text == samples.BODY.rstrip("\n")  # rendered Markdown; offsets count from the end of the front matter
    assert doc.meta.title == "Moscow leans on Beijing for semiconductors"
    assert doc.meta.url == "https://example.org/news/moscow-beijing-chips"
    assert doc.meta.publisher == "Example Wire"
    assert doc.meta.author == "Jane Placeholder"
    assert doc.meta.date == "2024-02-29"
    assert doc.content_hash == content_hash(samples.BODY)
    assert doc.encoding == "utf-8"


def test_front_matter_with_windows_line_ends_and_a_bom_is_read(tmp_path: Path) -> None:
    data = ("\ufeff" + samples.FRONT_MATTER_MD).replace("\n", "\r\n")
    doc = read_article(samples.write(tmp_path / "a.md", data), MAX)
    assert doc.meta.title == "Moscow leans on Beijing for semiconductors"
    assert doc.meta.date == "2024-02-29"
    assert doc.text.startswith("Russia depends on China")


def test_text_without_front_matter_is_kept_whole_with_empty_metadata(tmp_path: Path) -> None:
    # byline, date and "Original url" are found by the extractor in the text (see test_build)
    doc = read_article(samples.write(tmp_path / "a.txt", samples.PLAIN_TXT), MAX)
    assert doc.text == samples.PLAIN_TXT
    assert doc.meta.url is None and doc.meta.title is None


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_text_with_a_detectable_encoding_is_decoded(tmp_path: Path, encoding: str) -> None:
    doc = read_article(samples.write(tmp_path / "fr.md", samples.CP1252_MD, encoding=encoding), MAX)
    assert "Société Générale and a São Paulo fund" in doc.text and "Chloé Müller" in doc.text
    assert doc.meta.title == "Zürich start-up courts Brussels"
    assert doc.encoding != "utf-8"


def test_utf16_text_with_a_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    doc = read_article(samples.write(tmp_path / "a.txt", samples.BODY, encoding="utf-16"), MAX)
    assert doc.text == samples.BODY


def test_html_main_text_and_metadata_come_from_trafilatura(tmp_path: Path) -> None:
    doc = read_article(samples.write(tmp_path / "page.html", samples.HTML), MAX)
    assert "Chinese chipmakers depend on Dutch equipment" in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text  # boilerplate is gone
    assert doc.meta.title == "Lithography curbs widen"
    assert doc.meta.url == "https://news.example.org/2024/lithography-curbs"
    assert doc.meta.publisher == "Example Wire"
    assert doc.meta.author == "Jane Placeholder"
    assert doc.meta.date == "2024-03-05"
    assert "\n\n" in doc.text  # paragraphs stay apart for the extractor


BAD_FILES = [
    ("empty.md", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("image.txt", samples.BINARY, "binary file"),
    ("noise.txt", samples.undecodable_bytes(), "encoding cannot be detected"),
    ("nav.html", samples.HTML_WITHOUT_TEXT.encode(), "HTML page has no main text"),
    ("slides.pdf", b"%PDF-1.4 some text", "unsupported file type '.pdf'"),
    ("noext", b"some text", "unsupported file type '(none)'"),
    ("badyaml.md", b"---\ntitle: [unclosed\n---\nText about chips.\n", "front matter is not valid YAML"),
    ("list.md", b"---\n- a\n- b\n---\nText about chips.\n", "front matter must be a mapping"),
    ("onlyfm.md", b"---\ntitle: Nothing else\n---\n\n", "no article text"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_refused_with_a_reason_naming_it(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = samples.write(tmp_path / name, content)
    with pytest.raises(InputError) as exc:
        read_article(p, MAX)
    assert reason in exc.value.reason
    assert exc.value.path.endswith(name)
    assert "\n" not in str(exc.value)


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    p = samples.sparse_file(tmp_path / "huge.txt", 50)
    with pytest.raises(InputError, match=r"huge.txt: file is 52.4 MB, over the 10 MB limit"):
        read_article(p, MAX)


@pytest.mark.parametrize(("target", "reason"), [("missing.md", "no such file"), ("folder.md", "is a directory")])
def test_missing_path_or_directory_is_refused(tmp_path: Path, target: str, reason: str) -> None:
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(InputError, match=reason):
        read_article(tmp_path / target, MAX)


def test_discover_finds_articles_sorted_and_ignores_hidden_readme_and_other_files(tmp_path: Path) -> None:
    for rel in ["b.md", "a.txt", "sub/c.html", ".hidden.md", ".git/x.md", "README.md", "a.gold.json", "notes.pdf"]:
        samples.write(tmp_path / rel, "text")
    files, skipped = discover([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b.md", "sub/c.html"]
    assert skipped == []


def test_discover_reports_missing_paths_and_lists_a_file_once(tmp_path: Path) -> None:
    a = samples.write(tmp_path / "a.md", "text")
    files, skipped = discover([a, tmp_path, tmp_path / "nope", str(a)])
    assert files == [a]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("nope", "no such file or directory")]


def test_an_explicit_file_with_an_unsupported_extension_is_kept_for_a_clear_refusal(tmp_path: Path) -> None:
    p = samples.write(tmp_path / "slides.pdf", b"%PDF")
    files, _ = discover([p])
    assert files == [p]


def test_a_short_html_article_is_not_mistaken_for_a_page_without_text(tmp_path: Path) -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav><article><p>Japan restricts exports of chip tools.</p></article></body></html>"
    doc = read_article(samples.write(tmp_path / "short.html", html), MAX)
    assert "Japan restricts exports of chip tools." in doc.text


@pytest.mark.parametrize(("written", "iso"), [
    ("2025-03-14", "2025-03-14"), ("2025-03-14T09:30:00Z", "2025-03-14"), ("14 March 2025", "2025-03-14"),
    ("14 Mar 2025", "2025-03-14"), ("March 14, 2025", "2025-03-14"), ("Mar. 14, 2025", "2025-03-14"),
    ("March 14th, 2025", "2025-03-14"), ("2025/03/14", "2025-03-14"), ("2025.03.14", "2025-03-14"),
    ("14 Sept 2025", "2025-09-14"), ("Friday, 14 March 2025", "2025-03-14"), ('"14 March 2025"', "2025-03-14"),
])
def test_common_front_matter_date_forms_parse(tmp_path: Path, written: str, iso: str) -> None:
    p = samples.write(tmp_path / "a.md", f"---\ndate: {written}\n---\nText about chips.\n")
    doc = read_article(p, MAX)
    assert doc.meta.date == iso
    assert doc.warnings == ()


@pytest.mark.parametrize("written", ["next spring", "03/04/2025", "2025-02-30", "14.03.2025"])
def test_an_unreadable_or_ambiguous_date_is_dropped_with_a_warning_and_the_article_kept(tmp_path: Path,
                                                                                         written: str) -> None:
    p = samples.write(tmp_path / "a.md", f"---\ntitle: Kept\ndate: {written}\n---\nText about chips.\n")
    doc = read_article(p, MAX)
    assert doc.meta.date is None and doc.meta.title == "Kept"
    assert len(doc.warnings) == 1 and repr(written) in doc.warnings[0] and "without a date" in doc.warnings[0]


def test_an_author_list_is_kept_as_several_names(tmp_path: Path) -> None:
    p = samples.write(tmp_path / "a.md", "---\nauthor:\n  - Siti Rahman\n  - Lee Wei\n---\nText about chips.\n")
    assert read_article(p, MAX).meta.author == "Siti Rahman; Lee Wei"


def test_markdown_reaches_extraction_as_plain_text_while_plain_text_stays_as_written(tmp_path: Path) -> None:
    body = "# Heading\n\nRussia buys [chips](https://example.org/c) from *China*.\n"
    md = read_article(samples.write(tmp_path / "a.md", body), MAX)
    txt = read_article(samples.write(tmp_path / "a.txt", body), MAX)
    assert md.text == "Heading\n\nRussia buys chips from China."
    assert txt.text == body and txt.rendered is None


def test_html_headline_marked_as_the_author_is_no_author(tmp_path: Path) -> None:
    body = "<p>" + "Kova sold more chips to Peru last year, the trade ministry said on Monday. " * 5 + "</p>"
    html = (f'<html><head><title>Chips and Minerals | Daily Ledger</title></head><body><article>'
            f'<h1 class="author">Chips and Minerals</h1>{body}</article></body></html>')
    doc = read_article(samples.write(tmp_path / "page.html", html), MAX)
    assert doc.meta.title == "Chips and Minerals"
    assert doc.meta.author is None

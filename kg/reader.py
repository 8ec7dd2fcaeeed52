"""Reading article files (.txt, .md, .html) into text plus metadata, refusing bad input clearly."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from extractors.records import ArticleMeta

from .errors import InputError
from .ids import content_hash

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_META_KEYS = ("title", "url", "publisher", "author", "date")


@dataclass(frozen=True)
class SourceDoc:
    """One readable article: its text (what offsets point into) and metadata."""

    path: str
    text: str
    meta: ArticleMeta
    content_hash: str
    encoding: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Skipped]]:
    """Article files under the given files and folders, sorted; missing paths come back as skips."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not _ignored(f.relative_to(p)):
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            skipped.append(Skipped(str(p), "no such file or directory"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, skipped


def display_path(p: Path) -> str:
    """The path as users name it: relative to the working directory when inside it, else absolute."""
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p.resolve()) if p.exists() else str(p)


def _ignored(rel: Path) -> bool:
    """Hidden files and folders, and a folder's README, are not articles."""
    return any(part.startswith(".") for part in rel.parts) or rel.name.lower().startswith("readme")


def read_article(path: str | os.PathLike, max_bytes: int) -> SourceDoc:
    """Read one article file. Raises InputError saying what is wrong with it."""
    p = Path(path)
    name = display_path(p)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(name, f"unsupported file type {suffix or '(none)'!r}: expected .txt, .md or .html")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit (KG_MAX_FILE_MB)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(name, "empty file")
    text, encoding = decode(name, data)
    if suffix in HTML_SUFFIXES:
        body, meta = _from_html(name, text)
    else:
        body, meta = _from_text(name, text)
    if not body.strip():
        raise InputError(name, "no article text (only front matter or whitespace)")
    return SourceDoc(path=name, text=body, meta=meta, content_hash=content_hash(body), encoding=encoding)


def decode(name: str, data: bytes) -> tuple[str, str]:
    """UTF-8 when it is, else the encoding charset-normalizer detects with confidence."""
    head = data[:65536]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(name, "undecodable UTF-16 text") from None
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise InputError(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        raise InputError(name, "text is not UTF-8 and its encoding cannot be detected")
    text = str(best)
    if _control_ratio(text.encode("utf-8", "replace")) > 0.01:
        raise InputError(name, f"text is not UTF-8 and does not decode cleanly as {best.encoding}")
    return text, best.encoding


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def _from_text(name: str, text: str) -> tuple[str, ArticleMeta]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return text.lstrip("\ufeff"), ArticleMeta()
    try:
        fm = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(name, f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(fm, dict):
        raise InputError(name, "front matter must be a mapping of keys (title, url, publisher, author, date)")
    return text[m.end():], _meta(name, fm)


def _meta(name: str, fields: dict) -> ArticleMeta:
    values: dict[str, str | None] = {}
    for key in _META_KEYS:
        v = fields.get(key)
        if v is None or v == "":
            values[key] = None
        elif key == "date":
            values[key] = _iso_date(name, v)
        else:
            values[key] = str(v).strip()
    return ArticleMeta(**values)


def _iso_date(name: str, v: object) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    s = str(v).strip()
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        raise InputError(name, f"front matter date {s!r} is not an ISO date (YYYY-MM-DD)") from None


def _from_html(name: str, html: str) -> tuple[str, ArticleMeta]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises many lxml errors on broken markup
        raise InputError(name, f"HTML could not be parsed: {exc}") from None
    if doc is not None and len((doc.text or "").strip()) < 200:
        # On a page without an article, trafilatura's fallback returns boilerplate such as menu links
        # ("Home"); its precise mode without fallback tells a short article from such a page.
        precise = trafilatura.bare_extraction(html, fast=True, favor_precision=True, include_comments=False,
                                              include_tables=False)
        if precise is None or not (precise.text or "").strip():
            doc = None
    if doc is None or not (doc.text or "").strip():
        raise InputError(name, "HTML page has no main text")
    # trafilatura separates paragraphs by one newline; the extractor splits paragraphs on blank lines
    body = re.sub(r"\n+", "\n\n", doc.text.strip())
    fields = {"title": doc.title, "url": doc.url, "publisher": doc.sitename, "author": doc.author, "date": doc.date}
    try:
        meta = _meta(name, fields)
    except InputError:
        meta = _meta(name, {**fields, "date": None})
    return body, meta

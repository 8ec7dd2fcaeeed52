"""Reading article files (.txt, .md, .html) into text plus metadata, refusing bad input clearly."""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from extractors.metadata import byline_author, parse_date
from extractors.records import ArticleMeta

from kg.core.errors import InputError
from kg.ingest.ids import content_hash
from kg.ingest.markdown import Rendered, render

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt"} | MARKDOWN_SUFFIXES
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_META_KEYS = ("title", "url", "publisher", "author", "date")
# Longest value each metadata field may have; a longer one refuses the file (a title is a line,
# not a book: a 404-byte YAML alias bomb once made a 312-million-character title).
MAX_FIELD_CHARS = {"title": 1_000, "url": 2_048, "publisher": 300, "author": 1_000, "date": 40}
MAX_FRONT_MATTER_CHARS = 16_384


@dataclass(frozen=True)
class SourceDoc:
    """One readable article: its text (what offsets point into) and metadata."""

    path: str
    text: str
    meta: ArticleMeta
    content_hash: str
    encoding: str
    # Markdown: `text` is what a reader sees (what extraction reads); offsets are moved back into the
    # stored Markdown through `rendered` before they are written
    rendered: Rendered | None = None
    warnings: tuple[str, ...] = ()

    @property
    def stored_text(self) -> str:
        """The file's text after its front matter: what stored offsets count in."""
        return self.rendered.source if self.rendered is not None else self.text


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Skipped]]:
    """Article files under the given files and folders, sorted; every path problem comes back as a skip.

    A missing path, a broken link or a link loop, a FIFO or device, a name that is not UTF-8, a file
    or folder that cannot be read: each is one Skipped with its reason, and the walk goes on.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        p = Path(raw)
        kind = _kind(p)
        if kind == "dir":
            files.extend(_walk(p, skipped))
        elif kind == "file":
            files.append(p)  # any suffix: read_article says why an unsupported one is refused
        else:
            skipped.append(Skipped(shown(p), kind))
    seen: set[str] = set()
    unique = []
    for f in files:
        r = os.path.realpath(f)
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, skipped


def _walk(root: Path, skipped: list[Skipped]) -> list[Path]:
    def unreadable(exc: OSError) -> None:
        reason = "folder cannot be read (permission denied): its files are skipped" \
            if isinstance(exc, PermissionError) else f"folder cannot be read: {exc.strerror or exc}"
        skipped.append(Skipped(shown(exc.filename or root), reason))

    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=unreadable):  # symlinked folders are not followed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            f = Path(folder, n)
            if f.suffix.lower() not in SUPPORTED or _ignored(f.relative_to(root)):
                continue
            kind = _kind(f)
            if kind == "file":
                found.append(f)
            elif kind != "dir":
                skipped.append(Skipped(shown(f), kind))
    return sorted(found)


def _kind(p: Path) -> str:
    """'file', 'dir', or why the path cannot be read as either."""
    try:
        str(p).encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8: rename it"
    try:
        st = os.stat(p)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(p) else "no such file or directory"
    except PermissionError:
        return "permission denied (a folder on its path cannot be entered)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISFIFO(st.st_mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(st.st_mode):
        return "is a socket, not a regular file"
    return "is a device, not a regular file"


def shown(p: str | os.PathLike) -> str:
    """A path as text that can always be printed and stored (undecodable bytes as \\xNN)."""
    return os.fsencode(p).decode("utf-8", "backslashreplace")


def display_path(p: Path) -> str:
    """The path as users name it: relative to the working directory when inside it, else absolute."""
    real = os.path.realpath(p)  # never raises, even on a link loop
    try:
        return shown(Path(real).relative_to(os.path.realpath(Path.cwd())))
    except ValueError:
        return shown(real if os.path.lexists(p) else p)


def _ignored(rel: Path) -> bool:
    """Hidden files and folders, and a folder's README, are not articles."""
    return any(part.startswith(".") for part in rel.parts) or rel.name.lower().startswith("readme")


def read_article(path: str | os.PathLike, max_bytes: int, encoding: str | None = None) -> SourceDoc:
    """Read one article file. Raises InputError saying what is wrong with it.

    `encoding` is the user's word for files that are not UTF-8 (see `decode`).
    """
    p = Path(path)
    name = display_path(p)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(name, f"unsupported file type {suffix or '(none)'!r}: expected .txt, .md or .html")
    kind = _kind(p)
    if kind == "dir":
        raise InputError(name, "is a directory, not a file")
    if kind != "file":
        raise InputError(name, kind)
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
    text, encoding = decode(name, data, encoding)
    warnings: list[str] = []
    if suffix in HTML_SUFFIXES:
        body, meta = _from_html(name, text)
    else:
        body, meta = _from_text(name, text, warnings)
    rendered = render(body) if suffix in MARKDOWN_SUFFIXES else None
    shown_text = rendered.text if rendered is not None else body
    if not shown_text.strip():
        raise InputError(name, "no article text (only front matter or whitespace)")
    # the hash is of the stored text, so a changed link target is a changed article
    return SourceDoc(path=name, text=shown_text, meta=meta, content_hash=content_hash(body), encoding=encoding,
                     rendered=rendered, warnings=tuple(warnings))


# Decoding never guesses silently. In order: a byte-order mark; valid UTF-8; the --encoding the
# user gave; the charset the file declares (HTML <meta charset>, front matter `encoding:`); else
# Western European text (cp1252, a superset of Latin-1's printable range) if the result reads like
# English news: every non-ASCII character a Latin letter or common typography, no symbol inside a
# word, no UTF-8 sequences read as two characters. Anything else is refused, naming what it looks
# like. (charset-normalizer alone picked cp1257 for Latin-1 "José Müller", giving "Josķ M³ller".)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_FM_BYTES = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.{0,16384}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FM_CHARSET = re.compile(rb"""^(?:encoding|charset)[ \t]*:[ \t]*["']?([A-Za-z0-9._:-]{1,40})["']?[ \t]*\r?$""", re.M | re.I)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_TYPOGRAPHY = set("\u00a0\u00ad\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00b7\u20ac\u00a3\u00a5\u00a2"
                  "\u00b0\u00b1\u00d7\u00f7\u00a7\u00b6\u00a9\u00ae\u2122\u00ab\u00bb\u2039\u203a\u00bf\u00a1"
                  "\u2020\u2021\u2030\u00b2\u00b3\u00b9\u00bc\u00bd\u00be\u00b5\u00aa\u00ba")
_IN_WORD_OK = set("\u2019\u2018\u00ad\u00b7")  # apostrophes, soft hyphen, middle dot may sit inside a word


def decode(name: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the encoding it was read in; InputError when that cannot be known."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise InputError(name, f"starts with a {codec.upper()} byte-order mark but is not valid "
                                       f"{codec.upper()} (byte {exc.start})") from None
    head = data[:65536]
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise InputError(name, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if encoding is not None:
        return _decode_declared(name, data, encoding, "--encoding"), encoding
    declared = _declared_charset(data)
    if declared is not None:
        return _decode_declared(name, data, declared, "the file's own declaration"), declared
    if _mostly_utf8(data):
        raise InputError(name, f"text is mostly UTF-8 but has bytes that are not (the first at offset {first_bad}); "
                               "fix the file, or pass --encoding if it is in another encoding")
    try:
        text, codec = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, codec = data.decode("latin-1"), "latin-1"
    problem = _implausible(text)
    if problem is None:
        return text, codec
    raise InputError(name, f"text is not UTF-8 and its encoding cannot be detected reliably ({problem}"
                           f"{_looks_like(data)}); declare it (front matter `encoding:`, HTML <meta charset>) "
                           "or pass --encoding")


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 sequences outnumber the stray bytes ten to one: UTF-8 with damage, not another encoding."""
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if not sequences:
        return False
    stray = data.decode("utf-8", "replace").count("\ufffd")
    return sequences >= 10 * stray


def _decode_declared(name: str, data: bytes, encoding: str, source: str) -> str:
    import codecs

    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r} (from {source})") from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid {encoding} (from {source}): byte {exc.start} "
                               f"({data[exc.start]:#04x}) does not decode") from None
    if _control_ratio(text.encode("utf-8", "replace")) > 0.01:
        raise InputError(name, f"does not decode cleanly as {encoding} (from {source})")
    return text


def _declared_charset(data: bytes) -> str | None:
    fm = _FM_BYTES.match(data)
    if fm:
        m = _FM_CHARSET.search(fm.group(1))
        if m:
            return m.group(1).decode("ascii")
    m = _HTML_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii") if m else None


def _implausible(text: str) -> str | None:
    """Why `text` does not read like English news in a Western encoding; None when it does."""
    import unicodedata

    letters = accented = run = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            run = 0
            letters += ch.isalpha()
            continue
        if "\x80" <= ch <= "\x9f":
            return f"control character U+{ord(ch):04X} at {i}"
        letter = unicodedata.category(ch).startswith("L")
        if letter and "LATIN" not in unicodedata.name(ch, ""):
            return f"non-Latin letter {ch!r} at {i}"
        if letter:
            letters += 1
            accented += 1
            run += 1
            if run >= 3:  # "Ðîññèÿ": Cyrillic (or Greek...) bytes read as Latin-1
                return f"{text[i - 2:i + 1]!r} at {i - 2} reads like another alphabet"
            continue
        run = 0
        if not letter:
            if ch not in _TYPOGRAPHY:
                return f"unexpected character {ch!r} at {i}"
            if ch not in _IN_WORD_OK and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
                return f"symbol {ch!r} inside a word at {i}"
    if accented > max(20, letters // 2):  # English news with names: a few percent; "Société" alone 2 of 7
        return f"{accented} of {letters} letters are accented"
    return None


def _looks_like(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.chaos > 0.1:
        return ""
    return f"; it may be {best.encoding}"


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def _from_text(name: str, text: str, warnings: list[str]) -> tuple[str, ArticleMeta]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return text.lstrip("\ufeff"), ArticleMeta()
    if len(m.group(1)) > MAX_FRONT_MATTER_CHARS:
        raise InputError(name, f"front matter longer than {MAX_FRONT_MATTER_CHARS} characters")
    try:
        _refuse_references(name, m.group(1))
        fm = yaml.load(m.group(1), Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        raise InputError(name, f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(fm, dict):
        raise InputError(name, "front matter must be a mapping of keys (title, url, publisher, author, date)")
    return text[m.end():], _meta(name, fm, warnings)


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without its date type: `date: 2025-02-30` is a string to judge (and warn about),
    not a ValueError from inside the YAML parser."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_references(name: str, front_matter: str) -> None:
    """Anchors, aliases and merge keys let a few hundred bytes expand to gigabytes: refused, not expanded."""
    for event in yaml.parse(front_matter, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(name, "front matter uses YAML anchors or aliases (& *), which are not accepted")
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.style is None:
            raise InputError(name, "front matter uses a YAML merge key (<<), which is not accepted")


def _meta(name: str, fields: dict, warnings: list[str] | None = None) -> ArticleMeta:
    """Metadata from front matter: an unreadable date is dropped with a warning, an author list kept whole."""
    values: dict[str, str | None] = {}
    for key in _META_KEYS:
        v = fields.get(key)
        if v is None or v == "" or v == []:
            values[key] = None
            continue
        if key == "author" and isinstance(v, list) and all(isinstance(a, (str, int, float)) for a in v):
            names = [str(a).strip() for a in v if str(a).strip()]
            if any(AUTHOR_SEPARATOR in a for a in names):
                raise InputError(name, f"metadata `author`: a name may not contain {AUTHOR_SEPARATOR!r}")
            values[key] = AUTHOR_SEPARATOR.join(names) or None
        elif not isinstance(v, (str, int, float, date)):
            raise InputError(name, f"metadata `{key}` must be a single value, not a {type(v).__name__}")
        elif key == "date":
            values[key] = parse_date(v)
            if values[key] is None:
                if warnings is None:
                    raise InputError(name, f"date {str(v)!r} is not a date this reader understands")
                warnings.append(f"front matter date {str(v).strip()!r} is not a date this reader understands "
                                f"(e.g. 2025-03-14, 14 March 2025, March 14, 2025, 2025/03/14): stored without a date")
        else:
            values[key] = str(v).strip()
        limit = MAX_FIELD_CHARS[key]
        if len(values[key] or "") > limit:
            raise InputError(name, f"metadata `{key}` is {len(values[key])} characters long, over the limit of {limit}")
    return ArticleMeta(**values)


# Several authors travel in ArticleMeta.author joined by this separator (the record holds one
# string) and become one dcterms:creator each in the graph.
AUTHOR_SEPARATOR = "; "

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
    # only a byline names authors: a page that marks its headline as the author gives the title's words as names
    headline = next(iter(body.splitlines()), "")
    fields = {"title": doc.title, "url": doc.url, "publisher": doc.sitename,
              "author": byline_author(doc.author, doc.title, headline), "date": doc.date}
    # metadata a page's markup yields is optional: an over-long value is dropped, not the article
    fields = {k: (v if v is None or len(str(v)) <= MAX_FIELD_CHARS[k] else None) for k, v in fields.items()}
    try:
        meta = _meta(name, fields)
    except InputError:
        meta = _meta(name, {**fields, "date": None})
    return body, meta

"""Article text -> Extraction: paragraph-sized docs through nlp.pipe, then the record builders."""
from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .actors import index_actors
from .attributions import extract_attributions
from .figures import attribute_figures, extract_figures
from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import read_json
from .metadata import find_metadata
from .nlp import model_id
from .records import ArticleMeta, Evidence, Extraction, Figure
from .relations import extract_relations

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
# Paragraphs longer than this are cut at a sentence end (or space): spaCy's memory grows with doc size.
MAX_PARAGRAPH_CHARS = 10_000


def paragraphs(text: str) -> list[tuple[str, int]]:
    """(paragraph, offset) pairs covering the non-blank text; text[offset:offset+len(p)] == p."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in [*_BLANK_LINE.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + chunk.index(stripped)
            for piece, piece_start in _headings_apart(stripped, start):
                out.extend(_cut(piece, piece_start))
        if m:
            pos = m.end()
    return out


@lru_cache(maxsize=1)
def _layout() -> tuple[int, float, tuple[str, ...]]:
    d = read_json("layout.json")
    return d["heading_max_words"], d["heading_max_share_of_longest_line"], tuple(d["sentence_end"])


def _is_heading(line: str, nxt: str, longest: int) -> bool:
    """A short capitalised line without final punctuation, followed by a capitalised line
    ("US restrictions slowing production"): a title, which the parser would otherwise glue to the next
    sentence as its subject. Hard-wrapped prose has lines of similar length, so a heading must also be
    much shorter than the paragraph's longest line."""
    max_words, max_share, sentence_end = _layout()
    words = line.split()
    return (0 < len(words) <= max_words and not line.rstrip().endswith(sentence_end)
            and line.strip()[:1].isupper() and nxt.strip()[:1].isupper() and len(line) < max_share * longest)


def _headings_apart(para: str, offset: int) -> Iterator[tuple[str, int]]:
    """Split heading lines out of a paragraph into their own pieces; offsets stay exact."""
    lines = para.split("\n")
    if len(lines) == 1:
        yield para, offset
        return
    pos, block_start = 0, 0
    longest = max(len(ln) for ln in lines)
    for n, line in enumerate(lines):
        end = pos + len(line)
        if n < len(lines) - 1 and _is_heading(line, lines[n + 1], longest):
            yield from _stripped(para[block_start:pos], offset + block_start)
            yield from _stripped(para[pos:end], offset + pos)
            block_start = end + 1
        pos = end + 1
    yield from _stripped(para[block_start:], offset + block_start)


def _stripped(piece: str, offset: int) -> Iterator[tuple[str, int]]:
    s = piece.strip()
    if s:
        yield s, offset + piece.index(s)


def _cut(para: str, offset: int) -> Iterator[tuple[str, int]]:
    while len(para) > MAX_PARAGRAPH_CHARS:
        window = para[:MAX_PARAGRAPH_CHARS]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < MAX_PARAGRAPH_CHARS // 2:
            cut = window.rfind(" ")
        if cut < MAX_PARAGRAPH_CHARS // 2:
            cut = MAX_PARAGRAPH_CHARS - 1
        yield para[: cut + 1], offset
        offset += cut + 1
        para = para[cut + 1:]
    if para:
        yield para, offset


class Extractor:
    """Runs the spaCy pipeline over articles and builds their extraction records."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None):
        self.nlp = nlp
        self.gazetteer = gazetteer or load_gazetteer()
        self.model_name, self.model_version = model_id(nlp)

    def extract(self, text: str, meta: ArticleMeta | None = None) -> Extraction:
        return next(self.extract_many([(None, text, meta)]))[1]

    def extract_many(
        self,
        items: Iterable[tuple[Any, str, ArticleMeta | None]],
        n_process: int = 1,
        batch_size: int = 64,
    ) -> Iterator[tuple[Any, Extraction]]:
        """Extract a stream of (key, text, meta) articles, yielding (key, Extraction) in input order.

        Paragraphs of all articles are streamed through one `nlp.pipe`, so memory stays flat
        however many articles there are.
        """
        pending: dict[int, tuple[Any, str, ArticleMeta | None, int]] = {}

        def feed() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for seq, (key, text, meta) in enumerate(items):
                paras = paragraphs(text) or [(text, 0)]
                pending[seq] = (key, text, meta, len(paras))
                for i, (para, offset) in enumerate(paras):
                    yield para, (seq, i, offset)

        current: list[tuple[Doc, int]] = []
        for doc, (seq, i, offset) in self.nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size):
            current.append((doc, offset))
            key, text, meta, count = pending[seq]
            if i == count - 1:
                del pending[seq]
                yield key, self.assemble(text, meta, current)
                current = []

    def assemble(self, text: str, meta: ArticleMeta | None, paras: list[tuple[Doc, int]]) -> Extraction:
        """Build the records of one article from its paragraph docs (pure)."""
        meta = find_metadata(text, meta or ArticleMeta(), self.gazetteer)
        index = index_actors(paras, self.gazetteer)
        attributions = extract_attributions(paras, index, text)
        ref_year = int(meta.date[:4]) if meta.date and meta.date[:4].isdigit() else None
        figures = _verbatim_figures(text, extract_figures(paras, index, text, ref_year=ref_year))
        figures = attribute_figures(figures, attributions)
        relations = extract_relations(paras, index, attributions, figures, text)
        extraction = Extraction(
            text=text,
            meta=meta,
            actors=index.actors(),
            relations=tuple(r for r in relations if _verbatim(text, r.evidence)),
            figures=tuple(figures),
            attributions=tuple(a for a in attributions if _verbatim(text, a.evidence)),
            model_name=self.model_name,
            model_version=self.model_version,
        )
        return extraction


def _verbatim_figures(text: str, figures: list[Figure]) -> list[Figure]:
    """The figures whose evidence is verbatim, with equivalence links renumbered accordingly."""
    keep = [i for i, f in enumerate(figures) if _verbatim(text, f.evidence)]
    new = {old: i for i, old in enumerate(keep)}
    return [replace(figures[i], equivalent_to=new.get(figures[i].equivalent_to)) for i in keep]


def _verbatim(text: str, ev: Evidence) -> bool:
    """Integrity guard: evidence must be exactly the text at its offsets."""
    return 0 <= ev.start < ev.end <= len(text) and text[ev.start:ev.end] == ev.text

"""Markdown rendered to the plain text a reader sees, with each character's offset in the stored Markdown."""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rendered:
    """`text` is what a reader sees; `origin[i]` is where `text[i]` stands in the stored Markdown.

    Characters the rendering adds (a paragraph break between blocks, a cell separator) point at the
    next character of the source, so a span's start and end always land inside the stored text.
    """

    text: str
    origin: array
    source: str

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The stored-text span of the rendered span text[start:end], with the markup that opens or
        closes it there ("[Russia](...) depends on **China**" starts at the "[")."""
        n = len(self.source)
        if end <= start:
            s = self.origin[start] if start < len(self.origin) else n
            return s, s
        s, e = self.origin[start], min(self.origin[end - 1] + 1, n)
        floor = self.origin[start - 1] + 1 if start > 0 else 0
        while s > floor and self.source[s - 1] in _OPENING:
            s -= 1
        ceiling = self.origin[end] if end < len(self.origin) else n
        while e < ceiling and self.source[e] in _CLOSING:
            e += 1
        return s, e


# Blocks a reader sees as separate paragraphs; the extractor splits paragraphs on blank lines, so
# every list item, heading, quoted paragraph and table row becomes its own paragraph (a tight bullet
# list otherwise reached the extractor as one run-on paragraph full of "- ").
_PARAGRAPH_BREAK = "\n\n"
_CELL_SEPARATOR = " | "
_OPENING = set("[*_`~")
_CLOSING = set("*_`~")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # CommonMark plus GFM tables; no HTML rendering is asked of it: only its tokens are used
    return MarkdownIt("commonmark").enable("table")


def render(source: str) -> Rendered:
    """Plain text of a Markdown document: markup, link targets, images and raw HTML left out."""
    r = _Renderer(source)
    r.blocks(_parser().parse(source))
    return Rendered(text="".join(r.out), origin=r.origin, source=source)


class _Renderer:
    """Walks the parser's block tokens and places each rendered piece at its offset in the source; a
    cursor moves forward through the source so a piece is found where it is, not earlier."""

    def __init__(self, source: str):
        self.source = source
        self.lines = [0, *(m.end() for m in re.finditer("\n", source)), len(source)]
        self.out: list[str] = []
        self.origin = array("q")
        self.cursor = 0
        self.row: int | None = None  # the cell number inside a table row

    def line_start(self, n: int) -> int:
        return self.lines[min(n, len(self.lines) - 1)]

    def emit_synthetic(self, text: str) -> None:
        self.out.append(text)
        self.origin.extend([min(self.cursor, len(self.source))] * len(text))

    def emit(self, piece: str, limit: int) -> None:
        """Place `piece` at its next occurrence in the source (literally, else character by character)."""
        if not piece:
            return
        source = self.source
        at = source.find(piece, self.cursor, limit)
        if at >= 0:
            self.out.append(piece)
            self.origin.extend(range(at, at + len(piece)))
            self.cursor = at + len(piece)
            return
        for ch in piece:  # an entity (&amp;) or escape (\*) renders as a character the source spells otherwise
            at = source.find(ch, self.cursor, limit)
            self.out.append(ch)
            if at >= 0:
                self.origin.append(at)
                self.cursor = at + 1
            else:
                self.origin.append(min(self.cursor, len(source)))

    def skip_link_target(self, limit: int) -> None:
        """After a link's text: step over `](target)` or `][ref]` so later text is not found inside a URL."""
        source, cur = self.source, self.cursor
        if cur < limit and source[cur] == "]":
            cur += 1
            if cur < limit and source[cur] in "([":
                opener = source[cur]
                close = ")" if opener == "(" else "]"
                depth = 0
                while cur < limit:
                    if source[cur] == opener:
                        depth += 1
                    elif source[cur] == close:
                        depth -= 1
                        if depth == 0:
                            cur += 1
                            break
                    cur += 1
            self.cursor = cur

    def paragraph_break(self, block_start: int) -> None:
        if self.out:  # onto the blank line between the blocks where there is one
            self.emit(_PARAGRAPH_BREAK, max(block_start, self.cursor))
        self.cursor = max(self.cursor, block_start)

    def inline(self, token, limit: int) -> None:
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                self.emit(child.content, limit)
            elif kind in ("softbreak", "hardbreak"):
                self.emit("\n", limit)
            elif kind == "link_close":
                self.skip_link_target(limit)
            elif kind == "image":
                pass  # a reader sees a picture, not its alt text
            # emphasis, link_open, html_inline: markup only

    def blocks(self, tokens) -> None:
        block_map = None
        for tok in tokens:
            if tok.map is not None:
                block_map = tok.map
            kind = tok.type
            if kind == "tr_open":
                self.paragraph_break(self.line_start(tok.map[0]))
                self.row = 0
            elif kind == "tr_close":
                self.row = None
            elif kind == "inline":
                start, limit = self.line_start(tok.map[0]), self.line_start(tok.map[1])
                if self.row is not None:
                    if self.row:
                        self.emit_synthetic(_CELL_SEPARATOR)
                    self.row += 1
                else:
                    self.paragraph_break(start)
                self.inline(tok, limit)
            elif kind in ("fence", "code_block"):
                start, limit = self.line_start(block_map[0]), self.line_start(block_map[1])
                self.paragraph_break(start)
                if kind == "fence":  # the content starts on the line after the opening fence
                    self.cursor = self.line_start(block_map[0] + 1)
                self.emit(tok.content.rstrip("\n"), limit)

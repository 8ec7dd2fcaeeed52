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
    lines = [0, *(m.end() for m in re.finditer("\n", source)), len(source)]

    def line_start(n: int) -> int:
        return lines[min(n, len(lines) - 1)]

    out: list[str] = []
    origin = array("q")
    state = {"cursor": 0, "row": None}

    def emit_synthetic(text: str) -> None:
        out.append(text)
        origin.extend([min(state["cursor"], len(source))] * len(text))

    def emit(piece: str, limit: int) -> None:
        """Place `piece` at its next occurrence in the source (literally, else character by character)."""
        if not piece:
            return
        cur = state["cursor"]
        at = source.find(piece, cur, limit)
        if at >= 0:
            out.append(piece)
            origin.extend(range(at, at + len(piece)))
            state["cursor"] = at + len(piece)
            return
        for ch in piece:  # an entity (&amp;) or escape (\*) renders as a character the source spells otherwise
            at = source.find(ch, state["cursor"], limit)
            out.append(ch)
            if at >= 0:
                origin.append(at)
                state["cursor"] = at + 1
            else:
                origin.append(min(state["cursor"], len(source)))

    def skip_link_target(limit: int) -> None:
        """After a link's text: step over `](target)` or `][ref]` so later text is not found inside a URL."""
        cur = state["cursor"]
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
            state["cursor"] = cur

    def paragraph_break(block_start: int) -> None:
        if out:  # onto the blank line between the blocks where there is one
            emit(_PARAGRAPH_BREAK, max(block_start, state["cursor"]))
        state["cursor"] = max(state["cursor"], block_start)

    def inline(token, limit: int) -> None:
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                emit(child.content, limit)
            elif kind in ("softbreak", "hardbreak"):
                emit("\n", limit)
            elif kind == "link_close":
                skip_link_target(limit)
            elif kind == "image":
                pass  # a reader sees a picture, not its alt text
            # emphasis, link_open, html_inline: markup only

    tokens = _parser().parse(source)
    block_map = None
    for tok in tokens:
        if tok.map is not None:
            block_map = tok.map
        kind = tok.type
        if kind == "tr_open":
            paragraph_break(line_start(tok.map[0]))
            state["row"] = 0
        elif kind == "tr_close":
            state["row"] = None
        elif kind == "inline":
            start, limit = line_start(tok.map[0]), line_start(tok.map[1])
            if state["row"] is not None:
                if state["row"]:
                    emit_synthetic(_CELL_SEPARATOR)
                state["row"] += 1
            else:
                paragraph_break(start)
            inline(tok, limit)
        elif kind in ("fence", "code_block"):
            start, limit = line_start(block_map[0]), line_start(block_map[1])
            paragraph_break(start)
            if kind == "fence":  # the content starts on the line after the opening fence
                state["cursor"] = line_start(block_map[0] + 1)
            emit(tok.content.rstrip("\n"), limit)
    return Rendered(text="".join(out), origin=origin, source=source)

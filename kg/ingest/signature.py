"""What an article's own text says about its story: a MinHash signature and the republication it states.

Both are computed once, when the article is read, and stored in its graph (kg.ingest.mapping), so
grouping the stored articles into stories (kg.ingest.stories) never re-reads a file.

- The signature: MinHash over word 5-shingles (lower-cased), `PERMUTATIONS` values of 31 bits,
  written as one hex string. The share of equal values estimates the Jaccard similarity of two
  articles' shingle sets; a wire story republished with a new headline and a credit line keeps
  nearly all its shingles.
- A stated origin: "originally published by Reuters", "republished from ...", or a publisher field
  such as "Reuters (republished by Yahoo News)" names the outlet the text came from.
- A wire dateline: "WASHINGTON, Oct 17 (Reuters) -" opens a wire story; the same dateline on the
  same date is a strong sign of the same story.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

PERMUTATIONS = 64
SHINGLE_WORDS = 5
_PRIME = (1 << 31) - 1
_HEAD_CHARS = 3000  # where credit lines and datelines sit: the opening and the closing of an article


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    # derived from fixed strings, not a random generator: the same signature on every machine and version
    def draw(tag: str, i: int) -> int:
        return 1 + int.from_bytes(hashlib.blake2b(f"aigeo-minhash-{tag}-{i}".encode(), digest_size=8).digest(),
                                  "big") % (_PRIME - 1)

    return (np.array([draw("a", i) for i in range(PERMUTATIONS)], dtype=np.uint64),
            np.array([draw("b", i) for i in range(PERMUTATIONS)], dtype=np.uint64))


_A, _B = _coefficients()
_WORD = re.compile(r"\w+")


def minhash(text: str) -> str:
    """The MinHash signature of `text` as a hex string (8 hex digits per permutation)."""
    words = _WORD.findall(text.casefold())
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(n)}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    # (a·h + b) mod p for every permutation and shingle: a, b < 2^31 and h < 2^32 fit in 64 bits
    values = ((hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0)
    return "".join(f"{int(v):08x}" for v in values)


def parse_signature(text: str) -> tuple[int, ...] | None:
    """The values of a stored signature, or None when it is not one (another length, not hex)."""
    if len(text) != 8 * PERMUTATIONS:
        return None
    try:
        return tuple(int(text[i:i + 8], 16) for i in range(0, len(text), 8))
    except ValueError:
        return None


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The estimated Jaccard similarity of two articles' shingle sets."""
    return sum(x == y for x, y in zip(a, b)) / PERMUTATIONS


_OUTLET = r"(?:the\s+)?(?P<outlet>[A-Z][\w&.'\u2019-]*(?:[ \t]+(?:of|the|and|for|[A-Z][\w&.'\u2019-]*)){0,5})"
_STATED = [re.compile(p) for p in (
    r"\b(?:[Oo]riginally|[Ff]irst)\s+(?:published|appeared|ran)\s+(?:in|on|by|at)\s+" + _OUTLET,
    r"\b(?:[Rr]epublished|[Rr]eprinted|[Ss]yndicated)\s+(?:from|with\s+(?:the\s+)?permission\s+(?:of|from))\s+"
    + _OUTLET,
    r"\b[Tt]his\s+(?:article|story|report)\s+(?:was\s+)?(?:originally\s+)?(?:published|produced)\s+by\s+" + _OUTLET,
)]
# a publisher field naming the outlet it carries: "Reuters (republished by Yahoo News)", "AP via MSN"
_CARRIED = re.compile(r"^\s*(?P<outlet>.+?)\s*(?:\((?:republished|reprinted|syndicated|via)\b[^)]*\)|\s+via\s+.+)$",
                      re.I)
_WIRES = "Reuters|AP|AFP|Bloomberg|Xinhua|TASS|dpa|ANI|PTI|Kyodo|Yonhap"
_DATELINE = re.compile(r"^[ \t>*_]*(?P<city>[A-Z][A-Z .'\u2019-]{1,40}?)(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
                       rf"[ \t]*\((?P<wire>{_WIRES})\)[ \t]*[-\u2013\u2014]", re.M)
_TRAILING = re.compile(r"(?:[ \t]+(?:of|the|and|for))+$")


@dataclass(frozen=True)
class StoryCues:
    """What the text states about where it comes from (None when it states nothing)."""

    stated_origin: str | None = None  # the outlet the text says it was first published by
    dateline: str | None = None  # "WASHINGTON (Reuters)"


def story_cues(text: str, publisher: str | None) -> StoryCues:
    """The republication an article states (in its publisher field or its opening and closing) and its dateline."""
    origin = None
    if publisher:
        m = _CARRIED.match(publisher)
        if m:
            origin = m.group("outlet")
    ends = text[:_HEAD_CHARS] + "\n" + text[-_HEAD_CHARS:]
    if origin is None:
        for pattern in _STATED:
            m = pattern.search(ends)
            if m:
                origin = _TRAILING.sub("", m.group("outlet")).rstrip(".")
                break
    d = _DATELINE.search(text[:_HEAD_CHARS])
    dateline = f"{' '.join(d.group('city').split())} ({d.group('wire')})" if d else None
    return StoryCues(origin.strip() if origin else None, dateline)


def outlet_key(name: str | None) -> str | None:
    """An outlet's name compared loosely: case, punctuation and a leading 'the' ignored."""
    if not name:
        return None
    words = _WORD.findall(name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) or None


def story_fields(text: str, publisher: str | None) -> dict[str, str | None]:
    """The signature and cues as kg.ingest.mapping.ArticleInfo takes them (keyword arguments)."""
    cues = story_cues(text, publisher)
    return {"minhash": minhash(text), "stated_origin": cues.stated_origin, "wire_dateline": cues.dateline}

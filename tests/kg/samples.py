"""Sample article files for the kg tests, written for this project (no third-party sentences)."""
from __future__ import annotations

import random
from pathlib import Path

BODY = (
    "Russia depends on China for chips, according to the Example Institute.\n\n"
    "Moscow has struggled to buy advanced semiconductors since Western governments imposed export controls. "
    "Officials said that imports of microelectronics from Chinese suppliers rose sharply in 2023.\n"
)

FRONT_MATTER_MD = (
    "---\n"
    'title: "Moscow leans on Beijing for semiconductors"\n'
    "url: https://example.org/news/moscow-beijing-chips\n"
    "publisher: Example Wire\n"
    "author: Jane Placeholder\n"
    "date: 2024-02-29\n"
    "---\n" + BODY
)

PLAIN_TXT = (
    "Moscow leans on Beijing for semiconductors\n\n"
    "By Jane Placeholder\n\n"
    "March 4, 2024\n\n" + BODY + "\n"
    "Original url: https://example.org/news/plain-moscow-chips\n"
)

HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Lithography curbs widen | Example Wire</title>
<meta property="og:title" content="Lithography curbs widen">
<meta property="og:site_name" content="Example Wire">
<meta name="author" content="Jane Placeholder">
<meta property="article:published_time" content="2024-03-05">
<link rel="canonical" href="https://news.example.org/2024/lithography-curbs">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Lithography curbs widen</h1>
<p>The Netherlands expanded its licence requirements for advanced lithography machines this spring, a step that
officials in The Hague described as a matter of national security rather than trade policy.</p>
<p>Chinese chipmakers depend on Dutch equipment for their most advanced production lines, and analysts expect the
new rules to slow the construction of several planned factories near Shanghai.</p>
<p>Japan adopted similar measures for its own toolmakers, and the two governments said they would keep
coordinating their export controls with Washington over the coming year.</p>
</article>
<footer>Copyright Example Wire</footer>
</body></html>
"""

HTML_WITHOUT_TEXT = "<html><head><title>Empty</title></head><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>"

CP1252_MD = (
    "---\ntitle: Zürich start-up courts Brussels\n---\n"
    "A Zürich start-up said on Monday that it had won backing from Société Générale and a São Paulo fund. "
    "Its chief executive, Chloé Müller, told reporters that Europe's dependence on Taiwanese foundries worried investors. "
    "The company's café-sized lab in Genève designs low-power accelerators for data centres.\n"
)


def undecodable_bytes(n: int = 600) -> bytes:
    """High bytes in no language's pattern: not UTF-8, and no encoding can be detected with confidence."""
    rnd = random.Random(7)
    return bytes(rnd.randrange(0x80, 0x100) for _ in range(n))


BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def sparse_file(path: Path, megabytes: int) -> Path:
    """A file of the given size that takes no time or disk to create."""
    with open(path, "wb") as f:
        f.truncate(megabytes * 1024 * 1024)
    return path


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path

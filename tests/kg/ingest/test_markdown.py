"""Markdown reaches the extractor as the text a reader sees, and every span maps back into the stored Markdown."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from kg.ingest.markdown import render

DOC = """# Chips and *power*

Russia depends on [China](https://example.org/a_(b)) for **chips**, officials say &amp; analysts agree.
A second line of the same paragraph.

- Vietnam buys chips from `South Korea`.
- India depends on the United States for chips.

1. First point.
2. Second point.

> Japan restricts exports to China.

| who | whom |
| --- | --- |
| Japan | China |

```
plain code
```

<div>raw html</div>

![a chart](chart.png) Closing sentence.
"""


def test_markup_is_left_out_and_each_block_is_a_paragraph() -> None:
    assert render(DOC).text == (
        "Chips and power\n\n"
        "Russia depends on China for chips, officials say & analysts agree.\nA second line of the same paragraph.\n\n"
        "Vietnam buys chips from South Korea.\n\nIndia depends on the United States for chips.\n\n"
        "First point.\n\nSecond point.\n\n"
        "Japan restricts exports to China.\n\n"
        "who | whom\n\nJapan | China\n\n"
        "plain code\n\n"
        " Closing sentence."  # after the picture
    )


@pytest.mark.parametrize(("shown", "stored"), [
    ("Chips and power", "Chips and *power*"),
    ("power", "*power*"),
    ("China", "[China"),
    ("Russia depends on China for chips, officials say & analysts agree.",
     "Russia depends on [China](https://example.org/a_(b)) for **chips**, officials say &amp; analysts agree."),
    ("A second line of the same paragraph.", "A second line of the same paragraph."),
    ("Vietnam buys chips from South Korea.", "Vietnam buys chips from `South Korea`."),
    ("India depends on the United States for chips.", "India depends on the United States for chips."),
    ("Japan restricts exports to China.", "Japan restricts exports to China."),
    ("Japan | China", "Japan | China"),
    ("plain code", "plain code"),
    ("Closing sentence.", "Closing sentence."),
])
def test_a_rendered_span_maps_to_the_exact_stored_span(shown: str, stored: str) -> None:
    r = render(DOC)
    i = r.text.index(shown)
    s, e = r.to_source(i, i + len(shown))
    assert DOC[s:e] == stored


def test_text_without_markup_renders_to_itself_at_the_same_offsets() -> None:
    plain = "Russia depends on China for chips.\n\nIndia depends on the United States."
    r = render(plain)
    assert r.text == plain
    assert list(r.origin) == list(range(len(plain)))


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_[]()#>-|`!\n\\&;1.")), max_size=120))
def test_any_input_renders_with_every_offset_inside_the_stored_text_and_in_order(source: str) -> None:
    r = render(source)
    assert len(r.origin) == len(r.text)
    assert all(0 <= o <= len(source) for o in r.origin)
    assert list(r.origin) == sorted(r.origin)
    if r.text:  # a span of the whole rendering covers a piece of the source
        s, e = r.to_source(0, len(r.text))
        assert 0 <= s <= e <= len(source)


def test_windows_line_ends_render_the_same_and_map_into_the_stored_text() -> None:
    source = "# Head\r\n\r\nRussia depends on [China](http://x) for *chips*.\r\n- a\r\n- b\r\n"
    r = render(source)
    assert r.text == "Head\n\nRussia depends on China for chips.\n\na\n\nb"
    i = r.text.index("Russia")
    s, e = r.to_source(i, r.text.index("chips.") + len("chips."))
    assert source[s:e] == "Russia depends on [China](http://x) for *chips*."

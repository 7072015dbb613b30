"""Word-by-word comparison of two versions of an article's text.

A trainer wants to *see* what a reform changed: the words removed struck through, the words
added underlined, everything else as it was. The texts are split into words, spaces and
punctuation (so « 1° » or « ; » count as words of their own) and compared with ``difflib``;
the result is a list of segments that any view can draw. ``diff_html`` draws them as escaped
HTML (``<del>``/``<ins>`` only), safe to hand to ``st.html``.

Examples:
    >>> segments = word_diff("Le médecin peut.", "Le professionnel de santé peut.")
    >>> [(s.op, s.text) for s in segments if s.op != "equal"]
    [('delete', 'médecin'), ('insert', 'professionnel de santé')]
    >>> diff_html(word_diff("a <b>", "a <c>"))
    'a &lt;<del>b</del><ins>c</ins>&gt;'
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]

_TOKEN = re.compile(r"\s+|\w+(?:[’'-]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, only in the new one, or only in the old."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """Words (with their inner hyphens and apostrophes), runs of spaces, single punctuation marks.

    >>> tokens("L'article 226-13 n'est pas applicable ;")
    ["L'article", ' ', '226-13', ' ', "n'est", ' ', 'pas', ' ', 'applicable', ' ', ';']
    """
    return _TOKEN.findall(text)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same kind, and fold a lone space between two changes of
    the same kind into them, so « professionnel de santé » reads as one insertion."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    folded: list[Segment] = []
    index = 0
    while index < len(merged):
        segment = merged[index]
        if (
            folded
            and segment.op == "equal"
            and not segment.text.strip()
            and index + 1 < len(merged)
            and merged[index + 1].op == folded[-1].op != "equal"
        ):
            following = merged[index + 1]
            folded[-1] = Segment(following.op, folded[-1].text + segment.text + following.text)
            index += 2
            continue
        folded.append(segment)
        index += 1
    return folded


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``: deletions come before insertions."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(before[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(after[j1:j2])))
    return _merge(segments)


def changed(segments: list[Segment]) -> bool:
    """True when the two texts differ (in more than spacing)."""
    return any(s.op != "equal" and s.text.strip() for s in segments)


def diff_html(segments: list[Segment]) -> str:
    """Escaped HTML of a diff: removed words in ``<del>``, added words in ``<ins>``."""
    parts = []
    for segment in segments:
        text = html.escape(segment.text, quote=False)
        if segment.op == "delete":
            parts.append(f"<del>{text}</del>")
        elif segment.op == "insert":
            parts.append(f"<ins>{text}</ins>")
        else:
            parts.append(text)
    return "".join(parts)


#: Styles for ``diff_html`` on a projector: red struck-through removals, green additions.
DIFF_CSS = (
    "<style>.sg-diff{white-space:pre-wrap;line-height:1.6;font-size:1.05rem}"
    ".sg-diff del{background:#fde2e1;color:#8b1a1a;text-decoration:line-through}"
    ".sg-diff ins{background:#dff3e3;color:#14532d;text-decoration:underline}</style>"
)


def diff_block(segments: list[Segment]) -> str:
    """A self-contained HTML block (styles included) showing a word diff."""
    return DIFF_CSS + '<div class="sg-diff">' + diff_html(segments) + "</div>"

"""A view of a text for matching: presentation forms folded, bidi controls dropped, offsets kept.

Some Arabic texts (copied from PDFs, old web pages) are written in presentation forms:
``ﻫﺠﻴﻦ`` (U+FEEB U+FEA0 U+FEF4 U+FEE6) is هجين drawn letter by letter in its joined shapes.
Others wrap names in bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F,
U+061C). Neither matches a gazetteer key. Changing ``Document.text`` would break the rule that
every offset indexes the text as read, so matching runs on a *view*:

>>> view = fold_presentation_forms("وصل إلى \u202bﻫﺠﻴﻦ\u202c")
>>> view.text
'وصل إلى هجين'
>>> view.span(8, 12)      # "هجين" in the view -> its place in the original text
(9, 13)

Each presentation form becomes its NFKC letters (a ligature such as ﻻ becomes two letters,
لا), each bidi control and zero-width no-break space (U+FEFF) is dropped, everything else is
kept as it is. ``span`` maps a ``[start, end)`` span of the view back to the smallest span of
the original holding the same characters. Texts with nothing to fold (nearly all) are returned
as they are, with the identity mapping, at the cost of one regular-expression search.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["BIDI_CONTROLS", "FoldedText", "fold_presentation_forms"]

#: Bidirectional formatting characters: marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_FOLDED_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """The matching view of a text and the way back to the original's offsets.

    ``starts[i]`` and ``ends[i]`` are the original span that view character ``i`` came from;
    both are ``None`` when the view is the original text itself.
    """

    text: str
    original: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def is_identity(self) -> bool:
        """Whether the view is the original text (offsets need no mapping)."""
        return self.starts is None

    def offset(self, index: int) -> int:
        """The original offset of view offset ``index`` (``len(view)`` maps to the end)."""
        if self.starts is None or self.ends is None:
            return index
        if index >= len(self.starts):
            return len(self.original)
        return self.starts[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the view's ``text[start:end]``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            point = self.offset(start)
            return point, point
        return self.starts[start], self.ends[end - 1]

    def view_offset(self, original_index: int) -> int:
        """The view offset of an original offset (the first view character at or after it)."""
        if self.starts is None:
            return original_index
        return bisect.bisect_left(self.starts, original_index)


def fold_presentation_forms(text: str) -> FoldedText:
    """The matching view of ``text``: presentation forms as letters, bidi controls dropped."""
    if not _FOLDED_RE.search(text):
        return FoldedText(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _FOLDED_RE.finditer(text):
        index = match.start()
        if index > position:
            pieces.append(text[position:index])
            starts.extend(range(position, index))
            ends.extend(range(position + 1, index + 1))
        replacement = _fold_char(match.group())
        pieces.append(replacement)
        starts.extend([index] * len(replacement))
        ends.extend([index + 1] * len(replacement))
        position = index + 1
    if position < len(text):
        pieces.append(text[position:])
        starts.extend(range(position, len(text)))
        ends.extend(range(position + 1, len(text) + 1))
    return FoldedText("".join(pieces), text, tuple(starts), tuple(ends))


def _fold_char(char: str) -> str:
    if char in BIDI_CONTROLS or char == "\ufeff":
        return ""
    return unicodedata.normalize("NFKC", char)

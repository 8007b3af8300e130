"""How many moved: numbers in a claim's evidence and what they count.

"نحو 3387 شخصا", "120 حافلة", "45 ألف شخص", "حافلتين" (a dual counts two). The words a number
may count are a reviewed table (``data/lexicons/quantities.tsv``); each quantity keeps its span,
so an analyst sees the words it was read from.
"""

from __future__ import annotations

import functools
import re

from geo.lexicons import load_table
from geo.model import Quantity
from geo.normalize import fold_arabic, fold_text

#: Multipliers written after a number: "45 ألف", "3 آلاف", "1.5 مليون".
_MULTIPLIERS = {"الف": 1000, "الاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000}
#: Words that make a number approximate or a lower bound.
_ABOUT = ("نحو", "حوالي", "قرابه", "اكثر من", "ما يزيد عن", "ما يقارب", "اقل من")


@functools.cache
def _units() -> dict[str, tuple[str, bool]]:
    """Folded counted word -> (unit, whether the word is a dual)."""
    return {
        " ".join(fold_arabic(row["word"]).split()): (row["unit"], row.get("dual") == "yes")
        for row in load_table("quantities")
    }


@functools.cache
def _pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in sorted(_units(), key=len, reverse=True))
    about = "|".join(re.escape(word) for word in _ABOUT)
    multipliers = "|".join(_MULTIPLIERS)
    return re.compile(
        rf"(?:(?<!\w)|(?<=\bو))(?:(?P<about>{about})\s+)?"
        rf"(?:(?P<number>\d+(?:[.,]\d+)?)\s*(?:(?P<times>{multipliers})\s+)?)?"
        rf"(?:[وبل]?(?:ال)?)(?P<unit>{words})(?![\w])"
    )


def quantities(text: str, start: int, end: int) -> list[Quantity]:
    """The quantities stated in ``text[start:end]`` (offsets into ``text``)."""
    folded, offsets = fold_text(text)

    def original(index: int) -> int:
        return offsets[index] if offsets is not None else index

    low = offsets.folded_index(start) if offsets is not None else start
    high = offsets.folded_index(end) if offsets is not None else end
    units = _units()
    found: list[Quantity] = []
    for match in _pattern().finditer(folded, low, high):
        unit, dual = units[match.group("unit")]
        number = match.group("number")
        if number is None and not dual:
            continue
        value = 2.0 if number is None else float(number.replace(",", "."))
        if match.group("times"):
            value *= _MULTIPLIERS[match.group("times")]
        span_start = original(match.start("about") if match.group("about") else match.start())
        span_end = original(match.end())
        found.append(
            Quantity(
                text=text[span_start:span_end],
                start=span_start,
                end=span_end,
                value=int(value) if value.is_integer() else value,
                unit=unit,
                approximate=bool(match.group("about")),
            )
        )
    return found

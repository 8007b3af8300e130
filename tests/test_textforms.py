"""The matching view of a text: presentation forms folded, bidi controls dropped, offsets kept."""

from __future__ import annotations

import doctest

import pytest

import geo.textforms
from geo.textforms import BIDI_CONTROLS, fold_presentation_forms

HAJIN_FORMS = "\ufeeb\ufea0\ufef4\ufee6"  # ﻫﺠﻴﻦ: هجين in its joined shapes


def test_docstring_examples() -> None:
    assert doctest.testmod(geo.textforms).failed == 0


def test_plain_text_is_its_own_view() -> None:
    text = "خرج المقاتلون من الرقة باتجاه هجين"
    view = fold_presentation_forms(text)
    assert view.is_identity and view.text == text
    assert view.span(17, 22) == (17, 22) and view.offset(5) == 5


def test_presentation_forms_become_letters_with_offsets_into_the_original() -> None:
    text = f"وصل المقاتلون إلى بلدة {HAJIN_FORMS} شرق دير الزور"
    view = fold_presentation_forms(text)
    assert "هجين" in view.text and len(view.text) == len(text)
    start = view.text.index("هجين")
    original = view.span(start, start + 4)
    assert text[original[0] : original[1]] == HAJIN_FORMS


def test_a_ligature_expands_and_maps_back_to_one_character() -> None:
    text = "قرية \ufefbذقية"  # ﻻ (lam-alef ligature) then ذقية
    view = fold_presentation_forms(text)
    assert view.text == "قرية لاذقية"
    start = view.text.index("لا")
    assert view.span(start, start + 1) == (5, 6)  # half the ligature: the whole character
    assert view.span(start, len(view.text)) == (5, len(text))
    assert view.view_offset(6) == start + 2


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS) + ["\ufeff"])
def test_bidi_controls_are_dropped(control: str) -> None:
    text = f"من {control}الرقة{control} إلى هجين"
    view = fold_presentation_forms(text)
    assert view.text == "من الرقة إلى هجين"
    start = view.text.index("الرقة")
    begin, end = view.span(start, start + len("الرقة"))
    assert text[begin:end] == "الرقة"
    inside = f"هج{control}ين"
    folded = fold_presentation_forms(inside)
    assert folded.text == "هجين" and folded.span(0, 4) == (0, len(inside))


def test_empty_spans_and_the_end_of_the_text() -> None:
    view = fold_presentation_forms("\u202bالرقة\u202c")
    assert view.text == "الرقة"
    assert view.span(2, 2) == (3, 3)
    assert view.offset(len(view.text)) == len(view.original)

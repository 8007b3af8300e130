"""Recognition: spans of place names, proclitics, longest match, context hints."""

from __future__ import annotations

import pytest

from geo.normalize import arabic_key_variants
from geo.recognize import Recognizer


def _recognizer(names: dict[str, str]) -> Recognizer:
    keys: dict[str, list[str]] = {}
    for name, place_id in names.items():
        for key in arabic_key_variants(name):
            keys.setdefault(key, []).append(place_id)
    return Recognizer({key: tuple(ids) for key, ids in keys.items()})


@pytest.fixture
def recognizer() -> Recognizer:
    return _recognizer(
        {
            "إدلب": "p:idlib",
            "الرقة": "p:raqqa",
            "دير الزور": "p:dez",
            "ريف دمشق": "p:rural-damascus",
            "دمشق": "p:damascus",
            "بنش": "p:binnish",
            "نش": "p:nash",
            "أبو حسن": "p:abu-hasan",
            "تل تمر": "p:tal-tamr",
            "عطشانة": "p:atshana",
        }
    )


def _texts(text: str, recognizer: Recognizer) -> list[str]:
    return [text[span.start : span.end] for span in recognizer.find(text)]


def test_proclitics_are_stripped_only_when_the_rest_is_a_name(recognizer: Recognizer) -> None:
    text = "توجهوا لإدلب ثم بالرقة وللرقة"
    assert _texts(text, recognizer) == ["إدلب", "الرقة", "رقة"]


def test_a_name_starting_with_a_proclitic_letter_stays_whole(recognizer: Recognizer) -> None:
    text = "وصلوا إلى بنش صباحا"
    spans = recognizer.find(text)
    assert [text[s.start : s.end] for s in spans] == ["بنش"]
    assert spans[0].place_ids == ("p:binnish",)


def test_longest_match_wins_over_the_names_inside_it(recognizer: Recognizer) -> None:
    text = "في ريف دمشق"
    spans = recognizer.find(text)
    assert [text[s.start : s.end] for s in spans] == ["ريف دمشق"]


def test_compound_without_space_and_article_optional(recognizer: Recognizer) -> None:
    text = "ريف ديرالزور والعطشانة"
    assert _texts(text, recognizer) == ["ديرالزور", "العطشانة"]


def test_colloquial_bu_form_of_abu(recognizer: Recognizer) -> None:
    text = "انسحبوا من البوحسن أمس"
    spans = recognizer.find(text)
    assert [text[s.start : s.end] for s in spans] == ["البوحسن"]
    assert spans[0].place_ids == ("p:abu-hasan",)


def test_offsets_index_the_original_text_when_diacritics_are_removed(
    recognizer: Recognizer,
) -> None:
    text = "وصلوا إلى إِدْلِب اليوم"
    spans = recognizer.find(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == "إِدْلِب"


def test_name_inside_another_word_is_not_a_match(recognizer: Recognizer) -> None:
    assert _texts("كانت الرقةوية كلمة", recognizer) == []
    assert _texts("قالت ادلبية", recognizer) == []


def test_cue_before_the_name_is_found_through_proclitics(recognizer: Recognizer) -> None:
    text = "في مدينة الحسكة وبلدة تل تمر"
    spans = recognizer.find(text)
    assert [text[s.start : s.end] for s in spans] == ["تل تمر"]
    assert spans[0].cue == "بلدة"
    assert "village" in spans[0].cue_kinds or "town" in spans[0].cue_kinds


def test_list_members_share_a_list_and_the_cue(recognizer: Recognizer) -> None:
    text = "في قرى (بنش، تل تمر، العطشانة) وحدها"
    spans = recognizer.find(text)
    assert len(spans) == 3
    assert len({span.list_id for span in spans}) == 1 and spans[0].list_id >= 0
    assert all(span.cue for span in spans)


def test_outlet_and_organisation_names_are_hinted(recognizer: Recognizer) -> None:
    spans = recognizer.find("نقلت الرقة بوست عن مصادر")
    assert "outlet" in spans[0].hints


def test_skip_spans_are_not_analysed(recognizer: Recognizer) -> None:
    text = "خبر عن إدلب\nاقرأ أيضا: الرقة"
    skip = [(text.index("اقرأ"), len(text))]
    assert [text[s.start : s.end] for s in recognizer.find(text, skip=skip)] == ["إدلب"]


def test_an_alias_with_an_administrative_title_leaves_the_cue_to_the_name() -> None:
    recognizer = _recognizer({"مدينة إدلب": "p:idlib-district", "إدلب": "p:idlib"})
    text = "دخلت الشاحنات إلى مدينة إدلب"
    spans = recognizer.find(text)
    assert [text[s.start : s.end] for s in spans] == ["إدلب"]
    assert spans[0].cue == "مدينة"


def test_find_names_gives_the_spans_of_find_without_context(recognizer: Recognizer) -> None:
    text = "نزح الأهالي من إِدْلِب وبدير الزور إلى (بنش، تل تمر)، ثم إلى ريف دمشق."
    names = recognizer.find_names(text)
    spans = recognizer.find(text)
    assert names == [(s.start, s.end, s.key, s.place_ids) for s in spans]
    assert [text[start:end] for start, end, _key, _ids in names] == [
        "إِدْلِب",
        "دير الزور",
        "بنش",
        "تل تمر",
        "ريف دمشق",
    ]


def test_names_parted_by_punctuation_or_a_line_break_are_not_one_name(
    recognizer: Recognizer,
) -> None:
    assert _texts("وصلوا إلى دير، الزور", recognizer) == []
    assert _texts("من ريف\nدمشق", recognizer) == ["دمشق"]

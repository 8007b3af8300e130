"""Named areas and rivers: recognised, their extent derived from admin units or a river line,
or reported unplaced; and the state acting, which is not a place."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.parse import Parser

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


def _by_text(parser: Parser, text: str) -> dict:
    parsed = parser.parse_text(text)
    for mention in parsed.mentions:
        assert text[mention.start : mention.end] == mention.text
    return {mention.text: mention for mention in parsed.mentions}


def test_a_named_region_with_a_conventional_extent_is_an_area(parser: Parser) -> None:
    found = _by_text(parser, "خرج المقاتلون من القلمون إلى الغوطة الشرقية.")
    qalamoun, ghouta = found["القلمون"], found["الغوطة الشرقية"]
    assert qalamoun.place.kind == "region" and qalamoun.geometry is not None
    assert qalamoun.geometry.contains(Point(36.68, 33.96))  # Yabroud
    assert ghouta.geometry.contains(Point(36.40, 33.57))  # Douma
    assert "districts" in ghouta.reason
    # One area, not a village inside it.
    assert "الغوطة" not in found


def test_a_named_region_without_an_extent_is_recognised_and_unplaced(parser: Parser) -> None:
    found = _by_text(parser, "نقل عناصر التنظيم إلى البادية السورية.")
    badia = found["البادية السورية"]
    assert badia.place.kind == "region" and badia.place.lat is None and badia.geometry is None
    assert "not placed" in badia.reason


def test_a_river_after_its_word_is_a_river_line(parser: Parser) -> None:
    found = _by_text(parser, "عبر المدنيون نهر الفرات إلى الضفة الغربية.")
    euphrates = found["الفرات"]
    assert euphrates.place.kind == "river"
    assert euphrates.geometry.geom_type == "LineString"


def test_a_river_name_alone_needs_its_word(parser: Parser) -> None:
    found = _by_text(parser, "قالت جامعة الفرات إن الدوام مستمر.")
    assert "الفرات" not in found


def test_east_of_the_river_stays_one_region(parser: Parser) -> None:
    found = _by_text(parser, "تسيطر قسد على مناطق شرق الفرات.")
    assert "شرق الفرات" in found and "الفرات" not in found


@pytest.mark.parametrize(
    "text, name",
    [
        ("قصفت قوات دمشق مواقع المعارضة.", "دمشق"),
        ("تقدمت الفصائل بدعم من تركيا.", "تركيا"),
        ("وأوضح أن العراق اتخذ قرارا بإعادة رعاياه.", "العراق"),
        ("أعلنت روسيا وقف إطلاق النار.", "روسيا"),
    ],
)
def test_the_state_acting_is_not_a_place(parser: Parser, text: str, name: str) -> None:
    assert name not in _by_text(parser, text)


@pytest.mark.parametrize(
    "text, name",
    [("نقل الجرحى إلى تركيا.", "تركيا"), ("وصل الوفد إلى دمشق أمس.", "دمشق")],
)
def test_a_country_or_capital_as_a_destination_is_a_place(
    parser: Parser, text: str, name: str
) -> None:
    assert _by_text(parser, text)[name].place is not None


def test_a_name_followed_by_today_after_a_comma_is_not_an_outlet(parser: Parser) -> None:
    found = _by_text(parser, "نزح أهالي قرية اليابسة غربي تل أبيض، اليوم.")
    assert found["تل أبيض"].place is not None


def test_a_dual_noun_before_its_relative_pronoun_is_not_a_town(parser: Parser) -> None:
    found = _by_text(parser, "وبذلك يكتمل خروج الأهالي من القريتين اللتين تحاصرهما الفصائل.")
    assert "القريتين" not in found
    found = _by_text(parser, "وصلت العائلات إلى مدينة القريتين في ريف حمص.")
    assert found["القريتين"].place is not None

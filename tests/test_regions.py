"""Regions on composed sentences with the full index: directed countrysides as polygons with
a point near their anchor, directions without a countryside word as qualifiers of the place,
dual countrysides, and one side of the Euphrates."""

from __future__ import annotations

import pytest

from geo.pipeline import Parser
from geo.testing import mentions_by_text as _mentions
from geo.testing import placed_near as _near

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


def test_idlib_villages_and_a_southern_countryside_region(parser: Parser) -> None:
    found = _mentions(
        parser, "قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي، ونزح الأهالي نحو سرمدا."
    )
    assert _near(found["كفرنبل"], 35.61, 36.56, 10)
    region = found["ريف إدلب الجنوبي"]
    assert region.place.kind == "region" and region.geometry is not None
    # The southern sector lies south of Idlib city and inside Idlib governorate.
    assert region.place.lat < 35.93 and region.place.admin1 == "Idlib"
    assert _near(found["سرمدا"], 36.18, 36.72, 10)


def test_a_direction_without_a_countryside_word_keeps_the_place_and_its_point(
    parser: Parser,
) -> None:
    parsed = parser.parse_text("وصل الوفد إلى حمص، ثم توجه إلى تدمر شرقي حمص.")
    homs = [mention for mention in parsed.mentions if mention.text == "حمص"]
    assert [mention.qualifier for mention in homs] == ["", "east"]
    assert homs[0].place.kind == "city" and homs[1].place.id == homs[0].place.id
    assert "east of Homs" in homs[1].reason
    assert _near(_mentions(parser, "توجه إلى تدمر شرقي حمص.")["تدمر"], 34.56, 38.28, 10)


def test_a_directed_countryside_is_drawn_near_its_anchor(parser: Parser) -> None:
    found = _mentions(parser, "نزح الأهالي من ريف حمص الشرقي.")
    region = found["ريف حمص الشرقي"]
    assert region.place.kind == "region" and region.geometry is not None
    # Inside the eastern sector, a short way east of Homs city (34.73, 36.71).
    assert _near(region, 34.73, 36.93, 15)
    assert region.geometry.contains(
        __import__("shapely").geometry.Point(region.place.lon, region.place.lat)
    )


def test_daraa_town_and_western_countryside(parser: Parser) -> None:
    found = _mentions(
        parser, "اشتباكات في مدينة درعا، ووصلت تعزيزات إلى بلدة طفس في الريف الغربي لدرعا."
    )
    assert _near(found["درعا"], 32.62, 36.10, 10)
    assert _near(found["طفس"], 32.74, 36.07, 10)
    west = found["الريف الغربي لدرعا"]
    assert west.place.kind == "region" and west.place.lon < 36.10


def test_aleppo_countryside_north_east(parser: Parser) -> None:
    found = _mentions(parser, "خرج المقاتلون إلى جرابلس في ريف حلب الشمالي الشرقي.")
    assert _near(found["جرابلس"], 36.82, 38.01, 10)
    region = found["ريف حلب الشمالي الشرقي"]
    assert region.place.kind == "region" and region.place.lat > 36.2 and region.place.lon > 37.2


def test_east_of_the_euphrates_is_a_region_polygon(parser: Parser) -> None:
    found = _mentions(parser, "تسيطر قسد على مناطق شرق الفرات.")
    region = found["شرق الفرات"]
    assert region.place.kind == "region" and region.geometry is not None
    assert region.geometry.contains(__import__("shapely").geometry.Point(40.75, 36.5))  # Hasakah
    assert not region.geometry.contains(__import__("shapely").geometry.Point(37.16, 36.2))  # Aleppo


def test_dual_countryside_makes_two_regions(parser: Parser) -> None:
    text = "نزح الآلاف من ريفي حماة الشمالي وإدلب الجنوبي نحو الحدود."
    regions = [m for m in parser.parse_text(text).mentions if m.place and m.place.kind == "region"]
    assert [m.text for m in regions] == ["ريفي حماة الشمالي", "إدلب الجنوبي"]
    assert [m.place.admin1 for m in regions] == ["Hama", "Idlib"]


def test_region_phrases_after_an_earlier_cue_word_and_repeated(parser: Parser) -> None:
    text = (
        "قصفت الطائرات ريف حلب الغربي وريف إدلب الجنوبي، وانسحبت الفصائل إلى بادية حمص. "
        "وعادت الطائرات إلى ريف إدلب الجنوبي."
    )
    regions = [m for m in parser.parse_text(text).mentions if m.place and m.place.kind == "region"]
    assert [m.text for m in regions] == [
        "ريف حلب الغربي",
        "ريف إدلب الجنوبي",
        "بادية حمص",
        "ريف إدلب الجنوبي",
    ]
    assert [m.place.admin1 for m in regions] == ["Aleppo", "Idlib", "Homs", "Idlib"]
    assert regions[1].place == regions[3].place and regions[1].start != regions[3].start

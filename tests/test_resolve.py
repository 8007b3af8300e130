"""Resolution on a small gazetteer the tests build: which spans are places, which place a name
means (the governorate named nearby, the places listed with it, one sense per document), and
the reason given. Names and coordinates are invented so that only the rule under test decides."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.model import Place
from geo.pipeline import Parser

NORTH = Place("t:gov-n", "North", "الشمالية", "governorate", 36.5, 37.0, admin1="North")
SOUTH = Place("t:gov-s", "South", "الجنوبية", "governorate", 32.8, 36.3, admin1="South")


def _village(place_id: str, name: str, lat: float, lon: float, governorate: Place) -> Place:
    return Place(
        place_id,
        name,
        name,
        "village",
        lat,
        lon,
        admin1=governorate.name,
        admin1_id=governorate.id,
        names=(name,),
    )


# One name, two villages: one in each governorate.
TAL_N = _village("t:tal-n", "تل زغرين", 36.50, 37.00, NORTH)
TAL_S = _village("t:tal-s", "تل زغرين", 32.80, 36.30, SOUTH)
# Neighbours of each.
KAFR_N = _village("t:kafr-n", "كفرقطمور", 36.55, 37.05, NORTH)
KAFR_S = _village("t:kafr-s", "دير قطمور", 32.85, 36.35, SOUTH)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(Gazetteer.from_places([NORTH, SOUTH, TAL_N, TAL_S, KAFR_N, KAFR_S]))


def _place_of(parser: Parser, text: str, name: str) -> Place:
    (mention,) = [m for m in parser.parse_text(text).mentions if m.text == name]
    assert mention.place is not None, mention.reason
    return mention.place


def test_the_place_listed_with_a_homonym_decides_it(parser: Parser) -> None:
    assert _place_of(parser, "نزح الأهالي من قريتي تل زغرين وكفرقطمور.", "تل زغرين") == TAL_N
    assert _place_of(parser, "نزح الأهالي من قريتي تل زغرين ودير قطمور.", "تل زغرين") == TAL_S


def test_the_governorate_named_nearby_decides_a_homonym(parser: Parser) -> None:
    assert _place_of(parser, "قصفت الطائرات قرية تل زغرين في الجنوبية.", "تل زغرين") == TAL_S
    assert _place_of(parser, "قصفت الطائرات قرية تل زغرين في الشمالية.", "تل زغرين") == TAL_N


def test_the_reason_says_what_decided(parser: Parser) -> None:
    parsed = parser.parse_text("نزح الأهالي من قريتي تل زغرين وكفرقطمور.")
    (mention,) = [m for m in parsed.mentions if m.text == "تل زغرين"]
    assert "كفرقطمور" in mention.reason and "chosen over 1 other" in mention.reason
    assert [candidate.place for candidate in mention.candidates] == [TAL_S]


def test_one_sense_per_document(parser: Parser) -> None:
    text = "نزح الأهالي من قريتي تل زغرين وكفرقطمور. وعاد بعضهم لاحقا إلى تل زغرين."
    places = {m.place.id for m in parser.parse_text(text).mentions if m.text == "تل زغرين"}
    assert places == {TAL_N.id}


def test_a_confidence_and_a_reason_for_every_mention(parser: Parser) -> None:
    for mention in parser.parse_text("قصفت الطائرات قرية تل زغرين في الشمالية.").mentions:
        assert 0.0 < mention.confidence <= 1.0 and mention.reason

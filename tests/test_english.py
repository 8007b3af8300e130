"""English recognition: the transliteration key, capitalisation and cues, what is not a place
(states acting, adjectives, organisations, people), regions, named areas, camps and names the
gazetteer lacks. Composed sentences, resolved against the full index."""

from __future__ import annotations

import pytest

from geo.latin import translit_key
from geo.pipeline import Parser
from geo.testing import mentions_by_text as _mentions
from geo.testing import placed_near as _near

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Hajin", "Hajeen", "Hajjin", "Hajīn"),
        ("Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Deir e-Zor", "Dayr az Zawr", "Deir el-Zor"),
        ("Abu Kamal", "Albu Kamal", "Bukamal", "Abou Kamal"),
        ("Qalaat al-Madiq", "Qalat al-Mudiq", "Qal'at al Madiq"),
        ("al-Shaafa", "Ash Sha'fah", "As-Shaafa", "el-Shaafa"),
        ("Raqqa", "Raqa", "Ar-Raqqah", "al-Raqqa"),
        ("Ras al-Ayn", "Ras al-Ain", "Ra's al `Ayn", "Ras el Ain"),
        ("Suwayda", "Sweida", "As-Suwayda"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({translit_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"), [("Homs", "Hama"), ("Idlib", "Afrin"), ("Daraa", "Douma")]
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert translit_key(one) != translit_key(other)


def test_variant_spellings_resolve_to_the_gazetteer_place(parser: Parser) -> None:
    found = _mentions(parser, "Fighters left Hajeen and Bukamal for Deir Ezzor on Sunday.")
    assert _near(found["Hajeen"], 34.69, 40.83, 5)
    assert _near(found["Bukamal"], 34.45, 40.92, 10)
    assert _near(found["Deir Ezzor"], 35.33, 40.14, 30)


def test_the_article_is_kept_and_the_is_left_out(parser: Parser) -> None:
    found = _mentions(parser, "The bombing of the town of al-Bab continued.")
    assert "al-Bab" in found and found["al-Bab"].place.admin1 == "Aleppo"


def test_lowercase_words_are_not_names(parser: Parser) -> None:
    parsed = parser.parse_text("the bab of the old house was open, said a man from hama.")
    assert parsed.mentions == []


def test_common_english_words_are_not_variant_spellings_of_villages(parser: Parser) -> None:
    parsed = parser.parse_text(
        "Sunday was quiet. Most families said they were sad. Syrian forces moved."
    )
    assert parsed.mentions == []


def test_a_state_acting_is_not_a_place_but_a_destination_is(parser: Parser) -> None:
    found = _mentions(
        parser, "Turkey said it would reopen the border, and thousands fled to Turkey."
    )
    assert [mention.start for mention in found.values()] == [
        "Turkey said it would reopen the border, and thousands fled to Turkey.".rindex("Turkey")
    ]
    assert _mentions(parser, "Russia-backed forces advanced, backed by Iran.") == {}


def test_a_foreign_states_possessive_is_the_state_but_syrias_is_the_country(parser: Parser) -> None:
    text = "Turkey's offensive reached Syria's northeast."
    found = parser.parse_text(text).mentions
    assert [mention.text for mention in found] == ["Syria"]


def test_organisations_and_people_named_after_places_are_not_places(parser: Parser) -> None:
    text = (
        "President Bashar al-Assad spoke to Syria Direct and to the Raqqa Civil Council, "
        "while Operation Euphrates Shield went on."
    )
    assert parser.parse_text(text).mentions == []


def test_directed_countryside_phrases_are_regions(parser: Parser) -> None:
    text = (
        "Clashes hit the eastern countryside of Deir ez-Zor, the western Aleppo countryside "
        "and rural southern Idlib."
    )
    found = _mentions(parser, text)
    for phrase, governorate in [
        ("eastern countryside of Deir ez-Zor", "Deir ez-Zor"),
        ("western Aleppo countryside", "Aleppo"),
        ("rural southern Idlib", "Idlib"),
    ]:
        region = found[phrase]
        assert region.place.kind == "region" and region.geometry is not None
        assert region.place.admin1 == governorate
    assert found["eastern countryside of Deir ez-Zor"].place.lon > 40.14  # east of the city


def test_an_undirected_countryside_is_the_governorate(parser: Parser) -> None:
    found = _mentions(parser, "Shelling continued in the countryside of Hama.")
    assert found["Hama"].place.kind == "governorate"


def test_north_of_a_place_is_the_place_with_a_direction(parser: Parser) -> None:
    found = _mentions(parser, "The camp lies north of Raqqa.")
    assert found["Raqqa"].qualifier == "north"
    assert _near(found["Raqqa"], 35.95, 39.01, 10)


def test_named_areas_and_rivers(parser: Parser) -> None:
    found = _mentions(
        parser, "Families from East Ghouta crossed the Syrian desert and the Euphrates to Qalamoun."
    )
    assert found["East Ghouta"].place.name == "Eastern Ghouta"
    assert found["Syrian desert"].place.lat is None  # the steppe has no honest extent
    assert found["Euphrates"].place.kind == "river"
    assert found["Qalamoun"].geometry is not None


def test_camps_take_the_word_camp_and_the_settlements_point(parser: Parser) -> None:
    found = _mentions(parser, "Families were taken to al-Hol camp in Hasakah province.")
    assert _near(found["al-Hol camp"], 36.38, 41.15, 10)


def test_a_camp_the_gazetteer_lacks_is_an_unresolved_mention_and_stays_one(parser: Parser) -> None:
    found = _mentions(parser, "Families reached the Zlaitini camp on Monday. Zlaitini is crowded.")
    assert found["Zlaitini camp"].place is None
    assert "camp" in found["Zlaitini camp"].reason
    assert found["Zlaitini"].place is None


def test_names_in_lists_share_the_cue(parser: Parser) -> None:
    found = _mentions(
        parser, "They came from the towns of Tal Abyad, Ras al-Ayn and al-Derbasiyah."
    )
    assert set(found) == {"Tal Abyad", "Ras al-Ayn", "al-Derbasiyah"}
    assert all(mention.place.admin1 in ("Raqqa", "Hasakah") for mention in found.values())


def test_a_capitalised_word_before_a_name_mid_sentence_makes_it_a_persons_name(
    parser: Parser,
) -> None:
    found = _mentions(parser, "Reporters met Michael Jordan. During Aleppo's siege, families fled.")
    assert list(found) == ["Aleppo"]  # "During" opens its sentence: no given name


def test_a_title_case_headline_names_its_places(parser: Parser) -> None:
    found = _mentions(parser, "Rebels Seize Aleppo As Regime Forces Retreat To Hama\n\nText.")
    assert list(found) == ["Aleppo", "Hama"]


def test_analyst_pins_and_added_places_apply_to_english_names(full_gazetteer, tmp_path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "pins:\n"
        "  - name: Zlaitini\n"
        "    document: report-1\n"
        "    lat: 33.3\n"
        "    lon: 38.6\n"
        "    name_en: Zlaitini camp\n"
        "  - name: Hajin\n"
        "    id: wof:890449895\n"
        "    note: checked on imagery\n"
        "places:\n"
        "  - name: Khirbet Test\n"
        "    name_ar: خربة المختبر\n"
        "    kind: village\n"
        "    lat: 35.1\n"
        "    lon: 38.1\n",
        encoding="utf-8",
    )
    parser = Parser(full_gazetteer, overrides=overrides)
    text = "Families left Hajeen for the Zlaitini camp, then moved to Khirbet Test."
    found = {m.text: m for m in parser.parse_text(text, doc_id="report-1").mentions}
    assert (
        found["Hajeen"].pinned and found["Hajeen"].reason == "pinned by analyst: checked on imagery"
    )
    assert found["Zlaitini camp"].place.lat == 33.3
    assert found["Khirbet Test"].place.id.startswith("analyst:")
    elsewhere = {m.text: m for m in parser.parse_text(text, doc_id="report-2").mentions}
    assert elsewhere["Zlaitini camp"].place is None, "a per-document pin does not apply elsewhere"

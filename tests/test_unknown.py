"""Names the gazetteer lacks, found because the text says they are places: after naming cues
(single, dual, plural), inside lists of known places, and under common spelling variants.

The unknown names are invented (زغرينوس، قطمورة ...) so that no gazetteer source has them."""

from __future__ import annotations

import random

import pytest

from geo.model import Mention, Place
from geo.normalize import arabic_key, spelling_variants
from geo.pipeline import Parser
from geo.unknown import place_variants, unknown_places

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


def _texts(parser: Parser, text: str) -> dict[str, Mention]:
    parsed = parser.parse_text(text)
    for mention in parsed.mentions:
        assert text[mention.start : mention.end] == mention.text
    return {mention.text: mention for mention in parsed.mentions}


def test_a_plural_cue_names_every_item_of_its_list(parser: Parser) -> None:
    found = _texts(
        parser, "سيطرت الفصائل على قرى القطمورة، والزغرينة، والشحاريف، وأبو دلاخ بعد معارك."
    )
    for name in ("القطمورة", "الزغرينة", "الشحاريف", "أبو دلاخ"):
        assert found[name].place is None
        assert "after قرى" in found[name].reason and "not in the gazetteer" in found[name].reason
    assert "معارك" not in found


def test_a_dual_cue_names_two_places_known_or_not(parser: Parser) -> None:
    found = _texts(parser, "وصلت الحافلات من بلدتي الفوعة والزغرينة إلى المعبر.")
    assert found["الفوعة"].place is not None and found["الفوعة"].cue == "بلدتي"
    assert found["الزغرينة"].place is None


def test_a_definite_cue_is_followed_by_an_adjective_not_a_name(parser: Parser) -> None:
    found = _texts(parser, "عادت العائلات إلى القرى الممتدة على الطريق والمناطق المحاصرة.")
    assert "الممتدة" not in found and "المحاصرة" not in found


def test_a_list_of_known_places_makes_its_unknown_items_places(parser: Parser) -> None:
    found = _texts(parser, "نزح الأهالي من سراقب، وزغرينوس، ومعرة النعمان وكفرنبل.")
    assert found["زغرينوس"].place is None
    assert "listed with 3 known places" in found["زغرينوس"].reason


def test_a_list_closes_with_and_so_a_clause_after_a_comma_is_not_an_item(parser: Parser) -> None:
    found = _texts(parser, "صارت سراقب ومعرة النعمان، أُفرغت من أهلها.")
    assert not any(text.startswith("أُفرغت") for text in found)


def test_a_verb_glued_to_and_is_not_a_name_after_it(parser: Parser) -> None:
    found = _texts(parser, "خرجت حافلة من بلدتي كفريا والفوعة وصلت إلى الراموسة.")
    assert "صلت" not in found and "وصلت" not in found


def test_two_word_names_run_to_their_end(parser: Parser) -> None:
    found = _texts(parser, "دخلت القوات حيي الشيخ قطمور وعين زغرينوس الشرقية.")
    assert found["الشيخ قطمور"].place is None
    assert found["عين زغرينوس الشرقية"].place is None


def test_a_common_variant_spelling_is_placed_beside_its_neighbour(parser: Parser) -> None:
    # ذبيان for ذيبان (letters swapped), next to الشحيل in Deir ez-Zor.
    found = _texts(parser, "قصفت قسد بلدتي الشحيل وذبيان شرقي دير الزور.")
    dhiban = found["ذبيان"]
    assert dhiban.place is not None and dhiban.place.admin1 == "Deir ez-Zor"
    assert "variant spelling" in dhiban.reason and "from الشحيل" in dhiban.reason


def test_a_variant_far_from_everything_the_text_names_stays_unresolved(parser: Parser) -> None:
    found = _texts(parser, "نزح الأهالي إلى بلدة ذبيان.")
    assert found["ذبيان"].place is None


def test_spelling_variants_change_one_thing() -> None:
    assert "طياني" in spelling_variants(arabic_key("الطيانة"))
    assert "ذيبان" in spelling_variants(arabic_key("ذبيان"))
    assert "صريعا" in spelling_variants(arabic_key("صريع"))
    assert "ابو ضهور" in spelling_variants(arabic_key("أبو ظهور"))
    assert arabic_key("ذبيان") not in spelling_variants(arabic_key("ذبيان"))


def test_a_name_after_a_cue_is_kept_only_where_nothing_taken_overlaps_it() -> None:
    # Mentions and skipped spans, overlapping each other in places; a name after a cue is
    # reported unless one of them overlaps it (checked against the plain definition).
    text = " ".join(f"قرية زغرينوس{index % 7}س" for index in range(40))
    generator = random.Random(6)
    names = [(m.start, m.end) for m in unknown_places(text, [], [])]
    assert len(names) == 40
    for _round in range(200):
        taken = []
        for _span in range(generator.randrange(0, 12)):
            start = generator.randrange(0, len(text))
            taken.append((start, start + generator.randrange(1, 40)))
        mentions = [Mention(text[s:e], s, e) for s, e in taken[::2]]
        skip = taken[1::2]
        kept = [(m.start, m.end) for m in unknown_places(text, mentions, skip)]
        assert kept == [
            (start, end)
            for start, end in names
            if not any(start < t_end and t_start < end for t_start, t_end in taken)
        ]


def test_a_second_name_after_a_slash_is_the_same_place(parser: Parser) -> None:
    found = _texts(parser, "نزح أهالي مدينة رأس العين / زغرينوس قطموري الحدودية إلى الحسكة.")
    alias, town = found["زغرينوس قطموري"], found["رأس العين"]
    assert alias.place is not None and alias.place.id == town.place.id  # type: ignore[union-attr]
    assert "another name of رأس العين" in alias.reason
    # A word of grammar after the slash opens no name.
    found = _texts(parser, "نزح أهالي مدينة رأس العين / في الأسبوع الماضي إلى الحسكة.")
    assert set(found) == {"رأس العين", "الحسكة"}


def test_a_list_reads_through_a_place_word_and_past_one_item_that_is_no_name(
    parser: Parser,
) -> None:
    found = _texts(
        parser, "سيطرت الفصائل على قرى القطمورة، وسد القطمورة، والمدرسة، والزغرينة، بعد معارك."
    )
    assert [mention.start for mention in found.values() if mention.text == "القطمورة"]
    assert found["الزغرينة"].place is None and "after قرى" in found["الزغرينة"].reason
    assert "المدرسة" not in found and "معارك" not in found


class _OneNameGazetteer:
    """A gazetteer that knows one name, for ``place_variants``."""

    def __init__(self, key: str, place: Place) -> None:
        self.key, self.place = key, place

    def by_key(self, key: str) -> list[Place]:
        return [self.place] if key == self.key else []


def test_a_listed_gazetteer_name_is_placed_beside_its_neighbour() -> None:
    homs = Place("t:homs", "Homs", "حمص", "city", 34.73, 36.71)
    village = Place("t:village", "al-Qatmura", "القطمورة", "village", 34.80, 36.75)
    far = Place("t:far", "al-Qatmura", "القطمورة", "village", 36.80, 40.75)
    listed = Mention("القطمورة", 10, 18, cue="قرى", reason="named as a place (after قرى); ...")
    place_variants([Mention("حمص", 0, 3, place=homs), listed], _OneNameGazetteer("قطموره", village))
    assert listed.place is village
    assert listed.reason.startswith("named as a place (after قرى); the gazetteer's al-Qatmura")
    assert "from حمص" in listed.reason
    alone = Mention("القطمورة", 10, 18, cue="قرى", reason="named as a place (after قرى)")
    place_variants([Mention("حمص", 0, 3, place=homs), alone], _OneNameGazetteer("قطموره", far))
    assert alone.place is None

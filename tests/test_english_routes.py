"""English movement claims: one composed sentence per pattern, the same ``Route`` objects as
the Arabic grammar, corroboration across languages, and a mixed-language folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.export import to_geojson
from geo.gazetteer import Gazetteer
from geo.model import Document, Route
from geo.pipeline import Parser, corroborate

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


def _routes(parser: Parser, text: str) -> list[Route]:
    routes = parser.parse_text(text, doc_id="t").routes
    for route in routes:
        for endpoint in [*route.origins, *route.via, *route.destinations]:
            assert text[endpoint.start : endpoint.end] == endpoint.text
        assert route.evidence is not None
        assert text[route.evidence.start : route.evidence.end] == route.evidence.text
    return routes


def _ends(route: Route) -> tuple[list[str], list[str], list[str]]:
    return (
        [endpoint.text for endpoint in route.origins],
        [endpoint.text for endpoint in route.via],
        [endpoint.text for endpoint in route.destinations],
    )


def test_passive_transfer_from_to_with_mover_and_quantity(parser: Parser) -> None:
    (route,) = _routes(
        parser, "Some 400 fighters and their families were bused from Douma to Idlib."
    )
    assert _ends(route) == (["Douma"], [], ["Idlib"])
    assert route.movement == "transfer" and route.trigger.text == "bused"
    assert route.mover is not None and route.mover.text == "Some 400 fighters and their families"
    assert route.mover_label == "fighters, families"
    assert route.status == "reported" and route.id == "t:r1"


def test_left_x_for_y_via_z(parser: Parser) -> None:
    (route,) = _routes(parser, "The convoy left Homs for Jarabulus via Salamiyah on Friday.")
    assert _ends(route) == (["Homs"], ["Salamiyah"], ["Jarabulus"])
    assert route.movement == "departure"


def test_fled_x_for_y(parser: Parser) -> None:
    (route,) = _routes(parser, "Thousands of families fled Aleppo for Azaz last week.")
    assert _ends(route) == (["Aleppo"], [], ["Azaz"])
    assert route.movement == "flight"
    # "for" names a destination only after leaving: a transfer "for" a place is no claim to it.
    for route in _routes(parser, "The wounded were transferred for treatment in Idlib."):
        assert _ends(route)[2] == []


def test_by_way_of_and_through(parser: Parser) -> None:
    (route,) = _routes(parser, "Buses carrying civilians headed to Idlib by way of Hama.")
    assert _ends(route) == ([], ["Hama"], ["Idlib"])


def test_an_arrival_continues_the_movement_before_it(parser: Parser) -> None:
    (route,) = _routes(parser, "The fighters withdrew from Manbij and headed to Jarabulus.")
    assert _ends(route) == (["Manbij"], [], ["Jarabulus"])
    assert route.movement == "withdrawal"


def test_a_journey_told_backwards_is_one_claim(parser: Parser) -> None:
    (route,) = _routes(parser, "The convoy reached Idlib after leaving Homs.")
    assert _ends(route) == (["Homs"], [], ["Idlib"])


def test_places_passed_on_the_way_become_via_points(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The buses departed from Homs, crossed into Hama and then headed to Idlib."
    )
    assert _ends(route) == (["Homs"], ["Hama"], ["Idlib"])


def test_a_hedge_makes_the_claim_alleged(parser: Parser) -> None:
    (route,) = _routes(parser, "Fighters were reportedly smuggled from Hajin to Turkey.")
    assert route.status == "alleged" and route.status_cue == "reportedly"
    assert route.movement == "smuggling"
    assert route.destinations[0].kind == "country"


def test_unnamed_sources_make_the_claim_alleged(parser: Parser) -> None:
    (route,) = _routes(parser, "According to activists, dozens of families fled Saraqib.")
    assert route.status == "alleged" and _ends(route) == (["Saraqib"], [], [])


def test_a_denied_claim_is_alleged_with_the_denial_as_its_cue(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The SDF denied that prisoners were transferred from Hasakah to Qamishli."
    )
    assert route.status == "alleged" and route.status_cue == "denied"
    assert [actor.name for actor in route.actors] == ["SDF"]


def test_a_hedge_in_an_earlier_sentence_of_the_paragraph_carries_over(parser: Parser) -> None:
    routes = _routes(
        parser, "A source inside the camp spoke on Monday. He said that families left Hajin."
    )
    assert [route.status for route in routes] == ["alleged"]


def test_a_prevented_movement_is_no_claim(parser: Parser) -> None:
    assert _routes(parser, "Checkpoints prevented civilians from leaving Douma.") == []
    assert _routes(parser, "The camp refused to receive families from Raqqa.") == []


def test_a_place_that_says_where_another_is_is_not_an_endpoint(parser: Parser) -> None:
    (route,) = _routes(parser, "Families arrived at al-Hol camp in Hasakah province, near Iraq.")
    assert _ends(route) == ([], [], ["al-Hol camp"])


def test_a_direction_governs_the_place_that_locates_its_area(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The fighters left Raqqa, possibly to rebel-held territory in Deir ez-Zor province."
    )
    assert _ends(route) == (["Raqqa"], [], ["Deir ez-Zor"])
    assert route.status == "alleged"


def test_an_infinitive_to_is_no_destination(parser: Parser) -> None:
    routes = _routes(parser, "The battle to retake Raqqa began after the fighters left.")
    assert all(not route.destinations for route in routes)


def test_the_place_named_before_a_departure_in_its_sentence_is_an_inferred_origin(
    parser: Parser,
) -> None:
    (route,) = _routes(parser, "In Arbin, hundreds of residents departed on Saturday.")
    (origin,) = route.origins
    assert origin.text == "Arbin" and origin.inferred and "inferred" in origin.note


def test_no_place_is_both_ends_of_a_claim(parser: Parser) -> None:
    for route in _routes(parser, "Fighters left Raqqa for Raqqa city and Tabqa."):
        origins = {endpoint.place.id for endpoint in route.origins if endpoint.place}
        assert not origins & {
            endpoint.place.id for endpoint in route.destinations if endpoint.place
        }


def test_a_place_named_with_its_border_is_no_endpoint(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The convoy departed from the Lebanon-Syria border zone in Qalamoun."
    )
    assert _ends(route) == (["Qalamoun"], [], [])


def test_the_most_specific_of_nested_places_is_kept(parser: Parser) -> None:
    (route,) = _routes(parser, "Hundreds departed from the East Ghouta town of Arbin.")
    assert _ends(route) == (["Arbin"], [], [])


def test_english_and_arabic_reports_of_one_convoy_are_linked(parser: Parser) -> None:
    metadata = {"date": "2018-03-25"}
    english = parser.parse(
        Document(
            "en-report",
            "",
            "Buses carrying fighters left Douma for Idlib on Sunday.",
            metadata={**metadata, "outlet": "Wire"},
        )
    )
    arabic = parser.parse(
        Document(
            "ar-report",
            "",
            "خرجت حافلات تقل مقاتلين من دوما إلى إدلب يوم الأحد.",
            metadata={**metadata, "outlet": "شبكة محلية"},
        )
    )
    assert english.routes and arabic.routes
    corroborate([english, arabic])
    assert english.routes[0].corroborated_by == ["ar-report:r1"]
    assert arabic.routes[0].corroborated_by == ["en-report:r1"]
    features = to_geojson([english, arabic])["features"]
    routes = {
        f["properties"]["route_id"]: f["properties"]
        for f in features
        if f["properties"].get("feature_type") == "route"
    }
    assert routes["en-report:r1"]["corroborated_by"][0]["route"] == "ar-report:r1"
    assert routes["en-report:r1"]["corroborating_outlets"] == 1


def test_a_mixed_language_folder_gives_one_geojson(tmp_path: Path) -> None:
    from geo.cli import main

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "english.txt").write_text(
        "Fighters were bused from Douma to Idlib.\n", encoding="utf-8"
    )
    (folder / "arabic.txt").write_text("خرج المقاتلون من دوما إلى إدلب.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "run",
            str(folder),
            "--out",
            str(out),
            "--format",
            "geojson,html",
            "--jobs",
            "1",
            "--quiet",
            "--no-cache",
        ]
    )
    assert code == 0
    assert sorted(path.name for path in out.iterdir() if path.suffix in (".geojson", ".html")) == [
        "articles.geojson",
        "articles.html",
    ]
    collection = json.loads((out / "articles.geojson").read_text(encoding="utf-8"))
    routes = [f for f in collection["features"] if f["properties"].get("feature_type") == "route"]
    assert {f["properties"]["route_id"] for f in routes} == {"english:r1", "arabic:r1"}
    # The core gazetteer (no index in the test home) knows both ends in both scripts.
    assert Gazetteer.core().by_key("douma")


def test_a_movement_onward_continues_the_open_claim_of_the_sentence_before(parser: Parser) -> None:
    routes = _routes(
        parser, "Thousands of families were displaced from Saraqib. About 5,000 went to Idlib."
    )
    onward = routes[-1]
    assert _ends(onward) == (["Saraqib"], [], ["Idlib"])
    assert onward.origins[0].inferred and "sentence before" in onward.origins[0].note


def test_a_name_after_a_control_adjective_is_a_place_even_when_the_gazetteer_lacks_it(
    parser: Parser,
) -> None:
    found = parser.parse_text("The convoy crossed into government-held Zlaitini on Monday.")
    assert [(mention.text, mention.place) for mention in found.mentions] == [("Zlaitini", None)]


def test_a_scene_named_after_an_aside_is_still_the_destination(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The inmates arrived in border areas, particularly the region of Tal Abyad."
    )
    assert _ends(route) == ([], [], ["Tal Abyad"])


def test_no_line_is_drawn_from_an_origin_guessed_from_a_bare_mention(parser: Parser) -> None:
    (route,) = _routes(
        parser, "Government forces recaptured Saraqib, and the rebels withdrew to Idlib."
    )
    assert _ends(route) == ([], [], ["Idlib"])


def test_a_direction_governs_a_place_a_few_words_on(parser: Parser) -> None:
    (route,) = _routes(
        parser, "The army sent reinforcements from Hama to the front lines in Idlib."
    )
    assert _ends(route) == (["Hama"], [], ["Idlib"])
    assert route.mover_label == "troops"

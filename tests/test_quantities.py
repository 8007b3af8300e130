"""Quantities of a movement claim: numbers, multipliers, duals, with exact spans."""

from __future__ import annotations

import pytest

from geo.routes.quantities import quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("خرجت 15 حافلة من المدينة", 15, "buses", False),
        ("نزح نحو 45 ألف شخص", 45000, "people", True),
        ("وصلت حافلتين إلى المعبر", 2, "buses", False),
        ("بينهم 584 مسلحًا", 584, "fighters", False),
        ("خرج أكثر من 300 عائلة", 300, "families", True),
        ("ودخلت و12 شاحنة", 12, "trucks", False),
    ],
)
def test_a_number_and_what_it_counts(text: str, value: int, unit: str, approximate: bool) -> None:
    (found,) = quantities(text, 0, len(text))
    assert (found.value, found.unit, found.approximate) == (value, unit, approximate)
    assert text[found.start : found.end] == found.text


def test_only_the_evidence_span_is_read() -> None:
    text = "خرجت 15 حافلة. ووصلت 20 شاحنة."
    (found,) = quantities(text, 0, text.index("."))
    assert found.unit == "buses"


def test_a_word_without_a_number_counts_nothing() -> None:
    assert quantities("خرجت الحافلات من المدينة", 0, 24) == []


def test_a_route_carries_its_quantities_into_the_geojson() -> None:
    from geo.export import to_geojson
    from geo.model import Document, Mention, ParsedDocument, Place
    from geo.routes import extract_routes

    text = "خرجت 15 حافلة من حمص إلى حلب."
    homs = Place("t:homs", "Homs", "حمص", "city", 34.73, 36.71)
    aleppo = Place("t:aleppo", "Aleppo", "حلب", "city", 36.20, 37.13)
    mentions = [
        Mention("حمص", text.index("حمص"), text.index("حمص") + 3, place=homs),
        Mention("حلب", text.index("حلب"), text.index("حلب") + 3, place=aleppo),
    ]
    document = Document(id="d", path="d.txt", text=text)
    routes = extract_routes(document, mentions)
    parsed = ParsedDocument(document=document, mentions=mentions, routes=routes)
    (feature,) = [
        f for f in to_geojson([parsed])["features"] if f["properties"]["feature_type"] == "route"
    ]
    assert feature["properties"]["quantity"] == "15 buses"
    assert feature["properties"]["quantities"][0]["text"] == "15 حافلة"

"""Analyst decisions (geo.review): read from the overrides file, applied to mentions and
claims, written to the GeoJSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_parsed import PLACES, FakeGazetteer, sample_parsed

from geo.errors import OverridesError
from geo.export import to_geojson
from geo.overrides import load_overrides
from geo.review import (
    Decisions,
    MentionDecision,
    RouteDecision,
    apply_mention_decisions,
    apply_route_decisions,
    read_decisions,
)

DECISIONS = """\
pins: []
route_decisions:
  - route: "doc-a#r1"
    decision: "rejected"
    note: "</script><script>alert(1)</script>"
  - route: "doc-a#r3"
    decision: "confirmed"
mention_decisions:
  - document: "doc-a"
    start: {start}
    end: {end}
    text: "{text}"
    decision: "not_a_place"
    note: "a farm"
  - document: "doc-b"
    start: {start2}
    end: {end2}
    text: "{text2}"
    decision: "place"
    place: "wof:10"
    note: "the other one"
"""


class _Lookup:
    def get(self, place_id: str):  # noqa: ANN201
        return next((p for p in PLACES.values() if p.id == place_id), None)


def _file(tmp_path: Path) -> Path:
    parsed = sample_parsed()
    first, second = parsed[0].mentions[1], parsed[1].mentions[0]
    path = tmp_path / "decisions.yaml"
    path.write_text(
        DECISIONS.format(
            start=first.start,
            end=first.end,
            text=first.text,
            start2=second.start,
            end2=second.end,
            text2=second.text,
        ),
        encoding="utf-8",
    )
    return path


def test_overrides_file_reads_decisions(tmp_path: Path) -> None:
    decisions = load_overrides(_file(tmp_path)).decisions
    assert decisions.routes["doc-a#r1"] == RouteDecision(
        "doc-a#r1", "rejected", "</script><script>alert(1)</script>"
    )
    assert decisions.routes["doc-a#r3"].note == ""
    assert {d.decision for d in decisions.mentions.values()} == {"not_a_place", "place"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"route_decisions": {"route": "x"}}, "must be a list"),
        ({"route_decisions": [{"route": "x", "decision": "maybe"}]}, "rejected, confirmed"),
        ({"route_decisions": [{"decision": "rejected"}]}, "'route'"),
        ({"mention_decisions": [{"document": "d", "start": "a", "end": 2}]}, "offsets"),
        (
            {"mention_decisions": [{"document": "d", "start": 1, "end": 2, "decision": "place"}]},
            "chosen 'place' id",
        ),
    ],
)
def test_bad_decisions_name_the_entry(data: dict, message: str) -> None:
    with pytest.raises(OverridesError, match=message) as error:
        read_decisions(data, "f.yaml")
    assert "f.yaml" in str(error.value)


def test_mention_decisions_unplace_or_replace_the_place() -> None:
    parsed = sample_parsed()
    mentions = parsed[0].mentions
    manbij, bab = mentions[1], mentions[2]
    decisions = Decisions(
        mentions={
            ("doc-a", manbij.start, manbij.end): MentionDecision(
                "doc-a", manbij.start, manbij.end, manbij.text, "not_a_place", note="a farm"
            ),
            ("doc-a", bab.start, bab.end): MentionDecision(
                "doc-a", bab.start, bab.end, bab.text, "place", "wof:10", "the other one"
            ),
        }
    )
    apply_mention_decisions(mentions, "doc-a", decisions, _Lookup())
    assert manbij.place is None and manbij.decision == "rejected"
    assert manbij.reason == "not a place (analyst): a farm"
    assert bab.place is not None and bab.place.id == "wof:10"
    assert (bab.decision, bab.decision_note, bab.pinned, bab.confidence) == (
        "chosen",
        "the other one",
        True,
        1.0,
    )
    # Another document, or a span whose text changed, is left alone.
    other = sample_parsed()[0].mentions
    apply_mention_decisions(other, "doc-b", decisions, _Lookup())
    assert other[1].place is not None and not other[1].decision


def test_route_decisions_and_the_geojson(tmp_path: Path) -> None:
    parsed = sample_parsed()
    decisions = load_overrides(_file(tmp_path)).decisions
    for item in parsed:
        apply_mention_decisions(item.mentions, item.document.id, decisions, _Lookup())
        apply_route_decisions(item.routes, decisions)
    collection = to_geojson(parsed, gazetteer=FakeGazetteer())
    routes = {
        f["id"]: f["properties"] for f in collection["features"] if f["id"].startswith("route:")
    }
    assert routes["route:doc-a#r1"]["decision"] == "rejected"
    assert routes["route:doc-a#r1"]["decision_note"] == "</script><script>alert(1)</script>"
    assert routes["route:doc-a#r3"]["decision"] == "confirmed"
    assert "decision" not in routes["route:doc-b#r1"]
    rejected = [m for m in collection["unresolved"] if m.get("decision") == "rejected"]
    assert [(m["text"], m["decision_note"]) for m in rejected] == [("منبج", "a farm")]
    assert parsed[0].to_dict()["routes"][0]["decision"] == "rejected"


def test_unknown_sections_are_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("decisions: []\n", encoding="utf-8")
    with pytest.raises(OverridesError, match="unknown section"):
        load_overrides(path)


def test_claim_ends_follow_the_decided_mentions() -> None:
    from geo.review import apply_decisions

    parsed = sample_parsed()[0]
    fan = parsed.routes[0]
    manbij = fan.origins[1]
    bab = fan.origins[2]
    decisions = Decisions(
        routes={fan.id: RouteDecision(fan.id, "confirmed", "seen")},
        mentions={
            ("doc-a", manbij.start, manbij.end): MentionDecision(
                "doc-a", manbij.start, manbij.end, manbij.text, "not_a_place"
            ),
            ("doc-a", bab.start, bab.end): MentionDecision(
                "doc-a", bab.start, bab.end, bab.text, "place", "wof:10"
            ),
        },
    )
    apply_decisions(parsed, decisions, _Lookup())
    assert manbij.place is None
    assert bab.place is not None and bab.place.id == "wof:10"
    assert (fan.decision, fan.decision_note) == ("confirmed", "seen")
    apply_decisions(parsed, Decisions(), _Lookup())  # no decisions: nothing changes
    assert fan.decision == "confirmed"

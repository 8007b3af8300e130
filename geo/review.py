"""Analyst decisions made on the map, read from the overrides file and applied to a parse.

The map's review panel downloads them as YAML that ``geo run --overrides`` reads (with the
file's ``pins`` and ``places``)::

    route_decisions:
      - route: "000_6af6e4e56df1d80f:r3"   # the claim's id
        decision: "rejected"             # or "confirmed"
        note: "the article says they were turned back"
    mention_decisions:
      - document: "000_6af6e4e56df1d80f"  # the document id (file stem)
        start: 1021                      # the mention's character offsets
        end: 1029
        text: "الصالحية"                  # checked against the document text
        decision: "place"                # a runner-up candidate chosen ...
        place: "wof:1242671321"          # ... this gazetteer id
        note: "al-Salihiya near Abu Kamal"
      - document: "001_b612fac50e613db2"
        start: 40
        end: 44
        text: "النصر"
        decision: "not_a_place"

A rejected claim stays in the outputs with ``decision: "rejected"`` (the map lists it in its
review panel instead of drawing a line); a confirmed one is marked ``confirmed``. A mention
that is not a place loses its place (it is listed with the unresolved mentions, marked
``rejected``); a chosen candidate becomes the mention's place, pinned, marked ``chosen``.
Every decision carries the analyst's note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from geo.errors import OverridesError
from geo.model import Mention, ParsedDocument, Place, Route

#: Top-level keys of the overrides file that hold decisions.
SECTIONS = ("route_decisions", "mention_decisions")

#: What an analyst may decide about a claim.
ROUTE_DECISIONS = ("rejected", "confirmed")

#: What an analyst may decide about a mention: not a place, or another place (a candidate).
MENTION_DECISIONS = ("not_a_place", "place")


class PlaceLookup(Protocol):
    """What applying decisions needs of a gazetteer."""

    def get(self, place_id: str) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class RouteDecision:
    """An analyst's verdict on one claim."""

    route: str
    decision: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class MentionDecision:
    """An analyst's verdict on one mention, found by document and offsets."""

    document: str
    start: int
    end: int
    text: str
    decision: str
    place_id: str = ""
    note: str = ""


@dataclass(slots=True)
class Decisions:
    """The decisions of an overrides file, by claim id and by mention span."""

    routes: dict[str, RouteDecision] = field(default_factory=dict)
    mentions: dict[tuple[str, int, int], MentionDecision] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.routes or self.mentions)


def read_decisions(data: Mapping[str, Any], where: str) -> Decisions:
    """Read the ``SECTIONS`` of a loaded overrides file; ``where`` names the file in errors."""
    decisions = Decisions()
    for number, entry in enumerate(_entries(data, "route_decisions", where), start=1):
        route = _route_decision(entry, f"{where}: route_decisions entry {number}")
        decisions.routes[route.route] = route
    for number, entry in enumerate(_entries(data, "mention_decisions", where), start=1):
        mention = _mention_decision(entry, f"{where}: mention_decisions entry {number}")
        decisions.mentions[(mention.document, mention.start, mention.end)] = mention
    return decisions


def _entries(data: Mapping[str, Any], key: str, where: str) -> Sequence[Any]:
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise OverridesError(f"{where}: '{key}' must be a list")
    return entries


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return "" if value is None else str(value)


def _route_decision(entry: Any, where: str) -> RouteDecision:
    if not isinstance(entry, Mapping) or not _text(entry, "route"):
        raise OverridesError(f"{where}: expected a mapping with 'route' and 'decision'")
    decision = _text(entry, "decision")
    if decision not in ROUTE_DECISIONS:
        raise OverridesError(f"{where}: 'decision' must be one of {', '.join(ROUTE_DECISIONS)}")
    return RouteDecision(_text(entry, "route"), decision, _text(entry, "note"))


def _mention_decision(entry: Any, where: str) -> MentionDecision:
    if not isinstance(entry, Mapping) or not _text(entry, "document"):
        raise OverridesError(
            f"{where}: expected a mapping with 'document', 'start', 'end' and 'decision'"
        )
    try:
        start, end = int(entry["start"]), int(entry["end"])
    except (KeyError, TypeError, ValueError) as error:
        raise OverridesError(f"{where}: 'start' and 'end' must be character offsets") from error
    decision = _text(entry, "decision")
    if decision not in MENTION_DECISIONS:
        raise OverridesError(f"{where}: 'decision' must be one of {', '.join(MENTION_DECISIONS)}")
    place_id = _text(entry, "place")
    if decision == "place" and not place_id:
        raise OverridesError(f"{where}: a 'place' decision needs the chosen 'place' id")
    return MentionDecision(
        _text(entry, "document"),
        start,
        end,
        _text(entry, "text"),
        decision,
        place_id,
        _text(entry, "note"),
    )


def apply_mention_decisions(
    mentions: list[Mention], document_id: str, decisions: Decisions, gazetteer: PlaceLookup
) -> None:
    """Apply the mention decisions of one document, in place."""
    if not decisions.mentions:
        return
    for mention in mentions:
        decision = decisions.mentions.get((document_id, mention.start, mention.end))
        if decision is None or (decision.text and decision.text != mention.text):
            continue
        note = f": {decision.note}" if decision.note else ""
        mention.decision_note = decision.note
        if decision.decision == "not_a_place":
            mention.place, mention.geometry, mention.confidence = None, None, 0.0
            mention.reason = "not a place (analyst)" + note
            mention.decision = "rejected"
            continue
        place = gazetteer.get(decision.place_id)
        if place is None:
            mention.reason = (
                f"analyst chose {decision.place_id}, which the gazetteer does not have{note}"
            )
            mention.place, mention.geometry, mention.confidence = None, None, 0.0
        else:
            mention.candidates = [c for c in mention.candidates if c.place.id != place.id]
            mention.place, mention.geometry, mention.confidence = place, None, 1.0
            mention.reason = "chosen by analyst from the candidates" + note
        mention.pinned = True
        mention.decision = "chosen"


def apply_route_decisions(routes: list[Route], decisions: Decisions) -> None:
    """Mark the claims an analyst rejected or confirmed, in place."""
    for route in routes:
        decision = decisions.routes.get(route.id)
        if decision is not None:
            route.decision, route.decision_note = decision.decision, decision.note


def apply_decisions(parsed: ParsedDocument, decisions: Decisions, gazetteer: PlaceLookup) -> None:
    """Apply an analyst's decisions to one parsed document, in place: mentions first, then
    the claim ends naming those mentions (so a claim follows a chosen or rejected place),
    then the claims."""
    if not decisions:
        return
    apply_mention_decisions(parsed.mentions, parsed.document.id, decisions, gazetteer)
    decided = {(m.start, m.end): m for m in parsed.mentions if m.decision}
    for route in parsed.routes:
        for endpoint in (*route.origins, *route.via, *route.destinations):
            mention = decided.get((endpoint.start, endpoint.end))
            if mention is None:
                continue
            endpoint.place, endpoint.geometry = mention.place, None
            if endpoint.kind == "region" and mention.place is not None:
                endpoint.kind = "place"
    apply_route_decisions(parsed.routes, decisions)

"""The data geo passes between its stages: places, documents, mentions, movement claims.

Every object here is plain data with a ``to_dict`` giving its JSON form (the ``geo.parse/1``
contract). Coordinates are held as ``lat``/``lon`` attributes; GeoJSON order ``[lon, lat]``
is produced only by ``geo.export``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds of place, broadest first. ``region`` is a relative area ("east of Hama") with a
#: polygon; ``zone`` is a named control zone ("regime-held areas") without geometry.
PLACE_KINDS = (
    "country",
    "governorate",
    "district",
    "subdistrict",
    "city",
    "town",
    "village",
    "camp",
    "neighbourhood",
    "region",
    "zone",
    "other",
)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (or an analyst-added or derived region place).

    ``id`` is ``source:identifier`` (``wof:890449895``, ``core:tur``, ``region:...``).
    ``admin1``/``admin2`` are the English names of governorate and district.
    """

    id: str
    name: str
    name_ar: str
    kind: str
    lat: float | None
    lon: float | None
    admin1: str = ""
    admin2: str = ""
    admin1_id: str = ""
    admin2_id: str = ""
    population: int = 0
    names: tuple[str, ...] = ()
    source: str = ""
    xids: tuple[tuple[str, str], ...] = ()
    country: str = "SY"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "name_ar": self.name_ar,
            "kind": self.kind,
            "lat": _round(self.lat),
            "lon": _round(self.lon),
            "admin1": self.admin1,
            "admin2": self.admin2,
            "population": self.population,
            "country": self.country,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean, with the score the geocoder or resolver gave it."""

    place: Place
    score: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**self.place.to_dict(), "score": round(self.score, 4), "reason": self.reason}


@dataclass(slots=True)
class Document:
    """An article as read from disk.

    ``text`` is the full decoded text; every offset geo reports indexes it.
    ``skip`` lists ``(start, end)`` spans of site furniture that are not analysed.
    """

    id: str
    path: str
    text: str
    title: str = ""
    encoding: str = "utf-8"
    metadata: dict[str, str] = field(default_factory=dict)
    skip: list[tuple[int, int]] = field(default_factory=list)
    sha256: str = ""

    @property
    def outlet(self) -> str:
        return self.metadata.get("outlet", "")

    @property
    def date(self) -> str:
        return self.metadata.get("date", "")

    @property
    def url(self) -> str:
        return self.metadata.get("url", "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "metadata": dict(sorted(self.metadata.items())),
        }


@dataclass(slots=True)
class Mention:
    """A span of a document naming a place, and what it was resolved to.

    ``text == document.text[start:end]``. ``place`` is ``None`` when unresolved, and
    ``reason`` then says why. ``geometry`` holds a shapely polygon for region mentions.
    """

    text: str
    start: int
    end: int
    key: str = ""
    cue: str = ""
    place: Place | None = None
    confidence: float = 0.0
    reason: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    geometry: Any = None
    pinned: bool = False
    #: A direction the text puts the place in ("east" for "شرق حلب"): the point stays the place's.
    qualifier: str = ""
    #: An analyst's decision on this mention (``geo.review``): ``rejected`` (not a place) or
    #: ``chosen`` (a runner-up candidate picked), with the analyst's note.
    decision: str = ""
    decision_note: str = ""

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "pinned": self.pinned,
            "qualifier": self.qualifier,
            "decision": self.decision,
            "decision_note": self.decision_note,
            "place": self.place.to_dict() if self.place else None,
            "candidates": [candidate.to_dict() for candidate in self.candidates],
        }


@dataclass(slots=True)
class Endpoint:
    """An origin, destination or via point of a movement claim.

    ``kind`` is ``place``, ``region``, ``country`` or ``zone`` (a control zone without
    geometry, such as مناطق سيطرة النظام). ``inferred`` marks an endpoint the text only
    implies; ``note`` then says where it came from.
    """

    text: str
    start: int
    end: int
    place: Place | None = None
    kind: str = "place"
    inferred: bool = False
    note: str = ""
    geometry: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "inferred": self.inferred,
            "note": self.note,
            "place": self.place.to_dict() if self.place else None,
        }


@dataclass(slots=True)
class Span:
    """A quoted piece of a document: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Actor:
    """An organisation acting in a claim (kept apart from places)."""

    text: str
    start: int
    end: int
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name}


@dataclass(slots=True)
class Quantity:
    """How many moved, as the text says it: "نحو 3387 شخصا" is about 3387 people."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "approximate": self.approximate,
        }


@dataclass(slots=True)
class Route:
    """An alleged movement: who moved, from where, through where, to where, how sure."""

    id: str
    doc_id: str
    trigger: Span
    mover: Span | None
    mover_label: str
    origins: list[Endpoint] = field(default_factory=list)
    destinations: list[Endpoint] = field(default_factory=list)
    via: list[Endpoint] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    status: str = "reported"
    status_cue: str = ""
    time: str = ""
    confidence: float = 0.5
    evidence: Span | None = None
    corroborated_by: list[str] = field(default_factory=list)
    movement: str = ""
    #: Claims of other documents that describe the same movement (``geo.routes.corroborate``),
    #: of which ``corroborated_by`` lists at most ``settings.CORROBORATION_LIST``.
    corroboration_count: int = 0
    #: Documents those claims come from.
    corroborating_documents: int = 0
    #: Outlets those documents come from, other than this claim's own (unnamed ones not counted).
    corroborating_outlets: int = 0
    #: Numbers of people, buses or trucks the evidence gives for the movement.
    quantities: list[Quantity] = field(default_factory=list)
    #: An analyst's decision on this claim (``geo.review``): ``rejected`` or ``confirmed``,
    #: with the analyst's note.
    decision: str = ""
    decision_note: str = ""

    @property
    def corroborations(self) -> int:
        """Number of corroborating claims (never fewer than the ids listed)."""
        return max(self.corroboration_count, len(set(self.corroborated_by)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc_id,
            "trigger": self.trigger.to_dict(),
            "movement": self.movement,
            "mover": self.mover.to_dict() if self.mover else None,
            "mover_label": self.mover_label,
            "actors": [actor.to_dict() for actor in self.actors],
            "origins": [endpoint.to_dict() for endpoint in self.origins],
            "via": [endpoint.to_dict() for endpoint in self.via],
            "destinations": [endpoint.to_dict() for endpoint in self.destinations],
            "status": self.status,
            "status_cue": self.status_cue,
            "time": self.time,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "corroborated_by": sorted(self.corroborated_by),
            "corroboration_count": self.corroborations,
            "corroborating_documents": self.corroborating_documents,
            "corroborating_outlets": self.corroborating_outlets,
            "quantities": [quantity.to_dict() for quantity in self.quantities],
            "decision": self.decision,
            "decision_note": self.decision_note,
        }


@dataclass(slots=True)
class ParsedDocument:
    """A document with its place mentions and movement claims."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.document.to_dict(),
            "mentions": [mention.to_dict() for mention in self.mentions],
            "routes": [route.to_dict() for route in self.routes],
        }


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)
